import { randomUUID } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HttpClient } from './support/http-client';
import {
  type CapturedProcess,
  isRunning,
  listeningUrl,
  processesMentioning,
  spawnCaptured,
} from './support/platform-process';
import { uploadBundle } from './support/review-fixtures';
import { waitFor } from './support/wait-for';
import { balanceOf, fund, moneyPost, walletUser, type WalletUser } from './support/wallet-fixtures';
import { buildZip, cleanMiniApp } from './support/zip-builder';

/**
 * One data directory through a sequence of starts and stops, as a newcomer's machine sees it:
 * the embedded PostgreSQL costs seconds to start, so the steps share it and run in order.
 */
describe(
  'with neither DATABASE_URL nor REDIS_URL, the platform runs alone on an embedded PostgreSQL in DATA_DIR',
  { timeout: 120_000 },
  () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'superapp-embedded-'));
    // Run as root, PostgreSQL runs as the system user postgres, which must reach the folder.
    chmodSync(dataDir, 0o755);
    // Empty: unset, whatever a developer's .env says (the environment wins over .env).
    const env = {
      DATABASE_URL: '',
      REDIS_URL: '',
      DATA_DIR: dataDir,
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'info',
      AUTH_RATE_LIMIT_PER_MINUTE: '1000',
    };
    const owner = () => Number(readFileSync(join(dataDir, 'postgres-owner.pid'), 'utf8'));
    let server: CapturedProcess | undefined;
    let http: HttpClient;
    let payer: WalletUser;
    let payee: WalletUser;

    async function start(command: 'npm start' | 'node'): Promise<void> {
      server =
        command === 'npm start'
          ? spawnCaptured('npm', ['start'], env)
          : spawnCaptured(process.execPath, ['dist/main.js'], env);
      http = new HttpClient(await listeningUrl(server));
    }

    afterAll(async () => {
      if (server?.child.exitCode === null) server.child.kill('SIGTERM');
      await server?.exited;
      for (const pid of processesMentioning(dataDir)) process.kill(pid, 'SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    });

    it('starts with `npm start` on an empty data directory, creating and migrating the database, and says where everything is', async () => {
      await start('npm start');
      expect(existsSync(join(dataDir, 'postgres', 'PG_VERSION'))).toBe(true);
      expect(server!.stderr()).toContain(
        `Database    embedded PostgreSQL at ${join(dataDir, 'postgres')} (set DATABASE_URL`,
      );
      expect(server!.stderr()).toMatch(/Swagger UI {2}http:\/\/127\.0\.0\.1:\d+\/docs/);
      expect((await http.get('/health/ready')).status).toBe(200);
    });

    it('registers, tops up and transfers on it, the bus delivering each registration to the wallet', async () => {
      [payer, payee] = await Promise.all([walletUser(http), walletUser(http)]);
      await fund(http, payer, 5_000);
      const transfer = await moneyPost(http, payer, '/wallet/transfers', {
        toUserId: payee.id,
        amount: 1_200,
        currency: 'EUR',
      });
      expect(transfer.status).toBe(201);
      expect((await balanceOf(http, payer)).available).toBe(3_800);
      expect((await balanceOf(http, payee)).available).toBe(1_200);
    });

    it("lets the CLI make the review accounts on the running app's database; an uploaded bundle is scanned, approved and listed in discovery", async () => {
      const cli = spawnCaptured(process.execPath, ['dist/cli.js', 'dev-accounts'], env);
      expect(await cli.exited, cli.output()).toBe(0);
      const passwords = Object.fromEntries(
        [...cli.stdout().matchAll(/^(developer|reviewer)\s+(\S+)\s+password (\S+)$/gm)].map(
          ([, role, email, password]) => [role, { email, password }],
        ),
      );
      const token = async (role: 'developer' | 'reviewer') =>
        (await http.post('/identity/login', passwords[role])).body.accessToken as string;
      const [developer, reviewer] = [await token('developer'), await token('reviewer')];

      const slug = `ferries-${randomUUID().slice(0, 8)}`;
      expect(
        (
          await http.post(
            '/review/mini-apps',
            { slug, name: 'Harbour Ferries', category: 'mobility', description: 'Timetables for the harbour ferries.' },
            { token: developer },
          )
        ).status,
      ).toBe(201);
      expect((await uploadBundle(http, developer, slug, buildZip(cleanMiniApp({ slug })))).status).toBe(202);
      await waitFor(
        async () =>
          (await http.get(`/review/mini-apps/${slug}/versions/1.0.0`, { token: developer })).body.status ===
          'in-review',
        15_000,
      );
      expect(
        (await http.post(`/review/mini-apps/${slug}/versions/1.0.0/approve`, {}, { token: reviewer })).status,
      ).toBe(200);
      expect(
        (await http.post(`/review/mini-apps/${slug}/versions/1.0.0/publish`, {}, { token: developer })).status,
      ).toBe(200);
      await waitFor(
        async () => (await http.get(`/discovery/mini-apps/${slug}`, { token: payer.accessToken })).status === 200,
        10_000,
      );
    });

    it('refuses a second instance on the same DATA_DIR, in one line', async () => {
      const second = spawnCaptured(process.execPath, ['dist/main.js'], env);
      expect(await second.exited).not.toBe(0);
      expect(second.output().trim().split('\n')).toEqual([
        expect.stringMatching(
          new RegExp(`^DATA_DIR ${dataDir} is in use by another running instance \\(pid ${owner()}\\)`),
        ),
      ]);
    });

    it('stops on SIGTERM to `npm start`, leaving no node and no PostgreSQL process behind', async () => {
      const app = owner();
      server!.child.kill('SIGTERM');
      expect(await server!.exited).toBe(0);
      await waitFor(() => !isRunning(app) && processesMentioning(dataDir).length === 0, 15_000);
      expect(server!.stdout()).toContain('stopped, and the embedded PostgreSQL with it');
    });

    it('finds its data again on the next start', async () => {
      await start('node');
      expect((await http.post('/identity/login', { email: payer.email, password: payer.password })).status).toBe(200);
      expect((await balanceOf(http, payee)).available).toBe(1_200);
    });

    it('after SIGKILL, its PostgreSQL stops by itself, and the next start finds the data', async () => {
      server!.child.kill('SIGKILL');
      await server!.exited;
      await waitFor(() => processesMentioning(dataDir).length === 0, 15_000);
      await start('node');
      expect((await balanceOf(http, payer)).available).toBe(3_800);
    });

    it('starts even when a killed app left its PostgreSQL running (the watchdog killed too)', async () => {
      const watchdogs = processesMentioning(dataDir).filter((pid) =>
        readFileSync(`/proc/${pid}/cmdline`, 'utf8').startsWith('sh\0'),
      );
      for (const pid of [owner(), ...watchdogs]) process.kill(pid, 'SIGKILL');
      await server!.exited;
      expect(processesMentioning(dataDir).length).toBeGreaterThan(0); // the orphaned server, still holding postmaster.pid
      await start('node');
      expect((await balanceOf(http, payee)).available).toBe(1_200);
      server!.child.kill('SIGTERM');
      expect(await server!.exited).toBe(0);
    });
  },
);
