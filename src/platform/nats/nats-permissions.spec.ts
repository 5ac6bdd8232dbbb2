import { describe, expect, it } from 'vitest';
import { MODULE_CONTRACT_LIST } from '../../module-contracts';
import { natsPermissionsOf } from './nats-permissions';
import { natsServerConfig, parseNatsProcess } from './nats-server-config';

const walletOnly = () => natsPermissionsOf(['wallet'], MODULE_CONTRACT_LIST, '_INBOX_wallet');

describe("the broker's permissions of a process, from its modules' declarations", () => {
  it('publishes only the events its modules publish', () => {
    const events = walletOnly().publish.allow.filter((subject) => subject.startsWith('bus.'));
    expect(events.sort()).toEqual([
      'bus.wallet.merchant-account-opened',
      'bus.wallet.opened',
      'bus.wallet.payment-failed',
      'bus.wallet.personal-data-erased',
      'bus.wallet.transfer-completed',
    ]);
  });

  it('sends each command or query it declares to the module that handles it, and nothing else', () => {
    const calls = natsPermissionsOf(['payments'], MODULE_CONTRACT_LIST, '_INBOX_p').publish.allow.filter((subject) =>
      subject.startsWith('call.'),
    );
    expect(calls).toEqual(expect.arrayContaining(['call.wallet.PayMerchant', 'call.runtime.VerifyServerCredentials']));
    expect(calls.every((subject) => /^call\.[\w-]+\.[A-Z]\w+$/.test(subject))).toBe(true);
    expect(walletOnly().publish.allow.filter((subject) => subject.startsWith('call.'))).toEqual([]);
  });

  it("reaches the stream and exactly its own subscribers' consumers through the JetStream API", () => {
    const js = walletOnly().publish.allow.filter((subject) => subject.startsWith('$JS'));
    expect(js).toEqual(
      expect.arrayContaining([
        '$JS.API.INFO',
        '$JS.API.STREAM.INFO.BUS',
        '$JS.API.STREAM.CREATE.BUS',
        '$JS.API.STREAM.UPDATE.BUS',
        '$JS.API.CONSUMER.INFO.BUS.wallet_open-wallet-on-user-registered',
        '$JS.API.CONSUMER.DURABLE.CREATE.BUS.wallet_open-wallet-on-user-registered',
        '$JS.API.CONSUMER.CREATE.BUS.wallet_open-wallet-on-user-registered.>',
        '$JS.API.CONSUMER.MSG.NEXT.BUS.wallet_open-wallet-on-user-registered',
        '$JS.ACK.BUS.wallet_open-wallet-on-user-registered.>',
      ]),
    );
    const consumers = new Set(js.flatMap((subject) => /\.BUS\.([\w-]+)/.exec(subject)?.[1] ?? []));
    expect([...consumers].sort()).toEqual([
      'wallet_erase-personal-data',
      'wallet_open-merchant-accounts-for-mini-apps',
      'wallet_open-wallet-on-user-registered',
    ]);
    expect(js.some((subject) => /[*>]$/.test(subject) && !/\.wallet_[\w-]+\.>$/.test(subject))).toBe(false);
  });

  it('takes the calls of the modules it runs (the governance bus runs everywhere) and the replies to its own inbox', () => {
    const permissions = walletOnly();
    expect(permissions.subscribe.allow.sort()).toEqual(['_INBOX_wallet.>', 'call.governance-bus.>', 'call.wallet.>']);
    expect(permissions.allow_responses).toBe(true);
    expect(natsPermissionsOf(['discovery'], MODULE_CONTRACT_LIST, '_INBOX_d').allow_responses).toBeUndefined();
  });

  it('names an unknown module in its refusal', () => {
    expect(() => natsPermissionsOf(['wallets'], MODULE_CONTRACT_LIST, '_INBOX_x')).toThrow(
      /no module "wallets": one of identity, wallet/,
    );
  });
});

describe("nats-server's configuration of a deployment", () => {
  it('reads a process as <name>=<module>,<module>, and refuses anything else', () => {
    expect(parseNatsProcess('money=wallet,payments')).toEqual({ name: 'money', modules: ['wallet', 'payments'] });
    for (const text of ['wallet', 'a.b=wallet', '=wallet', 'wallet='])
      expect(() => parseNatsProcess(text)).toThrow(/expected <name>=<module>/);
  });

  it('gives each process a user with a fresh password, or with mTLS the subject of its certificate', () => {
    const processes = [parseNatsProcess('money=wallet,payments'), parseNatsProcess('people=identity')];
    const withPasswords = natsServerConfig(processes, MODULE_CONTRACT_LIST, { mtls: false });
    expect(withPasswords.credentials.map(({ settings }) => settings)).toEqual([
      expect.stringMatching(/^NATS_USER=money NATS_PASSWORD=[\w-]{32}$/),
      expect.stringMatching(/^NATS_USER=people NATS_PASSWORD=[\w-]{32}$/),
    ]);
    expect(withPasswords.text).toContain(withPasswords.credentials[0].settings.split('NATS_PASSWORD=')[1]);
    const withCertificates = natsServerConfig(processes, MODULE_CONTRACT_LIST, { mtls: true });
    expect(withCertificates.text).toContain('"user": "CN=money"');
    expect(withCertificates.text).not.toContain('password');
    expect(withCertificates.text).toContain('"_INBOX_people.>"');
  });

  it('refuses two processes of one name', () => {
    const twice = [parseNatsProcess('a=wallet'), parseNatsProcess('a=identity')];
    expect(() => natsServerConfig(twice, MODULE_CONTRACT_LIST, { mtls: true })).toThrow('process "a" is named twice');
  });
});
