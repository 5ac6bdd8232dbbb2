import type { DataSourceOptions } from 'typeorm';
import type { PlatformConfig } from '../config/app-config';
import { DatabaseLogger } from './database-logger';
import type { MigrationClass } from './migration-registry';

/** One place that says how the platform talks to PostgreSQL, shared by the app and the migration CLI. */
export function dataSourceOptions(config: PlatformConfig, migrations: MigrationClass[]): DataSourceOptions {
  return {
    type: 'postgres',
    url: config.DATABASE_URL,
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    migrations,
    migrationsTableName: 'platform_migrations',
    migrationsTransactionMode: 'each',
    migrationsRun: false, // run by runMigrationsExclusively, under a lock
    synchronize: false,
    logging: config.LOG_LEVEL === 'silent' ? false : ['error', 'warn', 'migration'],
    logger: new DatabaseLogger(),
    maxQueryExecutionTime: 500,
    // A request waits this long for a free connection (or a new one), then answers 503 instead of hanging.
    extra: {
      max: config.DATABASE_POOL_SIZE,
      connectionTimeoutMillis: config.DATABASE_CONNECT_TIMEOUT_MS,
      application_name: config.OTEL_SERVICE_NAME,
    },
  };
}
