import { randomUUID } from 'node:crypto';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrivacyHousekeeping } from '../src/modules/privacy/application/privacy-housekeeping';
import { KeepReport } from '../src/modules/privacy/application/subscribers/keep-report.handler';
import { RuntimeHousekeeping } from '../src/modules/runtime/application/runtime-housekeeping';
import { MiniAppLaunched } from '../src/shared/contracts/runtime';
import type { EventEnvelope } from '../src/shared/kernel/integration-event';
import { expectProblem } from './support/expect-problem';
import { registerAndLogin } from './support/identity-fixtures';
import {
  basic,
  launch,
  publishMiniApp,
  type RuntimeWorld,
  startRuntimeWorld,
  verifiedLaunchData,
} from './support/runtime-fixtures';
import { startTestBackend, type ReceivedRequest, type TestBackend } from './support/test-backend';
import { waitFor } from './support/wait-for';
import { fund, type WalletUser, walletUser } from './support/wallet-fixtures';

const DAY_MS = 86_400_000;
const LOCATION = { scope: 'location', purpose: 'Show the bike stations near you' };
const PAYMENTS = { scope: 'payments', purpose: 'Pay for your rides' };

/**
 * The user's privacy report end to end, over HTTP on the real databases: what a user does in a
 * mini-app (a grant, an access through the SDK, a proxied call, a launch, a payment) shows in
 * GET /privacy/me and nothing of anyone else does; forgetting a mini-app clears it and tells the
 * mini-app's backend (a local server) with a notice it verifies with the platform's JWKS.
 */
describe('the privacy report, and forgetting a mini-app', () => {
  let world: RuntimeWorld;
  let backend: TestBackend;
  let ada: WalletUser;
  let bob: WalletUser;
  let slug: string;
  /** The platform's database, to see what no route shows (the runtime's notice log). */
  let db: Client;
  /** What /notices/flaky answers, in turn (then 200). */
  const flakyAnswers = [500, 503];
  const http = () => world.t.http;

  beforeAll(async () => {
    backend = await startTestBackend((request, response) => {
      const status = request.path === '/notices/flaky' ? (flakyAnswers.shift() ?? 200) : 200;
      response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true }));
    });
    world = await startRuntimeWorld({
      OUTBOUND_ALLOW_LOOPBACK: 'true',
      RUNTIME_NOTICE_BACKOFF_BASE_MS: '10',
      RUNTIME_NOTICE_BACKOFF_MAX_MS: '40',
    });
    slug = await publishMiniApp(world, {
      name: 'City Bikes',
      permissions: [LOCATION, PAYMENTS],
      domains: [backend.origin],
    });
    db = new Client({ connectionString: world.t.config.DATABASE_URL });
    await db.connect();
    [ada, bob] = await Promise.all([
      walletUser(http(), { displayName: 'Ada' }),
      walletUser(http(), { displayName: 'Bob' }),
    ]);
  });
  afterAll(async () => {
    await db?.end();
    await world?.t.close();
    await backend?.close();
  });

  const report = async (user: { accessToken: string }) => {
    const answer = await http().get('/privacy/me', { token: user.accessToken });
    expect(answer.status, answer.text).toBe(200);
    return answer.body;
  };
  const inReport = async (user: { accessToken: string }, app: string) =>
    (await report(user)).miniApps.find((m: { slug: string }) => m.slug === app);
  const grant = (user: { accessToken: string }, app: string, scope: string) =>
    http().request(
      'PUT',
      `/runtime/mini-apps/${app}/grants/${scope}`,
      { decision: 'granted' },
      { token: user.accessToken },
    );
  const notices = (path: string) => backend.received.filter((r) => r.path === path);
  const setEndpoint = (app: string, url: string, token = world.developer.accessToken) =>
    http().request('PUT', `/runtime/mini-apps/${app}/notice-endpoint`, { url }, { token });

  /** The notice's claims, verified as a mini-app's backend does: with the published JWKS, for this mini-app. */
  async function verifiedNotice(request: ReceivedRequest, app: string) {
    expect(request.method).toBe('POST');
    expect(request.headers['content-type']).toBe('application/jwt');
    const jwks = createLocalJWKSet((await http().get('/runtime/jwks.json')).body);
    const { payload } = await jwtVerify(request.body, jwks, {
      issuer: 'https://superapp.local',
      audience: app,
      typ: 'superapp-notice+jwt',
      algorithms: ['EdDSA'],
    });
    return payload;
  }

  async function pay(user: WalletUser, app: string): Promise<string> {
    const credentials = await http().post(
      `/runtime/mini-apps/${app}/credentials`,
      {},
      { token: world.developer.accessToken },
    );
    expect(credentials.status, credentials.text).toBe(201);
    const secret = await http().post(
      `/payments/mini-apps/${app}/webhook-secret`,
      {},
      { token: world.developer.accessToken },
    );
    expect(secret.status, secret.text).toBe(201);
    const { launchId, launchData } = await launch(http(), user, app);
    const openid = (await verifiedLaunchData(http(), launchData, app)).sub;
    const key = randomUUID();
    const order = await waitFor(async () => {
      const created = await http().post(
        '/payments/orders',
        {
          openid,
          amount: 1_250,
          currency: 'EUR',
          description: 'Day pass, zone A',
          merchantReference: `ref-${key}`,
          notifyUrl: `${backend.origin}/notify`,
        },
        { headers: { ...basic(app, credentials.body.clientSecret), 'idempotency-key': key } },
      );
      if (created.status === 422 && created.body.type.endsWith('/payments-not-enabled')) return undefined;
      return created;
    }, 10_000);
    expect(order.status, order.text).toBe(201);
    const confirmed = await http().post(
      `/payments/orders/${order.body.id}/confirm`,
      { launchId },
      { token: user.accessToken, headers: { 'idempotency-key': randomUUID() } },
    );
    expect(confirmed.body.state, confirmed.text).toBe('paid');
    return order.body.id;
  }

  it('lists exactly what the user did in each mini-app, with when each kind of record is deleted, and nothing of another user', async () => {
    await fund(http(), ada, 5_000);
    expect((await grant(ada, slug, 'location')).status).toBe(200);
    const { launchId } = await launch(http(), ada, slug);
    const used = await http().post(
      `/runtime/launches/${launchId}/access`,
      { scope: 'location' },
      { token: ada.accessToken },
    );
    expect(used.body.allowed).toBe(true);
    // Asked, not granted: nothing was handed over, so it is no access.
    await http().post(`/runtime/launches/${launchId}/access`, { scope: 'payments' }, { token: ada.accessToken });
    const proxied = await http().post(
      `/runtime/launches/${launchId}/requests`,
      { url: `${backend.origin}/stations`, method: 'GET' },
      { token: ada.accessToken },
    );
    expect(proxied.body.status, proxied.text).toBe(200);
    const orderId = await pay(ada, slug);
    // Bob opens it too, and grants it something: none of it is Ada's.
    await grant(bob, slug, 'payments');
    await launch(http(), bob, slug);

    const mine = await waitFor(async () => {
      const app = await inReport(ada, slug);
      return app?.payments.length && app.launches?.count === 2 && app.domains.length ? app : undefined;
    });
    expect(mine.name).toBe('City Bikes');
    expect(mine.grants).toEqual([{ ...LOCATION, state: 'granted', decidedAt: expect.any(String) }]);
    expect(mine.history).toEqual([{ ...LOCATION, action: 'granted', at: mine.grants[0].decidedAt }]);
    expect(mine.accesses).toHaveLength(1);
    expect(mine.accesses[0].scope).toBe('location');
    expect(Date.parse(mine.accesses[0].deletedBy) - Date.parse(mine.accesses[0].at)).toBe(30 * DAY_MS);
    expect(mine.domains).toEqual([
      { domain: backend.origin, count: 1, lastAt: expect.any(String), deletedBy: expect.any(String) },
    ]);
    expect(mine.launches).toMatchObject({ count: 2 });
    expect(mine.payments).toEqual([
      { orderId, amount: 1_250, refundedAmount: 0, currency: 'EUR', state: 'paid', at: expect.any(String) },
    ]);
    const { retention, miniApps } = await report(ada);
    expect(miniApps).toHaveLength(1);
    expect(retention).toContainEqual({ records: 'accesses', retention: '30 days (ACCESS_LOG_RETENTION_DAYS)' });
    expect(retention).toContainEqual({ records: 'launches', retention: '30 days (ACCESS_LOG_RETENTION_DAYS)' });
    expect(retention.map((r: { records: string }) => r.records)).toEqual([
      'grants',
      'grant-history',
      'accesses',
      'domains',
      'launches',
      'payments',
    ]);

    const bobs = await waitFor(async () => {
      const app = await inReport(bob, slug);
      return app?.launches ? app : undefined;
    });
    expect(bobs).toMatchObject({
      grants: [{ ...PAYMENTS, state: 'granted' }],
      accesses: [],
      domains: [],
      payments: [],
    });
    expect(bobs.launches.count).toBe(1);
    const stranger = await registerAndLogin(http());
    expect((await report(stranger)).miniApps).toEqual([]);
    expectProblem(await http().get('/privacy/me'), 401, 'missing-token');
  });

  it('shows a withdrawn grant as withdrawn, in force no more', async () => {
    expect((await http().delete(`/runtime/mini-apps/${slug}/grants/location`, { token: ada.accessToken })).status).toBe(
      204,
    );
    const app = await waitFor(async () => {
      const found = await inReport(ada, slug);
      return found?.grants.length === 0 ? found : undefined;
    });
    expect(app.history.map((d: { action: string }) => d.action)).toEqual(['withdrawn', 'granted']);
    expect(app.history[0]).toMatchObject({ scope: 'location', purpose: null });
  });

  it('lets only the owner set a notice endpoint, https on a declared domain', async () => {
    const other = await registerAndLogin(http());
    expectProblem(await setEndpoint(slug, `${backend.origin}/notices`, other.accessToken), 403, 'forbidden');
    expectProblem(await setEndpoint('no-such-app', `${backend.origin}/notices`), 404, 'not-found');
    expectProblem(await setEndpoint(slug, 'https://elsewhere.example/notices'), 422, 'domain-not-declared');
    expectProblem(await setEndpoint(slug, 'http://api.citybikes.example/notices'), 422, 'https-required');
    expectProblem(await setEndpoint(slug, 'not a url'), 422, 'invalid-url');
    expectProblem(
      await http().request(
        'PUT',
        `/runtime/mini-apps/${slug}/notice-endpoint`,
        {},
        { token: world.developer.accessToken },
      ),
      400,
      'validation',
    );
    expectProblem(
      await http().get(`/runtime/mini-apps/${slug}/notice-endpoint`, { token: world.developer.accessToken }),
      404,
      'not-found',
    );
    const set = await setEndpoint(slug, `${backend.origin}/notices`);
    expect(set.status, set.text).toBe(200);
    expect(
      (await http().get(`/runtime/mini-apps/${slug}/notice-endpoint`, { token: world.developer.accessToken })).body,
    ).toEqual({
      url: `${backend.origin}/notices`,
      updatedAt: set.body.updatedAt,
    });
  });

  it('forgets a mini-app: storage, grants and pairwise id go, the backend gets a signed notice with the old id, and the report drops it', async () => {
    await grant(ada, slug, 'location');
    const before = await launch(http(), ada, slug);
    const oldOpenid = (await verifiedLaunchData(http(), before.launchData, slug)).sub;
    const storage = `/runtime/launches/${before.launchId}/storage/prefs`;
    expect((await http().request('PUT', storage, { value: { zoom: 14 } }, { token: ada.accessToken })).status).toBe(
      204,
    );
    await waitFor(async () => (await inReport(ada, slug))?.grants.length === 1);

    expectProblem(
      await http().delete('/runtime/me/mini-apps/no-such-app', { token: ada.accessToken }),
      404,
      'not-found',
    );
    expect((await http().delete(`/runtime/me/mini-apps/${slug}`, { token: ada.accessToken })).status).toBe(204);

    const [received] = await waitFor(() => notices('/notices').length > 0 && notices('/notices'));
    const claims = await verifiedNotice(received, slug);
    expect(claims).toMatchObject({ sub: oldOpenid, event: 'user.forgot-mini-app', jti: expect.any(String) });
    expect(decodeProtectedHeader(received.body).typ).toBe('superapp-notice+jwt');
    expect(JSON.stringify(received)).not.toContain(ada.id);

    await waitFor(async () => !(await inReport(ada, slug)));
    const after = await launch(http(), ada, slug);
    expect((await verifiedLaunchData(http(), after.launchData, slug)).sub).not.toBe(oldOpenid);
    expect(after.scopes.find((s: { scope: string }) => s.scope === 'location').state).toBe('not-asked');
    expectProblem(
      await http().get(`/runtime/launches/${after.launchId}/storage/prefs`, { token: ada.accessToken }),
      404,
      'storage-key-not-found',
    );
    const again = await waitFor(async () => inReport(ada, slug));
    expect(again).toMatchObject({
      grants: [],
      history: [],
      accesses: [],
      domains: [],
      payments: [],
      launches: { count: 1 },
    });
    // Bob's part of the mini-app is his still.
    expect((await inReport(bob, slug)).grants).toHaveLength(1);
  });

  it('leaves no trace when the person forgets a mini-app they never opened', async () => {
    const stranger = await registerAndLogin(http());
    const forgot = await http().delete(`/runtime/me/mini-apps/${slug}`, { token: stranger.accessToken });
    expect(forgot.status, forgot.text).toBe(204);
    const { rows } = await db.query(`SELECT count(*)::int AS n FROM runtime.pairwise_generations WHERE user_id = $1`, [
      stranger.id,
    ]);
    expect(rows[0].n).toBe(0);
  });

  it('retries a notice the backend refuses, with the same id, until it takes it; without an endpoint it is recorded and not sent', async () => {
    const flaky = await publishMiniApp(world, { permissions: [LOCATION], domains: [backend.origin] });
    expect((await setEndpoint(flaky, `${backend.origin}/notices/flaky`)).status).toBe(200);
    await launch(http(), bob, flaky);
    expect((await http().delete(`/runtime/me/mini-apps/${flaky}`, { token: bob.accessToken })).status).toBe(204);
    const attempts = await waitFor(() => notices('/notices/flaky').length >= 3 && notices('/notices/flaky'), 10_000);
    const ids = await Promise.all(attempts.map(async (a) => (await verifiedNotice(a, flaky)).jti));
    expect(new Set(ids).size).toBe(1);
    await waitFor(async () => {
      const { rows } = await db.query(`SELECT status, attempts FROM runtime.notices WHERE id = $1`, [ids[0]]);
      return rows[0]?.status === 'delivered' && rows[0].attempts === 3;
    });
    const silent = await publishMiniApp(world, { permissions: [LOCATION], domains: [backend.origin] });
    await launch(http(), bob, silent);
    const seen = backend.received.length;
    expect((await http().delete(`/runtime/me/mini-apps/${silent}`, { token: bob.accessToken })).status).toBe(204);
    const { rows } = await db.query(
      `SELECT n.status, n.attempts FROM runtime.notices n JOIN runtime.mini_apps m USING (mini_app_id) WHERE m.slug = $1`,
      [silent],
    );
    expect(rows).toEqual([{ status: 'no-endpoint', attempts: 0 }]);
    expect(backend.received.length).toBe(seen);
  });

  it('sends nothing to an endpoint whose domain the live manifest no longer declares, and settles the notice as failed', async () => {
    const moved = await publishMiniApp(world, { permissions: [LOCATION], domains: [backend.origin] });
    expect((await setEndpoint(moved, `${backend.origin}/notices/moved`)).status).toBe(200);
    await launch(http(), bob, moved);
    await publishMiniApp(world, { slug: moved, version: '1.1.0', permissions: [LOCATION] });
    expect((await http().delete(`/runtime/me/mini-apps/${moved}`, { token: bob.accessToken })).status).toBe(204);
    const settled = await waitFor(async () => {
      const { rows } = await db.query(
        `SELECT n.status, n.last_outcome, n.attempts FROM runtime.notices n JOIN runtime.mini_apps m USING (mini_app_id) WHERE m.slug = $1`,
        [moved],
      );
      return rows[0]?.status !== 'pending' && rows[0];
    });
    expect(settled).toEqual({ status: 'failed', last_outcome: 'domain-not-declared', attempts: 1 });
    expect(notices('/notices/moved')).toEqual([]);
  });

  it('tells the backend of every mini-app the person used, by the id it knew them by, when they are erased, and empties their report', async () => {
    const carol = await registerAndLogin(http());
    const { launchData } = await launch(http(), carol, slug);
    const openid = (await verifiedLaunchData(http(), launchData, slug)).sub;
    await waitFor(async () => (await inReport(carol, slug))?.launches);
    const erased = await http().post('/privacy/me/erasure', { password: carol.password }, { token: carol.accessToken });
    expect(erased.status, erased.text).toBe(202);
    const told = await waitFor(async () => {
      for (const request of notices('/notices')) {
        const claims = await verifiedNotice(request, slug);
        if (claims.sub === openid) return claims;
      }
      return undefined;
    });
    expect(told).toMatchObject({ event: 'user.erased', aud: slug });
    await waitFor(async () => {
      const { rows } = await db.query(`SELECT count(*)::int AS n FROM privacy.report_launches WHERE user_id = $1`, [
        carol.id,
      ]);
      return rows[0].n === 0;
    });
    // A launch whose event lags behind the erasure brings nothing of them back.
    const [{ mini_app_id: miniAppId }] = (
      await db.query(`SELECT mini_app_id FROM runtime.mini_apps WHERE slug = $1`, [slug])
    ).rows;
    const late = new MiniAppLaunched({
      launchId: randomUUID(),
      userId: carol.id,
      miniAppId,
      version: '1.0.0',
      launchedAt: new Date().toISOString(),
    });
    late.envelope = { eventId: randomUUID() } as EventEnvelope;
    await world.t.app.get(KeepReport).handle(late);
    const { rows } = await db.query(`SELECT count(*)::int AS n FROM privacy.report_launches WHERE user_id = $1`, [
      carol.id,
    ]);
    expect(rows[0].n).toBe(0);
  });

  it('deletes usage from the report, and settled notices, once their retention has passed; grants stay', async () => {
    await grant(bob, slug, 'location');
    const { launchId } = await launch(http(), bob, slug);
    await http().post(`/runtime/launches/${launchId}/access`, { scope: 'location' }, { token: bob.accessToken });
    await waitFor(async () => (await inReport(bob, slug))?.accesses.length === 1);
    // Notices the bus gave up on while pending: one past every retry it could have had, one still within them
    // (the clock moves 31 days on and retries here last 21 × 40 ms, so 'within' means created after the clock's
    // retention cutoff: 30 days after today is).
    const [abandoned, waiting] = [randomUUID(), randomUUID()];
    for (const [id, createdDaysAgo] of [
      [abandoned, 40],
      [waiting, -30],
    ] as const)
      await db.query(
        `INSERT INTO runtime.notices (id, mini_app_id, openid, kind, occurred_at, status, created_at)
         VALUES ($1, $2, 'an-openid', 'user.erased', now(), 'pending', now() - make_interval(days => $3))`,
        [id, randomUUID(), createdDaysAgo],
      );
    world.advanceClock(31 * DAY_MS);
    await world.t.app.get(PrivacyHousekeeping).sweep();
    await world.t.app.get(RuntimeHousekeeping).sweep();
    const app = await inReport(bob, slug);
    expect(app).toMatchObject({ accesses: [], domains: [], launches: null });
    expect(app.grants.map((g: { scope: string }) => g.scope).sort()).toEqual(['location', 'payments']);
    expect((await db.query(`SELECT id FROM runtime.notices`)).rows).toEqual([{ id: waiting }]);
    await db.query(`DELETE FROM runtime.notices WHERE id = $1`, [waiting]);
  });
});
