import { createPrivateKey, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { commonNameOf, NATS_NAME } from '../nats/nats-identity';
import { parseEd25519Key, parsePreviousKeys, parseSecretKey, parseSigningKey } from '../auth/key-material';
import { configSchema, type PlatformConfig, type Settings } from './config.schema';
import { StartupFailure } from './startup-failure';

/** A setting is missing or malformed; the message names it, in one line. */
export class ConfigError extends StartupFailure {}

/**
 * Reads and validates the environment. An empty string counts as unset, so that
 * `PORT=` in a compose file falls back to the default instead of failing.
 * The error names the first offending variable in one line.
 * DATABASE_URL may be unset: main.ts and the CLI then start the embedded database (ADR 0019).
 */
export function loadSettings(
  env: NodeJS.ProcessEnv = process.env,
  { signs = true }: { signs?: boolean } = {},
): Settings {
  const raw: Record<string, string> = {};
  for (const key of Object.keys(configSchema.shape)) {
    const value = env[key];
    if (value !== undefined && value !== '') raw[key] = value;
  }
  const parsed = configSchema.safeParse(raw);
  if (parsed.success) {
    const settings = {
      ...parsed.data,
      SERVED_OVER_HTTPS: parsed.data.SERVED_OVER_HTTPS ?? parsed.data.NODE_ENV === 'production',
    };
    assertProductionSettings(settings, signs);
    return withMetricsDefault(settings);
  }
  const issue = parsed.error.issues[0];
  const name = String(issue.path[0]);
  const shown = name in raw && !isSecret(name) ? ` (got "${raw[name]}")` : '';
  throw new ConfigError(`Invalid configuration: ${name}: ${issue.message}${shown}`);
}

/** `loadSettings` for a process given its database explicitly (tests, benchmarks): DATABASE_URL is required. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, options: { signs?: boolean } = {}): PlatformConfig {
  const settings = loadSettings(env, options);
  if (!settings.DATABASE_URL) throw new ConfigError('Invalid configuration: DATABASE_URL: required here');
  return { ...settings, DATABASE_URL: settings.DATABASE_URL };
}

/** Keys generated into DATA_DIR would differ per instance and per volume: production brings its own. */
const PRODUCTION_KEYS = [
  'JWT_PRIVATE_KEY',
  'REVIEW_SIGNING_KEY',
  'RUNTIME_SIGNING_KEY',
  'RUNTIME_PAIRWISE_KEY',
  'PAYMENTS_SECRET_KEY',
  'IDENTITY_HASH_KEY',
] as const;

/**
 * Production brings its own keys, and never lets the proxy reach loopback. `signs`: false for a
 * process that never signs anything (the migration job), which then needs no keys.
 */
function assertProductionSettings(config: Settings, signs: boolean): void {
  if (config.NODE_ENV === 'production' && !config.DATABASE_URL)
    throw new ConfigError(
      'Invalid configuration: DATABASE_URL: required when NODE_ENV=production (the embedded PostgreSQL is for development only)',
    );
  if (config.NODE_ENV === 'production' && config.OUTBOUND_ALLOW_LOOPBACK)
    throw new ConfigError('Invalid configuration: OUTBOUND_ALLOW_LOOPBACK: must not be true when NODE_ENV=production');
  // Publishing approves the platform's own bundles without a person: a convenience of development only.
  if (config.NODE_ENV === 'production' && config.PUBLISH_FIRST_PARTY_MINI_APPS)
    throw new ConfigError(
      'Invalid configuration: PUBLISH_FIRST_PARTY_MINI_APPS: must not be true when NODE_ENV=production',
    );
  for (const name of PRODUCTION_KEYS) {
    if (signs && config.NODE_ENV === 'production' && !config[name])
      throw new ConfigError(`Invalid configuration: ${name}: required when NODE_ENV=production`);
  }
  if (signs && config.NODE_ENV === 'production' && !config.MINIAPP_ORIGIN?.startsWith('https://'))
    throw new ConfigError(
      "Invalid configuration: MINIAPP_ORIGIN: required when NODE_ENV=production, an https origin on a domain of its own (mini-apps must not share the shell's site)",
    );
  if (config.BUS_TRANSPORT === 'nats' && !config.NATS_URL)
    throw new ConfigError('Invalid configuration: NATS_URL: required when BUS_TRANSPORT=nats');
  if (
    config.NODE_ENV === 'production' &&
    config.BUS_TRANSPORT === 'nats' &&
    !config.NATS_USER &&
    !config.NATS_TLS_CERT &&
    !config.NATS_ANONYMOUS
  )
    throw new ConfigError(
      'Invalid configuration: NATS_USER: required (or NATS_TLS_CERT) when NODE_ENV=production and BUS_TRANSPORT=nats: an anonymous connection could publish any event and make any call (docs/nats-operations.md; NATS_ANONYMOUS=true if that is meant)',
    );
  if (config.MODULES && config.BUS_TRANSPORT !== 'nats')
    throw new ConfigError(
      'Invalid configuration: MODULES: running only some modules needs BUS_TRANSPORT=nats (their events and calls cross processes)',
    );
  assertNatsSettings(config);
  check('JWT_PRIVATE_KEY', config.JWT_PRIVATE_KEY, parseSigningKey);
  check('JWT_PREVIOUS_PUBLIC_KEYS', config.JWT_PREVIOUS_PUBLIC_KEYS, parsePreviousKeys);
  check('REVIEW_SIGNING_KEY', config.REVIEW_SIGNING_KEY, parseEd25519Key);
  check('RUNTIME_SIGNING_KEY', config.RUNTIME_SIGNING_KEY, parseEd25519Key);
  check('RUNTIME_PAIRWISE_KEY', config.RUNTIME_PAIRWISE_KEY, parseSecretKey);
  check('PAYMENTS_SECRET_KEY', config.PAYMENTS_SECRET_KEY, parseSecretKey);
  check('IDENTITY_HASH_KEY', config.IDENTITY_HASH_KEY, parseSecretKey);
}

/** The port Prometheus exporters conventionally use. */
export const PRODUCTION_METRICS_PORT = 9464;

/**
 * Metrics are never public in production: without a token of their own they move to a port of
 * their own, which the API's ingress does not expose. Development keeps them on the API's port.
 */
function withMetricsDefault(config: Settings): Settings {
  if (config.METRICS_PORT !== undefined && config.METRICS_PORT !== 0 && config.METRICS_PORT === config.PORT) {
    throw new ConfigError(
      'Invalid configuration: METRICS_PORT: must differ from PORT (leave it unset to serve metrics on PORT)',
    );
  }
  if (config.NODE_ENV !== 'production' || config.METRICS_PORT !== undefined || config.METRICS_TOKEN) return config;
  return { ...config, METRICS_PORT: PRODUCTION_METRICS_PORT };
}

/** NATS credentials come whole: a password with its user, a client certificate with its key, each file readable PEM. */
function assertNatsSettings(config: Settings): void {
  if (config.NATS_PASSWORD && !config.NATS_USER)
    throw new ConfigError('Invalid configuration: NATS_PASSWORD: set NATS_USER with it');
  if (!config.NATS_TLS_CERT !== !config.NATS_TLS_KEY) {
    const [present, missing] = config.NATS_TLS_CERT
      ? ['NATS_TLS_CERT', 'NATS_TLS_KEY']
      : ['NATS_TLS_KEY', 'NATS_TLS_CERT'];
    throw new ConfigError(
      `Invalid configuration: ${missing}: required with ${present} (a client certificate goes with its key)`,
    );
  }
  checkFile('NATS_TLS_CA', config.NATS_TLS_CA, (pem) => new X509Certificate(pem));
  checkFile('NATS_TLS_KEY', config.NATS_TLS_KEY, (pem) => createPrivateKey(pem));
  checkFile('NATS_TLS_CERT', config.NATS_TLS_CERT, (pem) => {
    const name = commonNameOf(pem);
    if (!config.NATS_USER && !(name && NATS_NAME.test(name)))
      throw new Error(
        `its subject's CN (${name ?? 'none'}) must name the process (letters, digits, - and _), or set NATS_USER`,
      );
  });
}

/** A setting naming a file: readable, and its contents parse. */
function checkFile(name: string, path: string | undefined, parse: (contents: string) => unknown): void {
  if (path === undefined) return;
  let contents: string;
  try {
    contents = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(
      `Invalid configuration: ${name}: cannot read ${path} (${(error as { code?: string }).code ?? 'unreadable'})`,
    );
  }
  try {
    parse(contents);
  } catch (error) {
    throw new ConfigError(`Invalid configuration: ${name}: ${path}: ${(error as Error).message.split('\n')[0]}`);
  }
}

function check(name: string, value: string | undefined, parse: (value: string) => unknown): void {
  if (value === undefined) return;
  try {
    parse(value);
  } catch (error) {
    throw new ConfigError(`Invalid configuration: ${name}: ${(error as Error).message}`);
  }
}

function isSecret(name: string): boolean {
  return /KEY|SECRET|PASSWORD|TOKEN|URL/.test(name);
}

/** Whether this start publishes the platform's own mini-apps: PUBLISH_FIRST_PARTY_MINI_APPS, by default on in development only. */
export const publishesFirstParty = (
  config: Pick<PlatformConfig, 'NODE_ENV' | 'PUBLISH_FIRST_PARTY_MINI_APPS'>,
): boolean => config.PUBLISH_FIRST_PARTY_MINI_APPS ?? config.NODE_ENV === 'development';
