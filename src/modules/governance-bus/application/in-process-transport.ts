import { DeliveryDispatcher } from './delivery-dispatcher';
import type { SubscriberRef } from './ports/outbox-store';
import { EventTransport } from './ports/event-transport';
import { SubscriberRegistry } from './subscriber-registry';

/** BUS_TRANSPORT=in-process: the deliveries of this process's subscribers are written with the event and dispatched after commit. */
export class InProcessTransport extends EventTransport {
  readonly relays = false;

  constructor(
    private readonly subscribers: SubscriberRegistry,
    private readonly dispatcher: DeliveryDispatcher,
  ) {
    super();
  }

  subscribersAtPublish(eventType: string): readonly SubscriberRef[] {
    return this.subscribers.subscribersOf(eventType);
  }

  committed(deliveryIds: readonly string[]): void {
    this.dispatcher.dispatch(deliveryIds);
  }
}
