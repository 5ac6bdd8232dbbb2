import { queryRows } from './query-rows';
import type { UnitOfWork } from './unit-of-work';

/**
 * Rows one delete of a retention sweep takes at most. The first sweep after a retention is
 * shortened (or after a long outage) may find millions of rows: in batches it runs as many short
 * transactions, each holding its locks briefly and bringing back a count, not every deleted row.
 */
export const SWEEP_BATCH_ROWS = 5_000;

/**
 * Deletes at most `limit` rows of `table` that meet `condition` (its parameters $1…$n; the limit
 * becomes $n+1), chosen by ctid so that any table, with or without a key, can be swept so; returns
 * how many went.
 */
export async function deleteSome(
  unitOfWork: UnitOfWork,
  table: string,
  condition: string,
  parameters: readonly unknown[],
  limit: number,
): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    unitOfWork,
    `WITH gone AS (DELETE FROM ${table} WHERE ctid = ANY(ARRAY(SELECT ctid FROM ${table} WHERE ${condition} LIMIT $${parameters.length + 1})) RETURNING 1)
     SELECT count(*)::int AS n FROM gone`,
    [...parameters, limit],
  );
  return row.n;
}

/** Runs `batch` (each run its own transaction) until one deletes fewer than `limit`; returns how many went in all. */
export async function sweepInBatches(
  unitOfWork: UnitOfWork,
  batch: (limit: number) => Promise<number>,
  limit = SWEEP_BATCH_ROWS,
): Promise<number> {
  let total = 0;
  for (;;) {
    const deleted = await unitOfWork.run(() => batch(limit));
    total += deleted;
    if (deleted < limit) return total;
  }
}
