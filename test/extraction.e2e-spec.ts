import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODULE_CONTRACT_LIST } from '../src/module-contracts';
import { natsServerConfig } from '../src/platform/nats/nats-server-config';
import { freePort } from './support/free-port';
import { HttpClient } from './support/http-client';
import { registerAndLogin, type RegisteredUser } from './support/identity-fixtures';
import { NatsServer } from './support/nats-server';
import { deleteRedisKeys, TEST_REDIS_URL } from './support/redis-keys';
import { userWithRole } from './support/review-fixtures';
import { basic, launch, publishMiniApp, type RuntimeWorld, signInAndPay } from './support/runtime-fixtures';
import { type ServerProcess, startServerProcess, waitUntilReady } from './support/server-process';
import { startTestBackend, type TestBackend } from './support/test-backend';
import { uniqueName } from './support/test-app';
import { waitFor } from './support/wait-for';
import { balanceOf, fund, walletUser } from './support/wallet-fixtures';

const EVERYTHING_BUT_THE_WALLET = 'identity,review,discovery,runtime,payments,privacy';
const OPEN_WALLET = 'wallet.open-wallet-on-user-registered';

/**
 * Issue 19's proof of extraction: the wallet in a process (and a database) of its own, every other
 * module in a second one that is also the gateway, NATS JetStream between them, all real: the
 * built server (`dist/main.js`) twice, a test-owned nats-server, PostgreSQL and Redis.
 */
describe('the wallet extracted into a process of its own (MODULES, BUS_TRANSPORT=nats, MODULE_URLS, a NATS user each)', () => {
  const adminEmail = `extraction-admin-${randomUUID()}@example.com`;
  const dataDir = mkdtempSync(join(tmpdir(), 'superapp-extraction-'));
  const redisPrefix = `${uniqueName()}:`;
  /** Each process's NATS_USER and NATS_PASSWORD: the broker allows each only what its modules declare (ADR 0037). */
  const credentials: Record<string, Record<string, string>> = {};
  let nats: NatsServer;
  let walletPort: number;
  let wallet: ServerProcess;
  let restartedWallet: ServerProcess | undefined;
  let gateway: ServerProcess;
  let backend: TestBackend;
  let walletDb: Client;
  let gatewayDb: Client;
  let http: HttpClient;

  // Shared by both: the broker, the signing keys (DATA_DIR's development keys) and Redis (revocations, rate limits).
  const common = () => ({
    BUS_TRANSPORT: 'nats',
    NATS_URL: nats.url,
    DATA_DIR: dataDir,
    REDIS_KEY_PREFIX: redisPrefix,
    LOG_LEVEL: 'warn',
    BUS_SWEEP_INTERVAL_MS: '100',
    BUS_LEASE_MS: '2000',
    PUBLISH_FIRST_PARTY_MINI_APPS: 'false',
    AUTH_RATE_LIMIT_PER_MINUTE: '10000',
  });
  const startWallet = (databaseUrl?: string) =>
    startServerProcess({
      ...common(),
      MODULES: 'wallet',
      ...credentials.wallet,
      PORT: String(walletPort),
      // The gateway forwards the caller's address; the wallet's rate limits count per caller.
      TRUST_PROXY: '127.0.0.1',
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    });

  beforeAll(async () => {
    const users = natsServerConfig(
      [
        { name: 'wallet', modules: ['wallet'] },
        { name: 'gateway', modules: EVERYTHING_BUT_THE_WALLET.split(',') },
      ],
      MODULE_CONTRACT_LIST,
      { mtls: false },
    );
    for (const { name, settings } of users.credentials)
      credentials[name] = Object.fromEntries(settings.split(' ').map((setting) => setting.split('=')));
    writeFileSync(join(dataDir, 'nats-users.conf'), users.text);
    nats = await NatsServer.start({ configFile: join(dataDir, 'nats-users.conf') });
    walletPort = await freePort();
    // The wallet first: its consumer exists before the first registration is published.
    wallet = await startWallet();
    await waitUntilReady(wallet);
    gateway = await startServerProcess({
      ...common(),
      MODULES: EVERYTHING_BUT_THE_WALLET,
      ...credentials.gateway,
      MODULE_URLS: `wallet=${wallet.baseUrl}`,
      ADMIN_EMAIL: adminEmail,
      OUTBOUND_ALLOW_LOOPBACK: 'true',
    });
    await waitUntilReady(gateway);
    http = new HttpClient(gateway.baseUrl);
    walletDb = new Client({ connectionString: wallet.databaseUrl });
    gatewayDb = new Client({ connectionString: gateway.databaseUrl });
    await Promise.all([walletDb.connect(), gatewayDb.connect()]);
    backend = await startTestBackend((_request, response) => response.end('{}'));
  }, 120_000);
  afterAll(async () => {
    await walletDb?.end();
    await gatewayDb?.end();
    await backend?.close();
    await restartedWallet?.stop();
    await wallet?.stop();
    await gateway?.stop();
    await nats?.close();
    await deleteRedisKeys(TEST_REDIS_URL, redisPrefix);
    rmSync(dataDir, { recursive: true, force: true });
  });

  const schemasOf = async (db: Client) =>
    (
      await db.query<{ name: string }>(
        `SELECT nspname AS name FROM pg_namespace WHERE nspname IN ('identity','wallet','bus','review','discovery','runtime','payments','privacy') ORDER BY 1`,
      )
    ).rows.map((row) => row.name);
  const walletAccountsOf = async (userIds: string[]) =>
    (
      await walletDb.query<{ owner_id: string; count: number }>(
        `SELECT owner_id, count(*)::int AS count FROM wallet.accounts WHERE owner_id = ANY($1) GROUP BY owner_id`,
        [userIds],
      )
    ).rows;

  it('keeps each process to the schemas of its own modules (and the bus, which runs in each)', async () => {
    expect(await schemasOf(walletDb)).toEqual(['bus', 'wallet']);
    expect(await schemasOf(gatewayDb)).toEqual([
      'bus',
      'discovery',
      'identity',
      'payments',
      'privacy',
      'review',
      'runtime',
    ]);
  });

  it("opens a wallet in the wallet's process for a registration in the other, served at the gateway's address", async () => {
    const user = await registerAndLogin(http);
    const accounts = await waitFor(async () => {
      const response = await http.get('/wallet/accounts', { token: user.accessToken });
      return response.status === 200 && response.body.items.length ? response : undefined;
    }, 15_000);
    expect(accounts.body.items).toEqual([expect.objectContaining({ kind: 'user', currency: 'EUR' })]);
    // The same answer straight from the wallet's process: the gateway forwarded it there.
    const direct = await new HttpClient(wallet.baseUrl).get('/wallet/accounts', { token: user.accessToken });
    expect(direct.body).toEqual(accounts.body);
    // The gateway's database has no wallet; the registration crossed as an event, received once.
    expect(await walletAccountsOf([user.id])).toEqual([{ owner_id: user.id, count: 1 }]);
    const { rows } = await walletDb.query(
      `SELECT d.status, d.attempts FROM bus.deliveries d JOIN bus.events e ON e.id = d.event_id WHERE e.key = $1 AND d.subscriber = $2`,
      [user.id, OPEN_WALLET],
    );
    expect(rows).toEqual([{ status: 'completed', attempts: 1 }]);
  });

  /** A published mini-app that takes payments, made once for the payment tests. */
  let merchant: Promise<{ slug: string; clientSecret: string }> | undefined;
  const payingMiniApp = () =>
    (merchant ??= (async () => {
      const adminToken = (await registerAndLogin(http, { email: adminEmail })).accessToken;
      const [developer, reviewer] = await Promise.all([
        userWithRole(http, adminToken, 'developer'),
        userWithRole(http, adminToken, 'reviewer'),
      ]);
      const world = { t: { http }, adminToken, developer, reviewer } as unknown as RuntimeWorld;
      const slug = await publishMiniApp(world, {
        permissions: [{ scope: 'payments', purpose: 'Pay for your rides' }],
        domains: [backend.origin],
      });
      const developerToken = { token: developer.accessToken };
      const credentials = await http.post(`/runtime/mini-apps/${slug}/credentials`, {}, developerToken);
      expect(credentials.status, credentials.text).toBe(201);
      const secret = await http.post(`/payments/mini-apps/${slug}/webhook-secret`, {}, developerToken);
      expect(secret.status, secret.text).toBe(201);
      return { slug, clientSecret: credentials.body.clientSecret as string };
    })());
  /** A funded user who has just opened the paying mini-app. */
  const payerInMiniApp = async (funds: number) => {
    const { slug, clientSecret } = await payingMiniApp();
    const payer = await walletUser(http);
    await fund(http, payer, funds);
    return { slug, clientSecret, payer, launched: await launch(http, payer, slug) };
  };
  /** The first update of an order matching `condition` fails, as a transaction lost after the wallet's commit would. */
  const ordersUpdateFailsOnce = (name: string, condition: string) =>
    gatewayDb.query(`CREATE SEQUENCE public.${name};
      CREATE FUNCTION public.${name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
        IF ${condition} AND nextval('public.${name}') = 1 THEN RAISE EXCEPTION 'connection lost'; END IF;
        RETURN NEW; END $$;
      CREATE TRIGGER ${name} BEFORE UPDATE ON payments.orders FOR EACH ROW EXECUTE FUNCTION public.${name}();`);
  const transfersOf = async (orderId: string) =>
    (
      await walletDb.query(`SELECT amount::int AS amount FROM wallet.transfers WHERE reference = $1`, [
        `order:${orderId}`,
      ])
    ).rows;

  it("pays a mini-app's merchant through the wallet's PayMerchant, sent from payments to the other process", async () => {
    const { slug, clientSecret, payer, launched } = await payerInMiniApp(2_500);
    const { orderId } = await signInAndPay(
      http,
      payer,
      launched.launchId,
      { slug, clientSecret, notifyUrl: `${backend.origin}/notify` },
      { amount: 1_200, description: 'Day pass' },
    );
    expect((await balanceOf(http, payer)).posted).toBe(1_300);
    expect(await transfersOf(orderId)).toEqual([{ amount: 1_200 }]);
  }, 120_000);

  it("takes a payment once when payments lost its transaction after the wallet's commit: a retry with another key finds it", async () => {
    const {
      slug,
      clientSecret,
      payer,
      launched: { launchId },
    } = await payerInMiniApp(2_500);
    const server = basic(slug, clientSecret);
    const code = await http.post(`/runtime/launches/${launchId}/login-code`, {}, { token: payer.accessToken });
    const session = await http.post('/runtime/sessions/exchange', { code: code.body.code }, { headers: server });
    const order = await http.post(
      '/payments/orders',
      {
        openid: session.body.openid,
        amount: 700,
        currency: 'EUR',
        description: 'Lost answer',
        merchantReference: `ref-${randomUUID()}`,
        notifyUrl: `${backend.origin}/notify`,
      },
      { headers: { ...server, 'idempotency-key': randomUUID() } },
    );
    expect(order.status, order.text).toBe(201);
    // The order's change to paid fails once, after the wallet (another process, another database) has committed the payment.
    await ordersUpdateFailsOnce('paid_lost_once', "NEW.state = 'paid'");
    const confirm = () =>
      http.post(
        `/payments/orders/${order.body.id}/confirm`,
        { launchId },
        { token: payer.accessToken, headers: { 'idempotency-key': randomUUID() } },
      );
    expect((await confirm()).status).toBe(500);
    expect(await transfersOf(order.body.id)).toEqual([{ amount: 700 }]);
    // The person presses Pay again (a new sheet, a new key): the order is paid, with the payment already made.
    const retried = await confirm();
    expect(retried.body.state, retried.text).toBe('paid');
    expect(await transfersOf(order.body.id)).toEqual([{ amount: 700 }]);
    expect((await balanceOf(http, payer)).posted).toBe(1_800);
  }, 120_000);

  it("gives a refund once when payments lost its transaction after the wallet's commit: a retry with another key finds it", async () => {
    const {
      slug,
      clientSecret,
      payer,
      launched: { launchId },
    } = await payerInMiniApp(1_000);
    const { orderId } = await signInAndPay(
      http,
      payer,
      launchId,
      { slug, clientSecret, notifyUrl: `${backend.origin}/notify` },
      { amount: 600, description: 'Refunded later' },
    );
    await ordersUpdateFailsOnce('refund_lost_once', 'NEW.refunded_amount > OLD.refunded_amount');
    const refund = () =>
      http.post(
        `/payments/orders/${orderId}/refunds`,
        { amount: 250 },
        { headers: { ...basic(slug, clientSecret), 'idempotency-key': randomUUID() } },
      );
    expect((await refund()).status).toBe(500);
    const retried = await refund();
    expect(retried.status, retried.text).toBe(201);
    expect(retried.body.order).toMatchObject({ state: 'partially-refunded', refundedAmount: 250 });
    expect((await balanceOf(http, payer)).posted).toBe(650);
  }, 120_000);

  it('delivers a burst of registrations once each, in order, across a SIGKILL of the wallet process', async () => {
    const users: RegisteredUser[] = [];
    const register = async (count: number) => {
      for (let i = 0; i < count; i++) users.push(await registerAndLogin(http));
    };
    await register(8);
    wallet.child.kill('SIGKILL');
    await wallet.exited;
    // While it is down, the gateway says so in a problem, and registrations go on.
    const down = await http.get('/wallet/accounts', { token: users[0].accessToken });
    expect(down.status).toBe(502);
    expect(down.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(down.body.type).toMatch(/\/module-unavailable$/);
    await register(8);
    restartedWallet = await startWallet(wallet.databaseUrl);
    await waitUntilReady(restartedWallet);
    await register(4);

    const ids = users.map((user) => user.id);
    const opened = await waitFor(async () => {
      const rows = await walletAccountsOf(ids);
      return rows.length === ids.length && rows;
    }, 30_000);
    expect(opened.every((row) => row.count === 1)).toBe(true);
    // Received in the order they were registered (the stream's order, the relay's commit order), each delivered once.
    const { rows } = await walletDb.query<{ key: string; status: string; attempts: number }>(
      `SELECT e.key, d.status, d.attempts FROM bus.deliveries d JOIN bus.events e ON e.id = d.event_id
        WHERE e.key = ANY($1) AND d.subscriber = $2 ORDER BY e.position`,
      [ids, OPEN_WALLET],
    );
    expect(rows.map((row) => row.key)).toEqual(ids);
    expect(rows.every((row) => row.status === 'completed')).toBe(true);
  }, 120_000);

  it('loses no registration while the NATS server is down: they wait in the outbox and cross once it is back', async () => {
    // Until now (events, calls, a SIGKILL and a restart), each process stayed within its NATS user's grants.
    expect(nats.log).not.toMatch(/Violation/);
    await nats.kill();
    const users = [await registerAndLogin(http), await registerAndLogin(http), await registerAndLogin(http)];
    await nats.restart();
    const ids = users.map((user) => user.id);
    const opened = await waitFor(async () => {
      const rows = await walletAccountsOf(ids);
      return rows.length === ids.length && rows;
    }, 30_000);
    expect(opened.map((row) => row.count)).toEqual([1, 1, 1]);
  }, 60_000);
});
