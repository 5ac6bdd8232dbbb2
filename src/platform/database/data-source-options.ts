import type { DataSourceOptions } from 'typeorm';
import type { PlatformConfig } from '../config/app-config';
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
    migrationsRun: config.MIGRATIONS_RUN,
    synchronize: false,
    logging: config.LOG_LEVEL === 'silent' ? false : ['error', 'warn', 'migration'],
    extra: { max: config.DATABASE_POOL_SIZE, application_name: config.OTEL_SERVICE_NAME },
  };
}
