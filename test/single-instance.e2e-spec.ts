import { randomUUID } from 'node:crypto';
import net from 'node:net';
import Redis from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserRegistered } from '../src/shared/contracts/identity';
import { BusProbe, probeOf } from './support/bus-fixtures';
import { startCrashChild } from './support/crash-child-process';
import { registerAndLogin } from './support/identity-fixtures';
import { probe, PROBE_SUBSCRIBER, PROBE_TABLE_SQL, ProbeModule } from './support/probe-subscriber';
import { TEST_REDIS_URL } from './support/redis-keys';
import { uploadBundle, userWithRole } from './support/review-fixtures';
import { type ServerProcess, startServerProcess } from './support/server-process';
import { sharedDeployment, startInstance } from './support/shared-database-app';
import { startTestApp, type TestApp } from './support/test-app';
import { waitFor } from './support/wait-for';
import { walletUser } from './support/wallet-fixtures';
import { buildZip, cleanMiniApp } from './support/zip-builder';

const USER_REGISTERED = 'identity.user-registered';
const NO_REDIS = { REDIS_URL: '' };
const AUTH_LIMIT = 40;
/** A child process compiles and starts the whole app: on a busy 2-core machine that alone has taken over 20 s. */
const PROCESS_TEST_TIMEOUT_MS = 90_000;

/**
 * The remote port (or socket path) of every connection a net.Socket of this test process opens from
 * now on, the app's included (vitest clears a spy's calls between tests, so this keeps its own list).
 */
function recordConnections(): { remotes: Set<string>; stop(): void } {
  const remotes = new Set<string>();
  // eslint-disable-next-line @typescript-eslint/unbound-method -- called below with the socket as `this`
  const connect = net.Socket.prototype.connect;
  net.Socket.prototype.connect = function (this: net.Socket, ...args: unknown[]) {
    remotes.add(remoteOf(args));
    return connect.apply(this, args as Parameters<typeof connect>);
  };
  return { remotes, stop: () => void (net.Socket.prototype.connect = connect) };
}
const remoteOf = (args: unknown[]): string => {
  // net.connect() hands Socket#connect its normalised arguments as one array.
  const first = (Array.isArray(args[0]) ? args[0][0] : args[0]) as
    { port?: number | string; path?: string } | number | string;
  return String(typeof first === 'object' ? (first.port ?? first.path) : first);
};

describe('a single instance, without Redis', () => {
  const adminEmail = `single-admin-${randomUUID()}@example.com`;
  let connections: ReturnType<typeof recordConnections>;
  let t: TestApp;
  let db: BusProbe;

  beforeAll(async () => {
    connections = recordConnections();
    t = await startTestApp(
      {
        ...NO_REDIS,
        ADMIN_EMAIL: adminEmail,
        AUTH_RATE_LIMIT_PER_MINUTE: String(AUTH_LIMIT),
        BUS_BACKOFF_BASE_MS: '50',
        BUS_BACKOFF_MAX_MS: '100',
      },
      [ProbeModule],
    );
    db = await BusProbe.connect(t);
    await db.query(PROBE_TABLE_SQL);
  });
  afterAll(async () => {
    connections?.stop();
    probe.reset();
    await db?.close();
    await t?.close();
  });

  it('says its mode: ready with PostgreSQL alone, and in its metrics', async () => {
    const ready = await t.http.get('/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.details).toMatchObject({
      postgres: { status: 'up' },
      instance: { status: 'up', mode: 'single-instance' },
    });
    expect(ready.body.details).not.toHaveProperty('redis');
    expect((await t.http.get('/metrics')).text).toMatch(/^platform_deployment_mode\{mode="single-instance"\} 1$/m);
  });

  it('delivers events through the bus: a registration opens a wallet, and a failed delivery is retried after its backoff', async () => {
    probe.failure = (_event: UserRegistered, attempt: number) =>
      attempt === 1 ? new Error('first attempt fails') : undefined;
    const user = await walletUser(t.http);
    expect(user.accountId).toBeTruthy();
    const delivery = await db.settled(USER_REGISTERED, user.id, PROBE_SUBSCRIBER);
    expect(delivery).toMatchObject({ status: 'completed', attempts: 2 });
    expect(await db.receivedFor(user.id)).toHaveLength(1);
  });

  it("scans an uploaded bundle into the reviewers' queue", async () => {
    const adminToken = (await registerAndLogin(t.http, { email: adminEmail })).accessToken;
    const developer = await userWithRole(t.http, adminToken, 'developer');
    const slug = `solo-${randomUUID().slice(0, 8)}`;
    await t.http.post(
      '/review/mini-apps',
      { slug, name: 'Solo', category: 'mobility', description: 'Runs alone.' },
      { token: developer.accessToken },
    );
    expect((await uploadBundle(t.http, developer.accessToken, slug, buildZip(cleanMiniApp({ slug })))).status).toBe(
      202,
    );
    const version = await waitFor(async () => {
      const body = (await t.http.get(`/review/mini-apps/${slug}/versions/1.0.0`, { token: developer.accessToken }))
        .body;
      return body.status !== 'submitted' && body.status !== 'scanning' && body;
    }, 10_000);
    expect(version).toMatchObject({ status: 'in-review', findings: [] });
  });

  it('limits requests per client in its own memory: the strict limit answers 429 once used up', async () => {
    const attempt = () => t.http.post('/identity/login', {});
    const first = await attempt();
    const remaining = Number(/"auth";r=(\d+)/.exec(first.headers.get('ratelimit') ?? '')?.[1]);
    expect(first.headers.get('ratelimit-policy')).toContain(`"auth";q=${AUTH_LIMIT};w=60`);
    for (let i = 0; i < remaining; i++) expect((await attempt()).status).toBe(400);
    const limited = await attempt();
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('is not ready while its lock is lost (PostgreSQL ended the session), and ready again once it has taken it back', async () => {
    const [session] = await db.query<{ pid: number }>(
      `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name LIKE '%:single-instance'`,
    );
    await db.query('SELECT pg_terminate_backend($1)', [session.pid]);
    const notReady = await waitFor(async () => {
      const ready = await t.http.get('/health/ready');
      return ready.status === 503 && ready;
    });
    expect(notReady.body.details.instance).toMatchObject({ status: 'down', mode: 'single-instance' });
    await waitFor(async () => (await t.http.get('/health/ready')).status === 200, 10_000, 100);
    const [retaken] = await db.query<{ pid: number }>(
      `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name LIKE '%:single-instance'`,
    );
    expect(retaken.pid).not.toBe(session.pid);
  });

  it('opens no connection to Redis, nor to anything but PostgreSQL, and leaves no key in it', async () => {
    const postgresPort = new URL(t.config.DATABASE_URL).port || '5432';
    const appPort = new URL(t.baseUrl).port;
    const { remotes } = connections;
    expect(remotes).toContain(postgresPort);
    expect([...remotes].filter((remote) => remote !== postgresPort && remote !== appPort)).toEqual([]);
    connections.stop();
    const redis = new Redis(TEST_REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
    await redis.connect();
    try {
      expect(await redis.keys(`${t.config.REDIS_KEY_PREFIX}*`)).toEqual([]);
    } finally {
      redis.disconnect();
    }
  });
});

describe('a single instance killed after a commit, and a second one next to it', () => {
  const deployment = sharedDeployment({ redisUrl: '' });
  let db: BusProbe;
  let restarted: TestApp | undefined;
  let crash: ReturnType<typeof startCrashChild> | undefined;
  let second: ServerProcess | undefined;

  beforeAll(async () => {
    await deployment.createDatabase();
    db = await probeOf(deployment);
    await db.query(PROBE_TABLE_SQL);
  });
  afterAll(async () => {
    for (const child of [crash?.child, second?.child])
      if (child?.exitCode === null && child.signalCode === null) child.kill('SIGKILL'); // not stop(): it would drop the database
    await restarted?.close();
    await db?.close();
    await deployment.dispose();
  });

  it(
    'delivers the committed event once the instance is back: the sweep finds it in PostgreSQL',
    async () => {
      const userId = randomUUID();
      crash = startCrashChild({ ...deployment.env, LOG_LEVEL: 'warn', CRASH_USER_ID: userId });
      expect(await crash.exited, crash.output()).toBe('SIGKILL');
      expect(await db.deliveriesOf(USER_REGISTERED, userId, PROBE_SUBSCRIBER)).toEqual([
        expect.objectContaining({ status: 'pending', attempts: 0 }),
      ]);

      // The killed instance's session (and its lock) ends as PostgreSQL sees the socket close: the restart waits for it if need be.
      restarted = await startInstance(deployment, { BUS_SWEEP_INTERVAL_MS: '100', BUS_RECOVERY_AFTER_MS: '100' }, [
        ProbeModule,
      ]);
      expect(await db.settled(USER_REGISTERED, userId, PROBE_SUBSCRIBER)).toMatchObject({
        status: 'completed',
        attempts: 1,
      });
      expect(await db.receivedFor(userId)).toHaveLength(1);
    },
    PROCESS_TEST_TIMEOUT_MS,
  );

  it(
    'refuses a second instance on the same database: the process exits 1 with one line that says what to set',
    async () => {
      second = await startServerProcess({ ...NO_REDIS, DATABASE_URL: deployment.databaseUrl });
      expect(await second.exited).toBe(1);
      expect(second.output().trim().split('\n')).toEqual([
        expect.stringMatching(
          /^Refusing to start: another instance runs without Redis on this database \(PostgreSQL session \d+.*\).*set REDIS_URL on every instance/,
        ),
      ]);
      expect((await restarted!.http.get('/health/ready')).status).toBe(200);
    },
    PROCESS_TEST_TIMEOUT_MS,
  );
});
