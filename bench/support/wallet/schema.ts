import { Client } from 'pg';

/**
 * The ledger bench:wallet's peer and floor write to, in a database of their own: per transfer an idempotency row,
 * both accounts locked, the transfer, two entries, both balances and an outbox row, as the platform does (without
 * its limits, audit chain and rate limit, which the platform pays for on top).
 */
const DDL = `
  CREATE SCHEMA IF NOT EXISTS ledger;
  CREATE TABLE ledger.accounts (
    id bigint PRIMARY KEY,
    user_id uuid NOT NULL UNIQUE,
    currency char(3) NOT NULL,
    balance bigint NOT NULL CHECK (balance >= 0),
    updated_at timestamptz NOT NULL DEFAULT now()
  );
  CREATE TABLE ledger.idempotency_keys (
    user_id uuid NOT NULL,
    key text NOT NULL,
    response jsonb,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, key)
  );
  CREATE TABLE ledger.transfers (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    from_account bigint NOT NULL REFERENCES ledger.accounts,
    to_account bigint NOT NULL REFERENCES ledger.accounts,
    amount bigint NOT NULL CHECK (amount > 0),
    currency char(3) NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
  );
  CREATE TABLE ledger.entries (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    transfer_id uuid NOT NULL REFERENCES ledger.transfers,
    account_id bigint NOT NULL REFERENCES ledger.accounts,
    amount bigint NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
  );
  CREATE INDEX ON ledger.entries (account_id, id);
  CREATE TABLE ledger.outbox (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    type text NOT NULL,
    payload jsonb NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
  );
`;

/** Creates the ledger and one funded account per user id (account ids 1..n, in the given order). */
export async function createLedger(databaseUrl: string, userIds: string[], funding: number): Promise<void> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(DDL);
    await client.query(
      `INSERT INTO ledger.accounts (id, user_id, currency, balance)
       SELECT ordinality, user_id, 'EUR', $2 FROM unnest($1::uuid[]) WITH ORDINALITY AS u(user_id, ordinality)`,
      [userIds, funding],
    );
  } finally {
    await client.end();
  }
}

/** Whether money was neither made nor lost: the balances add up to the funding and every transfer's entries to zero. */
export async function ledgerBalances(
  databaseUrl: string,
  accounts: number,
  funding: number,
): Promise<{ clean: boolean; transfers: number }> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ total: string; transfers: string; unbalanced: string }>(`
      SELECT (SELECT sum(balance) FROM ledger.accounts) AS total,
             (SELECT count(*) FROM ledger.transfers) AS transfers,
             (SELECT count(*) FROM (SELECT 1 FROM ledger.entries GROUP BY transfer_id HAVING sum(amount) <> 0) u) AS unbalanced`);
    const [row] = rows;
    return {
      clean: BigInt(row.total) === BigInt(accounts) * BigInt(funding) && row.unbalanced === '0',
      transfers: Number(row.transfers),
    };
  } finally {
    await client.end();
  }
}
