import { randomUUID } from 'node:crypto';
import { EventBus } from '@nestjs/cqrs';
import { jetstream, jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BUS_STREAM as STREAM, consumerNameOf, eventSubjectOf as subjectOf } from '../src/platform/nats/subjects';
import { messageContext } from '../src/platform/messaging/message-context';
import { UserRegistered } from '../src/shared/contracts/identity';
import { BusProbe, probeOf } from './support/bus-fixtures';
import { startCrashChild } from './support/crash-child-process';
import { COUNTING_SUBSCRIBER, COUNTING_TABLE_SQL, CountingModule, invocations } from './support/counting-subscriber';
import { STRONG_PASSWORD } from './support/identity-fixtures';
import { NatsServer } from './support/nats-server';
import { probe, PROBE_SUBSCRIBER, PROBE_TABLE_SQL, ProbeModule } from './support/probe-subscriber';
import { sharedDeployment, startInstance } from './support/shared-database-app';
import { startTestApp, type TestApp } from './support/test-app';
import { waitFor } from './support/wait-for';

const USER_REGISTERED = 'identity.user-registered';
const registered = (userId: string, displayName = 'Over NATS') =>
  new UserRegistered({ userId, displayName, registeredAt: new Date().toISOString() });

describe('the governance bus through NATS JetStream (BUS_TRANSPORT=nats)', () => {
  let nats: NatsServer;
  let t: TestApp;
  let db: BusProbe;
  let client: NatsConnection;
  let manager: JetStreamManager;

  beforeAll(async () => {
    nats = await NatsServer.start();
    t = await startTestApp(
      {
        BUS_TRANSPORT: 'nats',
        NATS_URL: nats.url,
        BUS_BACKOFF_BASE_MS: '10',
        BUS_BACKOFF_MAX_MS: '50',
        BUS_SWEEP_INTERVAL_MS: '100',
        BUS_RECOVERY_AFTER_MS: '200',
      },
      [ProbeModule, CountingModule.forInstance('a')],
    );
    db = await BusProbe.connect(t);
    await db.query(PROBE_TABLE_SQL);
    await db.query(COUNTING_TABLE_SQL);
    client = await connect({ servers: nats.url, maxReconnectAttempts: -1, reconnectTimeWait: 100 });
    manager = await jetstreamManager(client);
  });
  afterEach(() => {
    probe.reset();
    invocations.reset();
  });
  afterAll(async () => {
    await client?.close();
    await db?.close();
    await t?.close();
    await nats?.close();
  });

  const publishAsIdentity = (event: UserRegistered) =>
    messageContext.run({ module: 'identity' }, () => t.app.get(EventBus).publish(event));
  const receivedInOrder = (key: string) =>
    db.query<{ name: string }>(
      `SELECT e.payload->>'displayName' AS name FROM probe.received r JOIN bus.events e ON e.id = r.event_id WHERE r.key = $1 ORDER BY r.seq`,
      [key],
    );
  const unsentOf = (key: string) =>
    db.query('SELECT u.* FROM bus.unsent u JOIN bus.events e ON e.id = u.event_id WHERE e.type = $1 AND e.key = $2', [
      USER_REGISTERED,
      key,
    ]);

  it('carries a registration to the wallet, which opens one: the event goes through the stream under its own id', async () => {
    const response = await t.http.post('/identity/register', {
      email: `nats-${randomUUID()}@example.com`,
      password: STRONG_PASSWORD,
      displayName: 'Nats Rider',
    });
    expect(response.status).toBe(201);
    const userId: string = response.body.id;
    const opened = await waitFor(
      async () =>
        (await db.query('SELECT * FROM bus.events WHERE type = $1 AND key = $2', ['wallet.opened', userId]))[0],
      10_000,
    );
    expect(opened.producer).toBe('wallet');
    const [registration] = await db.query('SELECT * FROM bus.events WHERE type = $1 AND key = $2', [
      USER_REGISTERED,
      userId,
    ]);
    expect(await db.settled(USER_REGISTERED, userId, 'wallet.open-wallet-on-user-registered')).toMatchObject({
      status: 'completed',
      attempts: 1,
    });
    // The stream holds it under bus.<owner>.<fact>, de-duplicated by its event id; the outbox no longer holds it for the relay.
    const stored = await manager.streams.getMessage(STREAM, { last_by_subj: subjectOf(USER_REGISTERED) });
    expect(stored?.header.get('Nats-Msg-Id')).toBe(registration.id);
    expect(stored?.json<{ envelope: { eventId: string; key: string } }>().envelope).toMatchObject({
      eventId: registration.id,
      key: userId,
    });
    expect(await unsentOf(userId)).toEqual([]);
    // Each subscriber of this process consumes through its own durable consumer, named after its id.
    const consumer = await manager.consumers.info(STREAM, consumerNameOf('wallet.open-wallet-on-user-registered'));
    expect(consumer.config).toMatchObject({
      durable_name: 'wallet_open-wallet-on-user-registered',
      ack_policy: 'explicit',
      filter_subject: 'bus.identity.user-registered',
      max_deliver: expect.any(Number),
    });
  });

  it('delivers a burst to each subscriber exactly once, and in publication order per key', async () => {
    const keys = Array.from({ length: 12 }, () => randomUUID());
    const perKey = 8;
    await Promise.all(
      keys.map(async (key, k) => {
        for (let i = 0; i < perKey; i++) await publishAsIdentity(registered(key, `k${k}-${i}`));
      }),
    );
    const total = keys.length * perKey;
    await waitFor(
      async () =>
        Number(
          (
            await db.query(
              `SELECT count(*) FROM bus.deliveries WHERE key = ANY($1) AND subscriber = ANY($2) AND status = 'completed'`,
              [keys, [PROBE_SUBSCRIBER, COUNTING_SUBSCRIBER]],
            )
          )[0].count,
        ) ===
        2 * total,
      30_000,
      50,
    );
    const deliveries = await db.query(
      `SELECT subscriber, attempts, count(*)::int AS count FROM bus.deliveries WHERE key = ANY($1) AND subscriber = ANY($2)
        GROUP BY subscriber, attempts ORDER BY subscriber`,
      [keys, [PROBE_SUBSCRIBER, COUNTING_SUBSCRIBER]],
    );
    expect(deliveries).toEqual([
      { subscriber: COUNTING_SUBSCRIBER, attempts: 1, count: total },
      { subscriber: PROBE_SUBSCRIBER, attempts: 1, count: total },
    ]);
    // Each handler entered once per event (the counting subscriber has no unique constraint to fail on).
    const events = await db.query<{ id: string }>('SELECT id FROM bus.events WHERE type = $1 AND key = ANY($2)', [
      USER_REGISTERED,
      keys,
    ]);
    expect(events).toHaveLength(total);
    expect(events.map((event) => invocations.started.get(event.id))).toEqual(events.map(() => 1));
    for (const [k, key] of keys.entries()) {
      const expected = Array.from({ length: perKey }, (_, i) => `k${k}-${i}`);
      const counted = await db.query<{ display_name: string }>(
        'SELECT display_name FROM probe_count.invocations WHERE key = $1 ORDER BY seq',
        [key],
      );
      expect(
        counted.map((row) => row.display_name),
        `order of ${COUNTING_SUBSCRIBER} for k${k}`,
      ).toEqual(expected);
      expect(
        (await receivedInOrder(key)).map((row) => row.name),
        `order of ${PROBE_SUBSCRIBER} for k${k}`,
      ).toEqual(expected);
    }
  });

  it('applies an event once when its message comes again (its acknowledgement lost in a crash): acknowledged and skipped', async () => {
    const userId = randomUUID();
    await publishAsIdentity(registered(userId, 'once'));
    const delivery = await db.settled(USER_REGISTERED, userId, PROBE_SUBSCRIBER);
    const [event] = await db.query('SELECT * FROM bus.events WHERE id = $1', [delivery.event_id]);
    const body = JSON.stringify({
      envelope: {
        eventId: event.id,
        type: event.type,
        version: event.version,
        occurredAt: new Date(event.occurred_at).toISOString(),
        producer: event.producer,
        correlationId: event.correlation_id,
        causationId: event.causation_id,
        traceparent: event.traceparent,
        key: event.key,
      },
      payload: event.payload,
    });
    const js = jetstream(client);
    // The relay publishing it again within the window: JetStream drops it on its Nats-Msg-Id.
    expect((await js.publish(subjectOf(USER_REGISTERED), body, { msgID: event.id })).duplicate).toBe(true);
    // A second message of the same event, as a consumer gets when its acknowledgement was lost.
    const again = await js.publish(subjectOf(USER_REGISTERED), body, { msgID: randomUUID() });
    await waitFor(async () => {
      const info = await manager.consumers.info(STREAM, consumerNameOf(PROBE_SUBSCRIBER));
      return info.ack_floor.stream_seq >= again.seq && info.num_ack_pending === 0;
    }, 10_000);
    expect(again.duplicate).toBe(false);
    expect(await db.receivedFor(userId)).toHaveLength(1);
    expect(await db.deliveriesOf(USER_REGISTERED, userId, PROBE_SUBSCRIBER)).toEqual([
      expect.objectContaining({ id: delivery.id, status: 'completed', attempts: 1 }),
    ]);
    expect(probe.attempts.get(event.id)).toBe(1);
  });

  it('runs a handler that failed again from the inbox, without a redelivery from the broker, and writes its effect once', async () => {
    probe.failure = (_event, attempt) => (attempt === 1 ? new Error('handler failed') : undefined);
    const deliveriesBefore = (await manager.consumers.info(STREAM, consumerNameOf(PROBE_SUBSCRIBER))).delivered
      .consumer_seq;
    const userId = randomUUID();
    await publishAsIdentity(registered(userId, 'crashing'));
    expect(await db.settled(USER_REGISTERED, userId, PROBE_SUBSCRIBER)).toMatchObject({
      status: 'completed',
      attempts: 2,
    });
    expect(await db.receivedFor(userId)).toHaveLength(1);
    // The broker's message was acknowledged once the delivery was in the inbox: retries are the delivery record's.
    const info = await waitFor(async () => {
      const current = await manager.consumers.info(STREAM, consumerNameOf(PROBE_SUBSCRIBER));
      return current.num_ack_pending === 0 && current;
    });
    // One message, one delivery of it (the consumer's sequence counts deliveries, redeliveries included).
    expect(info.delivered.consumer_seq - deliveriesBefore).toBe(1);
  });
  it('loses nothing while the NATS server is down: committed events wait in the outbox until it acknowledges them', async () => {
    const key = randomUUID();
    const names = ['d1', 'd2', 'd3', 'd4', 'd5'];
    await publishAsIdentity(registered(key, 'before'));
    await waitFor(async () => (await receivedInOrder(key)).length === 1, 10_000);

    await nats.kill();
    for (const name of names) await publishAsIdentity(registered(key, name));
    // Committed, unsent, and delivered to no one: the broker has acknowledged none of them.
    expect(await unsentOf(key)).toHaveLength(names.length);
    expect(await db.deliveriesOf(USER_REGISTERED, key, PROBE_SUBSCRIBER)).toHaveLength(1);
    // Operators see them waiting.
    expect(Number(/^bus_unsent_events (\d+)/m.exec((await t.http.get('/metrics')).text)?.[1])).toBeGreaterThanOrEqual(
      names.length,
    );

    await nats.restart();
    const received = await waitFor(async () => {
      const rows = await receivedInOrder(key);
      return rows.length === names.length + 1 && rows;
    }, 30_000);
    expect(received.map((row) => row.name)).toEqual(['before', ...names]);
    expect(await unsentOf(key)).toEqual([]);
    const deliveries = await db.deliveriesOf(USER_REGISTERED, key, PROBE_SUBSCRIBER);
    expect(deliveries.map((d) => [d.status, d.attempts])).toEqual(
      Array.from({ length: names.length + 1 }, () => ['completed', 1]),
    );
  });
});

describe('the governance bus through NATS JetStream when a consumer is killed between its inbox commit and its ack', () => {
  const deployment = sharedDeployment();
  let nats: NatsServer;
  let db: BusProbe;
  let crash: ReturnType<typeof startCrashChild> | undefined;
  let restarted: TestApp | undefined;
  let client: NatsConnection;
  // The ack wait is the lease: short here, so that the redelivery comes within the test.
  const env = () => ({ BUS_TRANSPORT: 'nats', NATS_URL: nats.url, BUS_LEASE_MS: '2000' });

  beforeAll(async () => {
    nats = await NatsServer.start();
    await deployment.createDatabase();
    db = await probeOf(deployment);
    await db.query(PROBE_TABLE_SQL);
    client = await connect({ servers: nats.url });
  });
  afterAll(async () => {
    if (crash && crash.child.exitCode === null && crash.child.signalCode === null) crash.child.kill('SIGKILL');
    await client?.close();
    await restarted?.close();
    await db?.close();
    await deployment.dispose();
    await nats?.close();
  });

  it('gets the message again in the next process, acknowledges and skips it, and applies the event once', async () => {
    const userId = randomUUID();
    crash = startCrashChild(
      { ...deployment.env, ...env(), LOG_LEVEL: 'warn', CRASH_USER_ID: userId },
      'test/support/nats-crash-child.ts',
    );
    const ended = await Promise.race([
      crash.exited,
      new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 30_000).unref()),
    ]);
    expect(ended, `the child should have killed itself after the inbox commit; its output:\n${crash.output()}`).toBe(
      'SIGKILL',
    );
    // Recorded in the inbox, not run, and not acknowledged to JetStream.
    const [recorded] = await db.deliveriesOf(USER_REGISTERED, userId, PROBE_SUBSCRIBER);
    expect(recorded).toMatchObject({ status: 'pending', attempts: 0 });
    const manager = await jetstreamManager(client);
    expect((await manager.consumers.info(STREAM, consumerNameOf(PROBE_SUBSCRIBER))).num_ack_pending).toBe(1);

    restarted = await startInstance(
      deployment,
      { ...env(), BUS_SWEEP_INTERVAL_MS: '100', BUS_RECOVERY_AFTER_MS: '100' },
      [ProbeModule],
    );
    // JetStream delivers it again after the ack wait; the inbox has it: acknowledged, nothing created.
    const info = await waitFor(async () => {
      const current = await manager.consumers.info(STREAM, consumerNameOf(PROBE_SUBSCRIBER));
      // Its second delivery (the consumer's sequence counts deliveries), acknowledged.
      return current.ack_floor.consumer_seq >= 2 && current.num_ack_pending === 0 && current;
    }, 20_000);
    expect(info.ack_floor.stream_seq).toBe(info.delivered.stream_seq);
    expect(await db.settled(USER_REGISTERED, userId, PROBE_SUBSCRIBER)).toMatchObject({
      id: recorded.id,
      status: 'completed',
      attempts: 1,
    });
    expect(await db.deliveriesOf(USER_REGISTERED, userId, PROBE_SUBSCRIBER)).toHaveLength(1);
    expect(await db.receivedFor(userId)).toHaveLength(1);
  });
});

describe('the governance bus through NATS JetStream with two instances on one database', () => {
  const deployment = sharedDeployment();
  let nats: NatsServer;
  let db: BusProbe;
  let a: TestApp | undefined;
  let b: TestApp | undefined;

  beforeAll(async () => {
    nats = await NatsServer.start();
    await deployment.createDatabase();
    db = await probeOf(deployment);
    await db.query(PROBE_TABLE_SQL);
    await db.query(COUNTING_TABLE_SQL);
    const env = { BUS_TRANSPORT: 'nats', NATS_URL: nats.url, BUS_SWEEP_INTERVAL_MS: '100' };
    a = await startInstance(deployment, env, [ProbeModule, CountingModule.forInstance('a')]);
    b = await startInstance(deployment, env, [ProbeModule, CountingModule.forInstance('b')]);
  });
  afterAll(async () => {
    invocations.reset();
    await a?.close();
    await b?.close();
    await db?.close();
    await deployment.dispose();
    await nats?.close();
  });

  it('relays one at a time and shares each durable consumer: every event reaches each subscriber once', async () => {
    const keys = Array.from({ length: 10 }, () => randomUUID());
    const perKey = 6;
    // Both instances publish (and so both relay); both consume from the same durable consumers.
    await Promise.all(
      keys.map(async (key, k) => {
        for (let i = 0; i < perKey; i++)
          await messageContext.run({ module: 'identity' }, () =>
            (i % 2 ? b! : a!).app.get(EventBus).publish(registered(key, `k${k}-${i}`)),
          );
      }),
    );
    const total = keys.length * perKey;
    const completed = () =>
      db.query<{ subscriber: string; attempts: number; count: number }>(
        `SELECT subscriber, attempts, count(*)::int AS count FROM bus.deliveries
          WHERE key = ANY($1) AND subscriber = ANY($2) AND status = 'completed' GROUP BY subscriber, attempts ORDER BY subscriber`,
        [keys, [PROBE_SUBSCRIBER, COUNTING_SUBSCRIBER]],
      );
    const deliveries = await waitFor(
      async () => {
        const rows = await completed();
        return rows.reduce((sum, row) => sum + row.count, 0) === 2 * total && rows;
      },
      30_000,
      50,
    );
    expect(deliveries).toEqual([
      { subscriber: COUNTING_SUBSCRIBER, attempts: 1, count: total },
      { subscriber: PROBE_SUBSCRIBER, attempts: 1, count: total },
    ]);
    expect(
      Number((await db.query('SELECT count(*) FROM probe_count.invocations WHERE key = ANY($1)', [keys]))[0].count),
    ).toBe(total);
    expect(Number((await db.query('SELECT count(*) FROM bus.unsent'))[0].count)).toBe(0);
  });
});
