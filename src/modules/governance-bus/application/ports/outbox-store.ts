import type { EventEnvelope } from '../../../../shared/kernel/integration-event';
import type { DeliveryStatus } from '../../domain/delivery-status';
import type { BrokerEvent } from './event-broker';

export interface SubscriberRef {
  id: string;
  maxAttempts: number;
}

export interface OutboxEntry {
  envelope: EventEnvelope;
  payload: unknown;
  subscribers: readonly SubscriberRef[];
}

/** A committed event the broker has not acknowledged yet, with its place in the outbox. */
export interface UnsentEvent extends BrokerEvent {
  position: string;
}

export interface ClaimedDelivery {
  id: string;
  subscriber: string;
  attempts: number;
  maxAttempts: number;
  envelope: EventEnvelope;
  payload: unknown;
  recordedAt: Date;
}

export interface DeliveryRecord {
  id: string;
  eventId: string;
  eventType: string;
  subscriber: string;
  key: string;
  status: DeliveryStatus;
  attempts: number;
  maxAttempts: number;
  lastError: string | null;
  availableAt: Date;
  leaseUntil: Date | null;
  createdAt: Date;
  updatedAt: Date;
  completedAt: Date | null;
}

export interface EventRecord extends EventEnvelope {
  position: string;
  payload: unknown;
  recordedAt: string;
}

export interface DeliveryFilter {
  status?: DeliveryStatus;
  subscriber?: string;
  type?: string;
}

export interface EventFilter {
  type?: string;
  key?: string;
  since?: Date;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/**
 * The bus's PostgreSQL side: the outbox and the delivery registry. Writes join the caller's
 * unit of work when one is active.
 */
export abstract class OutboxStore {
  /**
   * Records the events, in this order, each with one pending delivery per subscriber, in one
   * statement; returns the delivery ids. `unsent`: also marks them for the relay to a broker.
   */
  abstract append(events: readonly OutboxEntry[], unsent?: boolean): Promise<string[]>;

  /**
   * Within a unit of work: true when this transaction may relay (one relay at a time keeps the order of publication).
   * The transaction's commit then does not wait for the WAL flush (a relay undone by a PostgreSQL crash publishes again).
   */
  abstract takeRelayTurn(): Promise<boolean>;
  /** The oldest unsent events, in position order. */
  abstract unsent(limit: number): Promise<UnsentEvent[]>;
  /** The broker has acknowledged these (by position). */
  abstract markSent(positions: readonly string[]): Promise<void>;
  /**
   * Copies events of another process's outbox into this database (an event already here is left
   * alone), each statement committed at once: the consumers of one process receiving the same
   * events then never wait on each other's inbox transactions.
   */
  abstract keep(events: readonly BrokerEvent[]): Promise<void>;

  /**
   * The inbox of a broker's consumer, within the caller's unit of work: records one pending delivery
   * of each event (kept here first) for this subscriber, unless it already has one; returns the ids of
   * the deliveries created. An event received again creates nothing.
   */
  abstract receive(subscriber: SubscriberRef, events: readonly BrokerEvent[]): Promise<string[]>;

  /**
   * Takes deliveries for this worker, in one statement committed on its own (outside any unit of work;
   * lost in a PostgreSQL crash, they are simply pending again): those of `deliveryIds` that are pending,
   * due, and first in line for their subscriber and key (an earlier open delivery of the same key
   * holds a later one back, unless this claim takes it too), of subscribers this process has.
   * Returns them in publication order: run in that order, a key's deliveries keep theirs.
   */
  abstract claim(
    deliveryIds: readonly string[],
    claimToken: string,
    leaseMs: number,
    subscribers: readonly string[],
  ): Promise<ClaimedDelivery[]>;
  /**
   * Locks deliveries still held by this claim until the unit of work ends, and returns their ids:
   * a lease that runs out meanwhile cannot hand them to another worker while their subscriber runs.
   */
  abstract lockClaimed(deliveryIds: readonly string[], claimToken: string): Promise<string[]>;
  /** Marks claimed deliveries completed, in the subscribers' unit of work; returns how many were still this claim's. */
  abstract completeAll(deliveryIds: readonly string[], claimToken: string): Promise<number>;
  abstract release(
    deliveryId: string,
    claimToken: string,
    outcome: { status: 'pending' | 'failed'; delayMs: number; error: string },
  ): Promise<void>;
  /**
   * Gives claimed deliveries back (pending, the claim's attempt not counted): held back
   * because an earlier one of their line, in the same claim, failed.
   */
  abstract unclaim(deliveryIds: readonly string[], claimToken: string): Promise<void>;
  /** For each of these deliveries, the pending ones after it of the same subscriber and key, up to a batch. */
  abstract nextInLine(deliveryIds: readonly string[]): Promise<string[]>;
  /** Due deliveries, first in their line, of these subscribers, that have waited at least `minAgeMs`: the sweeper's work list. */
  abstract due(limit: number, minAgeMs: number, subscribers: readonly string[]): Promise<string[]>;
  /** Gives back deliveries whose worker died (lease over); returns how many. */
  abstract reclaimExpiredLeases(): Promise<number>;
  abstract prune(olderThan: Date): Promise<number>;

  abstract listEvents(filter: EventFilter, limit: number, cursor: string | null): Promise<Page<EventRecord>>;
  abstract getEvent(eventId: string): Promise<{ event: EventRecord; deliveries: DeliveryRecord[] } | null>;
  abstract listDeliveries(filter: DeliveryFilter, limit: number, cursor: string | null): Promise<Page<DeliveryRecord>>;
  /** Failed deliveries back to pending (one, or all matching); returns their ids. */
  abstract resubmit(filter: DeliveryFilter & { id?: string }): Promise<string[]>;
  /** Delivers an event again to one subscriber (creating the delivery if it never had one); returns its id. */
  abstract replay(eventId: string, subscriber: SubscriberRef): Promise<string | null>;
  abstract oldestPendingAgeSeconds(): Promise<number>;
  /** Events committed and not yet acknowledged by the broker: how many, and the oldest one's age (0 when none). */
  abstract unsentBacklog(): Promise<{ count: number; oldestAgeSeconds: number }>;
  abstract countByStatus(): Promise<Record<DeliveryStatus, number>>;
}
