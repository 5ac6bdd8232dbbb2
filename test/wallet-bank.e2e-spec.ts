import { randomInt, randomUUID } from 'node:crypto';
import type { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerAndLogin } from './support/identity-fixtures';
import type { HttpResponse } from './support/http-client';
import type { TestApp } from './support/test-app';
import { fund, moneyPost, startWalletApp, walletUser, type WalletUser } from './support/wallet-fixtures';

const USERS = 10;
const OPENING = 10_000;
const TRANSFERS = 400;
const CLIENTS = 16;
const ADMIN_EMAIL = `bank-admin-${randomUUID()}@example.com`;

/**
 * The bank test: many users, many concurrent random transfers between them, a share of them sent
 * twice with the same Idempotency-Key (at the same time, or after the first answer). Money is
 * conserved, no transfer is applied twice, no balance goes negative, the books reconcile.
 */
describe('the bank test', () => {
  let t: TestApp;
  let db: Client;
  let close: () => Promise<void>;
  let users: WalletUser[];
  let adminToken: string;
  beforeAll(async () => {
    ({ t, db, close } = await startWalletApp({ ADMIN_EMAIL, DATABASE_POOL_SIZE: '12' }));
    adminToken = (await registerAndLogin(t.http, { email: ADMIN_EMAIL })).accessToken;
    users = await Promise.all(Array.from({ length: USERS }, () => walletUser(t.http)));
    await Promise.all(users.map((user) => fund(t.http, user, OPENING)));
  }, 60_000);
  afterAll(() => close?.());

  it('conserves money under concurrent transfers and retries, applies none twice and reconciles', async () => {
    const plan = Array.from({ length: TRANSFERS }, () => {
      const from = randomInt(USERS);
      const to = (from + 1 + randomInt(USERS - 1)) % USERS;
      return {
        from: users[from],
        to: users[to],
        amount: 1 + randomInt(3_000),
        key: randomUUID(),
        retry: randomInt(4) === 0 ? (randomInt(2) ? 'together' : 'after') : null,
      };
    });
    const answers = new Map<string, HttpResponse[]>();
    const send = async (p: (typeof plan)[number]) => {
      const response = await moneyPost(
        t.http,
        p.from,
        '/wallet/transfers',
        { toUserId: p.to.id, amount: p.amount, currency: 'EUR' },
        p.key,
      );
      answers.set(p.key, [...(answers.get(p.key) ?? []), response]);
    };
    let next = 0;
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        while (next < plan.length) {
          const p = plan[next++];
          if (p.retry === 'together') await Promise.all([send(p), send(p)]);
          else await send(p);
          if (p.retry === 'after') await send(p);
        }
      }),
    );

    // Every answer is a success, a refusal for lack of funds, or (for a twin still in flight) 409: never anything else.
    const statuses = [...answers.values()].flat().map((r) => r.status);
    expect(statuses.filter((s) => ![201, 409, 422].includes(s))).toEqual([]);
    const moved = [...answers.entries()].filter(([, responses]) => responses.some((r) => r.status === 201));
    expect(moved.length).toBeGreaterThan(TRANSFERS / 4);
    // A retry answered 201 gave the same transfer back, not a second one.
    for (const [, responses] of moved) {
      const ids = new Set(responses.filter((r) => r.status === 201).map((r) => r.body.id));
      expect(ids.size).toBe(1);
    }
    const p2p = await db.query(
      `SELECT count(*)::int AS n, coalesce(sum(amount), 0)::int AS total FROM wallet.transfers WHERE kind = 'p2p'`,
    );
    expect(p2p.rows[0].n).toBe(moved.length);

    const balances = await db.query(
      `SELECT sum(posted)::int AS total, min(posted)::int AS lowest FROM wallet.accounts WHERE kind = 'user' AND owner_id = ANY($1::uuid[])`,
      [users.map((u) => u.id)],
    );
    expect(balances.rows[0]).toEqual({ total: USERS * OPENING, lowest: expect.any(Number) });
    expect(balances.rows[0].lowest).toBeGreaterThanOrEqual(0);
    const report = (await t.http.get('/wallet/admin/reconciliation', { token: adminToken })).body;
    expect(report).toMatchObject({ clean: true, discrepancies: [] });
    expect(report.transfers).toBe(USERS + moved.length);
  }, 120_000);
});
