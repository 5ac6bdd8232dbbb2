import { createHash } from 'node:crypto';
import type { Pool, PoolClient, QueryResultRow } from 'pg';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { DatabaseLogger } from './database-logger';
import type { UnitOfWork } from './unit-of-work';

/**
 * Plain SQL on the current unit of work's connection (or the pool's outside one), returning the
 * rows; TypeORM answers UPDATE and DELETE with `[rows, affected]`, unwrapped here.
 */
export async function queryRows<T = any>(
  unitOfWork: UnitOfWork,
  sql: string,
  parameters: unknown[] = [],
): Promise<T[]> {
  const result = await unitOfWork.manager.query(sql, parameters);
  return Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number'
    ? result[0]
    : result;
}

/**
 * `queryRows` for a module's few hot, fixed statements: each runs as a named prepared statement
 * on the pg connection itself, so PostgreSQL plans it once per connection instead of on every
 * call, and TypeORM's per-query work is skipped. Only for SQL texts that do not vary with the
 * input: each distinct text stays prepared on every connection that ran it.
 */
export async function queryPrepared<T = any>(
  unitOfWork: UnitOfWork,
  sql: string,
  parameters: unknown[] = [],
): Promise<T[]> {
  const query = { name: statementName(sql), text: sql, values: parameters };
  const joined = unitOfWork.manager.queryRunner;
  // Outside a unit of work, straight from TypeORM's pg pool: it checks a connection out and back in itself.
  const target: Pool | PoolClient = joined
    ? ((await joined.connect()) as PoolClient)
    : (unitOfWork.manager.connection.driver as PostgresDriver).master;
  const started = performance.now();
  try {
    const result = await target.query<T & QueryResultRow>(query);
    return result.rows;
  } catch (error) {
    // TypeORM's logger does not see these statements: report failures and slow ones the same way.
    databaseLogger.logQueryError(error as Error, sql);
    throw error;
  } finally {
    databaseLogger.logQuerySlow(performance.now() - started, sql);
  }
}

const databaseLogger = new DatabaseLogger();

/** Statement texts are fixed (see queryPrepared), so their names are computed once: hashing on every call cost ~1 % of the bus's CPU. */
const statementNames = new Map<string, string>();

function statementName(sql: string): string {
  let name = statementNames.get(sql);
  if (name === undefined)
    statementNames.set(sql, (name = `q_${createHash('sha1').update(sql).digest('hex').slice(0, 24)}`));
  return name;
}
