import { describe, expect, it } from 'vitest';
import { spawnCaptured } from './support/platform-process';

const cli = async (...args: string[]) => {
  const run = spawnCaptured(process.execPath, ['dist/cli.js', ...args], {});
  return { code: await run.exited, stdout: run.stdout(), stderr: run.stderr() };
};

describe('the CLI', { timeout: 60_000 }, () => {
  it('prints its commands for --help and exits 0', async () => {
    const { code, stdout } = await cli('--help');
    expect(code).toBe(0);
    for (const command of ['migrate', 'grant-role', 'revoke-role', 'dev-accounts', 'wallet-reconcile', 'nats-config'])
      expect(stdout).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
  });

  it('names what is wrong with a command line, shows the usage and exits 1, before touching any database', async () => {
    const unknown = await cli('frobnicate');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/^unknown command "frobnicate"\n\nusage: /);
    const badRole = await cli('grant-role', 'ada@example.com', 'wizard');
    expect(badRole.code).toBe(1);
    expect(badRole.stderr).toMatch(/^unknown role "wizard": one of user, developer, reviewer, admin\n/);
    const badProcess = await cli('nats-config', 'wallet');
    expect(badProcess.code).toBe(1);
    expect(badProcess.stderr).toMatch(/^"wallet": expected <name>=<module>\[,<module>...\]/);
    const unknownModule = await cli('nats-config', 'money=wallets');
    expect(unknownModule.code).toBe(1);
    expect(unknownModule.stderr).toBe(
      'no module "wallets": one of identity, wallet, governance-bus, review, discovery, runtime, payments, privacy\n',
    );
  });
});
