import './instrument';
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
import { isRole, ROLES, type Role } from './shared/kernel/roles';

const USAGE = `usage: npm run cli -- <command>   (or node dist/cli.js <command>)

  migrate                             run pending migrations
  grant-role <email> <role>...        grant roles (${ROLES.join(', ')}), e.g. the first admin
  revoke-role <email> <role>...       revoke roles
  dev-accounts                        development only: a developer and a reviewer account to try review with
                                      (created with fresh passwords, printed once; existing ones keep theirs)
  wallet-reconcile                    check the ledger and the audit chain; exit 1 on any discrepancy
  help                                this text

The database is DATABASE_URL's, or with DATABASE_URL unset the embedded one in DATA_DIR (joined while the app runs).`;

/** The accounts `dev-accounts` makes, one per role that review needs besides an ordinary user. */
const DEV_ACCOUNTS: Array<{ email: string; displayName: string; role: Role }> = [
  { email: 'developer@example.com', displayName: 'Dev Eloper', role: 'developer' },
  { email: 'reviewer@example.com', displayName: 'Rev Iewer', role: 'reviewer' },
];

class UsageError extends Error {}

async function migrate(): Promise<void> {
  // A migration job signs nothing: production needs no keys for it.
  const settings = loadSettings({ ...process.env, MIGRATIONS_RUN: 'false' }, { signs: false });
  const database = await openDatabase(settings, { join: true });
  try {
    const config: PlatformConfig = { ...settings, DATABASE_URL: database.url };
    await prepareDatabase(config);
    const dataSource = new DataSource(dataSourceOptions(config, await loadMigrations()));
    await dataSource.initialize();
    const applied = await runMigrationsExclusively(dataSource).finally(() => dataSource.destroy());
    process.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'up to date\n');
  } finally {
    await database.close();
  }
}

/** Runs `work` inside the whole platform (its command and query buses), on its database, quietly. */
async function withPlatform<T>(work: (app: INestApplicationContext, config: PlatformConfig) => Promise<T>): Promise<T> {
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

function parseRoles(email: string | undefined, roles: string[]): { email: string; roles: Role[] } {
  if (!email || roles.length === 0) throw new UsageError('name an e-mail address and at least one role');
  const unknown = roles.find((role) => !isRole(role));
  if (unknown) throw new UsageError(`unknown role "${unknown}": one of ${ROLES.join(', ')}`);
  return { email, roles: roles as Role[] };
}

async function changeRoles(app: INestApplicationContext, change: 'grant' | 'revoke', email: string, roles: Role[]): Promise<string[]> {
  const userId = await app.get(QueryBus).execute(new FindUserIdByEmail(email));
  let held: string[] = [];
  for (const role of roles) held = (await app.get(CommandBus).execute(new ChangeRole(userId, role, change))).roles;
  return held;
}

async function devAccounts(app: INestApplicationContext, config: PlatformConfig): Promise<void> {
  if (config.NODE_ENV === 'production') throw new StartupFailure('dev-accounts makes accounts with printed passwords: refused when NODE_ENV=production');
  for (const account of DEV_ACCOUNTS) {
    const exists = await app.get(QueryBus).execute(new FindUserIdByEmail(account.email)).then(() => true, () => false);
    const password = exists ? undefined : `dev-${randomBytes(12).toString('base64url')}`;
    if (password) await app.get(CommandBus).execute(new RegisterUser(account.email, password, account.displayName));
    await changeRoles(app, 'grant', account.email, [account.role]);
    process.stdout.write(`${account.role.padEnd(10)} ${account.email}  ${password ? `password ${password}` : '(exists; its password is unchanged)'}\n`);
  }
}

async function reconcileWallet(app: INestApplicationContext): Promise<void> {
  const report: ReconciliationReport = await app.get(QueryBus).execute(new Reconcile());
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  if (!report.clean) throw new StartupFailure(`the ledger has ${report.discrepancies.length} discrepancies`);
}

async function main([command, ...args]: string[]): Promise<void> {
  switch (command) {
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(`${USAGE}\n`);
      return;
    case 'migrate':
      return migrate();
    case 'wallet-reconcile':
      return withPlatform((app) => reconcileWallet(app));
    case 'dev-accounts':
      return withPlatform(devAccounts);
    case 'grant-role':
    case 'revoke-role': {
      const change = command === 'grant-role' ? 'grant' : 'revoke';
      const { email, roles } = parseRoles(args[0], args.slice(1));
      const held = await withPlatform((app) => changeRoles(app, change, email, roles));
      process.stdout.write(`${email}: ${held.join(', ')}\n`);
      return;
    }
    default:
      throw new UsageError(command ? `unknown command "${command}"` : 'name a command');
  }
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(error instanceof UsageError ? `${error.message}\n\n${USAGE}\n` : `${(error as Error).message}\n`);
    process.exit(1);
  },
);
