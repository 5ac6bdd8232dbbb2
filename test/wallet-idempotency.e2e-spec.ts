import { randomUUID } from 'node:crypto';
import type { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem } from './support/expect-problem';
import type { TestApp } from './support/test-app';
import { addCard, balanceOf, CARDS, fund, moneyPost, walletUser, startWalletApp } from './support/wallet-fixtures';

describe('wallet idempotency (Stripe semantics, IETF Idempotency-Key)', () => {
  let t: TestApp;
  let db: Client;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ t, db, close } = await startWalletApp());
  });
  afterAll(() => close?.());

  async function pair() {
    const [alice, bob] = await Promise.all([walletUser(t.http), walletUser(t.http)]);
    await fund(t.http, alice, 10_000);
    return { alice, bob };
  }

  it('replays the first answer, status and body, for a retry with the same key, and moves the money once', async () => {
    const { alice, bob } = await pair();
    const key = randomUUID();
    const body = { toUserId: bob.id, amount: 1_000, currency: 'EUR' };
    const first = await moneyPost(t.http, alice, '/wallet/transfers', body, key);
    const again = await moneyPost(t.http, alice, '/wallet/transfers', body, key);
    expect(first.status).toBe(201);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(first.body);
    expect((await balanceOf(t.http, alice)).available).toBe(9_000);
    expect((await balanceOf(t.http, bob)).available).toBe(1_000);
  });

  it.each([
    ['a transfer (written in a batch)', '/wallet/transfers', 'transfer'],
    ['a top-up', '/wallet/top-ups', 'top-up'],
    ['a refused transfer', '/wallet/transfers', 'refusal'],
  ])('replays %s byte for byte: status, content type and body bytes', async (_case, path, kind) => {
    const { alice, bob } = await pair();
    const body =
      kind === 'top-up'
        ? { instrumentId: await addCard(t.http, alice), amount: 2_500, currency: 'EUR' }
        : { toUserId: bob.id, amount: kind === 'refusal' ? 50_000 : 1_000, currency: 'EUR', note: 'Dinner' };
    const key = randomUUID();
    const first = await moneyPost(t.http, alice, path, body, key);
    expect(first.status).toBe(kind === 'refusal' ? 422 : 201);
    const again = await moneyPost(t.http, alice, path, body, key);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.status).toBe(first.status);
    expect(again.headers.get('content-type')).toBe(first.headers.get('content-type'));
    expect(again.text).toBe(first.text);
  });

  it('answers 422 to the same key with a different request, and moves nothing more', async () => {
    const { alice, bob } = await pair();
    const key = randomUUID();
    await moneyPost(t.http, alice, '/wallet/transfers', { toUserId: bob.id, amount: 1_000, currency: 'EUR' }, key);
    expectProblem(
      await moneyPost(t.http, alice, '/wallet/transfers', { toUserId: bob.id, amount: 2_000, currency: 'EUR' }, key),
      422,
      'idempotency-key-reused',
    );
    expect((await balanceOf(t.http, alice)).available).toBe(9_000);
  });

  it('answers 409 while a request with the same key is still being processed', async () => {
    const { alice, bob } = await pair();
    const key = randomUUID();
    // Hold the key's lock from outside, as a first request still running would.
    await db.query(`SELECT pg_advisory_lock(71001, hashtext($1 || ':' || $2))`, [`user:${alice.id}`, key]);
    const body = { toUserId: bob.id, amount: 1_000, currency: 'EUR' };
    try {
      const busy = await moneyPost(t.http, alice, '/wallet/transfers', body, key);
      expectProblem(busy, 409, 'idempotency-key-in-use');
      expect(busy.headers.get('retry-after')).toBe('1');
    } finally {
      await db.query(`SELECT pg_advisory_unlock_all()`);
    }
    expect((await moneyPost(t.http, alice, '/wallet/transfers', body, key)).status).toBe(201);
    expect((await balanceOf(t.http, alice)).available).toBe(9_000);
  });

  it('requires the header on money-moving requests', async () => {
    const { alice, bob } = await pair();
    const response = await t.http.post(
      '/wallet/transfers',
      { toUserId: bob.id, amount: 1_000, currency: 'EUR' },
      { token: alice.accessToken },
    );
    expectProblem(response, 400, 'idempotency-key-missing');
    expectProblem(
      await moneyPost(
        t.http,
        alice,
        '/wallet/transfers',
        { toUserId: bob.id, amount: 1, currency: 'EUR' },
        'x'.repeat(256),
      ),
      400,
      'idempotency-key-invalid',
    );
  });

  it('stores nothing for a request that fails validation: the key stays free for the corrected one', async () => {
    const { alice, bob } = await pair();
    const key = randomUUID();
    expectProblem(
      await moneyPost(t.http, alice, '/wallet/transfers', { toUserId: bob.id, amount: -1, currency: 'EUR' }, key),
      400,
      'validation',
    );
    expect(
      (await moneyPost(t.http, alice, '/wallet/transfers', { toUserId: bob.id, amount: 1_000, currency: 'EUR' }, key))
        .status,
    ).toBe(201);
  });

  it('keeps the key free after a refusal that names a wrong field (an unsupported currency, yourself as recipient)', async () => {
    const { alice, bob } = await pair();
    const key = randomUUID();
    expectProblem(
      await moneyPost(t.http, alice, '/wallet/transfers', { toUserId: bob.id, amount: 100, currency: 'CHF' }, key),
      422,
      'unsupported-currency',
    );
    expectProblem(
      await moneyPost(t.http, alice, '/wallet/transfers', { toUserId: alice.id, amount: 100, currency: 'EUR' }, key),
      422,
      'same-account',
    );
    expect(
      (await moneyPost(t.http, alice, '/wallet/transfers', { toUserId: bob.id, amount: 100, currency: 'EUR' }, key))
        .status,
    ).toBe(201);
  });

  it('replays a refusal too: the same key keeps its first answer even once the refusal no longer holds', async () => {
    const { alice, bob } = await pair();
    const key = randomUUID();
    const body = { toUserId: bob.id, amount: 20_000, currency: 'EUR' };
    expectProblem(await moneyPost(t.http, alice, '/wallet/transfers', body, key), 422, 'insufficient-funds');
    await fund(t.http, alice, 15_000);
    const again = await moneyPost(t.http, alice, '/wallet/transfers', body, key);
    expectProblem(again, 422, 'insufficient-funds');
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect((await moneyPost(t.http, alice, '/wallet/transfers', body)).status).toBe(201);
  });

  it('replays a declined top-up without charging again, and records the failure once', async () => {
    const user = await walletUser(t.http);
    const instrumentId = await addCard(t.http, user, CARDS.declined);
    const key = randomUUID();
    const body = { instrumentId, amount: 5_000, currency: 'EUR' };
    expectProblem(await moneyPost(t.http, user, '/wallet/top-ups', body, key), 402, 'card-declined');
    expectProblem(await moneyPost(t.http, user, '/wallet/top-ups', body, key), 402, 'card-declined');
    const events = await db.query(
      `SELECT payload FROM bus.events WHERE type = 'wallet.payment-failed' AND payload->>'payerUserId' = $1`,
      [user.id],
    );
    expect(events.rows).toEqual([
      { payload: expect.objectContaining({ reason: 'card-declined', amount: 5_000, currency: 'EUR' }) },
    ]);
  });

  it('scopes keys to the caller: two users may use the same key', async () => {
    const [a, b] = await Promise.all([pair(), pair()]);
    const key = randomUUID();
    expect(
      (await moneyPost(t.http, a.alice, '/wallet/transfers', { toUserId: a.bob.id, amount: 100, currency: 'EUR' }, key))
        .status,
    ).toBe(201);
    const other = await moneyPost(
      t.http,
      b.alice,
      '/wallet/transfers',
      { toUserId: b.bob.id, amount: 200, currency: 'EUR' },
      key,
    );
    expect(other.status).toBe(201);
    expect(other.headers.get('idempotent-replayed')).toBeNull();
  });
});
