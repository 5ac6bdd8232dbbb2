import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';

/** What every baseline server of bench:http reads from its environment (set by http.bench.ts). */
export interface BaselineEnv {
  port: number;
  databaseUrl: string;
  logLevel: string;
  /** The platform's ES256 verification key: the baselines accept the platform's own tokens. */
  publicKey: KeyObject;
  issuer: string;
  audience: string;
}

/** The environment a baseline child runs with: the platform's database (or `databaseUrl`), log level and token settings. */
export function baselineChildEnv(
  platform: NodeJS.ProcessEnv,
  port: number,
  databaseUrl = platform.DATABASE_URL,
): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PORT: String(port),
    DATABASE_URL: databaseUrl,
    DATABASE_POOL_SIZE: platform.DATABASE_POOL_SIZE,
    LOG_LEVEL: platform.LOG_LEVEL,
    OTEL_SDK_DISABLED: platform.OTEL_SDK_DISABLED,
    JWT_PRIVATE_KEY: platform.JWT_PRIVATE_KEY,
    JWT_ISSUER: platform.JWT_ISSUER ?? 'https://superapp.local',
    JWT_AUDIENCE: platform.JWT_AUDIENCE ?? 'superapp-platform',
  };
}

export function baselineEnv(env: NodeJS.ProcessEnv = process.env): BaselineEnv {
  const required = (name: string): string => {
    const value = env[name];
    if (!value) throw new Error(`${name} must be set`);
    return value;
  };
  return {
    port: Number(required('PORT')),
    databaseUrl: required('DATABASE_URL'),
    logLevel: env.LOG_LEVEL ?? 'warn',
    publicKey: createPublicKey(createPrivateKey(required('JWT_PRIVATE_KEY').replace(/\\n/g, '\n'))),
    issuer: required('JWT_ISSUER'),
    audience: required('JWT_AUDIENCE'),
  };
}

/** The same JSON as the platform's GET /health/live (Terminus with no indicators). */
export const LIVE = { status: 'ok', info: {}, error: {}, details: {} };

/** A user row as the platform's GET /identity/me answers it. */
export interface UserRow {
  id: string;
  email: string;
  display_name: string;
  roles: string[];
  locale: string | null;
  avatar_url: string | null;
  created_at: Date;
}

export function userBody(row: UserRow): object {
  return {
    id: row.id,
    email: row.email,
    displayName: row.display_name,
    roles: row.roles,
    locale: row.locale,
    avatarUrl: row.avatar_url,
    createdAt: row.created_at.toISOString(),
  };
}

export function exitOnStartFailure(name: string): (error: unknown) => never {
  return (error) => {
    process.stderr.write(`${name} failed to start: ${String(error)}\n`);
    process.exit(1);
  };
}
