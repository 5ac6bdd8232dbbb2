import type { DataSource } from 'typeorm';

/** Any fixed number will do; it only has to be the same in every instance of the platform. */
const MIGRATION_LOCK = 7_061_842;

/**
 * Runs pending migrations under a PostgreSQL advisory lock: replicas starting together take
 * turns instead of racing on the same CREATE TABLE; the later ones find nothing left to do.
 */
export async function runMigrationsExclusively(dataSource: DataSource): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await runner.release();
  }
}
