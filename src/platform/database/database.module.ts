import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type PlatformConfig } from '../config/app-config';
import { dataSourceOptions } from './data-source-options';
import { ensureDatabase } from './ensure-database';
import { loadMigrations } from './migration-registry';
import { runMigrationsExclusively } from './run-migrations';
import { AutonomousWrites } from './autonomous-writes';
import { UnitOfWork } from './unit-of-work';

/**
 * PostgreSQL through TypeORM, and the unit of work: `UnitOfWork.run` keeps one transaction
 * in AsyncLocalStorage so that a use case and everything it writes, its events included,
 * commit together.
 */
@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: async (config: PlatformConfig) => {
        await ensureDatabase(config.DATABASE_URL);
        const options = dataSourceOptions(config, await loadMigrations(config));
        return { ...options, migrationsRun: config.MIGRATIONS_RUN, autoLoadEntities: true, retryAttempts: 3 };
      },
      // TypeORM's own migrationsRun takes no lock; the flag is honoured here instead, under one.
      dataSourceFactory: async (options) => {
        const dataSource = await new DataSource({ ...options!, migrationsRun: false }).initialize();
        if (options!.migrationsRun) await runMigrationsExclusively(dataSource);
        return dataSource;
      },
    }),
  ],
  providers: [UnitOfWork, AutonomousWrites],
  exports: [UnitOfWork, AutonomousWrites],
})
export class DatabaseModule {}
