import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { MigrationInterface } from 'typeorm';

export type MigrationClass = new () => MigrationInterface;

/**
 * Migrations live outside src (migrations/<module>/, one folder per module, as the
 * architecture lays out) and are listed in an explicit array in migrations/index.ts.
 * The build compiles them to dist/migrations; from the TypeScript sources (tests) they
 * are one folder further up. Either way the array is the one source of truth.
 */
export async function loadMigrations(): Promise<MigrationClass[]> {
  const compiled = join(__dirname, '..', '..', 'migrations', 'index.js');
  const source = join(__dirname, '..', '..', '..', 'migrations', 'index.ts');
  const location = existsSync(compiled) ? compiled : source;
  const loaded = (await import(location)) as { migrations: MigrationClass[] };
  return loaded.migrations;
}
