import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from './support/wait-for';
import { balanceOf, fund, moneyPost, startWalletApp, walletUser } from './support/wallet-fixtures';

/**
 * Transfers sent at the same moment are written together, in one transaction (group commit).
 * Each must still be checked against what the ones before it in the batch left behind.
 */
describe('wallet: transfers sent at the same moment', () => {
  let app: Awaited<ReturnType<typeof startWalletApp>>;
  // 50.00 EUR a day, so a handful of transfers reaches it.
  beforeAll(async () => {
    app = await startWalletApp({ WALLET_DAILY_LIMIT: '50' });
  });
  afterAll(() => app?.close());

  const sendAll = (count: number, send: (n: number) => ReturnType<typeof moneyPost>) =>
    Promise.all(Array.from({ length: count }, (_, n) => send(n)));

  it('never spend more than the sender has, however many arrive together', async () => {
    const [alice, bob] = await Promise.all([walletUser(app.t.http), walletUser(app.t.http)]);
    await fund(app.t.http, alice, 1_000);

    const answers = await sendAll(10, () =>
      moneyPost(app.t.http, alice, '/wallet/transfers', { toUserId: bob.id, amount: 300, currency: 'EUR' }),
    );

    expect(answers.filter((a) => a.status === 201)).toHaveLength(3);
    expect(answers.filter((a) => a.status === 422).map((a) => a.body.type)).toEqual(
      Array(7).fill(expect.stringMatching(/insufficient-funds$/)),
    );
    expect(await balanceOf(app.t.http, alice)).toMatchObject({ posted: 100, available: 100 });
    expect(await balanceOf(app.t.http, bob)).toMatchObject({ posted: 900 });
  });

  it('count every transfer of the same moment against the daily limit', async () => {
    const [alice, bob] = await Promise.all([walletUser(app.t.http), walletUser(app.t.http)]);
    await fund(app.t.http, alice, 4_000);

    const answers = await sendAll(5, () =>
      moneyPost(app.t.http, alice, '/wallet/transfers', { toUserId: bob.id, amount: 2_000, currency: 'EUR' }),
    );

    expect(answers.filter((a) => a.status === 201)).toHaveLength(2);
    expect(answers.filter((a) => a.status === 422).map((a) => a.body.type)).toEqual(
      Array(3).fill(expect.stringMatching(/limit-exceeded$/)),
    );
    expect(await balanceOf(app.t.http, bob)).toMatchObject({ posted: 4_000 });
  });

  it('move money once for two requests with one key sent together: one is answered, the other told it is in flight or replayed', async () => {
    const [alice, bob] = await Promise.all([walletUser(app.t.http), walletUser(app.t.http)]);
    await fund(app.t.http, alice, 1_000);
    const key = randomUUID();

    const answers = await sendAll(2, () =>
      moneyPost(app.t.http, alice, '/wallet/transfers', { toUserId: bob.id, amount: 100, currency: 'EUR' }, key),
    );

    const created = answers.filter((a) => a.status === 201);
    expect(created.length).toBeGreaterThanOrEqual(1);
    expect(new Set(created.map((a) => a.body.id)).size).toBe(1);
    for (const other of answers.filter((a) => a.status !== 201)) expect(other.status).toBe(409);
    expect(await balanceOf(app.t.http, bob)).toMatchObject({ posted: 100 });
  });

  it('refuse one without an Idempotency-Key before looking at its body, as every money-moving route does', async () => {
    const alice = await walletUser(app.t.http);
    const answer = await app.t.http.post(
      '/wallet/transfers',
      { toUserId: 'nobody', amount: -1 },
      { token: alice.accessToken },
    );
    expect(answer.status).toBe(400);
    expect(answer.body.type).toMatch(/idempotency-key-missing$/);
  });

  it('give each transfer its own audit record and event, tied to the request that sent it', async () => {
    const [alice, bob] = await Promise.all([walletUser(app.t.http), walletUser(app.t.http)]);
    await fund(app.t.http, alice, 1_000);

    const answers = await sendAll(6, (n) =>
      moneyPost(app.t.http, alice, '/wallet/transfers', { toUserId: bob.id, amount: 10 + n, currency: 'EUR' }),
    );

    expect(answers.map((a) => a.status)).toEqual(Array(6).fill(201));
    for (const answer of answers) {
      const requestId = answer.headers.get('x-request-id');
      const audit = await app.db.query(`SELECT subject FROM wallet.audit_log WHERE request_id = $1`, [requestId]);
      expect(audit.rows).toEqual([{ subject: answer.body.id }]);
      const event = await app.db.query(
        `SELECT payload->>'transferId' AS id FROM bus.events WHERE type = 'wallet.transfer-completed' AND correlation_id = $1`,
        [requestId],
      );
      expect(event.rows).toEqual([{ id: answer.body.id }]);
    }
    // And the audit chain seals them all.
    await waitFor(
      async () =>
        (
          await app.db.query(
            `SELECT count(*)::int AS n FROM wallet.audit_log a WHERE NOT EXISTS (SELECT 1 FROM wallet.audit_chain c WHERE c.seq = a.seq)`,
          )
        ).rows[0].n === 0,
    );
  });
});
