/**
 * The NATS phase of `npm run bench:bus`: the bus carrying events between two processes over JetStream
 * (BUS_TRANSPORT=nats, ADR 0033), each platform child on its own fresh database and Redis prefix, both on the
 * bench's nats-server:
 *  - the publisher (BENCH_BUS_ROLE=publisher): identity publishing `identity.user-registered` as a use case
 *    would, no subscriber of it; its relay publishes the outbox to the stream;
 *  - the subscriber (BENCH_BUS_ROLE=subscriber): the three bench subscribers, each with its durable consumer,
 *    recording what arrives in its inbox (the delivery records) and running it there.
 * Phases as in process: warm-up, saturation (the same burst), half saturation (steady at half the rate reached).
 * A delivery's latency runs from its event's `recorded_at` in the publisher's database to its `completed_at` in
 * the subscriber's: two databases of one PostgreSQL server, so one clock. Deliveries/s = deliveries / (last
 * `completed_at` - first `recorded_at`). The split: outbox insert -> stored in the stream (the relay; JetStream's
 * timestamp of the message, nats-server's clock on the same machine), stream -> inbox record (the consumer:
 * `deliveries.created_at`), inbox -> handler starts, handler -> completion mark. The profile on stderr adds CPU of
 * both children and nats-server, and the relay's rounds and the inbox's batches as the children timed them
 * (support/broker-timings.ts).
 */
import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { jetstream } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import type Redis from 'ioredis';
import { Client } from 'pg';
import { BUS_STREAM, eventSubjectOf } from '../../src/platform/nats/subjects';
import type { NatsServer } from '../../test/support/nats-server';
import type { BrokerTimings } from './broker-timings';
import type { PublishReport, StatsReport } from './bus-app';
import { type AppChild, perDelivery, startBusApp, statsDelta } from './bus-app-child';
import { log } from './log';
import { platformEnv } from './platform';
import { freshResources } from './resources';
import { cleanups } from './run-bench';
import { processCpuSeconds, usage, usageSince } from './usage';

const USER_REGISTERED = 'identity.user-registered';
/** No delivery completed for this long: something is stuck (an ack wait is 30 s by default), not slow. */
const STALL_SECONDS = 90;

export interface NatsPhaseFigures {
  events: number;
  deliveries: number;
  deliveriesPerSecond: number;
  /** Events committed per second, on the publisher's clock. */
  publishedPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

export interface BusOverNatsResult {
  subscribers: number;
  saturation: NatsPhaseFigures;
  halfSaturation: (NatsPhaseFigures & { eventsPerSecond: number; pacerBehindMaxMs: number }) | null;
  effect: { completed: number; received: number; retried: number };
}

interface Side {
  role: 'publisher' | 'subscriber';
  app: AppChild;
  postgres: Client;
  subscribers: string[];
}

/** One platform child with its own database, Redis prefix and data directory, all removed afterwards. */
async function startSide(
  role: Side['role'],
  stamp: number,
  servers: { postgresUrl: string; redisUrl: string; natsUrl: string },
): Promise<Side> {
  const dataDir = mkdtempSync(join(tmpdir(), `superapp-bench-${role}-`));
  cleanups.push([`remove the ${role}'s temp dir`, () => rm(dataDir, { recursive: true, force: true })]);
  const { database, redisPrefix } = await freshResources(stamp, servers.postgresUrl, servers.redisUrl, cleanups, log);
  const env = {
    ...platformEnv({
      port: 0,
      databaseUrl: `${servers.postgresUrl}/${database}`,
      redisUrl: servers.redisUrl,
      redisPrefix,
      dataDir,
    }),
    BUS_TRANSPORT: 'nats',
    NATS_URL: servers.natsUrl,
    // The bench's own nats-server on loopback, without users: JetStream alone runs on it the same way.
    NATS_ANONYMOUS: 'true',
    BENCH_BUS_ROLE: role,
  };
  const app = startBusApp(env);
  cleanups.push([`stop the ${role}`, () => app.stop()]);
  const { subscribers } = await app.ready(90_000);
  const postgres = new Client({
    connectionString: `${servers.postgresUrl}/${database}`,
    application_name: `bench-monitor-${role}`,
  });
  await postgres.connect();
  cleanups.push([`close the ${role}'s monitor connection`, () => postgres.end()]);
  log(`nats: ${role} ready (pid ${app.pid}, database ${database}), subscribers: ${subscribers.join(', ') || 'none'}`);
  return { role, app, postgres, subscribers };
}

export async function busOverNats(options: {
  nats: NatsServer;
  postgresUrl: string;
  redisUrl: string;
  /** The monitor's Redis client (server-wide CPU and commands). */
  redis: Redis;
  stamp: number;
  rate: number;
  warmUpSeconds: number;
  seconds: number;
  saturationEvents: number;
  publishers: number;
  halfSaturation: boolean;
}): Promise<BusOverNatsResult> {
  const servers = { postgresUrl: options.postgresUrl, redisUrl: options.redisUrl, natsUrl: options.nats.url };
  // The subscriber first: its durable consumers take events published from their creation on (deliver_policy new).
  const subscriber = await startSide('subscriber', options.stamp + 1, servers);
  const publisher = await startSide('publisher', options.stamp + 2, servers);
  if (publisher.subscribers.length)
    throw new Error(`nats: the publisher has subscribers of its own (${publisher.subscribers.join(', ')})`);
  const fanOut = subscriber.subscribers.length;
  let published = 0;

  const monitor = await connect({ servers: options.nats.url, name: 'bench monitor' });
  cleanups.push(['close the NATS monitor connection', () => monitor.close()]);
  /** When JetStream stored each event, in epoch seconds (read back through an ordered consumer). */
  const storedAt = async (eventIds: readonly string[]): Promise<Array<number | null>> => {
    const consumer = await jetstream(monitor).consumers.get(BUS_STREAM, {
      filter_subjects: eventSubjectOf(USER_REGISTERED),
    });
    const times = new Map<string, number>();
    const messages = await consumer.consume();
    for await (const message of messages) {
      times.set(message.headers?.get('Nats-Msg-Id') ?? '', message.info.timestampNanos / 1e9);
      if (message.info.pending === 0) break;
    }
    await messages.close();
    return eventIds.map((id) => times.get(id) ?? null);
  };

  const maxPosition = async () =>
    (await publisher.postgres.query<{ p: string }>(`SELECT coalesce(max(position), 0)::text AS p FROM bus.events`))
      .rows[0].p;

  /** Waits until the subscriber completed `expected` deliveries in all; fails on a failed one or when nothing moves. */
  const settled = async (name: string, expected: number) => {
    let last = -1;
    let lastProgress = Date.now();
    let lastReport = Date.now();
    for (;;) {
      const { completed, failed } = (
        await subscriber.postgres.query<{ completed: number; failed: number }>(
          `SELECT count(*) FILTER (WHERE status = 'completed')::int AS completed, count(*) FILTER (WHERE status = 'failed')::int AS failed FROM bus.deliveries`,
        )
      ).rows[0];
      if (failed) throw new Error(`nats ${name}: ${failed} deliveries failed`);
      if (completed >= expected) return;
      if (Date.now() - lastReport >= 2_000) {
        lastReport = Date.now();
        const { n } = (await publisher.postgres.query<{ n: number }>(`SELECT count(*)::int AS n FROM bus.unsent`))
          .rows[0];
        log(`nats ${name}: ${completed} of ${expected} deliveries completed; ${n} events not yet relayed to JetStream`);
      }
      if (completed > last) {
        last = completed;
        lastProgress = Date.now();
      } else if (Date.now() - lastProgress > STALL_SECONDS * 1000) {
        throw new Error(`nats ${name}: no delivery completed for ${STALL_SECONDS} s (${completed} of ${expected})`);
      }
      await sleep(100); // poll interval
    }
  };

  /** Latency of every delivery of the publisher's events in (from, to], on PostgreSQL's clock across the two databases. */
  const latency = async (from: string, to: string) => {
    const { rows: events } = await publisher.postgres.query<{ id: string; recorded_at: string }>(
      // As text: a Date would drop the microseconds.
      `SELECT id, recorded_at::text AS recorded_at FROM bus.events WHERE position > $1 AND position <= $2 AND type = $3`,
      [from, to, USER_REGISTERED],
    );
    const row = (
      await subscriber.postgres.query(
        `WITH p AS (SELECT * FROM unnest($1::uuid[], $2::timestamptz[], $3::float8[]) AS p(event_id, recorded_at, stored_at)),
         l AS (
           SELECT p.recorded_at, d.completed_at,
                  extract(epoch FROM d.completed_at - p.recorded_at) * 1000 AS total,
                  (p.stored_at - extract(epoch FROM p.recorded_at)) * 1000 AS relay,
                  (extract(epoch FROM d.created_at) - p.stored_at) * 1000 AS inbox,
                  extract(epoch FROM r.received_at - d.created_at) * 1000 AS reach,
                  extract(epoch FROM d.completed_at - r.received_at) * 1000 AS handle
             FROM p JOIN bus.deliveries d ON d.event_id = p.event_id
             LEFT JOIN bench.received r ON r.subscriber = d.subscriber AND r.event_id = d.event_id
            WHERE d.status = 'completed')
         SELECT count(*)::int AS deliveries,
                percentile_cont(0.5) WITHIN GROUP (ORDER BY total) AS p50, percentile_cont(0.99) WITHIN GROUP (ORDER BY total) AS p99, max(total)::float8 AS max,
                percentile_cont(0.5) WITHIN GROUP (ORDER BY relay) AS relay_p50, percentile_cont(0.99) WITHIN GROUP (ORDER BY relay) AS relay_p99,
                percentile_cont(0.5) WITHIN GROUP (ORDER BY inbox) AS inbox_p50, percentile_cont(0.99) WITHIN GROUP (ORDER BY inbox) AS inbox_p99,
                percentile_cont(0.5) WITHIN GROUP (ORDER BY reach) AS reach_p50, percentile_cont(0.99) WITHIN GROUP (ORDER BY reach) AS reach_p99,
                percentile_cont(0.5) WITHIN GROUP (ORDER BY handle) AS handle_p50, percentile_cont(0.99) WITHIN GROUP (ORDER BY handle) AS handle_p99,
                extract(epoch FROM max(completed_at) - min(recorded_at))::float8 AS seconds,
                extract(epoch FROM max(recorded_at) - min(recorded_at))::float8 AS publish_seconds
           FROM l`,
        [events.map((e) => e.id), events.map((e) => e.recorded_at), await storedAt(events.map((e) => e.id))],
      )
    ).rows[0] as Record<string, number>;
    return { ...row, events: events.length } as Record<string, number>;
  };

  const stats = () =>
    Promise.all([
      publisher.app.request<StatsReport>({ type: 'stats' }),
      subscriber.app.request<StatsReport>({ type: 'stats' }),
    ]);
  const natsCpu = () => processCpuSeconds('nats-server', String(options.nats.port));

  const phase = async (name: string, publish: () => Promise<PublishReport>) => {
    const from = await maxPosition();
    const statsBefore = await stats();
    const before = await usage(subscriber.postgres, options.redis);
    const natsBefore = natsCpu();
    const report = await publish();
    if (report.failed)
      throw new Error(`nats ${name}: ${report.failed} publishes failed; the first: ${report.firstError}`);
    published += report.published;
    log(
      `nats ${name}: ${report.published} events published in ${report.seconds.toFixed(2)} s; waiting for their deliveries`,
    );
    await settled(name, published * fanOut);
    const used = await usageSince(before, subscriber.postgres, options.redis);
    const natsNow = natsCpu();
    const statsAfter = await stats();
    const measured = await latency(from, await maxPosition());
    if (measured.events !== report.published || measured.deliveries !== report.published * fanOut)
      throw new Error(
        `nats ${name}: ${measured.deliveries} deliveries completed for ${measured.events} events (${report.published} published, ${fanOut} subscribers)`,
      );
    const f = (value: number | null | undefined, digits = 1) =>
      value === null || value === undefined ? 'n/a' : Number(value).toFixed(digits);
    const [publisherUsed, subscriberUsed] = [0, 1].map((i) => statsDelta(statsBefore[i], statsAfter[i]));
    const [publisherCores, subscriberCores] = [publisherUsed, subscriberUsed].map(
      (app) => (app.cpuUserMs + app.cpuSystemMs) / 1000 / used.wallSeconds,
    );
    const natsCores = natsBefore === null || natsNow === null ? null : (natsNow - natsBefore) / used.wallSeconds;
    const micros = (coresUsed: number | null) =>
      coresUsed === null ? 'n/a' : f((coresUsed * used.wallSeconds * 1e6) / measured.deliveries, 0);
    log(
      `nats ${name}: ${measured.deliveries} deliveries, ${f(measured.deliveries / measured.seconds, 0)}/s from the first outbox insert (publisher) to the last completion (subscriber) ` +
        `(${f(measured.seconds, 2)} s; outbox inserts spread over ${f(measured.publish_seconds, 2)} s); latency p50 ${f(measured.p50)} ms, p99 ${f(measured.p99)} ms, max ${f(measured.max)} ms`,
    );
    log(
      `nats ${name}:   split: outbox insert -> stored in the stream (relay) p50 ${f(measured.relay_p50)} / p99 ${f(measured.relay_p99)} ms; ` +
        `stream -> inbox record (consumer) p50 ${f(measured.inbox_p50)} / p99 ${f(measured.inbox_p99)} ms; ` +
        `inbox -> handler starts p50 ${f(measured.reach_p50)} / p99 ${f(measured.reach_p99)} ms; handler -> completion mark p50 ${f(measured.handle_p50)} / p99 ${f(measured.handle_p99)} ms; ` +
        `publish (use case's view) p50 ${f(report.publishP50Ms)} / p99 ${f(report.publishP99Ms)} ms, ${report.maxInFlight} in flight at most`,
    );
    log(
      `nats ${name}:   CPU over ${f(used.wallSeconds, 2)} s, in cores (µs per delivery): publisher ${f(publisherCores, 2)} (${micros(publisherCores)}), ` +
        `subscriber ${f(subscriberCores, 2)} (${micros(subscriberCores)}), nats-server ${f(natsCores, 2)} (${micros(natsCores)}), ` +
        `postgres ${f(used.postgresCores, 2)} (${micros(used.postgresCores)}), redis ${f(used.redisCores, 2)}, machine ${f(used.machineBusyCores, 2)} of ${used.machineCores ?? 'n/a'}; ` +
        `event-loop delay p99 publisher ${f(publisherUsed.loopDelayP99Ms)} / subscriber ${f(subscriberUsed.loopDelayP99Ms)} ms`,
    );
    const relay = publisherUsed.broker;
    const inbox = subscriberUsed.broker;
    if (relay && inbox) {
      const step = (timings: BrokerTimings, name: keyof BrokerTimings['p50Ms']) =>
        `${f(timings.p50Ms[name])} / ${f(timings.p99Ms[name])}`;
      log(
        `nats ${name}:   relay: ${relay.relayRounds} rounds of ${relay.relayEventsPerRound} events, each (turn taken -> marked sent) p50 / p99 ${step(relay, 'round')} ms: ` +
          `turn ${step(relay, 'turn')}, unsent ${step(relay, 'unsent')}, JetStream publish ${step(relay, 'publish')}, mark sent ${step(relay, 'markSent')} ms; ` +
          `inbox: ${inbox.inboxBatches} batches of ${inbox.inboxEventsPerBatch} messages, each recorded in p50 / p99 ${step(inbox, 'inbox')} ms (before its commit)`,
      );
    }
    log(
      `nats ${name}:   PostgreSQL statements per delivery: publisher ${perDelivery(publisherUsed.statements, measured.deliveries)}`,
    );
    log(
      `nats ${name}:   PostgreSQL statements per delivery: subscriber ${perDelivery(subscriberUsed.statements, measured.deliveries)}`,
    );
    log(`nats ${name}:   Redis commands per delivery: ${perDelivery(used.redisCalls, measured.deliveries)}`);
    const ms = (value: number) => Math.round(Number(value) * 10) / 10;
    const figures: NatsPhaseFigures = {
      events: measured.events,
      deliveries: measured.deliveries,
      deliveriesPerSecond: Math.round(measured.deliveries / measured.seconds),
      publishedPerSecond: Math.round(report.published / report.seconds),
      p50Ms: ms(measured.p50),
      p99Ms: ms(measured.p99),
      maxMs: ms(measured.max),
    };
    return { figures, report };
  };

  log(`nats warm-up: ${options.warmUpSeconds} s at ${options.rate} events/s (not measured)`);
  await phase('warm-up', () =>
    publisher.app.request({ type: 'steady', rate: options.rate, seconds: options.warmUpSeconds, label: 'warm-up' }),
  );

  log(`nats saturation: ${options.saturationEvents} events from ${options.publishers} concurrent publishers`);
  const saturation = await phase('saturation', () =>
    publisher.app.request({
      type: 'burst',
      events: options.saturationEvents,
      publishers: options.publishers,
      label: 'saturation',
    }),
  );

  let halfSaturation: BusOverNatsResult['halfSaturation'] = null;
  if (options.halfSaturation) {
    const halfRate = Math.max(1, Math.round(saturation.figures.deliveriesPerSecond / fanOut / 2));
    log(`nats half saturation: ${halfRate} events/s (${fanOut} deliveries each) for ${options.seconds} s`);
    const half = await phase('half saturation', () =>
      publisher.app.request({ type: 'steady', rate: halfRate, seconds: options.seconds, label: 'half saturation' }),
    );
    halfSaturation = {
      eventsPerSecond: halfRate,
      pacerBehindMaxMs: Math.round(half.report.maxBehindMs * 10) / 10,
      ...half.figures,
    };
  }

  const effect = (
    await subscriber.postgres.query<{ completed: number; other: number; retried: number; received: number }>(
      `SELECT (SELECT count(*)::int FROM bus.deliveries WHERE status = 'completed') AS completed,
              (SELECT count(*)::int FROM bus.deliveries WHERE status <> 'completed') AS other,
              (SELECT count(*)::int FROM bus.deliveries WHERE attempts > 1) AS retried,
              (SELECT count(*)::int FROM bench.received) AS received`,
    )
  ).rows[0];
  const outbox = (
    await publisher.postgres.query<{ unsent: number; deliveries: number }>(
      `SELECT (SELECT count(*)::int FROM bus.unsent) AS unsent, (SELECT count(*)::int FROM bus.deliveries) AS deliveries`,
    )
  ).rows[0];
  log(
    `nats effect check: ${effect.completed} deliveries completed for ${published} events, ${effect.received} bench rows, ` +
      `${effect.other} not completed, ${effect.retried} needed more than one attempt; publisher: ${outbox.unsent} unsent, ${outbox.deliveries} deliveries of its own`,
  );
  if (
    effect.other !== 0 ||
    effect.completed !== effect.received ||
    effect.completed !== published * fanOut ||
    outbox.unsent !== 0 ||
    outbox.deliveries !== 0
  )
    throw new Error(`nats: the effect was not exactly once per delivery: ${JSON.stringify({ ...effect, ...outbox })}`);

  await Promise.all([publisher.app.stop(), subscriber.app.stop()]);
  return {
    subscribers: fanOut,
    saturation: saturation.figures,
    halfSaturation,
    effect: { completed: effect.completed, received: effect.received, retried: effect.retried },
  };
}
