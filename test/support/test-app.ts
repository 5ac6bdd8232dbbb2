import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DynamicModule, Type } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp } from '../../src/app.factory';
import type { PlatformConfig } from '../../src/platform/config/app-config';
import { loadConfig } from '../../src/platform/config/load-config';
import { dropDatabase } from '../../src/platform/database/ensure-database';
import { HttpClient } from './http-client';
import { deleteRedisKeys, TEST_REDIS_URL } from './redis-keys';

export interface TestApp {
  app: NestFastifyApplication;
  config: PlatformConfig;
  http: HttpClient;
  baseUrl: string;
  close(): Promise<void>;
}

let counter = 0;

/** The test server (TEST_DATABASE_URL names any database on it; the tests create their own next to it). */
export function testDatabaseUrl(name: string): string {
  const url = new URL(process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  url.pathname = `/${name}`;
  return url.toString();
}

/** A unique name for this test file's database and Redis keys. */
export function uniqueName(): string {
  return `superapp_test_${process.env.SUPERAPP_TEST_RUN ?? 'adhoc'}_${process.pid}_${counter++}`;
}

/**
 * Starts the real platform on a random port against a fresh PostgreSQL database (created and
 * migrated by the app itself, dropped on close) and its own Redis key prefix. `REDIS_URL: ''`
 * starts it without Redis, as a single instance.
 */
export async function startTestApp(
  env: Record<string, string> = {},
  extraModules: Array<Type | DynamicModule> = [],
  port = 0,
): Promise<TestApp> {
  const name = uniqueName();
  const dataDir = mkdtempSync(join(tmpdir(), 'superapp-test-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    DATABASE_URL: testDatabaseUrl(name),
    REDIS_KEY_PREFIX: `${name}:`,
    DATA_DIR: dataDir,
    DATABASE_POOL_SIZE: '5',
    RATE_LIMIT_PER_MINUTE: '100000',
    AUTH_RATE_LIMIT_PER_MINUTE: '10000',
    REDIS_URL: TEST_REDIS_URL,
    ...env,
  });
  const app = await createApp(config, extraModules);
  await app.listen({ port, host: '127.0.0.1' });
  const address = app.getHttpServer().address();
  const baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return {
    app,
    config,
    baseUrl,
    http: new HttpClient(baseUrl),
    async close() {
      await app.close();
      await dropDatabase(config.DATABASE_URL);
      await deleteRedisKeys(config.REDIS_URL, config.REDIS_KEY_PREFIX);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
