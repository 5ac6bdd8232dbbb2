import { randomUUID } from 'node:crypto';
import { QueryBus } from '@nestjs/cqrs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeclarationVerifier } from '../src/modules/governance-bus/application/declaration-verifier';
import { MODULE_CONTRACT_LIST } from '../src/module-contracts';
import { messageContext } from '../src/platform/messaging/message-context';
import { FindOpenLaunch } from '../src/shared/contracts/runtime';
import { expectProblem } from './support/expect-problem';
import { registerAndLogin } from './support/identity-fixtures';
import { startTestApp, type TestApp } from './support/test-app';

const ADMIN_EMAIL = `architect-${randomUUID()}@example.com`;

/** One app for the whole file: passport strategies are registered globally, a second app in one file would share them. */
describe("modules' declarations", () => {
  let t: TestApp;
  let adminToken: string;

  beforeAll(async () => {
    t = await startTestApp({ ADMIN_EMAIL });
    adminToken = (await registerAndLogin(t.http, { email: ADMIN_EMAIL })).accessToken;
  });
  afterAll(() => t?.close());

  it('starts the platform with every module doing exactly what its declaration says', () => {
    const verifier = t.app.get(DeclarationVerifier);
    expect(verifier.mismatches()).toEqual([]);
    expect(verifier.running().map((contract) => contract.name)).toEqual(
      expect.arrayContaining(MODULE_CONTRACT_LIST.map((contract) => contract.name)),
    );
  });

  it("shows admins every module's events, commands, queries, schema, settings, personal data and extraction verdict", async () => {
    const response = await t.http.get('/bus/modules', { token: adminToken });
    expect(response.status).toBe(200);
    const byName = new Map(response.body.items.map((item: { name: string }) => [item.name, item]));
    expect([...byName.keys()]).toEqual(MODULE_CONTRACT_LIST.map((contract) => contract.name));
    expect(byName.get('wallet')).toMatchObject({
      schema: 'wallet',
      runsHere: true,
      commands: { handled: expect.arrayContaining([{ name: 'PayMerchant', modules: ['payments'] }]), sent: [] },
      events: {
        published: expect.arrayContaining([
          expect.objectContaining({ type: 'wallet.merchant-account-opened', consumedBy: ['payments.keep-merchants'] }),
        ]),
        consumed: expect.arrayContaining([
          { type: 'identity.user-registered', from: 'identity', subscriber: 'wallet.open-wallet-on-user-registered' },
        ]),
      },
      settings: expect.arrayContaining(['WALLET_DAILY_LIMIT']),
      personalData: expect.arrayContaining([expect.objectContaining({ table: 'instruments', legalBasis: 'contract' })]),
    });
    expect(byName.get('payments')).toMatchObject({
      extraction: {
        verdict: 'with-request-reply',
        breaks: expect.arrayContaining(['waits on wallet for the command PayMerchant']),
      },
    });
    expect(byName.get('discovery')).toMatchObject({ extraction: { verdict: 'with-a-broker', breaks: [] } });
  });

  it("refuses a module's call of another module's query that its declaration does not list under sends", async () => {
    const ask = (module: string) =>
      messageContext.run({ module }, () => t.app.get(QueryBus).execute(new FindOpenLaunch(randomUUID(), randomUUID())));
    await expect(ask('discovery')).rejects.toThrow(
      "discovery sent FindOpenLaunch to runtime, but discovery's declaration does not list it under sends",
    );
    await expect(ask('payments')).resolves.toBeNull();
  });

  it('answers 401 without a token and 403 to a user who is not an admin', async () => {
    expectProblem(await t.http.get('/bus/modules'), 401, 'missing-token');
    const user = await registerAndLogin(t.http);
    expectProblem(await t.http.get('/bus/modules', { token: user.accessToken }), 403, 'forbidden');
  });
});
