import { randomUUID } from 'node:crypto';
import { Module } from '@nestjs/common';
import { EventBus, EventsHandler, type IEventHandler } from '@nestjs/cqrs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UnitOfWork } from '../src/platform/database/unit-of-work';
import { type BatchEventHandler, ModuleName, Subscriber } from '../src/platform/messaging/decorators';
import { type MessageContext, messageContext } from '../src/platform/messaging/message-context';
import { UserRegistered } from '../src/shared/contracts/identity';
import { TransferCompleted } from '../src/shared/contracts/wallet';
import { BusProbe } from './support/bus-fixtures';
import { startTestApp, type TestApp } from './support/test-app';
import { testModuleContract } from './support/test-module-contract';
import { waitFor } from './support/wait-for';

const BATCHED = 'lines.record-batched';
const SINGLE = 'lines.record-single';

/** Handler entries that throw, per subscriber and display name, before the handler lets one through. */
const failuresLeft = new Map<string, number>();
/** Each call of the batch-capable subscriber: the display names it was given. */
const batchCalls: string[][] = [];
/** The message context the single subscriber ran in, per display name. */
const contexts = new Map<string, MessageContext>();

async function record(unitOfWork: UnitOfWork, subscriber: string, events: readonly UserRegistered[]): Promise<void> {
  for (const event of events) {
    const name = event.payload.displayName;
    await unitOfWork.manager.query('INSERT INTO lines.handled (subscriber, name) VALUES ($1, $2)', [subscriber, name]);
    const left = failuresLeft.get(`${subscriber}:${name}`) ?? 0;
    if (left > 0) {
      failuresLeft.set(`${subscriber}:${name}`, left - 1);
      throw new Error(`${name} fails this time`);
    }
  }
}

@EventsHandler(UserRegistered)
@Subscriber({ id: BATCHED, maxAttempts: 5 })
class RecordBatched implements BatchEventHandler<UserRegistered> {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  handle(event: UserRegistered): Promise<void> {
    return record(this.unitOfWork, BATCHED, [event]);
  }

  handleBatch(events: readonly UserRegistered[]): Promise<void> {
    batchCalls.push(events.map((event) => event.payload.displayName));
    return record(this.unitOfWork, BATCHED, events);
  }
}

@EventsHandler(UserRegistered)
@Subscriber({ id: SINGLE, maxAttempts: 5 })
class RecordSingle implements IEventHandler<UserRegistered> {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  handle(event: UserRegistered): Promise<void> {
    contexts.set(event.payload.displayName, messageContext.current());
    return record(this.unitOfWork, SINGLE, [event]);
  }
}

@ModuleName(testModuleContract('lines', { [BATCHED]: [UserRegistered], [SINGLE]: [UserRegistered] }))
@Module({
  providers: [
    { provide: RecordBatched, inject: [UnitOfWork], useFactory: (u: UnitOfWork) => new RecordBatched(u) },
    { provide: RecordSingle, inject: [UnitOfWork], useFactory: (u: UnitOfWork) => new RecordSingle(u) },
  ],
})
class LinesModule {}

describe("a key's events committed in one transaction", () => {
  let t: TestApp;
  let db: BusProbe;

  /** Publishes one user's registrations (one key) named `names`, in one transaction. */
  const publishTogether = (key: string, names: string[]) =>
    messageContext.run({ module: 'identity' }, () =>
      t.app.get(UnitOfWork).run(async () => {
        for (const displayName of names)
          await t.app.get(EventBus).publish(new UserRegistered({ userId: key, displayName, registeredAt: NOW }));
      }),
    );
  /** What a subscriber's committed work holds, in the order it was done. */
  const handled = (subscriber: string, names: string[]) =>
    db
      .query<{ name: string }>('SELECT name FROM lines.handled WHERE subscriber = $1 AND name = ANY($2) ORDER BY seq', [
        subscriber,
        names,
      ])
      .then((rows) => rows.map((row) => row.name));
  const attempts = (key: string, subscriber: string) =>
    db
      .query<{ name: string; attempts: number; status: string }>(
        `SELECT e.payload->>'displayName' AS name, d.attempts, d.status FROM bus.deliveries d JOIN bus.events e ON e.id = d.event_id
          WHERE e.key = $1 AND d.subscriber = $2 ORDER BY d.position`,
        [key, subscriber],
      )
      .then((rows) => rows.map(({ name, attempts, status }) => `${name}:${status}:${attempts}`));

  beforeAll(async () => {
    t = await startTestApp({ BUS_BACKOFF_BASE_MS: '10', BUS_BACKOFF_MAX_MS: '50' }, [LinesModule]);
    db = await BusProbe.connect(t);
    await db.query('CREATE SCHEMA lines; CREATE TABLE lines.handled (seq bigserial, subscriber text, name text)');
  });
  afterAll(async () => {
    await db?.close();
    await t?.close();
  });

  it('reach a subscriber that takes batches in one call, in publication order', async () => {
    const key = randomUUID();
    const names = ['first', 'second', 'third'].map((n) => `${n} ${key}`);
    await publishTogether(key, names);

    await waitFor(async () => (await handled(BATCHED, names)).length === 3);
    expect(batchCalls).toContainEqual(names);
    expect(await attempts(key, BATCHED)).toEqual(names.map((name) => `${name}:completed:1`));
    await waitFor(async () => (await handled(SINGLE, names)).length === 3);
    expect(await handled(SINGLE, names)).toEqual(names);
  });

  it.each([BATCHED, SINGLE])(
    'wait behind an earlier one that fails, untried, and follow it in order once it succeeds (%s)',
    async (subscriber) => {
      const key = randomUUID();
      const [first, second, third] = ['first', 'second', 'third'].map((n) => `${n} ${key}`);
      // The batch subscriber's failing call is retried one event at a time, where the second fails again.
      failuresLeft.set(`${subscriber}:${second}`, subscriber === BATCHED ? 2 : 1);
      await publishTogether(key, [first, second, third]);

      await waitFor(async () => (await handled(subscriber, [third])).length === 1, 10_000);
      expect(await handled(subscriber, [first, second, third])).toEqual([first, second, third]);
      // Each claim is one attempt: the third was held back, not tried, while the second waited for its retry.
      expect(await attempts(key, subscriber)).toEqual([
        `${first}:completed:1`,
        `${second}:completed:2`,
        `${third}:completed:1`,
      ]);
    },
  );

  it("run in the event's context, with nothing of the publisher's request carried over", async () => {
    const key = randomUUID();
    const name = `context ${key}`;
    await messageContext.run({ sender: 'wallet', correlationId: 'request-1' }, () => publishTogether(key, [name]));

    const seen = await waitFor(() => contexts.get(name));
    const [event] = await db.query<{ id: string }>('SELECT id FROM bus.events WHERE key = $1', [key]);
    expect(seen).toEqual({ module: 'lines', correlationId: 'request-1', causationId: event.id });
  });

  it("keep a contact per pair of accounts however many of the pair's payments arrive in one batch", async () => {
    const [payer, payee] = [randomUUID(), randomUUID()];
    const times = ['2026-01-02T10:00:00.000Z', '2026-01-02T12:00:00.000Z', '2026-01-02T11:00:00.000Z'];
    await messageContext.run({ module: 'wallet' }, () =>
      t.app.get(UnitOfWork).run(async () => {
        for (const completedAt of times)
          await t.app.get(EventBus).publish(
            new TransferCompleted({
              transferId: randomUUID(),
              kind: 'p2p',
              debitAccountId: payer,
              creditAccountId: payee,
              amount: 100,
              currency: 'EUR',
              reversesTransferId: null,
              completedAt,
            }),
          );
      }),
    );

    const counterparties = () =>
      db.query<{ account_id: string; last_paid_at: Date }>(
        'SELECT account_id, last_paid_at FROM runtime.counterparties WHERE account_id = ANY($1) ORDER BY account_id',
        [[payer, payee]],
      );
    await waitFor(async () => {
      const deliveries = await attempts(payer, 'runtime.keep-contacts');
      return deliveries.length === 3 && deliveries.every((d) => d.includes(':completed:'));
    });
    expect(await attempts(payer, 'runtime.keep-contacts')).toHaveLength(3);
    const rows = await counterparties();
    expect(rows).toHaveLength(2);
    expect(rows.map((row) => row.last_paid_at.toISOString())).toEqual([times[1], times[1]]);
  });
});

const NOW = '2026-01-02T09:00:00.000Z';
