import { ClsPluginTransactional } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Global, Module } from '@nestjs/common';
import { TypeOrmModule, getDataSourceToken } from '@nestjs/typeorm';
import { ClsModule } from 'nestjs-cls';
import { APP_CONFIG, type PlatformConfig } from '../config/app-config';
import { dataSourceOptions } from './data-source-options';
import { ensureDatabase } from './ensure-database';
import { loadMigrations } from './migration-registry';

/**
 * PostgreSQL through TypeORM, and the unit of work: `@Transactional()` (or
 * `TransactionHost.withTransaction`) keeps one transaction in AsyncLocalStorage so that
 * a use case and everything it writes, its events included, commit together.
 */
@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: async (config: PlatformConfig) => {
        await ensureDatabase(config.DATABASE_URL);
        return { ...dataSourceOptions(config, await loadMigrations()), autoLoadEntities: true, retryAttempts: 3 };
      },
    }),
    ClsModule.forRoot({
      global: true,
      plugins: [
        new ClsPluginTransactional({
          imports: [TypeOrmModule],
          adapter: new TransactionalAdapterTypeOrm({ dataSourceToken: getDataSourceToken() }),
          enableTransactionProxy: false,
        }),
      ],
    }),
  ],
})
export class DatabaseModule {}
