import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PaymentProvider } from '../src/modules/wallet/application/ports/payment-provider';
import { expectProblem } from './support/expect-problem';
import { waitFor } from './support/wait-for';
import { addCard, balanceOf, moneyPost, startWalletApp, walletUser } from './support/wallet-fixtures';

type ChargeRequest = Parameters<PaymentProvider['charge']>[0];

describe('wallet: a top-up whose charge went through but whose answer was lost', () => {
  let app: Awaited<ReturnType<typeof startWalletApp>>;
  /** Every charge the acquirer made (after it made it), with the outcome it decided. */
  const charges: Array<{ request: ChargeRequest; chargeId: string | null }> = [];
  /** Amounts whose next charge the acquirer makes, and then the answer is lost on the way back (a timeout). */
  const loseAnswerFor = new Set<bigint>();
  /** Amounts the acquirer does not answer at all, charging nothing, for as long as they are listed. */
  const unreachableFor = new Set<bigint>();

  beforeAll(async () => {
    app = await startWalletApp({ WALLET_TOP_UP_RECOVERY_SECONDS: '1', WALLET_HOLD_SWEEP_INTERVAL_MS: '100' });
    // The sandbox stands in for the acquirer; this wraps it in a network that can drop its answer.
    const provider = app.t.app.get(PaymentProvider, { strict: false });
    const acquirer = provider.charge.bind(provider);
    provider.charge = async (request) => {
      if (unreachableFor.has(request.amount)) throw new Error('connect ETIMEDOUT');
      const outcome = await acquirer(request);
      charges.push({ request, chargeId: outcome.status === 'succeeded' ? outcome.chargeId : null });
      if (loseAnswerFor.delete(request.amount)) throw new Error('socket hang up');
      return outcome;
    };
  });
  afterAll(() => app?.close());

  const topUpsOf = async (accountId: string) =>
    (
      await app.db.query(
        `SELECT id, reference, amount::int FROM wallet.transfers WHERE kind = 'top-up' AND credit_account_id = $1`,
        [accountId],
      )
    ).rows;

  it('answers 502, and a retry with the same key credits it once, from the same charge', async () => {
    const user = await walletUser(app.t.http);
    const instrumentId = await addCard(app.t.http, user);
    const key = randomUUID();
    loseAnswerFor.add(1_111n);

    const lost = await moneyPost(
      app.t.http,
      user,
      '/wallet/top-ups',
      { instrumentId, amount: 1_111, currency: 'EUR' },
      key,
    );
    expectProblem(lost, 502, 'payment-provider-unavailable');
    const retried = await moneyPost(
      app.t.http,
      user,
      '/wallet/top-ups',
      { instrumentId, amount: 1_111, currency: 'EUR' },
      key,
    );

    expect(retried.status).toBe(201);
    expect(await balanceOf(app.t.http, user)).toMatchObject({ posted: 1_111 });
    const made = charges.filter((charge) => charge.request.amount === 1_111n);
    expect(new Set(made.map((charge) => charge.chargeId)).size).toBe(1);
    expect(await topUpsOf(user.accountId)).toEqual([
      { id: retried.body.id, reference: made[0].chargeId, amount: 1_111 },
    ]);
  });

  it('is credited by the wallet itself when nobody retries, once, and a late retry gets that top-up', async () => {
    const user = await walletUser(app.t.http);
    const instrumentId = await addCard(app.t.http, user);
    const key = randomUUID();
    loseAnswerFor.add(2_222n);

    expectProblem(
      await moneyPost(app.t.http, user, '/wallet/top-ups', { instrumentId, amount: 2_222, currency: 'EUR' }, key),
      502,
      'payment-provider-unavailable',
    );
    const [credited] = await waitFor(async () => {
      const rows = await topUpsOf(user.accountId);
      return rows.length ? rows : undefined;
    });

    const late = await moneyPost(
      app.t.http,
      user,
      '/wallet/top-ups',
      { instrumentId, amount: 2_222, currency: 'EUR' },
      key,
    );
    expect(late.status).toBe(201);
    expect(late.body.id).toBe(credited.id);
    expect(await topUpsOf(user.accountId)).toHaveLength(1);
    expect(await balanceOf(app.t.http, user)).toMatchObject({ posted: 2_222 });
    const recovered = await app.db.query(
      `SELECT actor FROM wallet.audit_log WHERE action = 'transfer.top-up' AND subject = $1`,
      [credited.id],
    );
    expect(recovered.rows).toEqual([{ actor: 'system:top-up-recovery' }]);
  });

  it('answers 422 to a retry that changes the amount under the same key, charges nothing more, and still answers the right retry', async () => {
    const user = await walletUser(app.t.http);
    const instrumentId = await addCard(app.t.http, user);
    const key = randomUUID();
    loseAnswerFor.add(3_333n);

    expectProblem(
      await moneyPost(app.t.http, user, '/wallet/top-ups', { instrumentId, amount: 3_333, currency: 'EUR' }, key),
      502,
      'payment-provider-unavailable',
    );
    const changed = await moneyPost(
      app.t.http,
      user,
      '/wallet/top-ups',
      { instrumentId, amount: 9_999, currency: 'EUR' },
      key,
    );
    const right = await moneyPost(
      app.t.http,
      user,
      '/wallet/top-ups',
      { instrumentId, amount: 3_333, currency: 'EUR' },
      key,
    );

    expectProblem(changed, 422, 'idempotency-key-reused');
    expect(changed.body.errors).toEqual([expect.objectContaining({ pointer: '#/amount' })]);
    expect(charges.filter((charge) => charge.request.amount === 9_999n)).toEqual([]);
    expect(right.status).toBe(201);
    expect(await balanceOf(app.t.http, user)).toMatchObject({ posted: 3_333 });
  });

  it('finishes a top-up whose card was removed after its answer was lost, when the request is retried', async () => {
    const user = await walletUser(app.t.http);
    const instrumentId = await addCard(app.t.http, user);
    const key = randomUUID();
    loseAnswerFor.add(4_444n);

    expectProblem(
      await moneyPost(app.t.http, user, '/wallet/top-ups', { instrumentId, amount: 4_444, currency: 'EUR' }, key),
      502,
      'payment-provider-unavailable',
    );
    expect((await app.t.http.delete(`/wallet/instruments/${instrumentId}`, { token: user.accessToken })).status).toBe(
      204,
    );
    const retried = await moneyPost(
      app.t.http,
      user,
      '/wallet/top-ups',
      { instrumentId, amount: 4_444, currency: 'EUR' },
      key,
    );

    expect(retried.status).toBe(201);
    expect(await balanceOf(app.t.http, user)).toMatchObject({ posted: 4_444 });
  });

  it('keeps recovering other top-ups while one cannot reach the provider, and tries that one again later', async () => {
    const [stuck, fine] = [await walletUser(app.t.http), await walletUser(app.t.http)];
    const [stuckCard, fineCard] = [await addCard(app.t.http, stuck), await addCard(app.t.http, fine)];
    unreachableFor.add(5_555n);
    expectProblem(
      await moneyPost(app.t.http, stuck, '/wallet/top-ups', {
        instrumentId: stuckCard,
        amount: 5_555,
        currency: 'EUR',
      }),
      502,
      'payment-provider-unavailable',
    );
    loseAnswerFor.add(6_666n);
    expectProblem(
      await moneyPost(app.t.http, fine, '/wallet/top-ups', { instrumentId: fineCard, amount: 6_666, currency: 'EUR' }),
      502,
      'payment-provider-unavailable',
    );

    await waitFor(async () => (await topUpsOf(fine.accountId)).length === 1);
    const deferred = await waitFor(async () => {
      const [row] = (await app.db.query(`SELECT status, attempts FROM wallet.top_ups WHERE user_id = $1`, [stuck.id]))
        .rows;
      return row?.attempts >= 1 && row;
    });
    expect(deferred.status).toBe('pending');

    unreachableFor.delete(5_555n);
    await app.db.query(`UPDATE wallet.top_ups SET next_attempt_at = now() WHERE user_id = $1`, [stuck.id]);
    await waitFor(async () => (await topUpsOf(stuck.accountId)).length === 1);
    expect(await balanceOf(app.t.http, stuck)).toMatchObject({ posted: 5_555 });
  });
});
