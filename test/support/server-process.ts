import type { ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dropDatabase } from '../../src/platform/database/ensure-database';
import { deleteRedisKeys, TEST_REDIS_URL } from './redis-keys';
import { spawnCaptured } from './platform-process';
import { testDatabaseUrl, uniqueName } from './test-app';
import { waitFor } from './wait-for';
import { freePort } from './free-port';

export interface ServerProcess {
  child: ChildProcess;
  baseUrl: string;
  /** The database it was started on (its own, unless `env` named another). */
  databaseUrl: string;
  output: () => string;
  stdout: () => string;
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

/** Runs the built server as a separate process, as `npm start` does, on its own database (and without Redis given `REDIS_URL: ''`). */
export async function startServerProcess(env: Record<string, string> = {}): Promise<ServerProcess> {
  const name = uniqueName();
  // A port the kernel reports free now: a random one in 20000–40000 overlapped the ephemeral range, where other
  // tests' outgoing connections had taken it now and then.
  const port = env.PORT ? Number(env.PORT) : await freePort();
  const databaseUrl = env.DATABASE_URL ?? testDatabaseUrl(name);
  const { child, output, stdout, exited } = spawnCaptured(process.execPath, ['dist/main.js'], {
    PORT: String(port),
    HOST: '127.0.0.1',
    DATABASE_URL: databaseUrl,
    REDIS_URL: TEST_REDIS_URL,
    REDIS_KEY_PREFIX: `${name}:`,
    DATA_DIR: mkdtempSync(join(tmpdir(), 'superapp-proc-')),
    ...env,
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  return {
    child,
    baseUrl,
    databaseUrl,
    output,
    stdout,
    exited,
    async stop() {
      if (child.exitCode === null) child.kill('SIGKILL');
      await exited;
      if (databaseUrl === testDatabaseUrl(name)) await dropDatabase(databaseUrl);
      await deleteRedisKeys(env.REDIS_URL ?? TEST_REDIS_URL, `${name}:`);
    },
  };
}

export async function waitUntilReady(server: ServerProcess, timeoutMs = 60_000): Promise<void> {
  await waitFor(
    async () => {
      if (server.child.exitCode !== null) throw new Error(`server exited early:\n${server.output()}`);
      return fetch(`${server.baseUrl}/health/ready`).then(
        (r) => r.ok,
        () => false,
      );
    },
    timeoutMs,
    100,
  );
}
