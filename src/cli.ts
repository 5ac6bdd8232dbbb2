import './instrument';
import { isRole, ROLES, type Role } from './shared/kernel/roles';

const USAGE = `usage: npm run cli -- <command>   (or node dist/cli.js <command>)

  migrate                             run pending migrations
  grant-role <email> <role>...        grant roles (${ROLES.join(', ')}), e.g. the first admin
  revoke-role <email> <role>...       revoke roles
  dev-accounts                        development only: a developer and a reviewer account to try review with
                                      (created with fresh passwords, printed once; existing ones keep theirs)
  wallet-reconcile                    check the ledger and the audit chain; exit 1 on any discrepancy
  nats-config [--mtls] <name>=<module>[,<module>]...
                                      print nats-server's authorization: a user per process (one argument each) allowed
                                      only the subjects its modules' declarations call for; passwords go to stderr, or
                                      with --mtls users are the client certificates' subjects CN=<name> (ADR 0037)
  help                                this text

The database is DATABASE_URL's, or with DATABASE_URL unset the embedded one in DATA_DIR (joined while the app runs).`;

class UsageError extends Error {}

function parseRoles(email: string | undefined, roles: string[]): { email: string; roles: Role[] } {
  if (!email || roles.length === 0) throw new UsageError('name an e-mail address and at least one role');
  const unknown = roles.find((role) => !isRole(role));
  if (unknown) throw new UsageError(`unknown role "${unknown}": one of ${ROLES.join(', ')}`);
  return { email, roles: roles as Role[] };
}

async function main([command, ...args]: string[]): Promise<void> {
  const commands = () => import('./cli-commands.js');
  switch (command) {
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(`${USAGE}\n`);
      return;
    case 'migrate':
      return (await commands()).migrate();
    case 'wallet-reconcile': {
      const { withPlatform, reconcileWallet } = await commands();
      return withPlatform((app) => reconcileWallet(app));
    }
    case 'dev-accounts': {
      const { withPlatform, devAccounts } = await commands();
      return withPlatform(devAccounts);
    }
    case 'nats-config': {
      const mtls = args.includes('--mtls');
      const processes = args.filter((arg) => arg !== '--mtls');
      if (!processes.length) throw new UsageError('name at least one process, e.g. nats-config all=identity,wallet');
      const [{ MODULE_CONTRACT_LIST }, { natsServerConfig, parseNatsProcess }] = await Promise.all([
        import('./module-contracts.js'),
        import('./platform/nats/nats-server-config.js'),
      ]);
      const parsed = processes.map((text) => {
        try {
          return parseNatsProcess(text);
        } catch (error) {
          throw new UsageError((error as Error).message);
        }
      });
      const config = natsServerConfig(parsed, MODULE_CONTRACT_LIST, { mtls });
      process.stdout.write(config.text);
      for (const { name, settings } of config.credentials) process.stderr.write(`${name}: ${settings}\n`);
      return;
    }
    case 'grant-role':
    case 'revoke-role': {
      const change = command === 'grant-role' ? 'grant' : 'revoke';
      const { email, roles } = parseRoles(args[0], args.slice(1));
      const { withPlatform, changeRoles } = await commands();
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
    process.stderr.write(
      error instanceof UsageError ? `${error.message}\n\n${USAGE}\n` : `${(error as Error).message}\n`,
    );
    process.exit(1);
  },
);
