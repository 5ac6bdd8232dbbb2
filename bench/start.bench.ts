/**
 * `npm run bench:start`: how long `node dist/main.js` takes to be ready, and how much memory it holds idle, on the
 * embedded PostgreSQL (DATABASE_URL unset) against the same app on the machine's PostgreSQL, in the same run.
 *
 * - Ready: from spawning the process to the summary it prints once it listens (after migrations, the modules'
 *   start and listen).
 * - First start: a fresh DATA_DIR on the embedded side (initdb, a new database, every migration); a fresh database
 *   on the external side (every migration).
 * - Warm start: the same DATA_DIR / database again, BENCH_START_ROUNDS (3) times, embedded and external
 *   interleaved so that both see the same machine; medians. Goal: embedded warm ≤ 1.5 × external warm.
 * - Idle memory, BENCH_IDLE_MS (5 s) after the last warm start was ready: the app's RSS (goal ≤ 200 MB), and
 *   PostgreSQL's: the postmaster's RSS and the PSS of all its processes (shared buffers counted once).
 * Prints one JSON line; progress on stderr. Goals are reported, never enforced.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { stopChild } from './support/children';
import { log } from './support/log';
import { cleanups, runBench } from './support/run-bench';
import { deleteRedisKeys, dropDatabase } from './support/resources';

const ROOT = resolve(__dirname, '..');
const POSTGRES_URL = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const ROUNDS = Number(process.env.BENCH_START_ROUNDS ?? 3);
const IDLE_MS = Number(process.env.BENCH_IDLE_MS ?? 5_000);
const GOAL_WARM_RATIO = 1.5;
const GOAL_APP_RSS_MB = 200;

interface Started {
  child: ChildProcess;
  readyMs: number;
}

/** What `npm start` runs after `exec node`: its flags and dist/main.js. */
const START_ARGS = (
  JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } }
).scripts.start
  .replace(/^exec node /, '')
  .split(' ');

/** Starts the platform as `npm start` does and resolves when it prints that it listens. */
async function startAndTime(env: NodeJS.ProcessEnv): Promise<Started> {
  const started = performance.now();
  const child = spawn(process.execPath, START_ARGS, { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  await new Promise<void>((ready, fail) => {
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
      if (stderr.includes('listening on http')) ready();
    });
    child.once('exit', (code) => fail(new Error(`the platform exited (${code}) before it was ready:\n${stderr}`)));
  });
  return { child, readyMs: Math.round(performance.now() - started) };
}

function rssMb(pid: number): number {
  const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]);
  return Math.round(kb / 1024);
}

/** Proportional set size: a page shared by N processes counts 1/N in each, so the sum is what they hold together. */
function pssMb(pid: number): number {
  const kb = Number(/^Pss:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'))![1]);
  return kb / 1024;
}

/** The embedded server's processes: every `postgres` whose command line names the data directory. */
function postgresPids(dataDir: string): { postmaster: number; all: number[] } {
  const postmaster = Number(readFileSync(join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0]);
  const all = readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .map(Number)
    .filter((pid) => {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        return pid === postmaster || Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === postmaster;
      } catch {
        return false;
      }
    });
  return { postmaster, all };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

void runBench(async () => {
  const stamp = Date.now();
  const redisPrefix = `bench_start_${stamp}:`;
  const database = `superapp_bench_start_${stamp}`;
  const embeddedDir = mkdtempSync(join(tmpdir(), 'superapp-bench-embedded-'));
  const externalDir = mkdtempSync(join(tmpdir(), 'superapp-bench-external-'));
  chmodSync(embeddedDir, 0o755); // run as root, PostgreSQL runs as the system user postgres
  cleanups.push([
    'remove data dirs',
    () =>
      Promise.all([
        rm(embeddedDir, { recursive: true, force: true }),
        rm(externalDir, { recursive: true, force: true }),
      ]),
  ]);
  cleanups.push([`drop database ${database}`, () => dropDatabase(POSTGRES_URL, database)]);
  cleanups.push([`delete Redis keys ${redisPrefix}*`, () => deleteRedisKeys(REDIS_URL, redisPrefix)]);
  const base = {
    PATH: process.env.PATH,
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'warn',
    REDIS_URL,
    REDIS_KEY_PREFIX: redisPrefix,
  };
  const embeddedEnv = { ...base, DATABASE_URL: '', DATA_DIR: embeddedDir };
  const externalEnv = { ...base, DATABASE_URL: `${POSTGRES_URL}/${database}`, DATA_DIR: externalDir };

  const runOnce = async (env: NodeJS.ProcessEnv, what: string): Promise<number> => {
    const { child, readyMs } = await startAndTime(env);
    log(`${what}: ready in ${readyMs} ms`);
    await stopChild(child, 30_000);
    return readyMs;
  };

  const embeddedFirst = await runOnce(embeddedEnv, 'embedded, first start (initdb, migrations)');
  const externalFirst = await runOnce(externalEnv, 'external, first start (new database, migrations)');
  const embeddedWarm: number[] = [];
  const externalWarm: number[] = [];
  for (let round = 1; round < ROUNDS; round++) {
    embeddedWarm.push(await runOnce(embeddedEnv, `embedded, warm start ${round}`));
    externalWarm.push(await runOnce(externalEnv, `external, warm start ${round}`));
  }

  // The last warm starts stay up for the memory figures.
  const external = await startAndTime(externalEnv);
  externalWarm.push(external.readyMs);
  const embedded = await startAndTime(embeddedEnv);
  embeddedWarm.push(embedded.readyMs);
  cleanups.push([
    'stop the platforms',
    () => Promise.all([stopChild(embedded.child, 30_000), stopChild(external.child, 30_000)]),
  ]);
  log(`idle for ${IDLE_MS} ms`);
  await sleep(IDLE_MS); // the idle period being measured, not a wait for a condition
  const postgres = postgresPids(embeddedDir);

  const warmEmbedded = median(embeddedWarm);
  const warmExternal = median(externalWarm);
  const appRss = rssMb(embedded.child.pid!);
  return {
    bench: 'start',
    rounds: ROUNDS,
    firstStartMs: { embedded: embeddedFirst, external: externalFirst },
    warmStartMs: {
      embedded: warmEmbedded,
      external: warmExternal,
      embeddedAll: embeddedWarm,
      externalAll: externalWarm,
    },
    warmRatio: Number((warmEmbedded / warmExternal).toFixed(2)),
    goalWarmRatio: GOAL_WARM_RATIO,
    warmRatioMet: warmEmbedded <= GOAL_WARM_RATIO * warmExternal,
    idleRssMb: {
      appEmbedded: appRss,
      appExternal: rssMb(external.child.pid!),
      postgresPostmaster: rssMb(postgres.postmaster),
    },
    idlePostgresPssMb: Math.round(postgres.all.reduce((sum, pid) => sum + pssMb(pid), 0)),
    postgresProcesses: postgres.all.length,
    goalAppRssMb: GOAL_APP_RSS_MB,
    appRssMet: appRss <= GOAL_APP_RSS_MB,
  };
});
