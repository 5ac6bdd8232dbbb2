import { Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { PlatformConfig } from '../../../platform/config/app-config';
import type { UnitOfWork } from '../../../platform/database/unit-of-work';
import type { DeliveryDispatcher } from './delivery-dispatcher';
import type { EventBroker, ReceivedEvent } from './ports/event-broker';
import { EventTransport } from './ports/event-transport';
import type { OutboxStore, SubscriberRef } from './ports/outbox-store';
import type { SubscriberRegistry } from './subscriber-registry';

/** Events published per relay transaction. */
export const RELAY_BATCH = 500;
/** The wait before asking again for the relay's turn, held by another instance. */
const RELAY_TURN_RETRY_MS = 20;
/** The longest wait between two tries to record a received batch in the inbox (the database away). */
const INBOX_RETRY_MAX_MS = 5_000;

/**
 * BUS_TRANSPORT=nats (ADR 0033). Publishing writes the event only, marked unsent, in its
 * producer's transaction. The relay publishes unsent events to the broker in position order,
 * one relay at a time across instances, and marks them sent only once the broker acknowledged
 * them; until then they wait in the outbox (a broker away loses nothing). Each subscriber of this
 * process consumes through its own durable consumer; a received batch is recorded in the inbox
 * (the delivery records: one per event and subscriber, never two) and acknowledged after that
 * commit, and from there the delivery runs as in process: claimed first in line for its key,
 * retried with backoff, dead-lettered, resubmitted and replayed by the operations routes.
 */
export class BrokerTransport extends EventTransport implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly relays = true;
  private readonly logger = new Logger('GovernanceBus');
  private timer?: NodeJS.Timeout;
  private relaying?: Promise<void>;
  private relayAgain = false;
  private stopped = false;

  constructor(
    private readonly broker: EventBroker,
    private readonly store: OutboxStore,
    private readonly unitOfWork: UnitOfWork,
    private readonly subscribers: SubscriberRegistry,
    private readonly dispatcher: DeliveryDispatcher,
    private readonly config: PlatformConfig,
  ) {
    super();
  }

  subscribersAtPublish(): readonly SubscriberRef[] {
    return [];
  }

  committed(): void {
    this.relay();
  }

  async onApplicationBootstrap(): Promise<void> {
    const subscriptions = this.subscribers.all().map((s) => ({ subscriber: s.id, eventTypes: s.eventTypes }));
    await this.broker.start(subscriptions);
    for (const subscriber of this.subscribers.all()) {
      this.broker.consume({ subscriber: subscriber.id, eventTypes: subscriber.eventTypes }, (batch) =>
        this.receive(subscriber, batch),
      );
    }
    // Events committed by a process that died before relaying them, and those the broker did not take.
    this.timer = setInterval(() => this.relay(), this.config.BUS_SWEEP_INTERVAL_MS);
    this.timer.unref();
    this.relay();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.relaying;
    await this.broker.close();
  }

  /** Starts a relay run, or asks the running one for another round. Never throws. */
  private relay(): void {
    if (this.stopped) return;
    if (this.relaying) {
      this.relayAgain = true;
      return;
    }
    this.relaying = this.drain()
      .catch((error: Error) => this.logger.warn(`relay to the broker failed: ${error.message}`))
      .finally(() => {
        this.relaying = undefined;
        if (this.relayAgain) {
          this.relayAgain = false;
          this.relay();
        }
      });
  }

  private async drain(): Promise<void> {
    while (!this.stopped) {
      let turnTaken = false;
      const more = await this.unitOfWork.run(async () => {
        if (!(await this.store.takeRelayTurn())) {
          turnTaken = true;
          return false;
        }
        const events = await this.store.unsent(RELAY_BATCH);
        if (!events.length) return false;
        const acknowledged = new Set(await this.broker.publish(events));
        await this.store.markSent(events.filter((e) => acknowledged.has(e.envelope.eventId)).map((e) => e.position));
        return events.length === RELAY_BATCH && acknowledged.size === events.length;
      });
      // Another instance is relaying; what it did not see yet is ours to take once it is done. (Scheduled out here:
      // a timer set inside the unit of work would carry its ended frame along.)
      if (turnTaken) setTimeout(() => this.relay(), RELAY_TURN_RETRY_MS).unref();
      if (!more) return;
    }
  }

  /**
   * Records a received batch in the inbox and acknowledges it after the commit. While the
   * database refuses, the same batch is tried again (the consumer waits: later events of a key
   * cannot overtake it); stopped meanwhile, it is left unacknowledged and comes back.
   */
  private async receive(subscriber: SubscriberRef, batch: readonly ReceivedEvent[]): Promise<void> {
    for (let attempt = 1; !this.stopped; attempt++) {
      try {
        await this.store.keep(batch);
        const created = await this.unitOfWork.run(() => this.store.receive(subscriber, batch));
        for (const event of batch) event.ack();
        this.dispatcher.dispatch(created);
        return;
      } catch (error) {
        this.logger.warn(`inbox of ${subscriber.id} refused a batch (try ${attempt}): ${(error as Error).message}`);
        await new Promise((resolve) => setTimeout(resolve, Math.min(INBOX_RETRY_MAX_MS, 100 * 2 ** attempt)));
        for (const event of batch) event.inProgress();
      }
    }
  }
}
