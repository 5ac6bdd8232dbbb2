/**
 * `npm run bench:wallet`: the full ledger path over HTTP against a peer and a floor that do the same work, in one run.
 *
 * Starts the platform (`node dist/main.js`, NODE_ENV=production, a fresh database and Redis prefix), signs up
 * BENCH_WALLET_USERS users (64) and funds each from a sandbox card. Then, at each concurrency of BENCH_CLIENTS
 * (`8,64`), clients send person-to-person transfers between random users for BENCH_DURATION seconds (20), each POST
 * with a fresh Idempotency-Key, as a client would (authentication, rate limit, validation, idempotency record,
 * account locks, entries, balances, audit chain, outbox event); afterwards the ledger must reconcile
 * (GET /wallet/admin/reconciliation): a fast run with dirty books fails. The platform is then stopped, and on a
 * database of their own, with the same users and tokens:
 *  - the peer (support/wallet/peer.ts): Nest + Fastify + passport-jwt + ValidationPipe + nestjs-pino + TypeORM, one
 *    transaction per transfer (idempotency row, both accounts locked, transfer, entries, balances, outbox row);
 *  - the floor: pgbench running that same per-transfer SQL (support/wallet/transfer.pgbench.sql, prepared
 *    statements) at the same concurrency;
 *  - and, kept for its history, pgbench's built-in TPC-B-like script at the first concurrency (scale 10).
 * Both baselines' books must balance too. Prints one JSON line (the first concurrency's figures at the top level,
 * as before; every concurrency under `byClients`; ratios and goals); progress goes to stderr.
 *
 * Env: BENCH_DURATION, BENCH_CLIENTS, BENCH_WALLET_USERS, BENCH_LOG_LEVEL, BENCH_POSTGRES_URL, REDIS_URL, BENCH_APP_NODE_ARGS.
 *
 * Inherent on this box: the load generator (autocannon, in this process), the server, PostgreSQL and Redis share
 * 2 cores; pgbench's clients are C. The goals are reported, never enforced.
 */
import { execFile } from 'node:child_process';
import { randomInt, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import autocannon from 'autocannon';
import { freePort, startNode, stopChild, waitForOk } from './support/children';
import { baselineChildEnv } from './support/http/baseline-env';
import { log } from './support/log';
import { startPlatform } from './support/platform-process';
import { createDatabase, dropDatabase } from './support/resources';
import { cleanups, runBench } from './support/run-bench';
import { createLedger, ledgerBalances } from './support/wallet/schema';

const POSTGRES_URL = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const GOAL_RATIO = 1.0;
/** Goals at the highest concurrency (group commit beats one transaction per transfer) and at 8 (latency rules). */
const GOALS = { peerAtHigh: 3, floorAtHigh: 1.5, floorAt8: 0.5 };
const ROOT = join(__dirname, '..');
const FLOOR_SCRIPT = join(__dirname, 'support/wallet/transfer.pgbench.sql');
const PGBENCH_SCALE = 10;
const WARMUP_SECONDS = 2;
const FUNDING = 100_000_000;
const run$ = promisify(execFile);

function positive(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value <= 0)
    throw new Error(`${name} must be a positive whole number, got "${process.env[name]}"`);
  return value;
}

interface User {
  id: string;
  token: string;
}

async function call<T = any>(
  base: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: T }> {
  const response = await fetch(base + path, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

async function expectStatus<T = any>(
  what: string,
  expected: number,
  pending: Promise<{ status: number; body: T }>,
): Promise<T> {
  const { status, body } = await pending;
  if (status !== expected) throw new Error(`${what}: expected ${expected}, got ${status}: ${JSON.stringify(body)}`);
  return body;
}

async function signUpFunded(base: string, email = `bench-${randomUUID()}@example.com`): Promise<User> {
  const password = `bench ${randomUUID()}`;
  const { id } = await expectStatus(
    'register',
    201,
    call(base, 'POST', '/identity/register', { email, password, displayName: 'Bench User' }),
  );
  const { accessToken: token } = await expectStatus(
    'login',
    200,
    call(base, 'POST', '/identity/login', { email, password }),
  );
  const auth = { authorization: `Bearer ${token}` };
  for (const deadline = Date.now() + 30_000; ;) {
    const accounts = await call(base, 'GET', '/wallet/accounts', undefined, auth);
    if (accounts.body?.items?.length) break;
    if (Date.now() > deadline) throw new Error('the wallet did not open within 30 s');
    await new Promise((r) => setTimeout(r, 20));
  }
  const card = await expectStatus(
    'add card',
    201,
    call(
      base,
      'POST',
      '/wallet/instruments/cards',
      { number: '4242424242424242', expMonth: 12, expYear: new Date().getUTCFullYear() + 5, cvc: '123' },
      auth,
    ),
  );
  await expectStatus(
    'top up',
    201,
    call(
      base,
      'POST',
      '/wallet/top-ups',
      { instrumentId: card.id, amount: FUNDING, currency: 'EUR' },
      { ...auth, 'idempotency-key': randomUUID() },
    ),
  );
  return { id, token };
}

/**
 * `clients` connections sending transfers between random users for `seconds` (autocannon: the load generator
 * must cost far less CPU than the server it measures, which Node's fetch does not on 2 cores). Each request gets
 * its own Idempotency-Key.
 */
async function transferLoad(
  base: string,
  users: User[],
  clients: number,
  seconds: number,
): Promise<{ rps: number; total: number; p50Ms: number; p99Ms: number; other: Record<string, number> }> {
  const result = await autocannon({
    url: base,
    connections: clients,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        path: '/wallet/transfers',
        setupRequest: (request) => {
          const from = randomInt(users.length);
          const to = (from + 1 + randomInt(users.length - 1)) % users.length;
          request.headers = {
            'content-type': 'application/json',
            authorization: `Bearer ${users[from].token}`,
            'idempotency-key': randomUUID(),
          };
          request.body = JSON.stringify({ toUserId: users[to].id, amount: 1 + randomInt(100), currency: 'EUR' });
          return request;
        },
      },
    ],
  });
  const other = Object.fromEntries(
    Object.entries(result.statusCodeStats)
      .filter(([status]) => status !== '201')
      .map(([status, { count }]) => [status, count]),
  );
  if (result.errors || result.timeouts) other.errors = result.errors + result.timeouts;
  return {
    rps: Math.round(result['2xx'] / seconds),
    total: result['2xx'],
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    other,
  };
}

function tpsOf(stdout: string): number {
  const tps = /tps = ([\d.]+) \(without initial connection time\)/.exec(stdout) ?? /tps = ([\d.]+)/.exec(stdout);
  if (!tps) throw new Error(`pgbench printed no tps:\n${stdout}`);
  return Number(tps[1]);
}

/** pgbench's built-in TPC-B-like script on a fresh database (the first baseline, kept for its history). */
async function tpcB(serverUrl: string, database: string, clients: number, seconds: number): Promise<number> {
  const url = `${serverUrl}/${database}`;
  await run$('pgbench', ['-q', '-i', '-s', String(PGBENCH_SCALE), url], { maxBuffer: 16 * 1024 * 1024 });
  const { stdout } = await run$('pgbench', ['-c', String(clients), '-j', '2', '-T', String(seconds), url], {
    maxBuffer: 16 * 1024 * 1024,
  });
  return tpsOf(stdout);
}

/** The floor: the peer's per-transfer SQL as a pgbench script, prepared statements, `clients` connections. */
async function floorTransfers(url: string, accounts: number, clients: number, seconds: number) {
  const result = await run$(
    'pgbench',
    [
      '-n',
      '-M',
      'prepared',
      '-f',
      FLOOR_SCRIPT,
      '-D',
      `accounts=${accounts}`,
      '-c',
      String(clients),
      '-j',
      '2',
      '-T',
      String(seconds),
      '-r',
      url,
    ],
    { maxBuffer: 16 * 1024 * 1024 },
  );
  const latency = /latency average = ([\d.]+) ms/.exec(result.stdout);
  const failed = /number of failed transactions: (\d+)/.exec(result.stdout);
  return {
    rps: Math.round(tpsOf(result.stdout)),
    latencyAverageMs: latency ? Number(latency[1]) : null,
    failed: failed ? Number(failed[1]) : 0,
  };
}

type Load = Awaited<ReturnType<typeof transferLoad>>;

/** Warm-up, then one measured run per concurrency. */
async function loadAtEach(name: string, base: string, users: User[], concurrencies: number[], seconds: number) {
  const results: Record<number, Load> = {};
  log(`${name}: warm-up ${WARMUP_SECONDS} s`);
  await transferLoad(base, users, concurrencies[0], WARMUP_SECONDS);
  for (const clients of concurrencies) {
    const load = await transferLoad(base, users, clients, seconds);
    log(
      `${name}: ${clients} clients: ${load.total} in ${seconds} s = ${load.rps}/s; p50 ${load.p50Ms} ms, p99 ${load.p99Ms} ms; other answers ${JSON.stringify(load.other)}`,
    );
    // A 401 (an expired token), a 429 or a 5xx would inflate the others' ratios: such a run measures nothing.
    if (Object.keys(load.other).length)
      throw new Error(`${name} answered other than 201 at ${clients} clients: ${JSON.stringify(load.other)}`);
    results[clients] = load;
  }
  return results;
}

function concurrencies(): number[] {
  const raw = process.env.BENCH_CLIENTS ?? '8,64';
  const values = raw.split(',').map(Number);
  if (!values.length || values.some((value) => !Number.isInteger(value) || value <= 0))
    throw new Error(`BENCH_CLIENTS must be positive whole numbers separated by commas, got "${raw}"`);
  return values;
}

const ratio = (a: number, b: number) => Math.round((a / b) * 1000) / 1000;

async function run(): Promise<object> {
  const seconds = positive('BENCH_DURATION', 20);
  const levels = concurrencies();
  const [first] = levels;
  const high = Math.max(...levels);
  const userCount = positive('BENCH_WALLET_USERS', 64);
  const stamp = Date.now();
  const adminEmail = `bench-admin-${randomUUID()}@example.com`;
  // e.g. BENCH_APP_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" to see where the platform's CPU goes
  const platform = await startPlatform({
    postgresUrl: POSTGRES_URL,
    redisUrl: REDIS_URL,
    nodeArgs: (process.env.BENCH_APP_NODE_ARGS ?? '').split(/\s+/).filter(Boolean),
    extraEnv: {
      ADMIN_EMAIL: adminEmail,
      AUTH_RATE_LIMIT_PER_MINUTE: '10000',
      WALLET_TRANSACTION_LIMIT: '1000000000',
      WALLET_DAILY_LIMIT: '1000000000',
    },
  });
  const { base } = platform;

  log(`signing up and funding ${userCount} users`);
  const users: User[] = [];
  while (users.length < userCount)
    users.push(
      ...(await Promise.all(Array.from({ length: Math.min(8, userCount - users.length) }, () => signUpFunded(base)))),
    );
  const admin = await signUpFunded(base, adminEmail);

  const platformLoads = await loadAtEach('platform', base, users, levels, seconds);
  const report = await expectStatus(
    'reconciliation',
    200,
    call(base, 'GET', '/wallet/admin/reconciliation', undefined, { authorization: `Bearer ${admin.token}` }),
  );
  log(
    `reconciliation: ${report.clean ? 'clean' : 'DIRTY'} (${report.transfers} transfers, ${report.auditRecords} audit records)`,
  );
  if (!report.clean)
    throw new Error(`the ledger does not reconcile: ${JSON.stringify(report.discrepancies.slice(0, 5))}`);
  await platform.stop();

  const ledgerDatabase = `superapp_bench_${stamp}_ledger`;
  const ledgerUrl = `${POSTGRES_URL}/${ledgerDatabase}`;
  cleanups.push([`drop database ${ledgerDatabase}`, () => dropDatabase(POSTGRES_URL, ledgerDatabase)]);
  await createDatabase(POSTGRES_URL, ledgerDatabase);
  await createLedger(
    ledgerUrl,
    users.map((user) => user.id),
    FUNDING,
  );
  const peerPort = await freePort();
  const peer = startNode(
    ['--import', 'tsx', join(__dirname, 'support/wallet/peer.ts')],
    baselineChildEnv(platform.env, peerPort, ledgerUrl),
    ROOT,
  );
  cleanups.push(['stop the peer', () => stopChild(peer)]);
  const peerBase = `http://127.0.0.1:${peerPort}`;
  await waitForOk(`${peerBase}/health/live`, peer, 60_000);
  const peerLoads = await loadAtEach('peer', peerBase, users, levels, seconds);
  await stopChild(peer);

  const floorLoads: Record<number, Awaited<ReturnType<typeof floorTransfers>>> = {};
  for (const clients of levels) {
    floorLoads[clients] = await floorTransfers(ledgerUrl, users.length, clients, seconds);
    log(
      `floor: ${clients} clients: ${floorLoads[clients].rps}/s, latency average ${floorLoads[clients].latencyAverageMs} ms`,
    );
  }
  const books = await ledgerBalances(ledgerUrl, users.length, FUNDING);
  log(`peer and floor books: ${books.clean ? 'balanced' : 'UNBALANCED'} (${books.transfers} transfers)`);
  if (!books.clean) throw new Error('the peer and floor ledger does not balance');

  const pgbenchDatabase = `superapp_bench_${stamp}_pgbench`;
  cleanups.push([`drop database ${pgbenchDatabase}`, () => dropDatabase(POSTGRES_URL, pgbenchDatabase)]);
  await createDatabase(POSTGRES_URL, pgbenchDatabase);
  log(`pgbench: TPC-B-like, scale ${PGBENCH_SCALE}, -c ${first} -j 2 -T ${seconds}`);
  const tps = await tpcB(POSTGRES_URL, pgbenchDatabase, first, seconds);
  log(`pgbench: ${tps} tps`);

  const load = platformLoads[first];
  const tpcBRatio = ratio(load.rps, tps);
  const byClients = Object.fromEntries(
    levels.map((clients) => [
      clients,
      {
        platform: platformLoads[clients],
        peer: peerLoads[clients],
        floor: floorLoads[clients],
        vsPeer: ratio(platformLoads[clients].rps, peerLoads[clients].rps),
        vsFloor: ratio(platformLoads[clients].rps, floorLoads[clients].rps),
      },
    ]),
  );
  const atHigh = byClients[high];
  const at8 = byClients[8];
  return {
    bench: 'wallet',
    clients: first,
    seconds,
    transfers: load.total,
    transfersPerSecond: load.rps,
    p50Ms: load.p50Ms,
    p99Ms: load.p99Ms,
    otherAnswers: load.other,
    pgbench: { tps: Math.round(tps), clients: first, scale: PGBENCH_SCALE },
    ratio: tpcBRatio,
    reconciliation: { clean: report.clean, transfers: report.transfers, auditRecords: report.auditRecords },
    goal: { ratio: GOAL_RATIO, met: tpcBRatio >= GOAL_RATIO },
    byClients,
    baselineBooks: books,
    goals: {
      [`vsPeerAt${high}`]: { goal: GOALS.peerAtHigh, ratio: atHigh.vsPeer, met: atHigh.vsPeer >= GOALS.peerAtHigh },
      [`vsFloorAt${high}`]: {
        goal: GOALS.floorAtHigh,
        ratio: atHigh.vsFloor,
        met: atHigh.vsFloor >= GOALS.floorAtHigh,
      },
      ...(at8 && { vsFloorAt8: { goal: GOALS.floorAt8, ratio: at8.vsFloor, met: at8.vsFloor >= GOALS.floorAt8 } }),
    },
  };
}

void runBench(run);
