import type { EventEnvelope } from '../../../../shared/kernel/integration-event';

/** An event as it travels through a broker: its envelope and its payload. */
export interface BrokerEvent {
  envelope: EventEnvelope;
  payload: unknown;
}

/** An event a subscriber's consumer received, with the answers its broker understands. */
export interface ReceivedEvent extends BrokerEvent {
  /** The broker's count of deliveries of this message to this consumer (1 the first time). */
  deliveryCount: number;
  /** Done with it: the broker will not deliver it again. */
  ack(): void;
  /** Still being recorded: not to be delivered again yet (the acknowledgement wait starts over). */
  inProgress(): void;
}

/** What one subscriber of this process consumes: its id, and the events it is registered for. */
export interface BrokerSubscription {
  subscriber: string;
  eventTypes: readonly string[];
}

/**
 * A message broker between processes (ADR 0033): it takes committed outbox events and hands them
 * to each subscriber's durable consumer. The bus's delivery records stay the inbox: the broker
 * carries, the records decide what runs.
 */
export abstract class EventBroker {
  /** Connects, and creates or updates the stream and this process's consumers (idempotently). */
  abstract start(subscriptions: readonly BrokerSubscription[]): Promise<void>;
  /**
   * Publishes the events in this order (the event id is the broker's de-duplication id); returns
   * the ids of those the broker acknowledged as stored (a duplicate it already had counts).
   */
  abstract publish(events: readonly BrokerEvent[]): Promise<string[]>;
  /**
   * Starts handing one subscriber's events to `receive`, in batches of those already waiting, one
   * batch at a time and in the stream's order. An event `receive` neither acks nor retries is
   * delivered again after the broker's acknowledgement wait.
   */
  abstract consume(subscription: BrokerSubscription, receive: (batch: ReceivedEvent[]) => Promise<void>): void;
  abstract close(): Promise<void>;
}
