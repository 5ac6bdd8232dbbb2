// What the CLI's commands do. cli.ts reads the command line and loads this only then: the whole
// platform takes seconds to load, and `--help` or a typo should not wait for it.
import { randomBytes } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { AppModule } from './app.module';
import { ChangeRole } from './modules/identity/application/commands/change-role.command';
import { RegisterUser } from './modules/identity/application/commands/register-user.command';
import { FindUserIdByEmail } from './modules/identity/application/queries/find-user-id-by-email.query';
import { Reconcile, type ReconciliationReport } from './modules/wallet/application/queries/reconcile.query';
import type { PlatformConfig } from './platform/config/app-config';
import { loadSettings } from './platform/config/load-config';
import { StartupFailure } from './platform/config/startup-failure';
import { dataSourceOptions } from './platform/database/data-source-options';
import { loadMigrations } from './platform/database/migration-registry';
import { openDatabase, prepareDatabase } from './platform/database/open-database';
import { runMigrationsExclusively } from './platform/database/run-migrations';
import type { Role } from './shared/kernel/roles';

/** The accounts `dev-accounts` makes, one per role that review needs besides an ordinary user. */
const DEV_ACCOUNTS: Array<{ email: string; displayName: string; role: Role }> = [
  { email: 'developer@example.com', displayName: 'Dev Eloper', role: 'developer' },
  { email: 'reviewer@example.com', displayName: 'Rev Iewer', role: 'reviewer' },
];

export async function migrate(): Promise<void> {
  // A migration job signs nothing: production needs no keys for it.
  const settings = loadSettings({ ...process.env, MIGRATIONS_RUN: 'false' }, { signs: false });
  const database = await openDatabase(settings, { join: true });
  try {
    const config: PlatformConfig = { ...settings, DATABASE_URL: database.url };
    await prepareDatabase(config);
    const dataSource = new DataSource(dataSourceOptions(config, await loadMigrations(config)));
    await dataSource.initialize();
    const applied = await runMigrationsExclusively(dataSource).finally(() => dataSource.destroy());
    process.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'up to date\n');
  } finally {
    await database.close();
  }
}

/** Runs `work` inside the whole platform (its command and query buses), on its database, quietly. */
export async function withPlatform<T>(
  work: (app: INestApplicationContext, config: PlatformConfig) => Promise<T>,
): Promise<T> {
  const settings = loadSettings({ ...process.env, LOG_LEVEL: 'warn' });
  const database = await openDatabase(settings, { join: true });
  try {
    const config: PlatformConfig = { ...settings, DATABASE_URL: database.url };
    await prepareDatabase(config);
    const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), { logger: ['error', 'warn'] });
    try {
      return await work(app, config);
    } finally {
      await app.close();
    }
  } finally {
    await database.close();
  }
}

export async function changeRoles(
  app: INestApplicationContext,
  change: 'grant' | 'revoke',
  email: string,
  roles: Role[],
): Promise<string[]> {
  const userId = await app.get(QueryBus).execute(new FindUserIdByEmail(email));
  let held: string[] = [];
  for (const role of roles) held = (await app.get(CommandBus).execute(new ChangeRole(userId, role, change))).roles;
  return held;
}

export async function devAccounts(app: INestApplicationContext, config: PlatformConfig): Promise<void> {
  if (config.NODE_ENV === 'production')
    throw new StartupFailure('dev-accounts makes accounts with printed passwords: refused when NODE_ENV=production');
  for (const account of DEV_ACCOUNTS) {
    const exists = await app
      .get(QueryBus)
      .execute(new FindUserIdByEmail(account.email))
      .then(
        () => true,
        () => false,
      );
    const password = exists ? undefined : `dev-${randomBytes(12).toString('base64url')}`;
    if (password) await app.get(CommandBus).execute(new RegisterUser(account.email, password, account.displayName));
    await changeRoles(app, 'grant', account.email, [account.role]);
    process.stdout.write(
      `${account.role.padEnd(10)} ${account.email}  ${password ? `password ${password}` : '(exists; its password is unchanged)'}\n`,
    );
  }
}

export async function reconcileWallet(app: INestApplicationContext): Promise<void> {
  const report: ReconciliationReport = await app.get(QueryBus).execute(new Reconcile());
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  if (!report.clean) throw new StartupFailure(`the ledger has ${report.discrepancies.length} discrepancies`);
}
