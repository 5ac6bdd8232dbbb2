/**
 * The platform under the bus bench, run as a child process by bus.bench.ts (`node --import tsx`, IPC channel):
 * the compiled app from dist/ (with decorator metadata) plus the three bench subscribers, configured from the
 * environment the parent gives it (NODE_ENV=production, own database and Redis prefix, LOG_LEVEL=warn).
 * Its logs go to the parent's stderr, so the parent's stdout carries only the result line. It creates the bench
 * subscribers' table, then says `{ type: 'ready', subscribers }` (the ids the app found for the event).
 *
 * It publishes as a use case would: one `identity.user-registered` per unit of work, as module `identity`.
 * BENCH_BUS_ROLE splits it in two for the bus over NATS (BUS_TRANSPORT=nats, each on its own database):
 * `publisher` runs without the bench subscribers (it only publishes), `subscriber` with them (it is never asked
 * to publish); unset, one process does both, as in process.
 * Commands from the parent, one at a time; each is answered with `{ type: 'done', id, ... }`:
 * - `steady { rate, seconds, label }`: publishes at `rate` events/s, paced by a 2 ms timer (not a tight loop),
 *   each publish started without waiting for the previous one; answers when every publish has committed.
 * - `burst { events, publishers, label }`: `publishers` loops publish `events` events as fast as they can.
 * - `stats`: CPU of this process, event-loop delay since the last `stats`, PostgreSQL statements sent so far
 *   (counted by kind on pg's Client.prototype.query: the first words of the SQL); over NATS, the relay's rounds and
 *   the inbox's batches since the last `stats` (support/broker-timings.ts).
 * - `stop`: closes the app (the worker finishes its jobs) and exits.
 */
import './instrument';
import { randomUUID } from 'node:crypto';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { EventBus } from '@nestjs/cqrs';
import type * as AppFactory from '../../src/app.factory';
import type * as LoadConfig from '../../src/platform/config/load-config';
import type * as UnitOfWorkModule from '../../src/platform/database/unit-of-work';
import type * as MessageContext from '../../src/platform/messaging/message-context';
import type * as Tracing from '../../src/platform/observability/tracing';
import type * as IdentityContracts from '../../src/shared/contracts/identity';
import type * as Registry from '../../src/modules/governance-bus/application/subscriber-registry';
import { type BrokerTimings, take as takeBrokerTimings, timeBroker } from './broker-timings';
import { BENCH_TABLE_SQL, BenchSubscribersModule } from './bus-subscribers';
import { quantiles } from './percentile';

const { createApp } = require('../../dist/app.factory') as typeof AppFactory;
const { loadConfig } = require('../../dist/platform/config/load-config') as typeof LoadConfig;
const { UnitOfWork } = require('../../dist/platform/database/unit-of-work') as typeof UnitOfWorkModule;
const { messageContext } = require('../../dist/platform/messaging/message-context') as typeof MessageContext;
const { stopTracing } = require('../../dist/platform/observability/tracing') as typeof Tracing;
const { UserRegistered } = require('../../dist/shared/contracts/identity') as typeof IdentityContracts;
const { SubscriberRegistry } =
  require('../../dist/modules/governance-bus/application/subscriber-registry') as typeof Registry;

export type Command =
  | { type: 'steady'; id: number; rate: number; seconds: number; label: string }
  | { type: 'burst'; id: number; events: number; publishers: number; label: string }
  | { type: 'stats'; id: number }
  | { type: 'stop'; id: number };

export interface PublishReport {
  published: number;
  failed: number;
  firstError: string | null;
  /** From the first publish started to the last one committed, on this process's clock. */
  seconds: number;
  /** Publish (begin, outbox insert, commit) as the use case sees it. */
  publishP50Ms: number;
  publishP99Ms: number;
  /** Steady only: how far the pacer fell behind its schedule at worst (a stalled event loop shows here). */
  maxBehindMs: number;
  maxInFlight: number;
}

export interface StatsReport {
  cpuUserMs: number;
  cpuSystemMs: number;
  loopDelayP50Ms: number;
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
  /** Cumulative statements sent to PostgreSQL by kind (first words of the SQL). */
  statements: Record<string, number>;
  /** BUS_TRANSPORT=nats: the relay's rounds and the inbox's batches since the last `stats`. */
  broker?: BrokerTimings;
}

const statements = new Map<string, number>();
countStatements();
const overNats = process.env.BUS_TRANSPORT === 'nats';
if (overNats) timeBroker();

const LOOP_SAMPLING_MS = 10;
const loopDelay = monitorEventLoopDelay({ resolution: LOOP_SAMPLING_MS });
loopDelay.enable();
/** The histogram records the whole interval between samples; the delay is what exceeds the sampling period. */
const beyondSampling = (nanoseconds: number) => round(Math.max(0, nanoseconds / 1e6 - LOOP_SAMPLING_MS));

function send(message: object): void {
  process.send?.(message);
}

async function main(): Promise<void> {
  const config = loadConfig();
  const subscribing = process.env.BENCH_BUS_ROLE !== 'publisher';
  // Identity (the publisher) and the bench's three subscribers only: the wallet's own subscriber to the same event is not part of this measurement.
  const app = await createApp({ ...config, MODULES: ['identity'] }, subscribing ? [BenchSubscribersModule] : []);
  const unitOfWork = app.get(UnitOfWork);
  const eventBus = app.get(EventBus);
  if (subscribing) await unitOfWork.manager.query(BENCH_TABLE_SQL);
  // Every subscriber the app found for the event (the bench's three, and any a module of the app declares).
  const subscribers = app
    .get(SubscriberRegistry)
    .subscribersOf(UserRegistered.contract.type)
    .map((subscriber) => subscriber.id);

  const publishOne = (label: string): Promise<void> => {
    const event = new UserRegistered({
      userId: randomUUID(),
      displayName: label,
      registeredAt: new Date().toISOString(),
    });
    return messageContext.run({ module: 'identity' }, () =>
      unitOfWork.run(async () => void (await eventBus.publish(event))),
    );
  };

  let stopping = false;
  const stop = async (): Promise<never> => {
    if (!stopping) {
      stopping = true;
      await app.close().catch((error: Error) => process.stderr.write(`[bus-app] close failed: ${error.message}\n`));
      await stopTracing();
    }
    process.exit(0);
  };
  process.on('disconnect', () => void stop()); // the parent died: do not outlive it

  let queue = Promise.resolve();
  process.on('message', (command: Command) => {
    queue = queue.then(async () => {
      try {
        switch (command.type) {
          case 'steady':
            return send({
              type: 'done',
              id: command.id,
              ...(await steady(publishOne, command.rate, command.seconds, command.label)),
            });
          case 'burst':
            return send({
              type: 'done',
              id: command.id,
              ...(await burst(publishOne, command.events, command.publishers, command.label)),
            });
          case 'stats':
            return send({ type: 'done', id: command.id, ...stats() });
          case 'stop':
            return void (await stop());
        }
      } catch (error) {
        send({ type: 'failed', id: command.id, message: (error as Error).stack ?? String(error) });
      }
    });
  });
  send({ type: 'ready', subscribers });
}

async function steady(
  publishOne: (label: string) => Promise<void>,
  rate: number,
  seconds: number,
  label: string,
): Promise<PublishReport> {
  const total = Math.round(rate * seconds);
  const tally = new Tally();
  let sent = 0;
  let maxBehind = 0;
  const started = performance.now();
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * rate));
      maxBehind = Math.max(maxBehind, due - sent - 1);
      for (; sent < due; sent++) void tally.track(publishOne(label));
      if (sent >= total) {
        clearInterval(timer);
        resolve();
      }
    }, 2);
  });
  await tally.settled();
  return tally.report(performance.now() - started, (Math.max(0, maxBehind) / rate) * 1000);
}

async function burst(
  publishOne: (label: string) => Promise<void>,
  events: number,
  publishers: number,
  label: string,
): Promise<PublishReport> {
  const tally = new Tally();
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: publishers }, async () => {
      while (next < events) {
        next++;
        await tally.track(publishOne(label));
      }
    }),
  );
  return tally.report(performance.now() - started, 0);
}

/** Publish outcomes and latencies; `track` never rejects. */
class Tally {
  private readonly latencies: number[] = [];
  private readonly pending = new Set<Promise<void>>();
  private failed = 0;
  private firstError: string | null = null;
  private maxInFlight = 0;

  track(publish: Promise<void>): Promise<void> {
    const started = performance.now();
    const done = publish.then(
      () => void this.latencies.push(performance.now() - started),
      (error: Error) => {
        this.failed++;
        this.firstError ??= error.stack ?? String(error);
      },
    );
    this.pending.add(done);
    this.maxInFlight = Math.max(this.maxInFlight, this.pending.size);
    return done.finally(() => this.pending.delete(done));
  }

  async settled(): Promise<void> {
    while (this.pending.size) await Promise.all([...this.pending]);
  }

  report(elapsedMs: number, maxBehindMs: number): PublishReport {
    const at = quantiles(this.latencies);
    return {
      published: this.latencies.length,
      failed: this.failed,
      firstError: this.firstError,
      seconds: elapsedMs / 1000,
      publishP50Ms: at(0.5),
      publishP99Ms: at(0.99),
      maxBehindMs: round(maxBehindMs),
      maxInFlight: this.maxInFlight,
    };
  }
}

function stats(): StatsReport {
  const cpu = process.cpuUsage();
  const report = {
    cpuUserMs: cpu.user / 1000,
    cpuSystemMs: cpu.system / 1000,
    loopDelayP50Ms: beyondSampling(loopDelay.percentile(50)),
    loopDelayP99Ms: beyondSampling(loopDelay.percentile(99)),
    loopDelayMaxMs: beyondSampling(loopDelay.max),
    statements: Object.fromEntries(statements),
    ...(overNats ? { broker: takeBrokerTimings() } : {}),
  };
  loopDelay.reset();
  return report;
}

/**
 * Counts every statement the app sends, by its first words. The kind is computed once per SQL text (the app's
 * statements are string constants, whose hash V8 caches), so the cost per query is two Map lookups.
 */
function countStatements(): void {
  const { Client } = require('pg') as typeof import('pg');
  // eslint-disable-next-line @typescript-eslint/unbound-method -- called below with the client as `this`
  const original = Client.prototype.query as (...args: unknown[]) => unknown;
  const kinds = new Map<string, string>();
  const kindOf = (text: string) => text.slice(0, 64).replace(/\s+/g, ' ').trim().split(' ').slice(0, 6).join(' ');
  Client.prototype.query = function (this: unknown, ...args: unknown[]) {
    const text = typeof args[0] === 'string' ? args[0] : ((args[0] as { text?: string } | undefined)?.text ?? '?');
    let kind = kinds.get(text);
    if (kind === undefined) kinds.set(text, (kind = kinds.size < 1_000 ? kindOf(text) : '(other)'));
    statements.set(kind, (statements.get(kind) ?? 0) + 1);
    return original.apply(this, args);
  } as typeof Client.prototype.query;
}

const round = (value: number) => Math.round(value * 100) / 100;

main().catch((error: unknown) => {
  send({ type: 'failed', id: 0, message: `the app did not start: ${(error as Error).stack ?? String(error)}` });
  process.exit(1);
});
