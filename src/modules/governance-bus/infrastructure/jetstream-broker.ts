import { Logger } from '@nestjs/common';
import {
  AckPolicy,
  type ConsumerConfig,
  type ConsumerMessages,
  DeliverPolicy,
  DiscardPolicy,
  jetstream,
  type JetStreamClient,
  type JetStreamManager,
  jetstreamManager,
  type JsMsg,
  RetentionPolicy,
  StorageType,
} from '@nats-io/jetstream';
import { connect, type NatsConnection, nanos } from '@nats-io/transport-node';
import type { PlatformConfig } from '../../../platform/config/app-config';
import { reasonOf, StartupFailure, withoutPassword } from '../../../platform/config/startup-failure';
import {
  type BrokerEvent,
  type BrokerSubscription,
  EventBroker,
  type ReceivedEvent,
} from '../application/ports/event-broker';
import { within } from '../application/within';
import { BUS_STREAM as STREAM, consumerNameOf, eventSubjectOf as subjectOf } from '../../../platform/nats/subjects';
import { natsConnectionOptions, natsServers } from '../../../platform/nats/nats-connection-options';
import type { NatsLinks } from '../../../platform/nats/nats-links';

/** A stored message re-published within this window is dropped by JetStream (the relay's retries after a lost acknowledgement). */
const DUPLICATE_WINDOW_MS = 10 * 60_000;
const PUBLISH_TIMEOUT_MS = 5_000;
/**
 * Deliveries of one message at most: a message that keeps failing to reach the inbox (one that
 * crashes the process, or a database down for many minutes) stops being redelivered, and
 * JetStream publishes a MAX_DELIVERIES advisory for operators. Retries of the subscriber itself
 * are the delivery records' (BUS_MAX_ATTEMPTS), once the message is in the inbox.
 */
const MAX_DELIVER = 20;
/** Messages a consumer has out at once, unacknowledged: one batch being recorded and the next ones waiting. */
const MAX_ACK_PENDING = 1_000;
/** Messages recorded in the inbox per transaction. */
const RECEIVE_BATCH = 100;

/** Multiple filter subjects per consumer came with nats-server 2.10. */
function hasMultipleFilters(version: string | undefined): boolean {
  const [major, minor] = (version ?? '0.0').split('.').map(Number);
  return major > 2 || (major === 2 && minor >= 10);
}

/**
 * NATS JetStream through @nats-io/jetstream: one file-backed stream `BUS` on `bus.>`, with a
 * de-duplication window on `Nats-Msg-Id` (the event id); per subscriber of this process a durable
 * pull consumer with explicit acknowledgement and bounded redelivery, filtered on the subjects of
 * its events.
 */
export class JetStreamBroker extends EventBroker {
  private readonly logger = new Logger('GovernanceBus');
  private connection?: NatsConnection;
  private manager?: JetStreamManager;
  private client?: JetStreamClient;
  private connectedNow = false;
  private closing = false;
  private readonly consumers: Array<{ messages?: ConsumerMessages; stop: () => void }> = [];
  private readonly loops: Promise<void>[] = [];

  constructor(
    private readonly config: PlatformConfig,
    private readonly links?: NatsLinks,
  ) {
    super();
  }

  private get connected(): boolean {
    return this.connectedNow;
  }

  /** Readiness follows it (ADR 0037). */
  private set connected(connected: boolean) {
    this.connectedNow = connected;
    this.links?.report('governance-bus', connected);
  }

  /**
   * Unacknowledged this long, a message is delivered again (its process died between receipt and
   * its inbox commit): the bus's lease, the time a claimed delivery is its worker's (BUS_LEASE_MS).
   */
  private get ackWaitMs(): number {
    return this.config.BUS_LEASE_MS;
  }

  async start(subscriptions: readonly BrokerSubscription[]): Promise<void> {
    // Unreachable at start: the start stops and says so. Lost later: the client reconnects for ever, and the outbox waits.
    const connection = await connect(natsConnectionOptions(this.config, 'governance-bus')).catch((error: unknown) => {
      throw new StartupFailure(
        `Cannot reach NATS at ${natsServers(this.config).map(withoutPassword).join(',')} (${reasonOf(error)}): start nats-server -js, fix NATS_URL, or unset BUS_TRANSPORT to carry events in process`,
      );
    });
    this.connection = connection;
    this.connected = true;
    void this.followStatus(connection);
    this.manager = await jetstreamManager(connection);
    this.client = jetstream(connection, { timeout: PUBLISH_TIMEOUT_MS });
    await this.ensureStream();
    for (const subscription of subscriptions) await this.ensureConsumer(subscription);
  }

  private async followStatus(connection: NatsConnection): Promise<void> {
    for await (const status of connection.status()) {
      if (status.type === 'disconnect') this.connected = false;
      if (status.type === 'reconnect') this.connected = true;
      if (status.type === 'disconnect' || status.type === 'reconnect')
        this.logger.warn(`NATS ${status.type}ed (${status.server})`);
    }
  }

  private async ensureStream(): Promise<void> {
    const config = {
      subjects: ['bus.>'],
      retention: RetentionPolicy.Limits,
      storage: StorageType.File,
      discard: DiscardPolicy.Old,
      max_age: nanos(this.config.BUS_RETENTION_HOURS * 3_600_000),
      duplicate_window: nanos(DUPLICATE_WINDOW_MS),
    };
    const manager = this.manager!;
    const exists = await manager.streams.info(STREAM).then(
      () => true,
      () => false,
    );
    if (exists) await manager.streams.update(STREAM, config);
    else await manager.streams.add({ name: STREAM, ...config });
  }

  /**
   * The subscriber's durable consumer, created or brought up to date. A new one starts with the
   * events published from now on, as a new subscriber gets deliveries of events published after
   * it is registered in process.
   */
  private async ensureConsumer(subscription: BrokerSubscription): Promise<void> {
    const manager = this.manager!;
    const name = consumerNameOf(subscription.subscriber);
    const settings = {
      ack_wait: nanos(this.ackWaitMs),
      max_deliver: MAX_DELIVER,
      max_ack_pending: MAX_ACK_PENDING,
      ...this.filterOf(subscription),
    };
    const existing = await manager.consumers.info(STREAM, name).catch(() => null);
    if (!existing) {
      const config: Partial<ConsumerConfig> = {
        durable_name: name,
        ack_policy: AckPolicy.Explicit,
        deliver_policy: DeliverPolicy.New,
        ...settings,
      };
      await manager.consumers.add(STREAM, config);
      return;
    }
    const current = existing.config;
    const same =
      current.ack_wait === settings.ack_wait &&
      current.max_deliver === settings.max_deliver &&
      current.max_ack_pending === settings.max_ack_pending &&
      current.filter_subject === settings.filter_subject &&
      JSON.stringify(current.filter_subjects ?? []) === JSON.stringify(settings.filter_subjects ?? []);
    if (!same) await manager.consumers.update(STREAM, name, settings);
  }

  /**
   * The subjects of the subscriber's events. A server older than 2.10 takes one filter: the
   * narrowest wildcard that covers them; the events of other types it brings are acknowledged
   * and skipped.
   */
  private filterOf(subscription: BrokerSubscription): { filter_subject?: string; filter_subjects?: string[] } {
    const subjects = [...new Set(subscription.eventTypes.map(subjectOf))].sort();
    if (subjects.length === 1) return { filter_subject: subjects[0] };
    if (hasMultipleFilters(this.connection?.info?.version)) return { filter_subjects: subjects };
    const owners = new Set(subscription.eventTypes.map((type) => type.split('.')[0]));
    return { filter_subject: owners.size === 1 ? `bus.${[...owners][0]}.>` : 'bus.>' };
  }

  async publish(events: readonly BrokerEvent[]): Promise<string[]> {
    // Disconnected, the client would buffer every publish until it reconnects: the outbox is the buffer.
    if (!this.connected || !this.client || !events.length) return [];
    const client = this.client;
    // Sent in order on one connection, acknowledged in parallel: the stream stores them in this order.
    const results = await Promise.allSettled(
      events.map(({ envelope, payload }) =>
        client.publish(subjectOf(envelope.type), JSON.stringify({ envelope, payload }), {
          msgID: envelope.eventId,
          timeout: PUBLISH_TIMEOUT_MS,
        }),
      ),
    );
    const failed = results.find((result) => result.status === 'rejected');
    if (failed)
      this.logger.warn(`JetStream did not acknowledge an event (it stays unsent): ${(failed.reason as Error).message}`);
    return events.filter((_, i) => results[i].status === 'fulfilled').map((event) => event.envelope.eventId);
  }

  consume(subscription: BrokerSubscription, receive: (batch: ReceivedEvent[]) => Promise<void>): void {
    this.loops.push(
      this.consumeLoop(subscription, receive).catch((error: Error) =>
        this.logger.error(`consumer of ${subscription.subscriber} stopped: ${error.message}`),
      ),
    );
  }

  private async consumeLoop(
    subscription: BrokerSubscription,
    receive: (batch: ReceivedEvent[]) => Promise<void>,
  ): Promise<void> {
    const consumer = await this.client!.consumers.get(STREAM, consumerNameOf(subscription.subscriber));
    // Messages out to a process that died before acknowledging them come back after the acknowledgement wait,
    // ahead of newer ones: waiting for them keeps a key's later events from overtaking them.
    const { num_ack_pending: outstanding } = await consumer.info();
    if (outstanding > 0) {
      this.logger.warn(
        `${subscription.subscriber}: ${outstanding} messages unacknowledged by an earlier consumer; waiting ${this.ackWaitMs} ms for their redelivery`,
      );
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.ackWaitMs);
        this.consumers.push({ messages: undefined, stop: () => (clearTimeout(timer), resolve()) });
      });
      if (this.closing) return;
    }
    // Messages wait here as they arrive (at most MAX_ACK_PENDING unacknowledged); those already here travel together.
    const arrived: JsMsg[] = [];
    let wake: (() => void) | undefined;
    const messages = await consumer.consume({
      max_messages: RECEIVE_BATCH,
      callback: (message) => {
        arrived.push(message);
        wake?.();
      },
    });
    this.consumers.push({ messages, stop: () => wake?.() });
    const wanted = new Set(subscription.eventTypes);
    while (!this.closing) {
      if (!arrived.length) await new Promise<void>((resolve) => (wake = resolve));
      wake = undefined;
      const batch = arrived.splice(0, RECEIVE_BATCH).flatMap((message) => this.decode(message, wanted));
      if (batch.length && !this.closing) await receive(batch);
    }
  }

  private decode(message: JsMsg, wanted: ReadonlySet<string>): ReceivedEvent[] {
    let event: BrokerEvent;
    try {
      event = message.json<BrokerEvent>();
    } catch {
      this.logger.error(`message ${message.seq} on ${message.subject} is not an event; dropped`);
      message.term('not an event');
      return [];
    }
    if (!wanted.has(event.envelope?.type)) {
      message.ack();
      return [];
    }
    return [
      {
        ...event,
        deliveryCount: message.info.deliveryCount,
        ack: () => message.ack(),
        inProgress: () => message.working(),
      },
    ];
  }

  /** Stops consuming (a batch being recorded finishes), then closes the connection. */
  async close(): Promise<void> {
    this.closing = true;
    for (const { stop } of this.consumers) stop();
    await Promise.all(
      this.consumers.flatMap(({ messages }) => (messages ? [messages.close().catch(() => undefined)] : [])),
    );
    await within(5_000, Promise.all(this.loops));
    await this.connection?.close().catch(() => undefined);
  }
}
