import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem } from './support/expect-problem';
import { startTestApp, type TestApp } from './support/test-app';
import { addCard, balanceOf, CARDS, fund, moneyPost, walletUser } from './support/wallet-fixtures';

describe('wallet: opening, top-ups, transfers and refunds', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t?.close());

  it('opens an empty EUR wallet for every new user, by itself', async () => {
    const user = await walletUser(t.http);
    const accounts = await t.http.get('/wallet/accounts', { token: user.accessToken });
    expect(accounts.body.items).toEqual([
      expect.objectContaining({
        kind: 'user',
        currency: 'EUR',
        balance: { posted: 0, pendingDebits: 0, pendingCredits: 0, available: 0 },
      }),
    ]);
  });

  it('funds the wallet from a test card and shows it in the balance', async () => {
    const user = await walletUser(t.http);
    const instrumentId = await addCard(t.http, user);
    const topUp = await moneyPost(t.http, user, '/wallet/top-ups', { instrumentId, amount: 5_000, currency: 'EUR' });
    expect(topUp.status).toBe(201);
    expect(topUp.body).toMatchObject({ kind: 'top-up', amount: 5_000, currency: 'EUR', toAccountId: user.accountId });
    expect(await balanceOf(t.http, user)).toEqual({
      posted: 5_000,
      pendingDebits: 0,
      pendingCredits: 0,
      available: 5_000,
    });
  });

  it.each([
    [CARDS.declined, 'card-declined'],
    [CARDS.insufficientFunds, 'card-insufficient-funds'],
    [CARDS.expired, 'card-expired'],
  ])('answers 402 for the test card %s and moves nothing', async (number, code) => {
    const user = await walletUser(t.http);
    const instrumentId = await addCard(t.http, user, number);
    const topUp = await moneyPost(t.http, user, '/wallet/top-ups', { instrumentId, amount: 5_000, currency: 'EUR' });
    expectProblem(topUp, 402, code);
    expect(await balanceOf(t.http, user)).toMatchObject({ posted: 0 });
    const metrics = await t.http.get('/metrics');
    expect(metrics.text).toMatch(
      new RegExp(`^wallet_payment_failures_total\\{flow="top-up",reason="${code}"\\} [1-9]`, 'm'),
    );
  });

  it('sends money to another user and balances both sides', async () => {
    const [alice, bob] = await Promise.all([walletUser(t.http), walletUser(t.http)]);
    await fund(t.http, alice, 10_000);
    const sent = await moneyPost(t.http, alice, '/wallet/transfers', {
      toUserId: bob.id,
      amount: 2_500,
      currency: 'EUR',
      note: 'dinner',
    });
    expect(sent.status).toBe(201);
    expect(sent.body).toMatchObject({
      kind: 'p2p',
      amount: 2_500,
      fromAccountId: alice.accountId,
      toAccountId: bob.accountId,
      note: 'dinner',
    });
    expect((await balanceOf(t.http, alice)).available).toBe(7_500);
    expect((await balanceOf(t.http, bob)).available).toBe(2_500);
  });

  it('refuses to send more than the available balance, and nothing moves', async () => {
    const [alice, bob] = await Promise.all([walletUser(t.http), walletUser(t.http)]);
    await fund(t.http, alice, 1_000);
    expectProblem(
      await moneyPost(t.http, alice, '/wallet/transfers', { toUserId: bob.id, amount: 1_001, currency: 'EUR' }),
      422,
      'insufficient-funds',
    );
    expect((await balanceOf(t.http, alice)).available).toBe(1_000);
    expect((await balanceOf(t.http, bob)).available).toBe(0);
  });

  it('lets the payee refund part and then the rest, never more, and never the payer', async () => {
    const [alice, bob] = await Promise.all([walletUser(t.http), walletUser(t.http)]);
    await fund(t.http, alice, 3_000);
    const sent = await moneyPost(t.http, alice, '/wallet/transfers', {
      toUserId: bob.id,
      amount: 3_000,
      currency: 'EUR',
    });
    const path = `/wallet/transfers/${sent.body.id}/refund`;
    expectProblem(await moneyPost(t.http, alice, path, {}), 403, 'forbidden');
    const part = await moneyPost(t.http, bob, path, { amount: 1_000 });
    expect(part.status).toBe(201);
    expect(part.body).toMatchObject({
      kind: 'refund',
      amount: 1_000,
      reversesTransferId: sent.body.id,
      fromAccountId: bob.accountId,
    });
    expectProblem(await moneyPost(t.http, bob, path, { amount: 2_001 }), 422, 'exceeds-refundable');
    expect((await moneyPost(t.http, bob, path, {})).body).toMatchObject({ amount: 2_000 });
    expectProblem(await moneyPost(t.http, bob, path, {}), 422, 'fully-refunded');
    expect((await balanceOf(t.http, alice)).available).toBe(3_000);
    expect((await balanceOf(t.http, bob)).available).toBe(0);
  });

  it("answers 404 for a stranger's transfer, whether they look at it or try to refund it", async () => {
    const [alice, bob, eve] = await Promise.all([walletUser(t.http), walletUser(t.http), walletUser(t.http)]);
    await fund(t.http, alice, 500);
    const sent = await moneyPost(t.http, alice, '/wallet/transfers', {
      toUserId: bob.id,
      amount: 500,
      currency: 'EUR',
    });
    expectProblem(await t.http.get(`/wallet/transfers/${sent.body.id}`, { token: eve.accessToken }), 404, 'not-found');
    expectProblem(await moneyPost(t.http, eve, `/wallet/transfers/${sent.body.id}/refund`, {}), 404, 'not-found');
    expect((await t.http.get(`/wallet/transfers/${sent.body.id}`, { token: bob.accessToken })).status).toBe(200);
  });

  it.each([
    ['a negative amount', { amount: -5 }],
    ['a fractional amount', { amount: 12.5 }],
    ['an amount as a string', { amount: '100' }],
    ['a currency that is not a code', { currency: 'euro' }],
  ])('refuses %s with a 400 naming the field', async (_, change) => {
    const [alice, bob] = await Promise.all([walletUser(t.http), walletUser(t.http)]);
    const response = await moneyPost(t.http, alice, '/wallet/transfers', {
      toUserId: bob.id,
      amount: 100,
      currency: 'EUR',
      ...change,
    });
    expectProblem(response, 400, 'validation');
    expect(response.body.errors[0].pointer).toBe(`#/${Object.keys(change)[0]}`);
  });

  it('refuses a currency the wallet does not hold, an unknown recipient and a missing token', async () => {
    const alice = await walletUser(t.http);
    await fund(t.http, alice, 500);
    expectProblem(
      await moneyPost(t.http, alice, '/wallet/transfers', { toUserId: randomUUID(), amount: 100, currency: 'CHF' }),
      422,
      'unsupported-currency',
    );
    expectProblem(
      await moneyPost(t.http, alice, '/wallet/transfers', { toUserId: randomUUID(), amount: 100, currency: 'EUR' }),
      404,
      'recipient-not-found',
    );
    expect(
      (
        await t.http.post(
          '/wallet/transfers',
          { toUserId: randomUUID(), amount: 100, currency: 'EUR' },
          { headers: { 'idempotency-key': 'k' } },
        )
      ).status,
    ).toBe(401);
  });
});

describe('wallet: who may do what', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t?.close());

  it('refuses an expired or forged token on every wallet route', async () => {
    const user = await walletUser(t.http);
    const [header, payload] = user.accessToken.split('.');
    const expired = `${header}.${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), exp: 1 })).toString('base64url')}.${user.accessToken.split('.')[2]}`;
    for (const token of [expired, 'not-a-token']) {
      expect((await t.http.get('/wallet/accounts', { token })).status).toBe(401);
      expect(
        (
          await t.http.post(
            '/wallet/transfers',
            { toUserId: user.id, amount: 1, currency: 'EUR' },
            { token, headers: { 'idempotency-key': randomUUID() } },
          )
        ).status,
      ).toBe(401);
    }
  });

  it('refuses a hold in one currency for a payee account in another', async () => {
    const [alice, bob] = await Promise.all([walletUser(t.http), walletUser(t.http)]);
    await fund(t.http, alice, 1_000);
    await fund(t.http, alice, 1_000, 'USD');
    const hold = await moneyPost(t.http, alice, '/wallet/holds', {
      amount: 100,
      currency: 'USD',
      payeeAccountId: bob.accountId,
      expiresInSeconds: 60,
    });
    expectProblem(hold, 422, 'currency-mismatch');
    expect((await balanceOf(t.http, alice, 'USD')).available).toBe(1_000);
  });

  it('counts movements by type and outcome on /metrics, with their latency', async () => {
    const [alice, bob] = await Promise.all([walletUser(t.http), walletUser(t.http)]);
    await fund(t.http, alice, 100);
    expectProblem(
      await moneyPost(t.http, alice, '/wallet/transfers', { toUserId: bob.id, amount: 101, currency: 'EUR' }),
      422,
      'insufficient-funds',
    );
    const metrics = (await t.http.get('/metrics')).text;
    expect(metrics).toMatch(/^wallet_transfers_total\{type="top-up",status="completed"\} [1-9]/m);
    expect(metrics).toMatch(/^wallet_transfers_total\{type="p2p",status="refused"\} [1-9]/m);
    expect(metrics).toMatch(/^wallet_transfer_duration_seconds_count\{type="top-up"\} [1-9]/m);
  });
});
