import './instrument';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { AppModule } from './app.module';
import { ChangeRole } from './modules/identity/application/commands/change-role.command';
import { FindUserIdByEmail } from './modules/identity/application/queries/find-user-id-by-email.query';
import { Reconcile, type ReconciliationReport } from './modules/wallet/application/queries/reconcile.query';
import { loadConfig } from './platform/config/load-config';
import { dataSourceOptions } from './platform/database/data-source-options';
import { ensureDatabase } from './platform/database/ensure-database';
import { loadMigrations } from './platform/database/migration-registry';
import { runMigrationsExclusively } from './platform/database/run-migrations';
import { isRole } from './shared/kernel/roles';

const USAGE = `usage:
  node dist/cli.js migrate                      run pending migrations
  node dist/cli.js grant-role <email> <role>    grant a role (e.g. the first admin)
  node dist/cli.js revoke-role <email> <role>   revoke a role
  node dist/cli.js wallet-reconcile             check the ledger and the audit chain; exit 1 on any discrepancy`;

async function migrate(): Promise<void> {
  // A migration job signs nothing: production needs no keys for it.
  const config = loadConfig({ ...process.env, MIGRATIONS_RUN: 'false' }, { signs: false });
  await ensureDatabase(config.DATABASE_URL);
  const dataSource = new DataSource(dataSourceOptions(config, await loadMigrations()));
  await dataSource.initialize();
  const applied = await runMigrationsExclusively(dataSource);
  await dataSource.destroy();
  process.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'up to date\n');
}

async function changeRole(change: 'grant' | 'revoke', email: string | undefined, role: string | undefined): Promise<void> {
  if (!email || !role || !isRole(role)) throw new Error(USAGE);
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(loadConfig({ ...process.env, LOG_LEVEL: 'warn' })), {
    logger: ['error', 'warn'],
  });
  try {
    const userId = await app.get(QueryBus).execute(new FindUserIdByEmail(email));
    const user = await app.get(CommandBus).execute(new ChangeRole(userId, role, change));
    process.stdout.write(`${user.email}: ${user.roles.join(', ')}\n`);
  } finally {
    await app.close();
  }
}

async function reconcileWallet(): Promise<void> {
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(loadConfig({ ...process.env, LOG_LEVEL: 'warn' })), { logger: ['error', 'warn'] });
  let report: ReconciliationReport;
  try {
    report = await app.get(QueryBus).execute(new Reconcile());
  } finally {
    await app.close();
  }
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  if (!report.clean) throw new Error(`the ledger has ${report.discrepancies.length} discrepancies`);
}

async function main([command, ...args]: string[]): Promise<void> {
  if (command === 'migrate') return migrate();
  if (command === 'wallet-reconcile') return reconcileWallet();
  if (command === 'grant-role' || command === 'revoke-role') return changeRole(command === 'grant-role' ? 'grant' : 'revoke', args[0], args[1]);
  throw new Error(USAGE);
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(1);
  },
);
