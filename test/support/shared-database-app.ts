import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DynamicModule, Type } from '@nestjs/common';
import { createApp } from '../../src/app.factory';
import { loadConfig } from '../../src/platform/config/load-config';
import { dropDatabase, ensureDatabase } from '../../src/platform/database/ensure-database';
import { HttpClient } from './http-client';
import { deleteRedisKeys, TEST_REDIS_URL } from './redis-keys';
import { testDatabaseUrl, type TestApp, uniqueName } from './test-app';

/**
 * What several app instances (in this process or in child processes) share, as instances of one
 * deployment do: one database, one Redis and key prefix, one data directory. Nothing here is
 * dropped when an instance stops (a restart finds its data); `dispose` drops it all at the end.
 */
export interface SharedDeployment {
  databaseUrl: string;
  redisUrl: string;
  redisKeyPrefix: string;
  dataDir: string;
  /** The environment an instance of this deployment starts with (the child processes get it too). */
  env: Record<string, string>;
  /** Creates the (empty) database now, e.g. to create test tables before any instance starts. */
  createDatabase(): Promise<void>;
  dispose(): Promise<void>;
}

/** `redisUrl: ''`: a deployment without Redis (whose instances are single instances). */
export function sharedDeployment(options: { redisUrl?: string } = {}): SharedDeployment {
  const name = uniqueName();
  const databaseUrl = testDatabaseUrl(name);
  const redisUrl = options.redisUrl ?? TEST_REDIS_URL;
  const redisKeyPrefix = `${name}:`;
  const dataDir = mkdtempSync(join(tmpdir(), 'superapp-shared-'));
  return {
    databaseUrl,
    redisUrl,
    redisKeyPrefix,
    dataDir,
    env: {
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      DATABASE_URL: databaseUrl,
      REDIS_URL: redisUrl,
      REDIS_KEY_PREFIX: redisKeyPrefix,
      DATA_DIR: dataDir,
      DATABASE_POOL_SIZE: '5',
      RATE_LIMIT_PER_MINUTE: '100000',
      AUTH_RATE_LIMIT_PER_MINUTE: '10000',
    },
    createDatabase: () => ensureDatabase(databaseUrl),
    async dispose() {
      await dropDatabase(databaseUrl);
      await deleteRedisKeys(redisUrl, redisKeyPrefix);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Starts one more instance of the deployment in this process, on a random port. Its `close`
 * stops only this instance: the database and Redis keys stay for the others (see `dispose`).
 */
export async function startInstance(
  deployment: SharedDeployment,
  env: Record<string, string> = {},
  extraModules: Array<Type | DynamicModule> = [],
): Promise<TestApp> {
  const config = loadConfig({ ...deployment.env, ...env });
  const app = await createApp(config, extraModules);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.getHttpServer().address();
  const baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return { app, config, baseUrl, http: new HttpClient(baseUrl), close: () => app.close() };
}
