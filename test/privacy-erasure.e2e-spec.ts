import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODULE_CONTRACT_LIST } from '../src/module-contracts';
import { KeepContacts } from '../src/modules/runtime/application/subscribers/keep-contacts.handler';
import { KeepProfiles } from '../src/modules/runtime/application/subscribers/keep-profiles.handler';
import { ProfileUpdated } from '../src/shared/contracts/identity';
import { WalletOpened } from '../src/shared/contracts/wallet';
import { expectProblem } from './support/expect-problem';
import { registerAndLogin, STRONG_PASSWORD } from './support/identity-fixtures';
import {
  basic,
  launch,
  publishMiniApp,
  type RuntimeWorld,
  signInAndPay,
  startRuntimeWorld,
} from './support/runtime-fixtures';
import { startTestBackend, type TestBackend } from './support/test-backend';
import { waitFor } from './support/wait-for';
import { fund, moneyPost, walletUser, type WalletUser } from './support/wallet-fixtures';

const PRICE = 700;

/** Every table and its personal columns, as the record of processing declares them, split by what an erasure does. */
const personalTables = (kept: boolean) =>
  MODULE_CONTRACT_LIST.flatMap((contract) =>
    contract.personalData
      .filter((data) => Boolean(data.keptOnErasure) === kept)
      .map((data) => ({ table: `${contract.schema}.${data.table}`, module: contract.name, columns: data.columns })),
  );

describe('privacy: erasure (GDPR Art. 17)', () => {
  let world: RuntimeWorld;
  let backend: TestBackend;
  let slug: string;
  let clientSecret: string;
  let ada: WalletUser;
  let bob: WalletUser;
  let adaOpenid: string;
  let db: DataSource;
  const http = () => world.t.http;

  beforeAll(async () => {
    world = await startRuntimeWorld({ OUTBOUND_ALLOW_LOOPBACK: 'true', WALLET_CURRENCIES: 'EUR,USD' });
    db = world.t.app.get(DataSource);
    backend = await startTestBackend((_request, response) => response.end('{}'));
    slug = await publishMiniApp(world, {
      permissions: [
        { scope: 'payments', purpose: 'Pay for your rides' },
        { scope: 'location', purpose: 'Show the bike stations near you' },
      ],
      domains: [backend.origin],
    });
    const developer = { token: world.developer.accessToken };
    const credentials = await http().post(`/runtime/mini-apps/${slug}/credentials`, {}, developer);
    expect(credentials.status, credentials.text).toBe(201);
    clientSecret = credentials.body.clientSecret;
    expect((await http().post(`/payments/mini-apps/${slug}/webhook-secret`, {}, developer)).status).toBe(201);
    [ada, bob] = await Promise.all([
      walletUser(http(), { displayName: 'Ada Erasable' }),
      walletUser(http(), { displayName: 'Bob Keeper' }),
    ]);
    await Promise.all([fund(http(), ada, PRICE), fund(http(), bob, 5_000), fund(http(), bob, 500, 'USD')]);
    adaOpenid = await useTheMiniApp(ada);
    await useTheMiniApp(bob);
  }, 120_000);
  afterAll(async () => {
    await world?.t.close();
    await backend?.close();
  });

  /** A visit that leaves a trace in every module: a grant, storage, a login code, a paid order (all of `PRICE`). */
  async function useTheMiniApp(user: WalletUser): Promise<string> {
    const launched = await launch(http(), user, slug);
    const token = { token: user.accessToken };
    expect(
      (await http().request('PUT', `/runtime/mini-apps/${slug}/grants/location`, { decision: 'granted' }, token))
        .status,
    ).toBe(200);
    expect(
      (
        await http().request(
          'PUT',
          `/runtime/launches/${launched.launchId}/storage/favourite`,
          { value: 'station-12' },
          token,
        )
      ).status,
    ).toBe(204);
    const { openid } = await signInAndPay(
      http(),
      user,
      launched.launchId,
      { slug, clientSecret, notifyUrl: `${backend.origin}/notify` },
      { amount: PRICE, description: 'Day pass' },
    );
    return openid;
  }

  /** Rows of `table` in which any of `needles` appears, anywhere in the row. */
  async function rowsMentioning(table: string, needles: readonly string[]): Promise<number> {
    const [row] = await db.query(`SELECT count(*)::int AS n FROM ${table} t WHERE t::text ILIKE ANY($1::text[])`, [
      needles.map((needle) => `%${needle}%`),
    ]);
    return row.n as number;
  }

  it('refuses a wrong password and does nothing', async () => {
    const refused = await http().post(
      '/privacy/me/erasure',
      { password: 'not my password' },
      { token: ada.accessToken },
    );
    expectProblem(refused, 403, 'wrong-password');
    expect((await http().get('/identity/me', { token: ada.accessToken })).status).toBe(200);
  });

  it('refuses while the wallet holds money, saying what to do, and does nothing', async () => {
    const refused = await http().post('/privacy/me/erasure', { password: bob.password }, { token: bob.accessToken });
    expectProblem(refused, 409, 'wallet-not-empty');
    expect(refused.body.detail).toMatch(/send the money out/i);
    expect((await http().get('/identity/me', { token: bob.accessToken })).status).toBe(200);
    const sent = await moneyPost(http(), bob, '/wallet/transfers', { toUserId: ada.id, amount: 1, currency: 'EUR' });
    expect(sent.status, sent.text).toBe(201);
    const back = await moneyPost(http(), ada, '/wallet/transfers', { toUserId: bob.id, amount: 1, currency: 'EUR' });
    expect(back.status, back.text).toBe(201);
  });

  it('erases the person across every module, with tokens dead at once, the books kept and reconciled', async () => {
    const identifying = [ada.id, ada.email, 'Ada Erasable', adaOpenid];
    const holdingAda = async () => {
      const held: string[] = [];
      for (const { table } of personalTables(false)) if (await rowsMentioning(table, identifying)) held.push(table);
      return held;
    };
    expect(await holdingAda()).toEqual(
      expect.arrayContaining(['identity.users', 'runtime.storage_items', 'runtime.consents', 'payments.confirmations']),
    );

    const accepted = await http().post('/privacy/me/erasure', { password: ada.password }, { token: ada.accessToken });
    expect(accepted.status, accepted.text).toBe(202);
    expect(accepted.headers.get('location')).toBe(`/privacy/erasures/${accepted.body.id}`);
    expect(accepted.body.steps.map((step: { module: string }) => step.module)).toEqual([
      'identity',
      'payments',
      'privacy',
      'runtime',
      'wallet',
    ]);

    expectProblem(await http().get('/identity/me', { token: ada.accessToken }), 401, 'invalid-token');
    expectProblem(
      await http().post('/identity/login', { email: ada.email, password: ada.password }),
      401,
      'invalid-credentials',
    );
    expect((await http().post('/identity/token/refresh', { refreshToken: ada.refreshToken })).status).toBe(401);

    const done = await waitFor(async () => {
      const status = await http().get(accepted.body.statusUrl);
      return status.body.state === 'completed' ? status.body : undefined;
    }, 20_000);
    expect(done.steps.every((step: { state: string }) => step.state === 'erased')).toBe(true);

    expect(await holdingAda()).toEqual([]);
    for (const { table, module } of personalTables(true)) {
      // What is kept names nobody: no e-mail, no name (the bus's events go with their retention).
      if (module !== 'governance-bus')
        expect(await rowsMentioning(table, [ada.email, 'Ada Erasable']), `${table} kept Ada's name`).toBe(0);
    }

    const adminToken = { token: world.adminToken };
    const books = await http().get('/wallet/admin/reconciliation', adminToken);
    expect(books.status, books.text).toBe(200);
    expect(books.body).toMatchObject({ clean: true, discrepancies: [] });
  });

  it('brings nothing back when an event that lagged behind the erasure arrives after it', async () => {
    const keepProfiles = world.t.app.get(KeepProfiles);
    const keepContacts = world.t.app.get(KeepContacts);
    await keepProfiles.handle(
      new ProfileUpdated({
        userId: ada.id,
        displayName: 'Ada Erasable',
        avatarUrl: null,
        updatedAt: new Date().toISOString(),
      }),
    );
    await keepContacts.handle(
      new WalletOpened({
        accountId: ada.accountId,
        userId: ada.id,
        currency: 'EUR',
        openedAt: new Date().toISOString(),
      }),
    );
    expect(await rowsMentioning('runtime.user_profiles', [ada.id, 'Ada Erasable'])).toBe(0);
    expect(await rowsMentioning('runtime.wallet_accounts', [ada.id, ada.accountId])).toBe(0);
    expect(await rowsMentioning('runtime.counterparties', [ada.accountId])).toBe(0);
  });

  it("keeps everyone else's data, and sends no money into the closed account", async () => {
    expect((await http().get('/identity/me', { token: bob.accessToken })).status).toBe(200);
    expect((await http().get(`/runtime/mini-apps/${slug}/grants`, { token: bob.accessToken })).body).toBeTruthy();
    const refused = await moneyPost(http(), bob, '/wallet/transfers', { toUserId: ada.id, amount: 1, currency: 'EUR' });
    expectProblem(refused, 422, 'account-closed');
    // Nor into an account of a currency the erased person never had: none opens for them any more.
    const inDollars = await moneyPost(http(), bob, '/wallet/transfers', {
      toUserId: ada.id,
      amount: 1,
      currency: 'USD',
    });
    expectProblem(inDollars, 404, 'recipient-not-found');
  });

  it('lets the e-mail register again as a new person, a stranger to the mini-app', async () => {
    const again = await registerAndLogin(http(), { email: ada.email, displayName: 'Ada Again' });
    expect(again.id).not.toBe(ada.id);
    const launched = await launch(http(), again, slug);
    const code = await http().post(
      `/runtime/launches/${launched.launchId}/login-code`,
      {},
      { token: again.accessToken },
    );
    const session = await http().post(
      '/runtime/sessions/exchange',
      { code: code.body.code },
      { headers: basic(slug, clientSecret) },
    );
    expect(session.body.openid).toBeDefined();
    expect(session.body.openid).not.toBe(adaOpenid);
  });

  it('refuses to erase the only admin, who must hand the role on first', async () => {
    const admin = await http().get('/identity/me', { token: world.adminToken });
    const refused = await http().post(
      '/privacy/me/erasure',
      { password: STRONG_PASSWORD },
      { token: world.adminToken },
    );
    expectProblem(refused, 409, 'last-admin');
    expect((await http().get('/identity/me', { token: world.adminToken })).body.id).toBe(admin.body.id);
  });

  it("erases a developer and leaves their mini-app taking payments: it is the mini-app's, not theirs", async () => {
    const accepted = await http().post(
      '/privacy/me/erasure',
      { password: STRONG_PASSWORD },
      { token: world.developer.accessToken },
    );
    expect(accepted.status, accepted.text).toBe(202);
    await waitFor(
      async () => (await http().get(accepted.body.statusUrl)).body.state === 'completed' || undefined,
      20_000,
    );
    await useTheMiniApp(bob);
  });

  it('answers an unknown erasure with 404 and a malformed id with 400', async () => {
    expectProblem(await http().get(`/privacy/erasures/${randomUUID()}`), 404, 'not-found');
    expect((await http().get('/privacy/erasures/not-a-uuid')).status).toBe(400);
  });
});
