/**
 * What the bus's NATS path spends per step, timed in the platform child (BUS_TRANSPORT=nats) by wrapping methods of
 * the bus's own classes from dist/ (no production code changes):
 *  - a relay round: from taking the relay's turn (its transaction already begun) to marking the events sent (before
 *    its COMMIT); the events it carried; of it, the JetStream publish (every acknowledgement awaited);
 *  - an inbox batch: recording one consumer's received messages (events and deliveries), before its COMMIT.
 * `take` returns the figures since the last call and starts again.
 */
import type * as Broker from '../../src/modules/governance-bus/infrastructure/jetstream-broker';
import type * as Store from '../../src/modules/governance-bus/infrastructure/sql-outbox-store';
import { quantiles } from './percentile';

export interface BrokerTimings {
  relayRounds: number;
  relayEventsPerRound: number;
  relayRoundP50Ms: number;
  relayRoundP99Ms: number;
  publishP50Ms: number;
  publishP99Ms: number;
  inboxBatches: number;
  inboxEventsPerBatch: number;
  inboxP50Ms: number;
  inboxP99Ms: number;
}

let rounds: number[] = [];
let relayed = 0;
let publishes: number[] = [];
let inbox: number[] = [];
let received = 0;

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
    () => undefined,
    () => (roundStarted = performance.now()),
  );
  around(SqlOutboxStore.prototype, 'markSent', (_, [positions]) => {
    rounds.push(performance.now() - roundStarted);
    relayed += (positions as readonly string[]).length;
  });
  around(JetStreamBroker.prototype, 'publish', (ms) => publishes.push(ms));
  around(SqlOutboxStore.prototype, 'receive', (ms, [, events]) => {
    inbox.push(ms);
    received += (events as readonly unknown[]).length;
  });
}

export function take(): BrokerTimings {
  const [round, publish, batch] = [rounds, publishes, inbox].map(quantiles);
  const timings = {
    relayRounds: rounds.length,
    relayEventsPerRound: rounds.length ? Math.round((relayed / rounds.length) * 10) / 10 : 0,
    relayRoundP50Ms: round(0.5),
    relayRoundP99Ms: round(0.99),
    publishP50Ms: publish(0.5),
    publishP99Ms: publish(0.99),
    inboxBatches: inbox.length,
    inboxEventsPerBatch: inbox.length ? Math.round((received / inbox.length) * 10) / 10 : 0,
    inboxP50Ms: batch(0.5),
    inboxP99Ms: batch(0.99),
  };
  rounds = [];
  relayed = 0;
  publishes = [];
  inbox = [];
  received = 0;
  return timings;
}
