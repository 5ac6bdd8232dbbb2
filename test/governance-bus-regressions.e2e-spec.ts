import { randomUUID } from 'node:crypto';
import { Module } from '@nestjs/common';
import { EventBus, EventsHandler, type IEventHandler } from '@nestjs/cqrs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UnitOfWork } from '../src/platform/database/unit-of-work';
import { ModuleName, Subscriber } from '../src/platform/messaging/decorators';
import { messageContext } from '../src/platform/messaging/message-context';
import { UserRegistered } from '../src/shared/contracts/identity';
import { BusProbe } from './support/bus-fixtures';
import { PROBE_SUBSCRIBER, PROBE_TABLE_SQL, ProbeModule } from './support/probe-subscriber';
import { sharedDeployment, startInstance } from './support/shared-database-app';
import { startTestApp, type TestApp } from './support/test-app';
import { testModuleContract } from './support/test-module-contract';
import { waitFor } from './support/wait-for';

const registered = (userId: string, displayName = 'x') =>
  new UserRegistered({ userId, displayName, registeredAt: new Date().toISOString() });
const publishAsIdentity = (app: TestApp, event: UserRegistered) =>
  messageContext.run({ module: 'identity' }, () => app.app.get(EventBus).publish(event));

/** A subscriber that writes first and then fails, or is slow, on its first attempt. */
const writer = {
  mode: 'throw-after-write' as 'throw-after-write' | 'slow-first',
  attempts: new Map<string, number>(),
  slowDone: false,
};
const WRITER = 'scratch.write-then-maybe-fail';

@EventsHandler(UserRegistered)
@Subscriber({ id: WRITER, maxAttempts: 5 })
class WriteThenMaybeFail implements IEventHandler<UserRegistered> {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  async handle(event: UserRegistered): Promise<void> {
    const id = event.envelope!.eventId;
    const attempt = (writer.attempts.get(id) ?? 0) + 1;
    writer.attempts.set(id, attempt);
    await this.unitOfWork.manager.query('INSERT INTO scratch.effects (event_id, attempt) VALUES ($1, $2)', [
      id,
      attempt,
    ]);
    if (writer.mode === 'throw-after-write' && attempt === 1) throw new Error('failed after its write');
    if (writer.mode === 'slow-first' && attempt === 1) {
      await new Promise((resolve) => setTimeout(resolve, 2_500)); // a handler slower than its lease
      writer.slowDone = true;
    }
  }
}

@ModuleName(testModuleContract('scratch', { [WRITER]: [UserRegistered] }))
@Module({
  providers: [
    {
      provide: WriteThenMaybeFail,
      inject: [UnitOfWork],
      useFactory: (unitOfWork: UnitOfWork) => new WriteThenMaybeFail(unitOfWork),
    },
  ],
})
class ScratchModule {}

describe('a delivery that runs alone in its batch', () => {
  let t: TestApp;
  let db: BusProbe;
  const effects = (key: string) =>
    db.query(
      'SELECT f.attempt FROM scratch.effects f JOIN bus.events e ON e.id = f.event_id WHERE e.key = $1 ORDER BY attempt',
      [key],
    );

  beforeAll(async () => {
    t = await startTestApp(
      {
        BUS_BACKOFF_BASE_MS: '10',
        BUS_BACKOFF_MAX_MS: '50',
        BUS_SWEEP_INTERVAL_MS: '100',
        BUS_RECOVERY_AFTER_MS: '100',
        BUS_LEASE_MS: '1000',
      },
      [ScratchModule],
    );
    db = await BusProbe.connect(t);
    await db.query('CREATE SCHEMA scratch; CREATE TABLE scratch.effects (event_id uuid, attempt int)');
  });
  afterAll(async () => {
    await db?.close();
    await t?.close();
  });

  it('keeps none of the writes of a handler that throws after writing; the retry writes once', async () => {
    writer.mode = 'throw-after-write';
    const userId = randomUUID();
    await publishAsIdentity(t, registered(userId));
    expect(await db.settled('identity.user-registered', userId, WRITER)).toMatchObject({
      status: 'completed',
      attempts: 2,
    });
    expect(await effects(userId)).toEqual([{ attempt: 2 }]);
  });

  it('keeps none of the writes of a handler whose lease ran out while another worker redid it', async () => {
    writer.mode = 'slow-first';
    writer.slowDone = false;
    const userId = randomUUID();
    await publishAsIdentity(t, registered(userId));
    await db.settled('identity.user-registered', userId, WRITER);
    await waitFor(() => writer.slowDone, 10_000);
    await waitFor(
      async () =>
        (
          await db.query(
            `SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND state = 'idle in transaction'`,
          )
        ).length === 0,
    );
    expect(await effects(userId)).toHaveLength(1);
  }, 20_000);
});

describe('per-key order when transactions overlap', () => {
  let t: TestApp;
  let db: BusProbe;
  beforeAll(async () => {
    t = await startTestApp({ BUS_SWEEP_INTERVAL_MS: '100', BUS_RECOVERY_AFTER_MS: '100' }, [ProbeModule]);
    db = await BusProbe.connect(t);
    await db.query(PROBE_TABLE_SQL);
  });
  afterAll(async () => {
    await db?.close();
    await t?.close();
  });

  it('delivers the events of a key in the order their transactions committed', async () => {
    const key = randomUUID();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let published = false;
    const slow = t.app.get(UnitOfWork).run(async () => {
      await publishAsIdentity(t, registered(key, 'published first, committed last'));
      published = true;
      await gate;
    });
    await waitFor(() => published);
    await publishAsIdentity(t, registered(key, 'committed first'));
    await waitFor(async () => (await db.receivedFor(key)).length === 1, 5_000);
    release();
    await slow;
    const rows = await waitFor(async () => {
      const received = await db.query(
        `SELECT e.payload->>'displayName' AS name FROM probe.received r JOIN bus.events e ON e.id = r.event_id WHERE r.key = $1 ORDER BY r.seq`,
        [key],
      );
      return received.length === 2 && received;
    });
    expect(rows.map((r) => r.name)).toEqual(['committed first', 'published first, committed last']);
  });
});

describe('two instances, only one of which has the subscriber (a rolling deploy)', () => {
  const deployment = sharedDeployment();
  let a: TestApp;
  let b: TestApp;
  let db: BusProbe;
  beforeAll(async () => {
    a = await startInstance(deployment, { BUS_SWEEP_INTERVAL_MS: '100', BUS_RECOVERY_AFTER_MS: '100' }, [ProbeModule]);
    b = await startInstance(deployment, { BUS_SWEEP_INTERVAL_MS: '100', BUS_RECOVERY_AFTER_MS: '100' }, []);
    db = await BusProbe.connect(a);
    await db.query(PROBE_TABLE_SQL);
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await db?.close();
    await deployment.dispose();
  });

  it('lets the instance without the subscriber leave its deliveries to the one that has it', async () => {
    // Published where the subscriber is known; both instances' workers take jobs from the shared queue.
    for (let i = 0; i < 40; i++) await publishAsIdentity(a, registered(randomUUID()));
    await waitFor(
      async () =>
        (await db.query(`SELECT 1 FROM bus.deliveries WHERE status IN ('pending', 'processing')`)).length === 0,
      15_000,
    );
    const rows = await db.query(
      `SELECT status, last_error, count(*)::int AS count FROM bus.deliveries WHERE subscriber = $1 GROUP BY 1, 2`,
      [PROBE_SUBSCRIBER],
    );
    expect(rows).toEqual([{ status: 'completed', last_error: null, count: 40 }]);
  });
});
