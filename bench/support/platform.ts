import { randomUUID } from 'node:crypto';
import { newSigningKeys } from '../../src/platform/auth/dev-key-file';

export interface PlatformSettings {
  port: number;
  databaseUrl: string;
  redisUrl: string;
  redisPrefix: string;
  dataDir: string;
}

/** The environment `node dist/main.js` runs with: production mode, on its own database and Redis prefix. */
export function platformEnv(settings: PlatformSettings): NodeJS.ProcessEnv {
  return {
    ...process.env,
    NODE_ENV: 'production',
    // Production refuses to start without its signing keys (development would generate them into DATA_DIR).
    ...newSigningKeys(),
    MINIAPP_ORIGIN: 'https://apps.bench.invalid',
    // Production serves metrics on 9464 of its own; a free port instead, so that instances side by side do not collide.
    METRICS_PORT: '0',
    HOST: '127.0.0.1',
    PORT: String(settings.port),
    DATABASE_URL: settings.databaseUrl,
    REDIS_URL: settings.redisUrl,
    REDIS_KEY_PREFIX: settings.redisPrefix,
    DATA_DIR: settings.dataDir,
    // warn instead of the default info: pino-http logs every 2xx at info, so at info the bench would
    // also measure how fast its own stderr (a terminal, a CI log) swallows one JSON line per request.
    // 4xx/5xx and errors are still logged. BENCH_LOG_LEVEL=info measures the info cost.
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
    // The schema's maximum: far above what one client can send here, so the limiter is exercised
    // (a Redis round trip per request, as in production) but never answers 429.
    RATE_LIMIT_PER_MINUTE: '1000000',
    // Long BENCH_DURATION runs must not outlive the token (at most an hour); the TTL does not change per-request cost.
    ACCESS_TOKEN_TTL_SECONDS: '3600',
  };
}

/** Registers a fresh user and logs in; returns the access token. */
export async function signUp(baseUrl: string): Promise<string> {
  const email = `bench-${randomUUID()}@example.com`;
  const password = `bench ${randomUUID()}`;
  await postJson(`${baseUrl}/identity/register`, { email, password, displayName: 'Bench User' }, 201);
  const { accessToken } = await postJson<{ accessToken: string }>(
    `${baseUrl}/identity/login`,
    { email, password },
    200,
  );
  return accessToken;
}

async function postJson<T>(url: string, body: unknown, expected: number): Promise<T> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await response.text();
  if (response.status !== expected)
    throw new Error(`POST ${url}: expected ${expected}, got ${response.status}: ${text}`);
  return JSON.parse(text) as T;
}
