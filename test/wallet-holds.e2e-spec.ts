import { CommandBus } from '@nestjs/cqrs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OpenMerchantAccount } from '../src/modules/wallet/application/commands/open-merchant-account.command';
import { expectProblem } from './support/expect-problem';
import { startTestApp, type TestApp } from './support/test-app';
import { waitFor } from './support/wait-for';
import { balanceOf, fund, moneyPost, walletUser } from './support/wallet-fixtures';

describe('wallet holds: reserve, capture, void, expire', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ WALLET_HOLD_SWEEP_INTERVAL_MS: '100' });
  });
  afterAll(() => t?.close());

  async function parties() {
    const [payer, payee] = await Promise.all([walletUser(t.http), walletUser(t.http)]);
    await fund(t.http, payer, 10_000);
    return { payer, payee };
  }

  const place = (
    payer: Awaited<ReturnType<typeof walletUser>>,
    payeeAccountId: string,
    amount: number,
    expiresInSeconds = 600,
  ) => moneyPost(t.http, payer, '/wallet/holds', { amount, currency: 'EUR', payeeAccountId, expiresInSeconds });

  it('reserves money: no longer available to the payer, promised to the payee, nothing posted yet', async () => {
    const { payer, payee } = await parties();
    const hold = await place(payer, payee.accountId, 4_000);
    expect(hold.status).toBe(201);
    expect(hold.body).toMatchObject({
      status: 'pending',
      amount: 4_000,
      payerAccountId: payer.accountId,
      payeeAccountId: payee.accountId,
    });
    expect(await balanceOf(t.http, payer)).toEqual({
      posted: 10_000,
      pendingDebits: 4_000,
      pendingCredits: 0,
      available: 6_000,
    });
    expect(await balanceOf(t.http, payee)).toEqual({
      posted: 0,
      pendingDebits: 0,
      pendingCredits: 4_000,
      available: 0,
    });
  });

  it('refuses a hold beyond the available balance', async () => {
    const { payer, payee } = await parties();
    expect((await place(payer, payee.accountId, 6_000)).status).toBe(201);
    expectProblem(await place(payer, payee.accountId, 4_001), 422, 'insufficient-funds');
  });

  it('captures part of a hold: posts that much and gives the rest back to the payer', async () => {
    const { payer, payee } = await parties();
    const hold = await place(payer, payee.accountId, 4_000);
    const captured = await moneyPost(t.http, payee, `/wallet/holds/${hold.body.id}/capture`, { amount: 1_500 });
    expect(captured.status).toBe(200);
    expect(captured.body.hold).toMatchObject({ status: 'captured', capturedAmount: 1_500 });
    expect(captured.body.transfer).toMatchObject({ kind: 'hold-capture', amount: 1_500, holdId: hold.body.id });
    expect(await balanceOf(t.http, payer)).toEqual({
      posted: 8_500,
      pendingDebits: 0,
      pendingCredits: 0,
      available: 8_500,
    });
    expect(await balanceOf(t.http, payee)).toEqual({
      posted: 1_500,
      pendingDebits: 0,
      pendingCredits: 0,
      available: 1_500,
    });
    expectProblem(await moneyPost(t.http, payee, `/wallet/holds/${hold.body.id}/capture`, {}), 409, 'hold-not-open');
  });

  it('never captures more than was reserved, and only the payee captures', async () => {
    const { payer, payee } = await parties();
    const hold = await place(payer, payee.accountId, 4_000);
    expectProblem(
      await moneyPost(t.http, payee, `/wallet/holds/${hold.body.id}/capture`, { amount: 4_001 }),
      422,
      'exceeds-hold',
    );
    expectProblem(
      await moneyPost(t.http, payee, `/wallet/holds/${hold.body.id}/capture`, { amount: null }),
      400,
      'validation',
    );
    expectProblem(await moneyPost(t.http, payer, `/wallet/holds/${hold.body.id}/capture`, {}), 403, 'forbidden');
    expect((await moneyPost(t.http, payee, `/wallet/holds/${hold.body.id}/capture`, {})).body.transfer.amount).toBe(
      4_000,
    );
  });

  it('lets either side void a hold, after which nothing is reserved and it cannot be captured', async () => {
    const { payer, payee } = await parties();
    const byPayer = await place(payer, payee.accountId, 1_000);
    const byPayee = await place(payer, payee.accountId, 2_000);
    expect((await moneyPost(t.http, payer, `/wallet/holds/${byPayer.body.id}/void`, {})).body).toMatchObject({
      status: 'voided',
    });
    expect((await moneyPost(t.http, payee, `/wallet/holds/${byPayee.body.id}/void`, {})).body).toMatchObject({
      status: 'voided',
    });
    expectProblem(await moneyPost(t.http, payee, `/wallet/holds/${byPayee.body.id}/capture`, {}), 409, 'hold-not-open');
    expect(await balanceOf(t.http, payer)).toEqual({
      posted: 10_000,
      pendingDebits: 0,
      pendingCredits: 0,
      available: 10_000,
    });
    expect(await balanceOf(t.http, payee)).toMatchObject({ pendingCredits: 0 });
  });

  it('releases an expired hold by itself', async () => {
    const { payer, payee } = await parties();
    const hold = await place(payer, payee.accountId, 3_000, 1);
    const expired = await waitFor(async () => {
      const current = await t.http.get(`/wallet/holds/${hold.body.id}`, { token: payer.accessToken });
      return current.body.status === 'expired' && current.body;
    }, 5_000);
    expect(expired.settledAt).not.toBeNull();
    expect(await balanceOf(t.http, payer)).toEqual({
      posted: 10_000,
      pendingDebits: 0,
      pendingCredits: 0,
      available: 10_000,
    });
    expectProblem(await moneyPost(t.http, payee, `/wallet/holds/${hold.body.id}/capture`, {}), 409, 'hold-not-open');
  });

  it("lets a merchant account's owner give back part of a captured hold (no payments order stands behind it)", async () => {
    const { payer, payee: owner } = await parties();
    const merchant = await t.app.get(CommandBus).execute(new OpenMerchantAccount(owner.id, 'EUR', 'Deposit Desk'));
    const hold = await place(payer, merchant.id, 4_000);
    expect(hold.status, hold.text).toBe(201);
    const captured = await moneyPost(t.http, owner, `/wallet/holds/${hold.body.id}/capture`, {});
    expect(captured.status, captured.text).toBe(200);
    const refund = await moneyPost(t.http, owner, `/wallet/transfers/${captured.body.transfer.id}/refund`, {
      amount: 1_000,
    });
    expect(refund.status, refund.text).toBe(201);
    expect((await balanceOf(t.http, payer)).posted).toBe(10_000 - 4_000 + 1_000);
  });

  it('answers 404 to a stranger for a hold, whatever they try', async () => {
    const { payer, payee } = await parties();
    const stranger = await walletUser(t.http);
    const hold = await place(payer, payee.accountId, 1_000);
    expectProblem(await t.http.get(`/wallet/holds/${hold.body.id}`, { token: stranger.accessToken }), 404, 'not-found');
    expectProblem(await moneyPost(t.http, stranger, `/wallet/holds/${hold.body.id}/capture`, {}), 404, 'not-found');
    expectProblem(await moneyPost(t.http, stranger, `/wallet/holds/${hold.body.id}/void`, {}), 404, 'not-found');
  });
});
