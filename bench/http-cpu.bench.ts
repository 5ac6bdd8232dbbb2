/**
 * `npx tsx bench/http-cpu.bench.ts`: CPU per request of the platform's GET /health/live against bare Nest's, the
 * figure bench:http's throughput ratio stands for, without its noise. Throughput on this box moves with whatever else
 * shares the 2 cores; CPU seconds the server process spent per answered request hardly do. Alternating rounds of a
 * fixed number of requests each, read from /proc/<pid>/stat; prints one JSON line with the medians and their ratio
 * (bare Nest's CPU per request over the platform's: comparable to bench:http's healthLiveVsBareNest).
 *
 * Env: BENCH_ROUNDS (default 6), BENCH_REQUESTS per round (default 100000), BENCH_APP_NODE_ARGS as in bench:http
 * (BENCH_BARE_NODE_ARGS the same for bare Nest), BENCH_POSTGRES_URL, REDIS_URL. Tracing and log level as bench:http's.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import autocannon from 'autocannon';
import { freePort, startNode, stopChild, waitForOk } from './support/children';
import { baselineChildEnv } from './support/http/baseline-env';
import { log } from './support/log';
import { startPlatform } from './support/platform-process';
import { cleanups, runBench } from './support/run-bench';

const ROOT = resolve(__dirname, '..');
const POSTGRES_URL = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 6);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 100_000);
const TICKS_PER_SECOND = 100;

function cpuSeconds(child: ChildProcess): number {
  const stat = readFileSync(`/proc/${child.pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

/** Microseconds of the server's CPU per request, and its requests per second, over `amount` requests. */
async function round(url: string, child: ChildProcess, amount: number): Promise<{ cpuUs: number; rps: number }> {
  const before = cpuSeconds(child);
  const result = await autocannon({ url, connections: 50, pipelining: 1, amount });
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  const cpu = cpuSeconds(child) - before;
  return { cpuUs: Math.round((cpu / result.requests.total) * 1e7) / 10, rps: Math.round(result.requests.average) };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function run(): Promise<object> {
  const nodeArgs = (process.env.BENCH_APP_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const {
    base,
    env,
    child: platform,
  } = await startPlatform({ postgresUrl: POSTGRES_URL, redisUrl: REDIS_URL, nodeArgs });
  const barePort = await freePort();
  const bare = startNode(
    [
      ...(process.env.BENCH_BARE_NODE_ARGS ?? '').split(' ').filter(Boolean),
      '--import',
      'tsx',
      join(__dirname, 'support/http/bare-nest.ts'),
    ],
    baselineChildEnv(env, barePort),
    ROOT,
  );
  cleanups.push(['stop bare Nest', () => stopChild(bare)]);
  const platformUrl = `${base}/health/live`;
  const bareUrl = `http://127.0.0.1:${barePort}/health/live`;
  await Promise.all([waitForOk(platformUrl, platform, 60_000), waitForOk(bareUrl, bare, 60_000)]);
  log('warming up');
  await round(platformUrl, platform, REQUESTS / 2);
  await round(bareUrl, bare, REQUESTS / 2);
  const rounds: Array<{ platform: { cpuUs: number; rps: number }; bareNest: { cpuUs: number; rps: number } }> = [];
  for (let i = 0; i < ROUNDS; i++) {
    const platformRound = await round(platformUrl, platform, REQUESTS);
    const bareRound = await round(bareUrl, bare, REQUESTS);
    rounds.push({ platform: platformRound, bareNest: bareRound });
    log(`round ${i + 1}: platform ${JSON.stringify(platformRound)}, bare Nest ${JSON.stringify(bareRound)}`);
  }
  const platformCpu = median(rounds.map((r) => r.platform.cpuUs));
  const bareCpu = median(rounds.map((r) => r.bareNest.cpuUs));
  return {
    bench: 'http-cpu',
    requestsPerRound: REQUESTS,
    cpuUsPerRequest: { platform: platformCpu, bareNest: bareCpu },
    rps: { platform: median(rounds.map((r) => r.platform.rps)), bareNest: median(rounds.map((r) => r.bareNest.rps)) },
    bareNestCpuOverPlatformCpu: Math.round((bareCpu / platformCpu) * 1000) / 1000,
  };
}

void runBench(run);
