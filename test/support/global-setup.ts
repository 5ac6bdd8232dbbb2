import { Client } from 'pg';
import Redis from 'ioredis';

const DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Fails the run at once, with a clear message, when PostgreSQL or Redis is not there. */
export async function setup(): Promise<void> {
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
}

/** Drops any test database a crashed run left behind. */
export async function teardown(): Promise<void> {
  const pg = new Client({ connectionString: DATABASE_URL });
  await pg.connect();
  try {
    const { rows } = await pg.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE 'superapp_test_%'`);
    for (const { datname } of rows) await pg.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  } finally {
    await pg.end();
  }
}
