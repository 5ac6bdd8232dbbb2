import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutboxStore } from '../src/modules/governance-bus/application/ports/outbox-store';
import { UnitOfWork } from '../src/platform/database/unit-of-work';
import { startTestApp, type TestApp } from './support/test-app';
import { waitFor } from './support/wait-for';

// A subscriber no process has: the app's dispatcher and sweeper leave its deliveries alone, only this test claims them.
const GHOST = 'review.ghost';

describe('the claim', () => {
  let t: TestApp;
  let other: Client;

  const publish = (key: string, count: number) =>
    t.app.get(UnitOfWork).run(() =>
      t.app.get(OutboxStore).append(
        Array.from({ length: count }, () => ({
          envelope: {
            eventId: randomUUID(),
            type: 'identity.user-registered',
            version: 1,
            occurredAt: new Date().toISOString(),
            producer: 'identity',
            correlationId: randomUUID(),
            causationId: null,
            traceparent: null,
            key,
          },
          payload: {},
          subscribers: [{ id: GHOST, maxAttempts: 5 }],
        })),
      ),
    );

  beforeAll(async () => {
    t = await startTestApp();
    other = new Client({ connectionString: t.config.DATABASE_URL });
    await other.connect();
  });
  afterAll(async () => {
    await other?.end();
    await t?.close();
  });

  it('takes a due delivery first in its line even while another claim that will not take it has it locked', async () => {
    const store = t.app.get(OutboxStore);
    const [first, second] = await publish(randomUUID(), 2);
    // Worker A has the first delivery.
    expect((await store.claim([first], randomUUID(), 30_000, [GHOST])).map((d) => d.id)).toEqual([first]);

    // Worker B's claim of the second (say, from a recovery sweep) is in progress: its `taken` has locked the
    // second, which it will not take, since the first is still processing in its snapshot.
    await other.query('BEGIN');
    await other.query('SELECT id FROM bus.deliveries WHERE id = $1 FOR UPDATE', [second]);

    // Worker A completes the first, and claims the next in line it was told of.
    const tokenA = (await other.query('SELECT claim_token FROM bus.deliveries WHERE id = $1', [first])).rows[0]
      .claim_token as string;
    await t.app.get(UnitOfWork).run(() => store.completeAll([first], tokenA));
    const next = await store.nextInLine([first]);
    expect(next).toEqual([second]);
    let claimEnded = false;
    const claimingNext = store.claim(next, randomUUID(), 30_000, [GHOST]).finally(() => (claimEnded = true));
    // B's statement stays in progress until this claim has either ended or is seen waiting for B's lock.
    const waitsForB = async () => {
      await other.query('SELECT pg_stat_clear_snapshot()'); // B's open transaction would otherwise see cached activity
      const waiting = await other.query(
        `SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%taken AS MATERIALIZED%'`,
      );
      return waiting.rows.length > 0;
    };
    await waitFor(async () => claimEnded || (await waitsForB()));

    await other.query('COMMIT'); // B's statement ends, having claimed nothing.
    const claimedNext = await claimingNext;
    const [row] = (await other.query('SELECT status FROM bus.deliveries WHERE id = $1', [second])).rows;
    // Nobody holds the second now and nothing will dispatch it before the recovery sweep.
    expect({ claimed: claimedNext.map((d) => d.id), status: row.status }).toEqual({
      claimed: [second],
      status: 'processing',
    });
  });
});
