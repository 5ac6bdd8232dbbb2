/**
 * `npm run bench:bus`: the governance bus under load, commit to completion.
 *
 * Starts the platform (compiled dist/, NODE_ENV=production, a fresh database and Redis prefix) as a child
 * process (support/bus-app.ts) with three bench-only subscribers of `identity.user-registered`
 * (support/bus-subscribers.ts; each INSERTs one row in its delivery's unit of work). The child publishes as a
 * use case would (one event per unit of work, as module `identity`); this process drives it over IPC and
 * reads the bus's own registry in PostgreSQL:
 *  - warm-up: 2 s at the steady rate (JIT, pools, BullMQ), not measured;
 *  - steady: BENCH_RATE (500) events/s for BENCH_DURATION s (10), paced by a timer, then until every delivery
 *    is settled; latency per delivery = `completed_at - events.recorded_at`, both on PostgreSQL's clock
 *    (`recorded_at` is the outbox INSERT, a round trip and a commit before the publish is visible;
 *    `completed_at` is the mark in the subscriber's transaction, just before its COMMIT);
 *  - saturation: BENCH_SATURATION_EVENTS (3,000) events published by BENCH_PUBLISHERS (8) concurrent loops,
 *    deliveries/s = deliveries / (last `completed_at` - first `recorded_at`); publish/s on the child's clock;
 *  - half saturation: steady again, at half the rate the saturation phase reached, for BENCH_DURATION s: its p99
 *    is judged against the goal (latency where a system is meant to run, not at an arbitrary rate).
 * Then it checks the effect was exactly once (one bench row per completed delivery, nothing failed), stops the
 * app, and measures the baseline on the same database: PostgreSQL alone running the bus's writes from pgbench for
 * BENCH_FLOOR_SECONDS (10), in batches as large as the dispatcher makes (support/bus-floor.ts), and the same
 * statements from bare Node (node-pg only). `ratio` is the app's saturation throughput over the first floor,
 * `vsBareNode` over the second.
 * Then between processes (`nats`, support/bus-over-nats.ts), on a bench-owned `nats-server -js` (a free port, its
 * store in a temporary directory): the same warm-up, saturation and half saturation with BUS_TRANSPORT=nats, a
 * publisher child and a subscriber child (the three bench subscribers) each on a fresh database; latency from the
 * outbox insert in the publisher's database to the completion mark in the subscriber's (one PostgreSQL server, one
 * clock), and the same exactly-once check. `nats.p99Ms` is the saturation phase's (compare `saturation.p99Ms`),
 * `nats.p99MsAtHalfSaturation` the half saturation's. Last, JetStream alone (`jetStreamAlone`,
 * support/jetstream-alone.ts): as many messages of the bus's size and settings, published as the relay does and
 * acknowledged by three durable pull consumers, no database. `nats.vsInProcess` is the NATS saturation throughput
 * over the in-process one of this run, `nats.vsJetStreamAlone` over JetStream alone.
 * Prints one JSON line on stdout; progress and a profile of each phase (CPU of app, PostgreSQL and Redis,
 * event-loop delay, PostgreSQL statements and Redis commands per delivery, WAL bytes) go to stderr.
 * Cleans up everything it made, also on failure. The goals are reported, never enforced.
 *
 * Env: BENCH_DURATION, BENCH_RATE, BENCH_SATURATION_EVENTS, BENCH_PUBLISHERS, BENCH_FLOOR_SECONDS, BENCH_LOG_LEVEL (warn),
 * BENCH_POSTGRES_URL, REDIS_URL; BENCH_NATS=0 skips the NATS phase and JetStream alone (`nats` and
 * `jetStreamAlone` are then null), BENCH_NATS_HALF=0 only the NATS half saturation; NATS_SERVER_BIN
 * (/usr/sbin/nats-server). The platform's own settings (BUS_WORKER_CONCURRENCY, DATABASE_POOL_SIZE,
 * OTEL_SDK_DISABLED…) pass through to the children; BENCH_APP_NODE_ARGS adds Node flags to every app child
 * (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to see where its CPU goes).
 *
 * Inherent on this box: the app (with its publishers), PostgreSQL and Redis share the 2 cores (with NATS: both
 * children and nats-server too); Redis and WAL figures are server-wide, so anything else running at the same
 * time shows in them.
 */
import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import Redis from 'ioredis';
import { Client } from 'pg';
import { NatsServer } from '../test/support/nats-server';
import type { PublishReport, StatsReport } from './support/bus-app';
import { perDelivery, startBusApp, statsDelta } from './support/bus-app-child';
import { bareNodeFloor, busFloor } from './support/bus-floor';
import { busOverNats } from './support/bus-over-nats';
import { jetStreamAlone, logJetStreamAlone } from './support/jetstream-alone';
import { log } from './support/log';
import { cleanups, runBench } from './support/run-bench';
import { platformEnv } from './support/platform';
import { freshResources } from './support/resources';
import { usage, usageSince, type UsageDelta } from './support/usage';

const POSTGRES_URL = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const GOALS = { p99MsAt500: 25, deliveriesPerSecond: 5_000 };
/** The framework adds nothing the bare-Node floor lacks; latency is judged at half the saturation rate of the same run. */
const LIKE_FOR_LIKE_GOALS = { vsBareNode: 1.0, p99MsAtHalfSaturation: 25 };
/** The dispatcher's largest batch: the floor always runs batches this big, the most favourable case. */
const { DELIVERY_BATCH_SIZE, deliveryConcurrency } =
  require('../dist/modules/governance-bus/application/delivery-dispatcher') as typeof import('../src/modules/governance-bus/application/delivery-dispatcher');
const WARMUP_SECONDS = 2;
/** No delivery settled for this long: something is stuck (a lease is 30 s by default), not slow. */
const STALL_SECONDS = 90;

function positiveNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  const value = Number(raw ?? fallback);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, got "${raw}"`);
  return value;
}

interface Phase {
  name: string;
  /** This process's own CPU during the phase (polling, IPC), seconds. */
  benchCpuSeconds: number;
  from: string;
  to: string;
  publish: PublishReport;
  usage: UsageDelta;
  app: StatsReport;
  deliveries: number;
}

async function run(): Promise<object> {
  const seconds = positiveNumber('BENCH_DURATION', 10);
  const rate = positiveNumber('BENCH_RATE', 500);
  const saturationEvents = Math.round(positiveNumber('BENCH_SATURATION_EVENTS', 3_000));
  const publishers = Math.round(positiveNumber('BENCH_PUBLISHERS', 8));
  const floorSeconds = positiveNumber('BENCH_FLOOR_SECONDS', 10);
  const overNats = process.env.BENCH_NATS !== '0';
  const { loadConfig } =
    require('../dist/platform/config/load-config') as typeof import('../src/platform/config/load-config');
  const stamp = Date.now();

  const dataDir = mkdtempSync(join(tmpdir(), 'superapp-bench-'));
  cleanups.push(['remove temp dir', () => rm(dataDir, { recursive: true, force: true })]);
  const { database, redisPrefix } = await freshResources(stamp, POSTGRES_URL, REDIS_URL, cleanups, log);

  const env = platformEnv({
    port: 0,
    databaseUrl: `${POSTGRES_URL}/${database}`,
    redisUrl: REDIS_URL,
    redisPrefix,
    dataDir,
  });
  /** Delivery batches the app runs at once; the bare-Node floor runs as many workers. */
  const concurrency = deliveryConcurrency(loadConfig(env));
  log(
    `starting the app (LOG_LEVEL=${env.LOG_LEVEL}, tracing ${env.OTEL_SDK_DISABLED === 'true' ? 'off' : 'on'}, ` +
      `BUS_WORKER_CONCURRENCY=${env.BUS_WORKER_CONCURRENCY ?? 'default'}, DATABASE_POOL_SIZE=${env.DATABASE_POOL_SIZE ?? 'default'})`,
  );
  const app = startBusApp(env);
  cleanups.push(['stop the app', () => app.stop()]);

  const postgres = new Client({ connectionString: `${POSTGRES_URL}/${database}`, application_name: 'bench-monitor' });
  await postgres.connect();
  cleanups.push(['close the monitor connection', () => postgres.end()]);
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  redis.on('error', () => undefined);
  await redis.connect();
  cleanups.push(['close the Redis monitor', async () => redis.disconnect()]);

  const { subscribers } = await app.ready(90_000);
  log(`app ready (pid ${app.pid}), subscribers: ${subscribers.join(', ')}`);

  const maxPosition = async () =>
    (await postgres.query<{ p: string }>(`SELECT coalesce(max(position), 0)::text AS p FROM bus.events`)).rows[0].p;

  // The app runs MODULES=identity (support/bus-app.ts), whose deliveries have a queue named after it (bullmq-delivery-queue.ts).
  const queueKey = `${redisPrefix}bull:bus-deliveries-identity`;
  /** Waits until no delivery is open (pending or processing); fails only if nothing moves for STALL_SECONDS. */
  const settled = async (name: string) => {
    let lastOpen = Infinity;
    let lastProgress = Date.now();
    let lastReport = Date.now();
    for (;;) {
      const open = Number(
        (await postgres.query(`SELECT count(*) AS n FROM bus.deliveries WHERE status IN ('pending', 'processing')`))
          .rows[0].n,
      );
      if (open === 0) return;
      if (Date.now() - lastReport >= 2_000) {
        lastReport = Date.now();
        const [waiting, active] = await Promise.all([redis.llen(`${queueKey}:wait`), redis.llen(`${queueKey}:active`)]);
        log(`${name}: ${open} deliveries open in PostgreSQL; BullMQ jobs waiting ${waiting}, active ${active}`);
      }
      if (open < lastOpen) {
        lastOpen = open;
        lastProgress = Date.now();
      } else if (Date.now() - lastProgress > STALL_SECONDS * 1000) {
        const byStatus = (await postgres.query(`SELECT status, count(*)::int AS n FROM bus.deliveries GROUP BY status`))
          .rows;
        throw new Error(
          `${name}: no delivery settled for ${STALL_SECONDS} s; deliveries by status: ${JSON.stringify(byStatus)}`,
        );
      }
      await sleep(100); // poll interval
    }
  };

  const phase = async (name: string, publish: () => Promise<PublishReport>): Promise<Phase> => {
    const from = await maxPosition();
    const statsBefore = await app.request<StatsReport>({ type: 'stats' });
    const before = await usage(postgres, redis);
    const benchCpu = process.cpuUsage();
    const report = await publish();
    if (report.failed) throw new Error(`${name}: ${report.failed} publishes failed; the first: ${report.firstError}`);
    log(
      `${name}: ${report.published} events published in ${report.seconds.toFixed(2)} s; waiting for their deliveries`,
    );
    await settled(name);
    const delta = await usageSince(before, postgres, redis);
    const benchUsed = process.cpuUsage(benchCpu);
    const statsAfter = await app.request<StatsReport>({ type: 'stats' });
    const to = await maxPosition();
    const { n } = (
      await postgres.query(`SELECT count(*)::int AS n FROM bus.deliveries WHERE position > $1 AND position <= $2`, [
        from,
        to,
      ])
    ).rows[0];
    const expected = report.published * subscribers.length;
    if (n !== expected)
      throw new Error(
        `${name}: ${n} deliveries recorded for ${report.published} events and ${subscribers.length} subscribers (expected ${expected})`,
      );
    return {
      name,
      benchCpuSeconds: (benchUsed.user + benchUsed.system) / 1e6,
      from,
      to,
      publish: report,
      usage: delta,
      app: statsDelta(statsBefore, statsAfter),
      deliveries: n,
    };
  };

  const latency = async ({ from, to }: Phase) =>
    (
      await postgres.query(
        `WITH l AS (
           SELECT e.recorded_at, d.completed_at,
                  extract(epoch FROM d.completed_at - e.recorded_at) * 1000 AS total,
                  extract(epoch FROM r.received_at - e.recorded_at) * 1000 AS reach,
                  extract(epoch FROM d.completed_at - r.received_at) * 1000 AS handle
             FROM bus.deliveries d JOIN bus.events e ON e.id = d.event_id
             LEFT JOIN bench.received r ON r.subscriber = d.subscriber AND r.event_id = d.event_id
            WHERE d.position > $1 AND d.position <= $2 AND d.status = 'completed')
         SELECT count(*)::int AS deliveries,
                percentile_cont(0.5) WITHIN GROUP (ORDER BY total) AS p50, percentile_cont(0.99) WITHIN GROUP (ORDER BY total) AS p99, max(total) AS max,
                percentile_cont(0.5) WITHIN GROUP (ORDER BY reach) AS reach_p50, percentile_cont(0.99) WITHIN GROUP (ORDER BY reach) AS reach_p99,
                percentile_cont(0.5) WITHIN GROUP (ORDER BY handle) AS handle_p50, percentile_cont(0.99) WITHIN GROUP (ORDER BY handle) AS handle_p99,
                extract(epoch FROM max(completed_at) - min(recorded_at)) AS seconds,
                extract(epoch FROM max(recorded_at) - min(recorded_at)) AS publish_seconds
           FROM l`,
        [from, to],
      )
    ).rows[0] as Record<string, number>;

  log(`warm-up: ${WARMUP_SECONDS} s at ${rate} events/s (not measured)`);
  await phase('warm-up', () => app.request({ type: 'steady', rate, seconds: WARMUP_SECONDS, label: 'warm-up' }));

  log(`steady: ${rate} events/s for ${seconds} s`);
  const steady = await phase('steady', () => app.request({ type: 'steady', rate, seconds, label: 'steady' }));
  const steadyLatency = await latency(steady);
  profile(steady, steadyLatency);

  log(`saturation: ${saturationEvents} events from ${publishers} concurrent publishers`);
  const saturation = await phase('saturation', () =>
    app.request({ type: 'burst', events: saturationEvents, publishers, label: 'saturation' }),
  );
  const saturationLatency = await latency(saturation);
  profile(saturation, saturationLatency);
  const deliveriesPerSecond = Math.round(saturationLatency.deliveries / saturationLatency.seconds);

  // Latency where a system is meant to run: at half the rate it saturates at, as measured just now.
  const halfRate = Math.max(1, Math.round(deliveriesPerSecond / subscribers.length / 2));
  log(`half saturation: ${halfRate} events/s (${subscribers.length} deliveries each) for ${seconds} s`);
  const half = await phase('half saturation', () =>
    app.request({ type: 'steady', rate: halfRate, seconds, label: 'half saturation' }),
  );
  const halfLatency = await latency(half);
  profile(half, halfLatency);

  const check = (
    await postgres.query(
      `SELECT (SELECT count(*)::int FROM bus.deliveries WHERE status = 'completed') AS completed,
              (SELECT count(*)::int FROM bus.deliveries WHERE status <> 'completed') AS other,
              (SELECT count(*)::int FROM bus.deliveries WHERE attempts > 1) AS retried,
              (SELECT count(*)::int FROM bench.received) AS received`,
    )
  ).rows[0];
  log(
    `effect check: ${check.completed} deliveries completed, ${check.received} bench rows, ${check.other} not completed, ${check.retried} needed more than one attempt`,
  );
  if (check.other !== 0 || check.completed !== check.received)
    throw new Error(`the effect was not exactly once per delivery: ${JSON.stringify(check)}`);

  // The baseline, with the app stopped: PostgreSQL alone running the bus's writes (support/bus-floor.ts).
  await app.stop();
  log(
    `floor: PostgreSQL alone (pgbench, ${publishers} clients, batches of ${DELIVERY_BATCH_SIZE}) for ${floorSeconds} s`,
  );
  const floorBefore = await usage(postgres, redis);
  const floor = await busFloor(postgres, `${POSTGRES_URL}/${database}`, dataDir, {
    subscribers,
    batch: DELIVERY_BATCH_SIZE,
    clients: publishers,
    seconds: floorSeconds,
  });
  const floorUsage = await usageSince(floorBefore, postgres, redis);
  log(
    `floor: ${floor.deliveriesPerSecond} deliveries/s; postgres ${floorUsage.postgresCores?.toFixed(2) ?? 'n/a'} cores, ` +
      `machine ${floorUsage.machineBusyCores?.toFixed(2) ?? 'n/a'} of ${floorUsage.machineCores ?? 'n/a'}`,
  );

  log(
    `floor: the same statements from bare Node (node-pg only; ${publishers} publishers, ${concurrency} workers, batches of ${DELIVERY_BATCH_SIZE}) for ${floorSeconds} s`,
  );
  const bareNode = await bareNodeFloor(postgres, `${POSTGRES_URL}/${database}`, {
    subscribers,
    batch: DELIVERY_BATCH_SIZE,
    publishers,
    workers: concurrency,
    seconds: floorSeconds,
  });
  log(
    `floor: bare Node ${bareNode.deliveriesPerSecond} deliveries/s, ${bareNode.nodeCpuMicrosPerDelivery} µs of Node CPU per delivery`,
  );

  // Between processes: the same workload over NATS JetStream, then JetStream alone with the same messages.
  let nats: object | null = null;
  let jetStream: object | null = null;
  if (overNats) {
    const server = await NatsServer.start();
    cleanups.push(['stop nats-server and remove its store', () => server.close()]);
    log(`nats: nats-server -js on ${server.url}`);
    const overNatsResult = await busOverNats({
      nats: server,
      postgresUrl: POSTGRES_URL,
      redisUrl: REDIS_URL,
      redis,
      stamp,
      rate,
      warmUpSeconds: WARMUP_SECONDS,
      seconds,
      saturationEvents,
      publishers,
      halfSaturation: process.env.BENCH_NATS_HALF !== '0',
    });
    log(
      `jetstream alone: ${saturationEvents} messages, as the relay publishes them, to ${subscribers.length} consumers`,
    );
    const alone = await jetStreamAlone(server, {
      messages: saturationEvents,
      subscribers,
      warmUpMessages: Math.min(saturationEvents, rate * WARMUP_SECONDS),
    });
    logJetStreamAlone(alone);
    const natsPerSecond = overNatsResult.saturation.deliveriesPerSecond;
    const ratio = (value: number, of: number) => Math.round((value / of) * 1000) / 1000;
    nats = {
      deliveriesPerSecond: natsPerSecond,
      p99Ms: overNatsResult.saturation.p99Ms,
      p99MsAtHalfSaturation: overNatsResult.halfSaturation?.p99Ms ?? null,
      vsInProcess: ratio(natsPerSecond, deliveriesPerSecond),
      vsJetStreamAlone: ratio(natsPerSecond, alone.deliveriesPerSecond),
      ...overNatsResult,
    };
    jetStream = alone;
  }

  const ms = (value: number) => Math.round(value * 10) / 10;
  const p99Ms = ms(steadyLatency.p99);
  const halfP99Ms = ms(halfLatency.p99);
  const vsBareNode = Math.round((deliveriesPerSecond / bareNode.deliveriesPerSecond) * 1000) / 1000;
  return {
    bench: 'bus',
    subscribers: subscribers.length,
    steady: {
      eventsPerSecond: rate,
      deliveries: steadyLatency.deliveries,
      p50Ms: ms(steadyLatency.p50),
      p99Ms,
      maxMs: ms(steadyLatency.max),
    },
    saturation: {
      events: saturation.publish.published,
      deliveries: saturationLatency.deliveries,
      deliveriesPerSecond,
      publishPerSecond: Math.round(saturation.publish.published / saturation.publish.seconds),
      p50Ms: ms(saturationLatency.p50),
      p99Ms: ms(saturationLatency.p99),
    },
    halfSaturation: {
      eventsPerSecond: halfRate,
      // What was reached: events committed per second, and how far the pacer fell behind at worst.
      publishedPerSecond: Math.round(half.publish.published / half.publish.seconds),
      pacerBehindMaxMs: ms(half.publish.maxBehindMs),
      deliveries: halfLatency.deliveries,
      p50Ms: ms(halfLatency.p50),
      p99Ms: halfP99Ms,
      maxMs: ms(halfLatency.max),
    },
    floor: {
      postgresAlone: {
        deliveriesPerSecond: floor.deliveriesPerSecond,
        batch: floor.batch,
        postgresCores: floorUsage.postgresCores === null ? null : ms(floorUsage.postgresCores),
      },
      bareNode: bareNode,
    },
    ratio: Math.round((deliveriesPerSecond / floor.deliveriesPerSecond) * 1000) / 1000,
    vsBareNode,
    nats,
    jetStreamAlone: jetStream,
    goals: {
      ...GOALS,
      met: { p99: p99Ms <= GOALS.p99MsAt500, throughput: deliveriesPerSecond >= GOALS.deliveriesPerSecond },
      saturationVsBareNode: {
        goal: LIKE_FOR_LIKE_GOALS.vsBareNode,
        ratio: vsBareNode,
        met: vsBareNode >= LIKE_FOR_LIKE_GOALS.vsBareNode,
      },
      p99AtHalfSaturation: {
        goalMs: LIKE_FOR_LIKE_GOALS.p99MsAtHalfSaturation,
        p99Ms: halfP99Ms,
        met: halfP99Ms <= LIKE_FOR_LIKE_GOALS.p99MsAtHalfSaturation,
      },
    },
  };
}

/** Where the phase's time went, on stderr. */
function profile(phase: Phase, latency: Record<string, number>): void {
  const f = (value: number | null | undefined, digits = 1) =>
    value === null || value === undefined ? 'n/a' : Number(value).toFixed(digits);
  const { usage: u, app, publish, deliveries } = phase;
  const wall = u.wallSeconds;
  log(
    `${phase.name}: ${deliveries} deliveries, ${f(deliveries / latency.seconds, 0)}/s from first outbox insert to last completion (${f(latency.seconds, 2)} s; ` +
      `outbox inserts spread over ${f(latency.publish_seconds, 2)} s); latency p50 ${f(latency.p50)} ms, p99 ${f(latency.p99)} ms, max ${f(latency.max)} ms`,
  );
  log(
    `${phase.name}:   split: outbox insert -> handler starts p50 ${f(latency.reach_p50)} / p99 ${f(latency.reach_p99)} ms; ` +
      `handler starts -> completion mark p50 ${f(latency.handle_p50)} / p99 ${f(latency.handle_p99)} ms; ` +
      `publish (use case's view) p50 ${f(publish.publishP50Ms)} / p99 ${f(publish.publishP99Ms)} ms, ${publish.maxInFlight} in flight at most, pacer behind ${f(publish.maxBehindMs)} ms at worst`,
  );
  const appCores = (app.cpuUserMs + app.cpuSystemMs) / 1000 / wall;
  // What the machine was busy with besides this bench's processes (other jobs on the box distort the figures).
  const others =
    u.machineBusyCores === null || u.postgresCores === null || u.redisCores === null
      ? null
      : Math.max(0, u.machineBusyCores - appCores - u.postgresCores - u.redisCores - phase.benchCpuSeconds / wall);
  log(
    `${phase.name}:   CPU over ${f(wall, 2)} s, in cores: app ${f(appCores, 2)} (user ${f(app.cpuUserMs / 1000 / wall, 2)}, sys ${f(app.cpuSystemMs / 1000 / wall, 2)}), ` +
      `postgres ${f(u.postgresCores, 2)}, redis ${f(u.redisCores, 2)}, this bench ${f(phase.benchCpuSeconds / wall, 2)}, ` +
      `anything else ${others === null ? 'n/a' : f(others, 2)}, machine ${f(u.machineBusyCores, 2)} of ${u.machineCores ?? 'n/a'}; ` +
      `app event-loop delay p50 ${f(app.loopDelayP50Ms)} / p99 ${f(app.loopDelayP99Ms)} / max ${f(app.loopDelayMaxMs)} ms; ` +
      `app CPU per delivery ${f(((app.cpuUserMs + app.cpuSystemMs) * 1000) / deliveries, 0)} µs, postgres ${u.postgresCores === null ? 'n/a' : f((u.postgresCores * wall * 1e6) / deliveries, 0)} µs`,
  );
  log(
    `${phase.name}:   PostgreSQL statements per delivery (publishing included): ${perDelivery(app.statements, deliveries)}`,
  );
  log(
    `${phase.name}:   Redis commands per delivery: ${perDelivery(u.redisCalls, deliveries)}; WAL ${f(u.walBytes / deliveries, 0)} bytes per delivery`,
  );
}

void runBench(run);
