/**
 * JetStream alone, the NATS floor of `npm run bench:bus`: what the bench's nats-server and the NATS client do with
 * the bus's traffic and no database, no app, no Redis. It answers "how much of the NATS figure is JetStream's own
 * cost?".
 *
 * A stream and consumers with the bus's own settings (copied from the stream `BUS` and the durable consumer of
 * `bench.sink-a` the NATS phase left on the server, only the names and subjects changed), messages of the bus's
 * size (the body of the last `identity.user-registered` the relay published):
 *  - publish: as the relay does (JetStreamBroker.publish), batches of RELAY_BATCH pipelined on one connection, each
 *    message with its own `Nats-Msg-Id`, every acknowledgement awaited before the next batch. The relay makes batches
 *    this large only when its outbox is that far behind: here it always is, the most favourable case;
 *  - consume: one durable pull consumer per subscriber, explicit acknowledgement, as many messages asked at once as
 *    the bus's consumers ask (RECEIVE_BATCH), on a connection of its own (the bus's consumers run in another
 *    process than its relay); each message is acknowledged as it arrives.
 * Both run in the bench's process. Deliveries/s count each consumer's acknowledgement, from the first publish to the
 * last acknowledgement; latency runs from a message's publish to each consumer's acknowledgement of it (the messages
 * go out as a burst, so it is mostly the wait behind earlier messages, as in the saturation phases).
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { type ConsumerMessages, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import type * as BrokerTransport from '../../src/modules/governance-bus/application/broker-transport';
import { BUS_STREAM, consumerNameOf, eventSubjectOf } from '../../src/platform/nats/subjects';
import type { NatsServer } from '../../test/support/nats-server';
import { log } from './log';
import { quantiles } from './percentile';
import { processCpuSeconds } from './usage';

const { RELAY_BATCH } =
  require('../../dist/modules/governance-bus/application/broker-transport') as typeof BrokerTransport;
const STREAM = 'BENCH_ALONE';
const SUBJECT = 'alone.identity.user-registered';
/** As JetStreamBroker: its publish timeout and the messages a consumer asks for at once (RECEIVE_BATCH). */
const PUBLISH_TIMEOUT_MS = 5_000;
const RECEIVE_BATCH = 100;
/** Every acknowledgement is in by then, or something is wrong (nothing here waits on a database). */
const ROUND_DEADLINE_MS = 60_000;

export interface JetStreamAloneResult {
  messages: number;
  bytesPerMessage: number;
  consumers: number;
  deliveries: number;
  deliveriesPerSecond: number;
  /** Messages acknowledged by JetStream per second, from the first publish to the last publish acknowledgement. */
  publishPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  redelivered: number;
  /** CPU per acknowledged delivery: nats-server, and this process (publisher and consumers). */
  natsServerMicrosPerDelivery: number | null;
  clientMicrosPerDelivery: number;
}

export async function jetStreamAlone(
  server: NatsServer,
  options: { messages: number; subscribers: readonly string[]; warmUpMessages: number },
): Promise<JetStreamAloneResult> {
  const connections: NatsConnection[] = [];
  const running: ConsumerMessages[] = [];
  try {
    const publishing = await connect({ servers: server.url, name: 'bench jetstream-alone publisher' });
    connections.push(publishing);
    const consuming = await connect({ servers: server.url, name: 'bench jetstream-alone consumers' });
    connections.push(consuming);
    const manager = await jetstreamManager(publishing);

    const bus = await manager.streams.info(BUS_STREAM);
    await manager.streams.add({ ...bus.config, name: STREAM, subjects: ['alone.>'] });
    const template = await manager.streams.getMessage(BUS_STREAM, {
      last_by_subj: eventSubjectOf('identity.user-registered'),
    });
    if (!template) throw new Error('jetstream alone: the bus stream holds no identity.user-registered to copy');
    const body = template.data;
    const { config: consumerConfig } = await manager.consumers.info(BUS_STREAM, consumerNameOf(options.subscribers[0]));

    let sentAt = new Map<string, number>();
    let latencies: number[] = [];
    let redelivered = 0;
    let lastAck = 0;
    let expected = 0;
    let allAcked: (() => void) | undefined;
    const consumerJs = jetstream(consuming);
    for (const [i, subscriber] of options.subscribers.entries()) {
      const name = `alone_${consumerNameOf(subscriber)}`;
      await manager.consumers.add(STREAM, {
        ...consumerConfig,
        name,
        durable_name: name,
        filter_subject: SUBJECT,
        filter_subjects: undefined,
      });
      const consumer = await consumerJs.consumers.get(STREAM, name);
      running[i] = await consumer.consume({
        max_messages: RECEIVE_BATCH,
        callback: (message) => {
          message.ack();
          const now = performance.now();
          latencies.push(now - sentAt.get(message.headers!.get('Nats-Msg-Id'))!);
          if (message.info.deliveryCount > 1) redelivered++;
          lastAck = now;
          if (latencies.length === expected) allAcked?.();
        },
      });
    }

    const js = jetstream(publishing, { timeout: PUBLISH_TIMEOUT_MS });
    /** Publishes `count` messages as the relay would and waits for every consumer to acknowledge each one. */
    const round = async (count: number) => {
      sentAt = new Map();
      latencies = [];
      redelivered = 0;
      expected = count * options.subscribers.length;
      const acked = new Promise<void>((resolve) => (allAcked = resolve));
      const started = performance.now();
      for (let sent = 0; sent < count; sent += RELAY_BATCH) {
        const ids = Array.from({ length: Math.min(RELAY_BATCH, count - sent) }, () => randomUUID());
        const results = await Promise.allSettled(
          ids.map((id) => {
            sentAt.set(id, performance.now());
            return js.publish(SUBJECT, body, { msgID: id, timeout: PUBLISH_TIMEOUT_MS });
          }),
        );
        const failed = results.find((result) => result.status === 'rejected');
        if (failed) throw new Error(`jetstream alone: a publish failed: ${(failed.reason as Error).message}`);
      }
      const published = performance.now();
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        acked,
        new Promise<never>(
          (_, reject) =>
            (timer = setTimeout(
              () =>
                reject(
                  new Error(
                    `jetstream alone: ${latencies.length} of ${expected} acknowledgements within ${ROUND_DEADLINE_MS} ms`,
                  ),
                ),
              ROUND_DEADLINE_MS,
            )),
        ),
      ]).finally(() => clearTimeout(timer));
      return { started, published };
    };

    await round(options.warmUpMessages);
    const natsCpu = () => processCpuSeconds('nats-server', String(server.port));
    const natsBefore = natsCpu();
    const clientBefore = process.cpuUsage();
    const { started, published } = await round(options.messages);
    const natsAfter = natsCpu();
    const client = process.cpuUsage(clientBefore);
    const quantile = quantiles(latencies);
    const at = (q: number) => Math.round(quantile(q) * 10) / 10;
    const result: JetStreamAloneResult = {
      messages: options.messages,
      bytesPerMessage: body.length,
      consumers: options.subscribers.length,
      deliveries: latencies.length,
      deliveriesPerSecond: Math.round(latencies.length / ((lastAck - started) / 1000)),
      publishPerSecond: Math.round(options.messages / ((published - started) / 1000)),
      p50Ms: at(0.5),
      p99Ms: at(0.99),
      maxMs: at(1),
      redelivered,
      natsServerMicrosPerDelivery:
        natsBefore === null || natsAfter === null
          ? null
          : Math.round(((natsAfter - natsBefore) * 1e6) / latencies.length),
      clientMicrosPerDelivery: Math.round((client.user + client.system) / latencies.length),
    };
    await manager.streams.delete(STREAM);
    return result;
  } finally {
    await Promise.all(running.map((messages) => messages.close().catch(() => undefined)));
    await Promise.all(connections.map((connection) => connection.close().catch(() => undefined)));
  }
}

export function logJetStreamAlone(result: JetStreamAloneResult): void {
  log(
    `jetstream alone: ${result.messages} messages of ${result.bytesPerMessage} bytes to ${result.consumers} consumers: ` +
      `${result.deliveriesPerSecond} acknowledged deliveries/s, ${result.publishPerSecond} publishes acknowledged/s; ` +
      `publish -> consumer ack p50 ${result.p50Ms} / p99 ${result.p99Ms} / max ${result.maxMs} ms; ${result.redelivered} redelivered; ` +
      `CPU per delivery: nats-server ${result.natsServerMicrosPerDelivery ?? 'n/a'} µs, client (this process) ${result.clientMicrosPerDelivery} µs`,
  );
}
