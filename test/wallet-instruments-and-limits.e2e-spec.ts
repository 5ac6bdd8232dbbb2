import type { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, fieldErrors } from './support/expect-problem';
import { startTestApp, type TestApp } from './support/test-app';
import { addCard, FUTURE_EXPIRY_YEAR, fund, moneyPost, walletUser, startWalletApp } from './support/wallet-fixtures';

describe('wallet payment instruments', () => {
  let t: TestApp;
  let db: Client;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ t, db, close } = await startWalletApp());
  });
  afterAll(() => close?.());

  it('keeps a card as brand, last four and expiry: the number and CVC are nowhere in the database', async () => {
    const user = await walletUser(t.http);
    const added = await t.http.post(
      '/wallet/instruments/cards',
      { number: '4242 4242 4242 4242', expMonth: 12, expYear: FUTURE_EXPIRY_YEAR, cvc: '737' },
      { token: user.accessToken },
    );
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({
      kind: 'card',
      brand: 'visa',
      last4: '4242',
      expMonth: 12,
      expYear: FUTURE_EXPIRY_YEAR,
    });
    expect(JSON.stringify(added.body)).not.toMatch(/4242424242424242|tok_/);
    const stored = await db.query(`SELECT to_jsonb(i)::text AS row FROM wallet.instruments i WHERE id = $1`, [
      added.body.id,
    ]);
    expect(stored.rows[0].row).not.toMatch(/4242424242424242|4242 4242/);
    // The CVC as a stored value: as bare digits, "737" also turns up inside UUIDs and tokens.
    expect(Object.values(JSON.parse(stored.rows[0].row))).not.toEqual(
      expect.arrayContaining([expect.stringMatching(/^737$/)]),
    );
    expect(Object.values(JSON.parse(stored.rows[0].row))).not.toContain(737);
    const audit = await db.query(`SELECT string_agg(details::text, ' ') AS text FROM wallet.audit_log`);
    expect(audit.rows[0].text ?? '').not.toMatch(/4242424242424242/);
  });

  it('refuses a card failing Luhn, one expired and a short CVC, each under its own field', async () => {
    const user = await walletUser(t.http);
    const response = await t.http.post(
      '/wallet/instruments/cards',
      { number: '4242 4242 4242 4241', expMonth: 1, expYear: 2020, cvc: '12' },
      { token: user.accessToken },
    );
    expectProblem(response, 400, 'validation');
    expect(fieldErrors(response).map((e) => e.pointer)).toEqual(['#/cvc']);
    const semantic = await t.http.post(
      '/wallet/instruments/cards',
      { number: '4242 4242 4242 4241', expMonth: 1, expYear: 2020, cvc: '123' },
      { token: user.accessToken },
    );
    expectProblem(semantic, 400, 'invalid-card');
    expect(fieldErrors(semantic).map((e) => e.pointer)).toEqual(['#/number', '#/expMonth']);
  });

  it('validates an IBAN and keeps it masked', async () => {
    const user = await walletUser(t.http);
    const added = await t.http.post(
      '/wallet/instruments/bank-accounts',
      { iban: 'DE89 3704 0044 0532 0130 00', holderName: 'Ada King' },
      { token: user.accessToken },
    );
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ kind: 'bank-account', iban: 'DE89**************3000', holderName: 'Ada King' });
    expectProblem(
      await t.http.post(
        '/wallet/instruments/bank-accounts',
        { iban: 'DE88 3704 0044 0532 0130 00', holderName: 'Ada' },
        { token: user.accessToken },
      ),
      400,
      'invalid-iban',
    );
  });

  it("lists only the caller's instruments, and a removed one can no longer fund the wallet", async () => {
    const [user, stranger] = await Promise.all([walletUser(t.http), walletUser(t.http)]);
    const card = await addCard(t.http, user);
    expect(
      (await t.http.get('/wallet/instruments', { token: user.accessToken })).body.items.map(
        (i: { id: string }) => i.id,
      ),
    ).toEqual([card]);
    expect((await t.http.get('/wallet/instruments', { token: stranger.accessToken })).body.items).toEqual([]);
    expectProblem(
      await t.http.delete(`/wallet/instruments/${card}`, { token: stranger.accessToken }),
      404,
      'not-found',
    );
    expectProblem(
      await moneyPost(t.http, stranger, '/wallet/top-ups', { instrumentId: card, amount: 100, currency: 'EUR' }),
      404,
      'not-found',
    );
    expect((await t.http.delete(`/wallet/instruments/${card}`, { token: user.accessToken })).status).toBe(204);
    expectProblem(
      await moneyPost(t.http, user, '/wallet/top-ups', { instrumentId: card, amount: 100, currency: 'EUR' }),
      404,
      'not-found',
    );
  });
});

describe('wallet spending limits', () => {
  let t: TestApp;
  beforeAll(async () => {
    // €50.00 per movement, €80.00 per 24 hours.
    t = await startTestApp({ WALLET_TRANSACTION_LIMIT: '50', WALLET_DAILY_LIMIT: '80' });
  });
  afterAll(() => t?.close());

  it('refuses one movement over the per-transaction limit, top-ups included', async () => {
    const [alice, bob] = await Promise.all([walletUser(t.http), walletUser(t.http)]);
    const card = await addCard(t.http, alice);
    expectProblem(
      await moneyPost(t.http, alice, '/wallet/top-ups', { instrumentId: card, amount: 5_001, currency: 'EUR' }),
      422,
      'limit-exceeded',
    );
    await fund(t.http, alice, 5_000);
    expectProblem(
      await moneyPost(t.http, alice, '/wallet/transfers', { toUserId: bob.id, amount: 5_001, currency: 'EUR' }),
      422,
      'limit-exceeded',
    );
  });

  it('refuses what would take the last 24 hours over the daily limit, holds included', async () => {
    const [alice, bob] = await Promise.all([walletUser(t.http), walletUser(t.http)]);
    await fund(t.http, alice, 5_000);
    await fund(t.http, alice, 5_000);
    expect(
      (await moneyPost(t.http, alice, '/wallet/transfers', { toUserId: bob.id, amount: 5_000, currency: 'EUR' }))
        .status,
    ).toBe(201);
    expect(
      (
        await moneyPost(t.http, alice, '/wallet/holds', {
          amount: 2_000,
          currency: 'EUR',
          payeeAccountId: bob.accountId,
          expiresInSeconds: 60,
        })
      ).status,
    ).toBe(201);
    const over = await moneyPost(t.http, alice, '/wallet/transfers', {
      toUserId: bob.id,
      amount: 1_001,
      currency: 'EUR',
    });
    expectProblem(over, 422, 'limit-exceeded');
    expect(over.body.detail).toContain('1000');
    expect(
      (await moneyPost(t.http, alice, '/wallet/transfers', { toUserId: bob.id, amount: 1_000, currency: 'EUR' }))
        .status,
    ).toBe(201);
  });
});
