import { Client } from 'pg';

const INVALID_CATALOG_NAME = '3D000';
const DUPLICATE_DATABASE = '42P04';

/**
 * Creates the database named in the URL when it does not exist yet (first start on a fresh
 * server). It tries the database itself first, so a role that may not open the maintenance
 * database (common on managed PostgreSQL) still starts when the database exists.
 */
export async function ensureDatabase(databaseUrl: string, connectTimeoutMs = 10_000): Promise<void> {
  const probe = new Client({ connectionString: databaseUrl, connectionTimeoutMillis: connectTimeoutMs });
  try {
    await probe.connect();
    return;
  } catch (error) {
    if ((error as { code?: string }).code !== INVALID_CATALOG_NAME) throw error;
  } finally {
    await probe.end().catch(() => undefined);
  }
  await onMaintenanceDatabase(databaseUrl, connectTimeoutMs, async (client, name) => {
    await client.query(`CREATE DATABASE ${quoteIdentifier(name)}`).catch((error: { code?: string }) => {
      if (error.code !== DUPLICATE_DATABASE) throw error;
    });
  });
}

/** Drops a database, closing its connections first (the test runs and benchmarks drop their own). */
export async function dropDatabase(databaseUrl: string): Promise<void> {
  await onMaintenanceDatabase(databaseUrl, 10_000, (client, name) =>
    client.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(name)} WITH (FORCE)`),
  );
}

async function onMaintenanceDatabase(
  databaseUrl: string,
  connectTimeoutMs: number,
  work: (client: Client, name: string) => Promise<unknown>,
): Promise<void> {
  const name = decodeURIComponent(new URL(databaseUrl).pathname.replace(/^\//, ''));
  if (!name) throw new Error('DATABASE_URL names no database');
  const maintenance = new URL(databaseUrl);
  maintenance.pathname = '/postgres';
  const client = new Client({ connectionString: maintenance.toString(), connectionTimeoutMillis: connectTimeoutMs });
  await client.connect();
  try {
    await work(client, name);
  } finally {
    await client.end();
  }
}

export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
