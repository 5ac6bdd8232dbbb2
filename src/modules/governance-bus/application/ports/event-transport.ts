import type { SubscriberRef } from './outbox-store';

/**
 * How committed events reach their subscribers (BUS_TRANSPORT). In process: the publisher's
 * transaction writes one delivery per subscriber of this process, dispatched after commit.
 * Through a broker: the transaction writes the event only, marked unsent; a relay publishes it,
 * and each subscriber's consumer records its own delivery on receipt.
 */
export abstract class EventTransport {
  /** Whether committed events are relayed to a broker (written unsent, without deliveries). */
  abstract readonly relays: boolean;
  /** The deliveries written with an event of this type, in its producer's transaction. */
  abstract subscribersAtPublish(eventType: string): readonly SubscriberRef[];
  /** After the producer's commit, with the deliveries it wrote. Never throws. */
  abstract committed(deliveryIds: readonly string[]): void;
}
