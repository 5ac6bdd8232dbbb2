import { randomUUID } from 'node:crypto';
import { EventBus } from '@nestjs/cqrs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { OutboxStore } from '../src/modules/governance-bus/application/ports/outbox-store';
import { SubscriberRegistry } from '../src/modules/governance-bus/application/subscriber-registry';
import { UnitOfWork } from '../src/platform/database/unit-of-work';
import { messageContext } from '../src/platform/messaging/message-context';
import { UserRegistered } from '../src/shared/contracts/identity';
import { integrationEvent } from '../src/shared/kernel/integration-event';
import { z } from 'zod';
import { BusProbe } from './support/bus-fixtures';
import { registerAndLogin, STRONG_PASSWORD } from './support/identity-fixtures';
import { NatsServer } from './support/nats-server';
import { NonRetryableError, probe, PROBE_SUBSCRIBER, PROBE_TABLE_SQL, ProbeModule } from './support/probe-subscriber';
import { startTestApp, type TestApp } from './support/test-app';
import { waitFor } from './support/wait-for';

const ADMIN_EMAIL = `bus-admin-${randomUUID()}@example.com`;
const registered = (userId: string, displayName = 'Probe') =>
  new UserRegistered({ userId, displayName, registeredAt: new Date().toISOString() });

// The same contract, whichever way events travel: in process, and between processes through NATS JetStream (ADR 0033).
describe.each(['in-process', 'nats'] as const)('the governance bus (%s)', (transport) => {
  let t: TestApp;
  let db: BusProbe;
  let adminToken: string;
  let nats: NatsServer | undefined;

  beforeAll(async () => {
    nats = transport === 'nats' ? await NatsServer.start() : undefined;
    t = await startTestApp(
      {
        ADMIN_EMAIL,
        BUS_TRANSPORT: transport,
        ...(nats && { NATS_URL: nats.url }),
        BUS_BACKOFF_BASE_MS: '10',
        BUS_BACKOFF_MAX_MS: '50',
        BUS_SWEEP_INTERVAL_MS: '200',
        BUS_RECOVERY_AFTER_MS: '200',
      },
      [ProbeModule],
    );
    db = await BusProbe.connect(t);
    await db.query(PROBE_TABLE_SQL);
    adminToken = (await registerAndLogin(t.http, { email: ADMIN_EMAIL })).accessToken;
  });
  afterEach(() => probe.reset());
  afterAll(async () => {
    await db?.close();
    await t?.close();
    await nats?.close();
  });

  const publishAsIdentity = (event: UserRegistered) =>
    messageContext.run({ module: 'identity' }, () => t.app.get(EventBus).publish(event));

  it('delivers identity.user-registered once, with its envelope: producer, correlation to the request, trace context', async () => {
    const email = `bus-${randomUUID()}@example.com`;
    const response = await t.http.post(
      '/identity/register',
      { email, password: STRONG_PASSWORD, displayName: 'Bus Rider' },
      { headers: { 'x-request-id': 'req-bus-1' } },
    );
    const userId = response.body.id;
    const delivery = await db.settled('identity.user-registered', userId, PROBE_SUBSCRIBER);
    expect(delivery).toMatchObject({ status: 'completed', attempts: 1 });
    const [row] = await db.receivedFor(userId);
    expect(row).toMatchObject({ producer: 'identity', correlation_id: 'req-bus-1', causation_id: 'req-bus-1' });
    const event = (await t.http.get(`/bus/events/${row.event_id}`, { token: adminToken })).body;
    expect(event.event).toMatchObject({
      type: 'identity.user-registered',
      version: 1,
      key: userId,
      producer: 'identity',
    });
    expect(event.event.eventId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7/);
    expect(JSON.stringify(event.event.payload)).not.toContain(email);
    expect(event.deliveries).toContainEqual(
      expect.objectContaining({ subscriber: PROBE_SUBSCRIBER, status: 'completed' }),
    );
    // Over a broker each consumer records its delivery when it takes the event: wait for the slowest.
    const subscribers = await waitFor(async () => {
      const seen = (await t.http.get(`/bus/events/${row.event_id}`, { token: adminToken })).body.deliveries.map(
        (d: { subscriber: string }) => d.subscriber,
      ) as string[];
      return seen.length >= 3 ? seen.sort() : undefined;
    });
    expect(subscribers).toEqual([PROBE_SUBSCRIBER, 'runtime.keep-profiles', 'wallet.open-wallet-on-user-registered']);
  });

  it('retries a handler that fails three times: completed after 4 attempts, its effect written once', async () => {
    probe.failure = (_event, attempt) => (attempt <= 3 ? new Error(`flaky ${attempt}`) : undefined);
    const userId = randomUUID();
    await publishAsIdentity(registered(userId));
    const delivery = await db.settled('identity.user-registered', userId, PROBE_SUBSCRIBER);
    expect(delivery).toMatchObject({ status: 'completed', attempts: 4, last_error: null });
    expect(await db.receivedFor(userId)).toHaveLength(1);
  });

  it('fails a handler that always fails after its attempts, lists it as a dead letter, and delivers it after a retry', async () => {
    probe.failure = () => new Error('down for maintenance');
    const userId = randomUUID();
    await publishAsIdentity(registered(userId));
    const failed = await db.settled('identity.user-registered', userId, PROBE_SUBSCRIBER);
    expect(failed).toMatchObject({ status: 'failed', attempts: 5, last_error: 'Error: down for maintenance' });
    const deadLetters = await t.http.get(`/bus/deliveries?status=failed&subscriber=${PROBE_SUBSCRIBER}`, {
      token: adminToken,
    });
    expect(deadLetters.body.items.map((d: { id: string }) => d.id)).toContain(String(failed.id));

    probe.failure = () => undefined;
    const retried = await t.http.post(`/bus/deliveries/${failed.id}/retry`, undefined, { token: adminToken });
    expect(retried.status).toBe(202);
    await waitFor(async () => (await db.receivedFor(userId)).length === 1);
    expect((await db.deliveriesOf('identity.user-registered', userId, PROBE_SUBSCRIBER))[0].status).toBe('completed');
  });

  it('delivers a batch together, and when one subscriber in it fails, undoes only that one and delivers the rest once', async () => {
    const users = Array.from({ length: 10 }, () => randomUUID());
    const unlucky = users[4];
    probe.failure = (event, attempt) =>
      event.payload.userId === unlucky && attempt === 1 ? new Error('one bad apple') : undefined;
    await t.app.get(UnitOfWork).run(async () => {
      for (const userId of users) await publishAsIdentity(registered(userId));
    });
    for (const userId of users) {
      // The batch failed as a whole and was rolled back; the others ran again one by one within the same attempt,
      // and the one that failed had its attempt and a retry.
      const delivery = await db.settled('identity.user-registered', userId, PROBE_SUBSCRIBER);
      expect(delivery, userId).toMatchObject({ status: 'completed', attempts: userId === unlucky ? 2 : 1 });
      expect(await db.receivedFor(userId), userId).toHaveLength(1);
    }
    expect(probe.attempts.get((await db.receivedFor(unlucky))[0].event_id)).toBe(2);
  });

  it('fails an error marked non-retryable at the first attempt', async () => {
    probe.failure = () => new NonRetryableError('this event can never be handled');
    const userId = randomUUID();
    await publishAsIdentity(registered(userId));
    expect(await db.settled('identity.user-registered', userId, PROBE_SUBSCRIBER)).toMatchObject({
      status: 'failed',
      attempts: 1,
    });
  });

  it('resubmits failed deliveries in bulk by subscriber', async () => {
    probe.failure = () => new NonRetryableError('not yet');
    const users = [randomUUID(), randomUUID()];
    for (const userId of users) await publishAsIdentity(registered(userId));
    for (const userId of users) await db.settled('identity.user-registered', userId, PROBE_SUBSCRIBER);
    probe.failure = () => undefined;
    const response = await t.http.post(
      '/bus/deliveries/retry',
      { subscriber: PROBE_SUBSCRIBER },
      { token: adminToken },
    );
    expect(response.status).toBe(202);
    expect(response.body.resubmitted.length).toBeGreaterThanOrEqual(2);
    for (const userId of users) await waitFor(async () => (await db.receivedFor(userId)).length === 1);
  });

  it('replays an event to one subscriber on request', async () => {
    const userId = randomUUID();
    await publishAsIdentity(registered(userId));
    const first = await db.settled('identity.user-registered', userId, PROBE_SUBSCRIBER);
    await db.query('DELETE FROM probe.received WHERE user_id = $1', [userId]);
    const replay = await t.http.post(
      `/bus/events/${first.event_id}/replay`,
      { subscriber: PROBE_SUBSCRIBER },
      { token: adminToken },
    );
    expect(replay.status).toBe(202);
    await waitFor(async () => (await db.receivedFor(userId)).length === 1);
    const unknown = await t.http.post(
      `/bus/events/${first.event_id}/replay`,
      { subscriber: 'nobody.listens' },
      { token: adminToken },
    );
    expect(unknown.status).toBe(422);
  });

  it('keeps events of one key in publication order for a subscriber, even when one of them is retried', async () => {
    const userId = randomUUID();
    probe.failure = (event, attempt) =>
      event.payload.displayName === 'v1' && attempt <= 2 ? new Error('slow start') : undefined;
    for (const name of ['v1', 'v2', 'v3', 'v4', 'v5']) await publishAsIdentity(registered(userId, name));
    const rows = await waitFor(async () => {
      const received = await db.query(
        "SELECT e.payload->>'displayName' AS name FROM probe.received r JOIN bus.events e ON e.id = r.event_id WHERE r.user_id = $1 ORDER BY r.seq",
        [userId],
      );
      return received.length === 5 && received;
    });
    expect(rows.map((r) => r.name)).toEqual(['v1', 'v2', 'v3', 'v4', 'v5']);
  });

  it('writes the events of one unit of work in publication order, and delivers every one of them', async () => {
    const [first, second] = [randomUUID(), randomUUID()];
    await t.app.get(UnitOfWork).run(async () => {
      for (const name of ['a1', 'a2', 'a3']) await publishAsIdentity(registered(first, name));
      await publishAsIdentity(registered(second, 'b1'));
    });
    const received = await waitFor(async () => {
      const rows = await db.query(
        `SELECT e.key, e.payload->>'displayName' AS name FROM probe.received r JOIN bus.events e ON e.id = r.event_id WHERE r.user_id = ANY($1) ORDER BY e.position`,
        [[first, second]],
      );
      return rows.length === 4 && rows;
    });
    expect(received.map((r) => r.name)).toEqual(['a1', 'a2', 'a3', 'b1']);
  });

  describe('refuses, before anything is committed', () => {
    const countEvents = async () => Number((await db.query('SELECT count(*) FROM bus.events'))[0].count);

    it('an event published by a module that does not own it', async () => {
      const before = await countEvents();
      expect(() =>
        messageContext.run({ module: 'probe' }, () => t.app.get(EventBus).publish(registered(randomUUID()))),
      ).toThrow(/owner-publishes.*belongs to identity/);
      expect(await countEvents()).toBe(before);
    });

    it('an event type that is not in the catalogue', async () => {
      class Unlisted extends integrationEvent({
        type: 'identity.something-unlisted',
        version: 1,
        owner: 'identity',
        description: 'x',
        payload: z.object({ id: z.string() }),
        keyOf: (p) => p.id,
      }) {}
      expect(() =>
        messageContext.run({ module: 'identity' }, () => t.app.get(EventBus).publish(new Unlisted({ id: 'x' }))),
      ).toThrow(/registered-event/);
    });

    it('a payload that breaks its schema, rolling back the unit of work around it', async () => {
      const userId = randomUUID();
      await expect(
        t.app.get(UnitOfWork).run(async () => {
          await t.app
            .get(UnitOfWork)
            .manager.query(`INSERT INTO probe.received (event_id, user_id, key) VALUES ($1, $2, 'x')`, [
              randomUUID(),
              userId,
            ]);
          await publishAsIdentity(
            new UserRegistered({ userId: 'not-a-uuid', displayName: '', registeredAt: 'yesterday' }),
          );
        }),
      ).rejects.toThrow(/payload-schema.*userId/);
      // Only this event is looked for: other tests' subscribers may publish meanwhile.
      expect(await db.query(`SELECT 1 FROM bus.events WHERE payload->>'userId' = 'not-a-uuid'`)).toEqual([]);
      expect(await db.receivedFor(userId)).toEqual([]);
    });

    it('publishes nothing from a unit of work that rolls back', async () => {
      const userId = randomUUID();
      await expect(
        t.app.get(UnitOfWork).run(async () => {
          await publishAsIdentity(registered(userId));
          throw new Error('use case failed after publishing');
        }),
      ).rejects.toThrow('use case failed');
      expect(await db.query('SELECT 1 FROM bus.events WHERE key = $1', [userId])).toEqual([]);
    });
  });

  it('keeps the event of a committed unit of work when a nested step rolls back, and drops only the nested one', async () => {
    const uow = t.app.get(UnitOfWork);
    const [outer, inner] = [randomUUID(), randomUUID()];
    await uow.run(async () => {
      await publishAsIdentity(registered(outer));
      await uow
        .run(
          async () => {
            await publishAsIdentity(registered(inner));
            throw new Error('nested step failed');
          },
          { nested: true },
        )
        .catch(() => undefined);
    });
    await waitFor(async () => (await db.receivedFor(outer)).length === 1);
    expect(await db.query('SELECT 1 FROM bus.events WHERE key = $1', [inner])).toEqual([]);
  });

  it('prunes completed deliveries past the retention and keeps failed ones', async () => {
    probe.failure = (event) => (event.payload.displayName === 'doomed' ? new NonRetryableError('never') : undefined);
    const [done, doomed] = [randomUUID(), randomUUID()];
    await publishAsIdentity(registered(done, 'done'));
    await publishAsIdentity(registered(doomed, 'doomed'));
    await db.settled('identity.user-registered', done, PROBE_SUBSCRIBER);
    await db.settled('identity.user-registered', doomed, PROBE_SUBSCRIBER);
    // Every subscriber done with the key's events, the wallet's answer (wallet.opened) included: through a broker
    // each subscriber records its own delivery when its consumer receives the event.
    const subscribers = t.app.get(SubscriberRegistry);
    await waitFor(async () => {
      const events = await db.query(
        `SELECT e.type, count(d.id)::int AS deliveries, count(d.id) FILTER (WHERE d.status IN ('pending', 'processing'))::int AS open
           FROM bus.events e LEFT JOIN bus.deliveries d ON d.event_id = e.id WHERE e.key = $1 GROUP BY e.id, e.type`,
        [done],
      );
      return (
        events.some((e) => e.type === 'wallet.opened') &&
        events.every((e) => e.open === 0 && e.deliveries === subscribers.subscribersOf(e.type).length)
      );
    });
    await db.query(
      `UPDATE bus.deliveries SET completed_at = now() - interval '400 hours', updated_at = now() - interval '400 hours' WHERE key = ANY($1)`,
      [[done, doomed]],
    );
    await db.query(`UPDATE bus.events SET recorded_at = now() - interval '400 hours' WHERE key = ANY($1)`, [
      [done, doomed],
    ]);
    await t.app.get(OutboxStore).prune(new Date(Date.now() - 168 * 3_600_000));
    expect(await db.query('SELECT 1 FROM bus.events WHERE key = $1', [done])).toEqual([]);
    expect(await db.deliveriesOf('identity.user-registered', doomed, PROBE_SUBSCRIBER)).toEqual([
      expect.objectContaining({ status: 'failed' }),
    ]);
  });

  it('shows the catalogue with owners, versions, payload schemas and subscribers, to admins only', async () => {
    const catalogue = await t.http.get('/bus/catalogue', { token: adminToken });
    const entry = catalogue.body.items.find((item: { type: string }) => item.type === 'identity.user-registered');
    expect(entry).toMatchObject({ owner: 'identity', versions: [expect.objectContaining({ version: 1 })] });
    expect(entry.versions[0].schema).toMatchObject({
      type: 'object',
      required: expect.arrayContaining(['userId', 'displayName', 'registeredAt']),
    });
    expect(entry.subscribers).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: PROBE_SUBSCRIBER, module: 'probe' })]),
    );
    const user = await registerAndLogin(t.http);
    expect((await t.http.get('/bus/catalogue', { token: user.accessToken })).status).toBe(403);
  });

  it('pages events and deliveries with cursors and filters', async () => {
    const key = randomUUID();
    for (let i = 0; i < 3; i++) await publishAsIdentity(registered(key, `p${i}`));
    // The type filter too: the wallet's answer to a registration (wallet.opened) has the same key.
    const first = await t.http.get(`/bus/events?type=identity.user-registered&key=${key}&limit=2`, {
      token: adminToken,
    });
    expect(first.body.items).toHaveLength(2);
    const second = await t.http.get(
      `/bus/events?type=identity.user-registered&key=${key}&limit=2&cursor=${first.body.nextCursor}`,
      { token: adminToken },
    );
    expect(second.body.items).toHaveLength(1);
    expect(second.body.nextCursor).toBeNull();
    expect((await t.http.get('/bus/events?cursor=forged', { token: adminToken })).status).toBe(400);
    expect((await t.http.get('/bus/deliveries?status=lost', { token: adminToken })).status).toBe(400);
    expect((await t.http.post('/bus/deliveries/not-a-number/retry', undefined, { token: adminToken })).status).toBe(
      404,
    );
    expect((await t.http.post('/bus/deliveries/999999999/retry', undefined, { token: adminToken })).status).toBe(409);
  });

  it('reports outbox lag, deliveries by state, latency, retries and dead letters on /metrics', async () => {
    const metrics = (await t.http.get('/metrics')).text;
    expect(metrics).toMatch(/^bus_outbox_lag_seconds \d/m);
    expect(metrics).toMatch(/^bus_deliveries\{status="completed"\} [1-9]/m);
    expect(metrics).toMatch(/bus_delivery_latency_seconds_count\{subscriber="probe.record-user-registered"\} [1-9]/);
    expect(metrics).toMatch(/bus_delivery_retries_total\{subscriber="probe.record-user-registered"\} [1-9]/);
    expect(metrics).toMatch(/bus_dead_letters_total\{subscriber="probe.record-user-registered"\} [1-9]/);
  });
});
