import { execFileSync } from 'node:child_process';
import { Client } from 'pg';
import Redis from 'ioredis';
import { quoteIdentifier } from '../../src/platform/database/ensure-database';
import { TEST_REDIS_URL as REDIS_URL } from './redis-keys';

const DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** Fails the run at once, with a clear message, when PostgreSQL or Redis is not there. */
export async function setup(): Promise<void> {
  // Every database this run creates carries the run id, so teardown drops only its own (other runs may be in progress).
  process.env.SUPERAPP_TEST_RUN ??= `${Date.now().toString(36)}${process.pid.toString(36)}`;
  const pg = new Client({ connectionString: DATABASE_URL, connectionTimeoutMillis: 3_000 });
  await pg.connect().catch((error: Error) => {
    throw new Error(`PostgreSQL is not answering at ${DATABASE_URL}: ${error.message}`);
  });
  await pg.end();
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 3_000 });
  await redis.connect().catch((error: Error) => {
    throw new Error(`Redis is not answering at ${REDIS_URL}: ${error.message}`);
  });
  redis.disconnect();
  // The process tests run the built server (dist/main.js), as `npm start` does.
  execFileSync(process.execPath, ['scripts/build-if-needed.mjs'], { stdio: 'inherit' });
}

/** Drops every database of this run that a failed test left behind. */
export async function teardown(): Promise<void> {
  const pg = new Client({ connectionString: DATABASE_URL });
  await pg.connect();
  try {
    const { rows } = await pg.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [
      `superapp_test_${process.env.SUPERAPP_TEST_RUN}_%`,
    ]);
    for (const { datname } of rows) await pg.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(datname)} WITH (FORCE)`);
  } finally {
    await pg.end();
  }
}
