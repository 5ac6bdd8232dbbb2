/**
 * `npm run bench:http`: what the platform's request pipeline costs, against servers that do the same work.
 *
 * Starts, as child processes: the real platform (`node dist/main.js`, NODE_ENV=production, on a fresh
 * database and Redis prefix); a bare Fastify hello-world (the first baseline, kept for its history); and three
 * baselines with the platform's route shapes, on the platform's database and accepting its tokens:
 * (a) bare Nest on Fastify, (b) the peer (Nest + Fastify + passport-jwt + ValidationPipe + nestjs-pino +
 * TypeORM findOne) and (c) the floor (Fastify + jose + one prepared node-pg query). All three load the
 * platform's OpenTelemetry instrumentation (the same tracing setting) and run at its log level, so tracing
 * and logging cost alike. Then loads each, one after the other, with the same settings.
 * Prints one JSON line on stdout; progress goes to stderr. Cleans up everything it made, also on failure.
 *
 * Env: BENCH_DURATION seconds per measured run (default 10), BENCH_LOG_LEVEL (default warn, see
 * support/platform.ts), BENCH_POSTGRES_URL, REDIS_URL. OTEL_SDK_DISABLED=true is passed through.
 * BENCH_APP_NODE_ARGS: extra node options for the platform's process only, space-separated, e.g.
 * `--cpu-prof --cpu-prof-dir=/tmp/prof` (the profile is written when the platform stops, at the end).
 *
 * Inherent on this box: autocannon runs in this process and shares the 2 CPU cores with the server under load
 * (and, for the platform, with PostgreSQL and Redis). Absolute numbers are lower than on a dedicated setup, and
 * the bare figure is partly capped by autocannon's own CPU, so compare ratios from one run, not across machines.
 * The goal is reported, never enforced: a slow run is not a failed run.
 * When the platform is stopped it may log errors for requests autocannon abandoned at the end of its last run.
 */
import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort, startNode, stopChild, waitForOk } from './support/children';
import { baselineChildEnv } from './support/http/baseline-env';
import { measure, type LoadSettings, type Summary } from './support/load';
import { log } from './support/log';
import { cleanups, runBench } from './support/run-bench';
import { platformEnv, signUp } from './support/platform';
import { freshResources } from './support/resources';

const ROOT = resolve(__dirname, '..');
const POSTGRES_URL = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const GOAL_IDENTITY_ME_VS_BARE = 0.5;
const GOALS = { healthLiveVsBareNest: 0.8, identityMeVsPeer: 1.5, identityMeVsFloor: 0.5 };

function durationSeconds(): number {
  const value = Number(process.env.BENCH_DURATION ?? 10);
  if (!Number.isFinite(value) || value <= 0)
    throw new Error(`BENCH_DURATION must be a positive number of seconds, got "${process.env.BENCH_DURATION}"`);
  return value;
}

function appNodeArgs(): string[] {
  return (process.env.BENCH_APP_NODE_ARGS ?? '').split(' ').filter(Boolean);
}

async function run(): Promise<object> {
  const settings: LoadSettings = {
    connections: 50,
    pipelining: 1,
    durationSeconds: durationSeconds(),
    warmupSeconds: 2,
  };
  const stamp = Date.now();

  const dataDir = mkdtempSync(join(tmpdir(), 'superapp-bench-'));
  cleanups.push(['remove temp dir', () => rm(dataDir, { recursive: true, force: true })]);

  const barePort = await freePort();
  const bare = startNode(
    ['--import', 'tsx', join(__dirname, 'support/bare-server.ts')],
    { ...process.env, PORT: String(barePort) },
    ROOT,
  );
  cleanups.push(['stop bare server', () => stopChild(bare)]);

  const { database, redisPrefix } = await freshResources(stamp, POSTGRES_URL, REDIS_URL, cleanups, log);

  const port = await freePort();
  const env = platformEnv({
    port,
    databaseUrl: `${POSTGRES_URL}/${database}`,
    redisUrl: REDIS_URL,
    redisPrefix,
    dataDir,
  });
  log(
    `starting the platform on port ${port} (LOG_LEVEL=${env.LOG_LEVEL}, tracing ${env.OTEL_SDK_DISABLED === 'true' ? 'off' : 'on'})`,
  );
  const platform = startNode([...appNodeArgs(), 'dist/main.js'], env, ROOT);
  cleanups.push(['stop platform', () => stopChild(platform)]);

  const bareUrl = `http://127.0.0.1:${barePort}`;
  const platformUrl = `http://127.0.0.1:${port}`;
  await Promise.all([
    waitForOk(`${bareUrl}/`, bare, 30_000),
    waitForOk(`${platformUrl}/health/ready`, platform, 60_000),
  ]);
  const token = await signUp(platformUrl);
  log('the platform is ready, user signed up; starting the baselines with its database and key');
  const baselines: Record<'bareNest' | 'peer' | 'floor', string> = { bareNest: '', peer: '', floor: '' };
  for (const name of Object.keys(baselines) as Array<keyof typeof baselines>) {
    const baselinePort = await freePort();
    const file = { bareNest: 'bare-nest.ts', peer: 'peer.ts', floor: 'floor.ts' }[name];
    const child = startNode(
      ['--import', 'tsx', join(__dirname, 'support/http', file)],
      baselineChildEnv(env, baselinePort),
      ROOT,
    );
    cleanups.push([`stop ${name}`, () => stopChild(child)]);
    baselines[name] = `http://127.0.0.1:${baselinePort}`;
    await waitForOk(`${baselines[name]}/health/live`, child, 60_000);
  }
  log('all servers ready');
  const bearer = { authorization: `Bearer ${token}` };

  const bareResult = await measure('bare', `${bareUrl}/`, settings);
  const healthLive = await measure('healthLive', `${platformUrl}/health/live`, settings);
  const identityMe = await measure('identityMe', `${platformUrl}/identity/me`, settings, bearer);
  const bareNestHealthLive = await measure('bareNestHealthLive', `${baselines.bareNest}/health/live`, settings);
  const peerHealthLive = await measure('peerHealthLive', `${baselines.peer}/health/live`, settings);
  const peerIdentityMe = await measure('peerIdentityMe', `${baselines.peer}/identity/me`, settings, bearer);
  const floorHealthLive = await measure('floorHealthLive', `${baselines.floor}/health/live`, settings);
  const floorIdentityMe = await measure('floorIdentityMe', `${baselines.floor}/identity/me`, settings, bearer);

  const ratioTo = (baseline: Summary) => (result: Summary) => Math.round((result.rps / baseline.rps) * 1000) / 1000;
  const ratio = ratioTo(bareResult);
  const identityMeVsBare = ratio(identityMe);
  const like = {
    healthLiveVsBareNest: ratioTo(bareNestHealthLive)(healthLive),
    identityMeVsPeer: ratioTo(peerIdentityMe)(identityMe),
    identityMeVsFloor: ratioTo(floorIdentityMe)(identityMe),
  };
  return {
    bench: 'http',
    durationSeconds: settings.durationSeconds,
    connections: settings.connections,
    bare: bareResult,
    healthLive,
    identityMe,
    baselines: {
      bareNest: { healthLive: bareNestHealthLive },
      peer: { healthLive: peerHealthLive, identityMe: peerIdentityMe },
      floor: { healthLive: floorHealthLive, identityMe: floorIdentityMe },
    },
    ratios: { healthLiveVsBare: ratio(healthLive), identityMeVsBare, ...like },
    goal: { identityMeVsBare: GOAL_IDENTITY_ME_VS_BARE, met: identityMeVsBare >= GOAL_IDENTITY_ME_VS_BARE },
    goals: Object.fromEntries(
      Object.entries(GOALS).map(([name, goal]) => [name, { goal, met: like[name as keyof typeof like] >= goal }]),
    ),
  };
}

void runBench(run);
