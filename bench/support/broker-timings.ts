/**
 * What the bus's NATS path spends per step, timed in the platform child (BUS_TRANSPORT=nats) by wrapping methods of
 * the bus's own classes from dist/ (no production code changes):
 *  - a relay round: from taking the relay's turn (its transaction already begun) to marking the events sent (before
 *    its COMMIT); the events it carried; of it, each statement (turn, unsent, mark sent) and the JetStream publish
 *    (every acknowledgement awaited);
 *  - an inbox batch: recording one consumer's received messages (events and deliveries), before its COMMIT.
 * `take` returns the figures since the last call and starts again.
 */
import type * as Broker from '../../src/modules/governance-bus/infrastructure/jetstream-broker';
import type * as Store from '../../src/modules/governance-bus/infrastructure/sql-outbox-store';
import { quantiles } from './percentile';

/** The steps timed: a relay round, its statements and its publish, and an inbox batch. */
const STEPS = ['round', 'turn', 'unsent', 'publish', 'markSent', 'inbox'] as const;
type Step = (typeof STEPS)[number];

export interface BrokerTimings {
  relayRounds: number;
  relayEventsPerRound: number;
  inboxBatches: number;
  inboxEventsPerBatch: number;
  p50Ms: Record<Step, number>;
  p99Ms: Record<Step, number>;
}

let samples = fresh();
let relayed = 0;
let received = 0;

function fresh(): Record<Step, number[]> {
  return Object.fromEntries(STEPS.map((step) => [step, []])) as unknown as Record<Step, number[]>;
}

type Method = (...args: any[]) => Promise<unknown>;

/** Calls `after(ms, args)` when each call of `prototype[name]` settles, `before()` when it starts. */
function around(prototype: object, name: string, after: (ms: number, args: any[]) => void, before?: () => void): void {
  const target = prototype as Record<string, Method>;
  const original = target[name];
  target[name] = async function (this: unknown, ...args: any[]) {
    before?.();
    const started = performance.now();
    try {
      return await original.apply(this, args);
    } finally {
      after(performance.now() - started, args);
    }
  };
}

export function timeBroker(): void {
  const { SqlOutboxStore } =
    require('../../dist/modules/governance-bus/infrastructure/sql-outbox-store') as typeof Store;
  const { JetStreamBroker } =
    require('../../dist/modules/governance-bus/infrastructure/jetstream-broker') as typeof Broker;
  let roundStarted = 0;
  around(
    SqlOutboxStore.prototype,
    'takeRelayTurn',
    (ms) => samples.turn.push(ms),
    () => (roundStarted = performance.now()),
  );
  around(SqlOutboxStore.prototype, 'unsent', (ms) => samples.unsent.push(ms));
  around(JetStreamBroker.prototype, 'publish', (ms) => samples.publish.push(ms));
  around(SqlOutboxStore.prototype, 'markSent', (ms, [positions]) => {
    samples.markSent.push(ms);
    samples.round.push(performance.now() - roundStarted);
    relayed += (positions as readonly string[]).length;
  });
  around(SqlOutboxStore.prototype, 'receive', (ms, [, events]) => {
    samples.inbox.push(ms);
    received += (events as readonly unknown[]).length;
  });
}

export function take(): BrokerTimings {
  const quantile = Object.fromEntries(STEPS.map((step) => [step, quantiles(samples[step])]));
  const at = (q: number) => Object.fromEntries(STEPS.map((step) => [step, quantile[step](q)])) as Record<Step, number>;
  const perBatch = (count: number, batches: number) => (batches ? Math.round((count / batches) * 10) / 10 : 0);
  const timings = {
    relayRounds: samples.round.length,
    relayEventsPerRound: perBatch(relayed, samples.round.length),
    inboxBatches: samples.inbox.length,
    inboxEventsPerBatch: perBatch(received, samples.inbox.length),
    p50Ms: at(0.5),
    p99Ms: at(0.99),
  };
  samples = fresh();
  relayed = 0;
  received = 0;
  return timings;
}
