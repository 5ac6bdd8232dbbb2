import type { ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort, startNode, stopChild, waitForOk } from './children';
import { log } from './log';
import { platformEnv } from './platform';
import { freshResources } from './resources';
import { cleanups } from './run-bench';

const ROOT = resolve(__dirname, '..', '..');

/**
 * Starts `node dist/main.js` as the bench's platform: production settings (platformEnv) plus `extraEnv`, on a fresh
 * database and Redis prefix of the given servers, all of it cleaned up afterwards. Resolves once /health/ready answers,
 * with its environment (its signing key, for baselines that accept its tokens) and a way to stop it early.
 */
export async function startPlatform(options: {
  postgresUrl: string;
  redisUrl: string;
  extraEnv?: NodeJS.ProcessEnv;
  nodeArgs?: string[];
}): Promise<{
  base: string;
  database: string;
  env: NodeJS.ProcessEnv;
  child: ChildProcess;
  stop: () => Promise<void>;
}> {
  const stamp = Date.now();
  const dataDir = mkdtempSync(join(tmpdir(), 'superapp-bench-'));
  cleanups.push(['remove temp dir', () => rm(dataDir, { recursive: true, force: true })]);
  const { database, redisPrefix } = await freshResources(stamp, options.postgresUrl, options.redisUrl, cleanups, log);
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...platformEnv({
      port,
      databaseUrl: `${options.postgresUrl}/${database}`,
      redisUrl: options.redisUrl,
      redisPrefix,
      dataDir,
    }),
    ...options.extraEnv,
  };
  log(`starting the platform on port ${port} (LOG_LEVEL=${env.LOG_LEVEL})`);
  const platform = startNode([...(options.nodeArgs ?? []), 'dist/main.js'], env, ROOT);
  cleanups.push(['stop platform', () => stopChild(platform)]);
  const base = `http://127.0.0.1:${port}`;
  await waitForOk(`${base}/health/ready`, platform, 60_000);
  return { base, database, env, child: platform, stop: () => stopChild(platform) };
}
