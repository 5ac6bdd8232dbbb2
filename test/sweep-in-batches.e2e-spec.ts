import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../src/platform/database/query-rows';
import { deleteSome, sweepInBatches } from '../src/platform/database/sweep-in-batches';
import { UnitOfWork } from '../src/platform/database/unit-of-work';
import { startTestApp, type TestApp } from './support/test-app';

describe('retention sweeps delete in batches, each its own transaction', () => {
  let t: TestApp;
  let db: DataSource;
  beforeAll(async () => {
    t = await startTestApp();
    db = t.app.get(DataSource);
    await db.query(`CREATE TABLE public.sweep_probe (at timestamptz NOT NULL, note text)`);
    await db.query(
      `INSERT INTO public.sweep_probe SELECT now() - make_interval(days => g), 'row ' || g FROM generate_series(1, 12) g`,
    );
  });
  afterAll(async () => {
    await db?.query(`DROP TABLE IF EXISTS public.sweep_probe`);
    await t?.close();
  });

  it('takes every due row in batches of the limit, one transaction each, and leaves the rest', async () => {
    const unitOfWork = t.app.get(UnitOfWork);
    const transactions: number[] = [];
    const deleted = await sweepInBatches(
      unitOfWork,
      async (limit) => {
        const [{ txid }] = await queryRows<{ txid: string }>(unitOfWork, `SELECT txid_current()::text AS txid`);
        transactions.push(Number(txid));
        return deleteSome(
          unitOfWork,
          'public.sweep_probe',
          'at < $1',
          [new Date(Date.now() - 1.5 * 86_400_000)],
          limit,
        );
      },
      5,
    );
    expect(deleted).toBe(11);
    expect(new Set(transactions).size).toBe(3);
    expect(await db.query(`SELECT note FROM public.sweep_probe`)).toEqual([{ note: 'row 1' }]);
  });
});
