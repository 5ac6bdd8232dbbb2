import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { MigrationInterface } from 'typeorm';
import type { PlatformConfig } from '../config/app-config';

export type MigrationClass = new () => MigrationInterface;

/**
 * Migrations live outside src (migrations/<module>/, one folder per module, as the
 * architecture lays out) and are listed in an explicit array in migrations/index.ts.
 * The build compiles them to dist/migrations; from the TypeScript sources (tests) they
 * are one folder further up. Either way the array is the one source of truth.
 */
export async function loadMigrations(config: Pick<PlatformConfig, 'MODULES'>): Promise<MigrationClass[]> {
  const compiled = join(__dirname, '..', '..', 'migrations', 'index.js');
  const source = join(__dirname, '..', '..', '..', 'migrations', 'index.ts');
  const location = existsSync(compiled) ? compiled : source;
  const loaded = (await import(location)) as {
    migrations: MigrationClass[];
    migrationsOf: (modules: readonly string[]) => MigrationClass[];
  };
  // A process that runs only some modules has their schemas only (and the bus's, which runs in every process).
  return config.MODULES ? loaded.migrationsOf(['governance-bus', ...config.MODULES]) : loaded.migrations;
}
