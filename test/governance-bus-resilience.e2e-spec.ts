import { randomUUID } from 'node:crypto';
import { EventBus } from '@nestjs/cqrs';
import Redis from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageContext } from '../src/platform/messaging/message-context';
import { UserRegistered } from '../src/shared/contracts/identity';
import { type BusProbe, probeOf } from './support/bus-fixtures';
import { startCrashChild } from './support/crash-child-process';
import { COUNTING_SUBSCRIBER, COUNTING_TABLE_SQL, CountingModule, invocations } from './support/counting-subscriber';
import { STRONG_PASSWORD } from './support/identity-fixtures';
import { PROBE_SUBSCRIBER, PROBE_TABLE_SQL, ProbeModule } from './support/probe-subscriber';
import { TEST_REDIS_URL } from './support/redis-keys';
import { sharedDeployment, startInstance } from './support/shared-database-app';
import type { TestApp } from './support/test-app';
import { waitFor } from './support/wait-for';

const USER_REGISTERED = 'identity.user-registered';
const registered = (userId: string, displayName = 'Resilient') =>
  new UserRegistered({ userId, displayName, registeredAt: new Date().toISOString() });
const publishAsIdentity = (t: TestApp, event: UserRegistered) =>
  messageContext.run({ module: 'identity' }, () => t.app.get(EventBus).publish(event));
const count = async (db: BusProbe, sql: string, parameters: unknown[] = []) =>
  Number((await db.query<{ count: string }>(sql, parameters))[0].count);

describe('the governance bus when the publishing process is killed after the commit', () => {
  const deployment = sharedDeployment();
  let db: BusProbe;
  let crash: ReturnType<typeof startCrashChild> | undefined;
  let restarted: TestApp | undefined;

  beforeAll(async () => {
    await deployment.createDatabase();
    db = await probeOf(deployment);
    await db.query(PROBE_TABLE_SQL);
  });
  afterAll(async () => {
    if (crash && crash.child.exitCode === null && crash.child.signalCode === null) crash.child.kill('SIGKILL');
    await restarted?.close();
    await db?.close();
    await deployment.dispose();
  });

  it('delivers the committed event exactly once after a restart', async () => {
    const userId = randomUUID();
    crash = startCrashChild({ ...deployment.env, LOG_LEVEL: 'warn', CRASH_USER_ID: userId });
    const ended = await Promise.race([
      crash.exited,
      new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 20_000).unref()),
    ]);
    expect(ended, `the child should have killed itself after the commit; its output:\n${crash.output()}`).toBe(
      'SIGKILL',
    );
    expect(crash.output()).toContain('started');

    // Committed, and not delivered: the kill came between the commit and the bus's dispatch.
    const events = await db.query('SELECT id FROM bus.events WHERE type = $1 AND key = $2', [USER_REGISTERED, userId]);
    expect(events).toHaveLength(1);
    expect(await db.deliveriesOf(USER_REGISTERED, userId, PROBE_SUBSCRIBER)).toEqual([
      expect.objectContaining({ status: 'pending', attempts: 0 }),
    ]);
    expect(await db.receivedFor(userId)).toEqual([]);

    restarted = await startInstance(deployment, { BUS_SWEEP_INTERVAL_MS: '100', BUS_RECOVERY_AFTER_MS: '100' }, [
      ProbeModule,
    ]);
    const delivery = await db.settled(USER_REGISTERED, userId, PROBE_SUBSCRIBER);
    expect(delivery).toMatchObject({ status: 'completed', attempts: 1, last_error: null });
    expect(await db.receivedFor(userId)).toEqual([expect.objectContaining({ event_id: events[0].id })]);
  });
});

describe('the governance bus when Redis loses every job in the middle of a burst', () => {
  // A logical database of the shared Redis for this app alone: FLUSHDB on it is FLUSHALL for this
  // app (its queue, its counters) without touching the other test files that run on database 0.
  const redisUrl = new URL(TEST_REDIS_URL);
  redisUrl.pathname = '/5';
  const deployment = sharedDeployment({ redisUrl: redisUrl.toString() });
  const EVENTS = 200;
  let t: TestApp;
  let db: BusProbe;
  let redis: Redis;

  beforeAll(async () => {
    t = await startInstance(
      deployment,
      {
        BUS_SWEEP_INTERVAL_MS: '200',
        BUS_RECOVERY_AFTER_MS: '200',
        BUS_WORKER_CONCURRENCY: '4',
        DATABASE_POOL_SIZE: '8',
      },
      [ProbeModule],
    );
    db = await probeOf(deployment);
    await db.query(PROBE_TABLE_SQL);
    redis = new Redis(deployment.redisUrl, { maxRetriesPerRequest: 1 });
  });
  afterAll(async () => {
    redis?.disconnect();
    await t?.close();
    await db?.close();
    await deployment.dispose();
  });

  it('still delivers every event of the burst exactly once, from PostgreSQL', async () => {
    const users = Array.from({ length: EVENTS }, () => randomUUID());
    const delivered = () => count(db, `SELECT count(*) FROM probe.received`);
    // Twenty waves of ten, so that the events are still flowing when Redis is wiped.
    let published = 0;
    const publishing = (async () => {
      for (let wave = 0; wave < EVENTS; wave += 10) {
        await Promise.all(users.slice(wave, wave + 10).map((userId) => publishAsIdentity(t, registered(userId))));
        published += 10;
      }
    })();

    await waitFor(async () => (await delivered()) >= 30, 15_000);
    expect(await redis.dbsize()).toBeGreaterThan(0);
    await redis.flushdb();
    const openAtFlush = await count(db, `SELECT count(*) FROM bus.deliveries WHERE status <> 'completed'`);
    const publishedAtFlush = published;
    await publishing;

    // The wipe landed mid-burst: committed deliveries lost their jobs, and more events came after it.
    expect(openAtFlush).toBeGreaterThan(0);
    expect(publishedAtFlush).toBeLessThan(EVENTS);
    await waitFor(async () => (await delivered()) >= EVENTS, 20_000, 50);
    expect(await delivered()).toBe(EVENTS);
    const received = await db.query<{ user_id: string }>(`SELECT user_id FROM probe.received`);
    expect(new Set(received.map((row) => row.user_id))).toEqual(new Set(users));
    const deliveries = await db.query<{ status: string; attempts: number; count: string }>(
      `SELECT status, attempts, count(*) AS count FROM bus.deliveries WHERE subscriber = $1 GROUP BY status, attempts`,
      [PROBE_SUBSCRIBER],
    );
    expect(deliveries).toEqual([{ status: 'completed', attempts: 1, count: String(EVENTS) }]);
  });
});

describe('two app instances on one database and one Redis under a burst', () => {
  const deployment = sharedDeployment();
  const KEYS = 10;
  const EVENTS_PER_KEY = 10;
  let a: TestApp;
  let b: TestApp;
  let db: BusProbe;

  beforeAll(async () => {
    const env = { BUS_SWEEP_INTERVAL_MS: '200', BUS_RECOVERY_AFTER_MS: '200', DATABASE_POOL_SIZE: '8' };
    a = await startInstance(deployment, env, [ProbeModule, CountingModule.forInstance('a')]);
    b = await startInstance(deployment, env, [ProbeModule, CountingModule.forInstance('b')]);
    db = await probeOf(deployment);
    await db.query(PROBE_TABLE_SQL);
    await db.query(COUNTING_TABLE_SQL);
    invocations.reset();
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await db?.close();
    await deployment.dispose();
  });

  it('runs no delivery twice, never two at once, and keeps each key in publication order', async () => {
    const keys = Array.from({ length: KEYS }, () => randomUUID());
    // Keys in parallel; within a key, one event after the other, alternating the publishing instance. Half the keys
    // start on each instance: a key's first delivery runs where it was committed, so both instances take part.
    await Promise.all(
      keys.map(async (key, k) => {
        for (let i = 0; i < EVENTS_PER_KEY; i++)
          await publishAsIdentity((i + k) % 2 ? b : a, registered(key, `k${k}-${i}`));
      }),
    );
    const total = KEYS * EVENTS_PER_KEY;
    // Four subscribers of the event here: the two probes, the wallet's (it opens an account per registered user) and the
    // runtime's (it keeps the display name a mini-app may be shown); and, for the wallet.opened of each of the KEYS users
    // (one account each), the runtime's contact book.
    await waitFor(
      async () =>
        (await count(db, `SELECT count(*) FROM bus.deliveries WHERE status = 'completed'`)) >= 4 * total + KEYS,
      30_000,
      50,
    );

    // Each (event, subscriber) pair: one delivery, completed at its first attempt.
    const deliveries = await db.query<{ subscriber: string; status: string; attempts: number; count: string }>(
      `SELECT subscriber, status, attempts, count(*) AS count FROM bus.deliveries GROUP BY subscriber, status, attempts ORDER BY subscriber`,
    );
    expect(deliveries).toEqual([
      { subscriber: COUNTING_SUBSCRIBER, status: 'completed', attempts: 1, count: String(total) },
      { subscriber: PROBE_SUBSCRIBER, status: 'completed', attempts: 1, count: String(total) },
      { subscriber: 'runtime.keep-contacts', status: 'completed', attempts: 1, count: String(KEYS) },
      { subscriber: 'runtime.keep-profiles', status: 'completed', attempts: 1, count: String(total) },
      { subscriber: 'wallet.open-wallet-on-user-registered', status: 'completed', attempts: 1, count: String(total) },
    ]);
    // Each handler ran once per event: committed effects (no unique constraint here) and handler entries.
    expect(await count(db, `SELECT count(*) FROM probe.received`)).toBe(total);
    expect(await count(db, `SELECT count(*) FROM probe_count.invocations`)).toBe(total);
    expect(
      await count(
        db,
        `SELECT count(*) FROM (SELECT event_id FROM probe_count.invocations GROUP BY event_id HAVING count(*) > 1) d`,
      ),
    ).toBe(0);
    expect(invocations.started.size).toBe(total);
    expect([...invocations.started.values()].filter((n) => n !== 1)).toEqual([]);
    expect(invocations.overlaps).toEqual([]);
    // Both instances took part, or this would prove nothing about two of them.
    expect(invocations.byInstance.get('a')).toBeGreaterThan(0);
    expect(invocations.byInstance.get('b')).toBeGreaterThan(0);

    // Per key and per subscriber, handled in the order published.
    const expected = (k: number) => Array.from({ length: EVENTS_PER_KEY }, (_, i) => `k${k}-${i}`);
    for (const [k, key] of keys.entries()) {
      const counted = await db.query<{ display_name: string }>(
        `SELECT display_name FROM probe_count.invocations WHERE key = $1 ORDER BY seq`,
        [key],
      );
      expect(
        counted.map((row) => row.display_name),
        `order of ${COUNTING_SUBSCRIBER} for key k${k}`,
      ).toEqual(expected(k));
      const probed = await db.query<{ name: string }>(
        `SELECT e.payload->>'displayName' AS name FROM probe.received r JOIN bus.events e ON e.id = r.event_id WHERE r.key = $1 ORDER BY r.seq`,
        [key],
      );
      expect(
        probed.map((row) => row.name),
        `order of ${PROBE_SUBSCRIBER} for key k${k}`,
      ).toEqual(expected(k));
    }
  });
});

describe('the governance bus while Redis is down', () => {
  // Nothing listens on port 1: every Redis connection of the app fails from the start.
  const deployment = sharedDeployment({ redisUrl: 'redis://127.0.0.1:1' });
  let t: TestApp;
  let db: BusProbe;

  beforeAll(async () => {
    t = await startInstance(
      deployment,
      { BUS_SWEEP_INTERVAL_MS: '100', BUS_RECOVERY_AFTER_MS: '100', BUS_WORKER_CONCURRENCY: '1' },
      [ProbeModule],
    );
    db = await probeOf(deployment);
    await db.query(PROBE_TABLE_SQL);
  });
  afterAll(async () => {
    await t?.close();
    await db?.close();
    await deployment.dispose();
  });

  it('keeps the HTTP API serving and delivers a registration once', async () => {
    const response = await t.http.post('/identity/register', {
      email: `down-${randomUUID()}@example.com`,
      password: STRONG_PASSWORD,
      displayName: 'No Redis',
    });
    expect(response.status).toBe(201);
    const userId = response.body.id;
    expect(await db.settled(USER_REGISTERED, userId, PROBE_SUBSCRIBER)).toMatchObject({
      status: 'completed',
      attempts: 1,
    });
    expect(await db.receivedFor(userId)).toHaveLength(1);
  });

  it('delivers a burst of separately committed events, more than the local fallback runs at once, each once', async () => {
    // One local run at a time (BUS_WORKER_CONCURRENCY=1): what commits while it runs is left to the sweeper.
    const users = Array.from({ length: 30 }, () => randomUUID());
    await Promise.all(users.map((userId) => publishAsIdentity(t, registered(userId))));
    const received = () => count(db, `SELECT count(*) FROM probe.received WHERE user_id = ANY($1::uuid[])`, [users]);
    await waitFor(async () => (await received()) === users.length, 10_000);
    const deliveries = await db.query<{ status: string; attempts: number }>(
      `SELECT status, attempts FROM bus.deliveries WHERE key = ANY($1::text[]) AND subscriber = $2`,
      [users, PROBE_SUBSCRIBER],
    );
    expect(deliveries).toHaveLength(users.length);
    expect(deliveries.filter((d) => d.status !== 'completed' || d.attempts !== 1)).toEqual([]);
  });
});
