/**
 * `npm run bench:wallet`: the full ledger path over HTTP against raw TPC-B transactions on the same PostgreSQL.
 *
 * Starts the platform (`node dist/main.js`, NODE_ENV=production, a fresh database and Redis prefix), signs up
 * BENCH_WALLET_USERS users (64) and funds each from a sandbox card. Then BENCH_CLIENTS (8) concurrent clients
 * send person-to-person transfers between random users for BENCH_DURATION seconds (20), each POST with a fresh
 * Idempotency-Key, as a client would (authentication, rate limit, validation, idempotency record, account locks,
 * entries, balances, audit chain, outbox event). Then, with the platform idle, pgbench's built-in TPC-B-like
 * script (`pgbench -c 8 -j 2 -T <duration>`, scale 10) runs on a fresh database of the same server.
 * Afterwards the ledger must reconcile (GET /wallet/admin/reconciliation): a fast run with dirty books fails.
 * Prints one JSON line: transfers/s, p50/p99, pgbench tps and the ratio; progress goes to stderr.
 *
 * Env: BENCH_DURATION, BENCH_CLIENTS, BENCH_WALLET_USERS, BENCH_LOG_LEVEL, BENCH_POSTGRES_URL, REDIS_URL, BENCH_APP_NODE_ARGS.
 *
 * Inherent on this box: the load generator (autocannon, in this process), the platform, PostgreSQL and Redis
 * share 2 cores; pgbench's clients are C. The goal is reported, never enforced.
 */
import { execFile } from 'node:child_process';
import { randomInt, randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import autocannon from 'autocannon';
import { log } from './support/log';
import { startPlatform } from './support/platform-process';
import { createDatabase, dropDatabase } from './support/resources';
import { cleanups, runBench } from './support/run-bench';

const POSTGRES_URL = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const GOAL_RATIO = 1.0;
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

async function pgbench(serverUrl: string, database: string, clients: number, seconds: number): Promise<number> {
  const url = `${serverUrl}/${database}`;
  await run$('pgbench', ['-q', '-i', '-s', String(PGBENCH_SCALE), url], { maxBuffer: 16 * 1024 * 1024 });
  const { stdout } = await run$('pgbench', ['-c', String(clients), '-j', '2', '-T', String(seconds), url], {
    maxBuffer: 16 * 1024 * 1024,
  });
  const tps = /tps = ([\d.]+) \(without initial connection time\)/.exec(stdout) ?? /tps = ([\d.]+)/.exec(stdout);
  if (!tps) throw new Error(`pgbench printed no tps:\n${stdout}`);
  return Number(tps[1]);
}

async function run(): Promise<object> {
  const seconds = positive('BENCH_DURATION', 20);
  const clients = positive('BENCH_CLIENTS', 8);
  const userCount = positive('BENCH_WALLET_USERS', 64);
  const stamp = Date.now();
  const adminEmail = `bench-admin-${randomUUID()}@example.com`;
  // e.g. BENCH_APP_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" to see where the platform's CPU goes
  const { base } = await startPlatform({
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

  log(`signing up and funding ${userCount} users`);
  const users: User[] = [];
  while (users.length < userCount)
    users.push(
      ...(await Promise.all(Array.from({ length: Math.min(8, userCount - users.length) }, () => signUpFunded(base)))),
    );
  const admin = await signUpFunded(base, adminEmail);

  log(`warm-up: ${WARMUP_SECONDS} s`);
  await transferLoad(base, users, clients, WARMUP_SECONDS);
  log(`transfers: ${clients} clients for ${seconds} s`);
  const load = await transferLoad(base, users, clients, seconds);
  log(
    `transfers: ${load.total} in ${seconds} s = ${load.rps}/s; p50 ${load.p50Ms} ms, p99 ${load.p99Ms} ms; other answers ${JSON.stringify(load.other)}`,
  );

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

  const pgbenchDatabase = `superapp_bench_${stamp}_pgbench`;
  cleanups.push([`drop database ${pgbenchDatabase}`, () => dropDatabase(POSTGRES_URL, pgbenchDatabase)]);
  await createDatabase(POSTGRES_URL, pgbenchDatabase);
  log(`pgbench: TPC-B-like, scale ${PGBENCH_SCALE}, -c ${clients} -j 2 -T ${seconds}, platform idle`);
  const tps = await pgbench(POSTGRES_URL, pgbenchDatabase, clients, seconds);
  log(`pgbench: ${tps} tps`);

  const ratio = Math.round((load.rps / tps) * 1000) / 1000;
  return {
    bench: 'wallet',
    clients,
    seconds,
    transfers: load.total,
    transfersPerSecond: load.rps,
    p50Ms: load.p50Ms,
    p99Ms: load.p99Ms,
    otherAnswers: load.other,
    pgbench: { tps: Math.round(tps), clients, scale: PGBENCH_SCALE },
    ratio,
    reconciliation: { clean: report.clean, transfers: report.transfers, auditRecords: report.auditRecords },
    goal: { ratio: GOAL_RATIO, met: ratio >= GOAL_RATIO },
  };
}

void runBench(run);
