import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { CommandBus } from '@nestjs/cqrs';
import type { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OpenMerchantAccount } from '../src/modules/wallet/application/commands/open-merchant-account.command';
import { messageContext } from '../src/platform/messaging/message-context';
import { PayMerchant, type PayMerchantRequest } from '../src/shared/contracts/wallet';
import { expectProblem } from './support/expect-problem';
import { registerAndLogin } from './support/identity-fixtures';
import { TEST_REDIS_URL } from './support/redis-keys';
import type { TestApp } from './support/test-app';
import { waitFor } from './support/wait-for';
import { balanceOf, fund, moneyPost, startWalletApp, walletUser } from './support/wallet-fixtures';

const ADMIN_EMAIL = `ledger-admin-${randomUUID()}@example.com`;

describe('wallet ledger: statement, merchant payments, reconciliation', () => {
  let t: TestApp;
  let db: Client;
  let close: () => Promise<void>;
  let adminToken: string;
  beforeAll(async () => {
    ({ t, db, close } = await startWalletApp({ ADMIN_EMAIL }));
    adminToken = (await registerAndLogin(t.http, { email: ADMIN_EMAIL })).accessToken;
  });
  afterAll(() => close?.());

  const reconcile = async () => (await t.http.get('/wallet/admin/reconciliation', { token: adminToken })).body;

  it("lists the caller's movements newest first, signed, paged by cursor and filtered by type", async () => {
    const [alice, bob] = await Promise.all([walletUser(t.http), walletUser(t.http)]);
    await fund(t.http, alice, 10_000);
    for (const amount of [100, 200, 300])
      await moneyPost(t.http, alice, '/wallet/transfers', { toUserId: bob.id, amount, currency: 'EUR' });
    const first = await t.http.get('/wallet/transactions?limit=2', { token: alice.accessToken });
    expect(first.body.items.map((l: { amount: number; type: string }) => [l.type, l.amount])).toEqual([
      ['p2p', -300],
      ['p2p', -200],
    ]);
    expect(first.body.items[0]).toMatchObject({
      direction: 'debit',
      accountId: alice.accountId,
      counterpartyAccountId: bob.accountId,
      currency: 'EUR',
    });
    const second = await t.http.get(`/wallet/transactions?limit=2&cursor=${first.body.nextCursor}`, {
      token: alice.accessToken,
    });
    expect(second.body.items.map((l: { amount: number }) => l.amount)).toEqual([-100, 10_000]);
    expect(second.body.nextCursor).toBeNull();
    const topUps = await t.http.get('/wallet/transactions?type=top-up', { token: alice.accessToken });
    expect(topUps.body.items.map((l: { type: string }) => l.type)).toEqual(['top-up']);
    const bobs = await t.http.get('/wallet/transactions', { token: bob.accessToken });
    expect(bobs.body.items.map((l: { amount: number }) => l.amount)).toEqual([300, 200, 100]);
    expectProblem(
      await t.http.get('/wallet/transactions?cursor=forged', { token: alice.accessToken }),
      400,
      'invalid-cursor',
    );
    const beyondBigint = Buffer.from('p:9999999999999999999').toString('base64url');
    expectProblem(
      await t.http.get(`/wallet/transactions?cursor=${beyondBigint}`, { token: alice.accessToken }),
      400,
      'invalid-cursor',
    );
    expectProblem(
      await t.http.get('/wallet/transactions?from=%2B2024-01-01T00:00:00Z', { token: alice.accessToken }),
      400,
      'validation',
    );
    const future = new Date(Date.now() + 60_000).toISOString();
    expect((await t.http.get(`/wallet/transactions?from=${future}`, { token: alice.accessToken })).body.items).toEqual(
      [],
    );
  });

  describe('a merchant payment sent by another module', () => {
    const pay = (
      request: Partial<PayMerchantRequest> & Pick<PayMerchantRequest, 'payerUserId' | 'merchantAccountId'>,
    ) =>
      messageContext.run({ module: 'payments' }, () =>
        t.app.get(CommandBus).execute(
          new PayMerchant({
            amount: 2_000,
            currency: 'EUR',
            fee: 60,
            reference: 'order-1',
            idempotencyKey: randomUUID(),
            ...request,
          }),
        ),
      );

    async function shop() {
      const owner = await walletUser(t.http);
      const merchant = await t.app.get(CommandBus).execute(new OpenMerchantAccount(owner.id, 'EUR', 'Coffee Corner'));
      return { owner, merchantAccountId: merchant.id };
    }

    it('posts the payment and its fee together, once per key', async () => {
      const { owner, merchantAccountId } = await shop();
      const payer = await walletUser(t.http);
      await fund(t.http, payer, 5_000);
      const idempotencyKey = randomUUID();
      const receipt = await pay({ payerUserId: payer.id, merchantAccountId, idempotencyKey });
      expect(receipt).toMatchObject({ status: 'completed', replayed: false, feeTransferId: expect.any(String) });
      expect(await pay({ payerUserId: payer.id, merchantAccountId, idempotencyKey })).toEqual({
        ...receipt,
        replayed: true,
      });
      expect((await balanceOf(t.http, payer)).posted).toBe(3_000);
      const merchant = (await t.http.get('/wallet/accounts', { token: owner.accessToken })).body.items.find(
        (a: { kind: string }) => a.kind === 'merchant',
      );
      expect(merchant).toMatchObject({ name: 'Coffee Corner', balance: { posted: 1_940 } });
      const legs = await db.query(
        `SELECT kind, group_id, reference, initiated_by FROM wallet.transfers WHERE id = ANY($1::uuid[]) ORDER BY kind DESC`,
        [[receipt.paymentTransferId, receipt.feeTransferId]],
      );
      expect(legs.rows).toEqual([
        { kind: 'payment', group_id: expect.any(String), reference: 'order-1', initiated_by: 'module:payments' },
        { kind: 'fee', group_id: legs.rows[0].group_id, reference: 'order-1', initiated_by: 'module:payments' },
      ]);
    });

    it('posts no leg when the payer cannot pay, and publishes wallet.payment-failed for the merchant', async () => {
      const { merchantAccountId } = await shop();
      const payer = await walletUser(t.http);
      await fund(t.http, payer, 1_000);
      expect(await pay({ payerUserId: payer.id, merchantAccountId })).toEqual({
        status: 'failed',
        reason: 'insufficient-funds',
        replayed: false,
      });
      expect((await balanceOf(t.http, payer)).posted).toBe(1_000);
      const events = await db.query(
        `SELECT payload FROM bus.events WHERE type = 'wallet.payment-failed' AND payload->>'merchantAccountId' = $1`,
        [merchantAccountId],
      );
      expect(events.rows).toEqual([
        { payload: expect.objectContaining({ payerUserId: payer.id, reason: 'insufficient-funds', amount: 2_000 }) },
      ]);
      const metrics = (await t.http.get('/metrics')).text;
      expect(metrics).toMatch(
        /^wallet_payment_failures_total\{flow="merchant-payment",reason="insufficient-funds"\} [1-9]/m,
      );
      // No account, user or any other id in any label: identifiers stay in the event, out of metrics.
      expect(metrics).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i);
    });

    it('refuses an unknown merchant account and a fee above the amount', async () => {
      const payer = await walletUser(t.http);
      await expect(pay({ payerUserId: payer.id, merchantAccountId: randomUUID() })).rejects.toMatchObject({
        status: 404,
      });
      const { merchantAccountId } = await shop();
      await expect(pay({ payerUserId: payer.id, merchantAccountId, fee: 2_001 })).rejects.toMatchObject({
        status: 400,
      });
    });
  });

  it('reports clean books after all of the above, and only to an admin', async () => {
    const report = await reconcile();
    expect(report).toMatchObject({ clean: true, discrepancies: [] });
    expect(report.transfers).toBeGreaterThan(5);
    expect(report.auditRecords).toBeGreaterThan(5);
    const user = await walletUser(t.http);
    expectProblem(await t.http.get('/wallet/admin/reconciliation', { token: user.accessToken }), 403, 'forbidden');
  });

  it('refuses to edit or delete a transfer, an entry or an audit record', async () => {
    await expect(db.query(`UPDATE wallet.transfers SET amount = amount + 1`)).rejects.toThrow(/append-only/);
    await expect(db.query(`DELETE FROM wallet.entries`)).rejects.toThrow(/append-only/);
    await expect(db.query(`UPDATE wallet.audit_log SET actor = 'someone else'`)).rejects.toThrow(/append-only/);
    await expect(db.query(`DELETE FROM wallet.audit_chain`)).rejects.toThrow(/append-only/);
  });

  it('finds a tampered audit record and a drifted balance, in the API and the CLI', async () => {
    const [alice, bob] = await Promise.all([walletUser(t.http), walletUser(t.http)]);
    await fund(t.http, alice, 1_000);
    await moneyPost(t.http, alice, '/wallet/transfers', { toUserId: bob.id, amount: 400, currency: 'EUR' });
    // Tampering after the records have their links (sealed within moments of the commit).
    await waitFor(
      async () =>
        (
          await db.query(
            `SELECT 1 FROM wallet.audit_log a WHERE NOT EXISTS (SELECT 1 FROM wallet.audit_chain c WHERE c.seq = a.seq)`,
          )
        ).rows.length === 0,
    );
    const { rows } = await db.query(`SELECT seq::text FROM wallet.audit_log ORDER BY seq DESC LIMIT 1 OFFSET 1`);
    // Someone with database access goes around the append-only rule.
    await db.query(`ALTER TABLE wallet.audit_log DISABLE TRIGGER audit_log_append_only`);
    await db.query(`UPDATE wallet.audit_log SET details = jsonb_set(details, '{currency}', '"USD"') WHERE seq = $1`, [
      rows[0].seq,
    ]);
    await db.query(`ALTER TABLE wallet.audit_log ENABLE TRIGGER audit_log_append_only`);
    await db.query(`UPDATE wallet.accounts SET posted = posted + 1 WHERE id = $1`, [bob.accountId]);

    const report = await reconcile();
    expect(report.clean).toBe(false);
    expect(report.discrepancies).toEqual([
      expect.objectContaining({ check: 'posted-balance', subject: bob.accountId }),
      expect.objectContaining({ check: 'audit-chain', subject: rows[0].seq }),
    ]);
    const cli = spawnSync(process.execPath, [join(__dirname, '..', 'dist', 'cli.js'), 'wallet-reconcile'], {
      env: {
        ...process.env,
        DATABASE_URL: t.config.DATABASE_URL,
        REDIS_URL: TEST_REDIS_URL,
        REDIS_KEY_PREFIX: t.config.REDIS_KEY_PREFIX,
        MIGRATIONS_RUN: 'false',
      },
      encoding: 'utf8',
    });
    expect(cli.status).toBe(1);
    expect(JSON.parse(cli.stdout.slice(0, cli.stdout.lastIndexOf('}') + 1)).discrepancies).toHaveLength(2);
    await db.query(`UPDATE wallet.accounts SET posted = posted - 1 WHERE id = $1`, [bob.accountId]);
  });

  it('finds a record forged by deleting its link and letting the sealer link the forgery', async () => {
    const [alice, bob] = await Promise.all([walletUser(t.http), walletUser(t.http)]);
    await fund(t.http, alice, 1_000);
    await moneyPost(t.http, alice, '/wallet/transfers', { toUserId: bob.id, amount: 100, currency: 'EUR' });
    await waitFor(
      async () =>
        (
          await db.query(
            `SELECT 1 FROM wallet.audit_log a WHERE NOT EXISTS (SELECT 1 FROM wallet.audit_chain c WHERE c.seq = a.seq)`,
          )
        ).rows.length === 0,
    );
    const { rows } = await db.query(`SELECT max(position)::text AS last FROM wallet.audit_chain`);
    await db.query(`ALTER TABLE wallet.audit_chain DISABLE TRIGGER audit_chain_append_only`);
    await db.query(`ALTER TABLE wallet.audit_log DISABLE TRIGGER audit_log_append_only`);
    // Pretend the last record was written long ago, forge it, and drop its link so the sealer re-links the forgery.
    await db.query(
      `UPDATE wallet.audit_log SET occurred_at = '2020-01-01T00:00:00.000Z', actor = 'user:someone-else' WHERE seq = (SELECT seq FROM wallet.audit_chain WHERE position = $1)`,
      [rows[0].last],
    );
    await db.query(`DELETE FROM wallet.audit_chain WHERE position = $1`, [rows[0].last]);
    await db.query(`ALTER TABLE wallet.audit_chain ENABLE TRIGGER audit_chain_append_only`);
    await db.query(`ALTER TABLE wallet.audit_log ENABLE TRIGGER audit_log_append_only`);
    const report = await reconcile();
    expect(report.discrepancies).toContainEqual(
      expect.objectContaining({ check: 'audit-chain', detail: expect.stringContaining('long after it was written') }),
    );
  });

  it('finds an entry written around the ledger on an account that does not exist', async () => {
    const [{ id }] = (await db.query(`SELECT id FROM wallet.transfers LIMIT 1`)).rows;
    const ghost = randomUUID();
    await db.query(`INSERT INTO wallet.entries (transfer_id, account_id, amount, currency) VALUES ($1, $2, 1, 'EUR')`, [
      id,
      ghost,
    ]);
    const report = await reconcile();
    expect(report.discrepancies).toContainEqual(
      expect.objectContaining({
        check: 'transfer-entries',
        subject: ghost,
        detail: expect.stringContaining('does not exist'),
      }),
    );
    expect(report.discrepancies).toContainEqual(expect.objectContaining({ check: 'currency-balance', subject: 'EUR' }));
  });
});
