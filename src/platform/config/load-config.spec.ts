import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { deploymentMode } from '../instance/deployment-mode';
import { ConfigError, loadConfig, loadSettings, publishesFirstParty } from './load-config';

const pem = (type: 'ec' | 'ed25519') =>
  (type === 'ec'
    ? generateKeyPairSync('ec', { namedCurve: 'P-256' })
    : generateKeyPairSync('ed25519')
  ).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;

/** Production brings its own database. */
const DATABASE = { DATABASE_URL: 'postgres://db.example.net/superapp' };

/** Every key production needs. */
const productionKeys = () => ({
  JWT_PRIVATE_KEY: pem('ec'),
  REVIEW_SIGNING_KEY: pem('ed25519'),
  RUNTIME_SIGNING_KEY: pem('ed25519'),
  RUNTIME_PAIRWISE_KEY: randomBytes(32).toString('base64'),
  PAYMENTS_SECRET_KEY: randomBytes(32).toString('base64'),
  IDENTITY_HASH_KEY: randomBytes(32).toString('base64'),
});

/** A complete production environment. */
const productionEnv = () => ({
  NODE_ENV: 'production',
  ...productionKeys(),
  MINIAPP_ORIGIN: 'https://apps.example.net',
  ...DATABASE,
});

function refusal(env: Record<string, string>): string {
  try {
    loadSettings(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error(`accepted ${JSON.stringify(env)}`);
}

describe('configuration', () => {
  it('starts with the documented defaults on an empty environment, the database left to the embedded one', () => {
    const settings = loadSettings({});
    expect(settings).toMatchObject({ PORT: 3000, MIGRATIONS_RUN: true, SERVED_OVER_HTTPS: false });
    expect(settings.DATABASE_URL).toBeUndefined();
  });

  it('refuses the embedded database in production, naming DATABASE_URL', () => {
    expect(
      refusal({ NODE_ENV: 'production', ...productionKeys(), MINIAPP_ORIGIN: 'https://apps.example.net' }),
    ).toMatch(/^Invalid configuration: DATABASE_URL: required when NODE_ENV=production/);
    expect(() => loadSettings({ NODE_ENV: 'production' }, { signs: false })).toThrow(/DATABASE_URL/);
  });

  it('sends browsers to https by default in production only, unless told otherwise', () => {
    const production = productionEnv();
    expect(loadSettings(production).SERVED_OVER_HTTPS).toBe(true);
    expect(loadSettings({ ...production, SERVED_OVER_HTTPS: 'false' }).SERVED_OVER_HTTPS).toBe(false);
    expect(loadSettings({ SERVED_OVER_HTTPS: 'true' }).SERVED_OVER_HTTPS).toBe(true);
  });

  it('asks for DATABASE_URL where the caller must bring its own database (tests, benchmarks)', () => {
    expect(() => loadConfig({})).toThrow(/^Invalid configuration: DATABASE_URL: required here$/);
  });

  it('treats an empty value as unset', () => expect(loadSettings({ PORT: '' }).PORT).toBe(3000));

  it('runs as a single instance without Redis unless REDIS_URL is set', () => {
    expect(deploymentMode(loadSettings({}))).toBe('single-instance');
    expect(loadSettings({ REDIS_URL: '' }).REDIS_URL).toBeUndefined();
    expect(deploymentMode(loadSettings({ REDIS_URL: 'rediss://cache.internal:6380' }))).toBe('multi-instance');
  });

  it('carries bus events in process unless told to use NATS, which then needs its servers', () => {
    expect(loadSettings({}).BUS_TRANSPORT).toBe('in-process');
    expect(refusal({ BUS_TRANSPORT: 'nats' })).toBe(
      'Invalid configuration: NATS_URL: required when BUS_TRANSPORT=nats',
    );
    expect(loadSettings({ BUS_TRANSPORT: 'nats', NATS_URL: 'nats://a:4222,tls://b:4222' }).NATS_URL).toBe(
      'nats://a:4222,tls://b:4222',
    );
  });

  it('runs every module unless told which, and only some of them with NATS to reach the others', () => {
    expect(loadSettings({}).MODULES).toBeUndefined();
    expect(refusal({ MODULES: 'wallet' })).toBe(
      'Invalid configuration: MODULES: running only some modules needs BUS_TRANSPORT=nats (their events and calls cross processes)',
    );
    expect(
      loadSettings({ MODULES: 'identity, review', BUS_TRANSPORT: 'nats', NATS_URL: 'nats://a:4222' }).MODULES,
    ).toEqual(['identity', 'review']);
  });

  it('refuses an anonymous NATS connection in production: the broker could not tell processes apart', () => {
    const production = { ...productionEnv(), BUS_TRANSPORT: 'nats', NATS_URL: 'nats://a:4222' };
    expect(refusal(production)).toMatch(/^Invalid configuration: NATS_USER: required \(or NATS_TLS_CERT\)/);
    expect(() => loadSettings({ ...production, NATS_USER: 'wallet', NATS_PASSWORD: 'p' })).not.toThrow();
    expect(() => loadSettings({ ...production, NATS_ANONYMOUS: 'true' })).not.toThrow();
  });

  it('reads where other processes serve their modules as module=URL pairs', () => {
    expect(loadSettings({}).MODULE_URLS).toEqual({});
    expect(
      loadSettings({ MODULE_URLS: 'wallet=http://wallet:3000/,payments=https://pay.internal' }).MODULE_URLS,
    ).toEqual({
      wallet: 'http://wallet:3000',
      payments: 'https://pay.internal',
    });
  });

  it.each([
    ['BUS_TRANSPORT', 'kafka'],
    ['MODULES', 'Wallet'],
    ['MODULE_URLS', 'wallet:3000'],
    ['NATS_URL', 'http://a:4222'],
    ['PORT', 'eighty'],
    ['PORT', '70000'],
    ['DATABASE_URL', 'mysql://x/y'],
    ['REDIS_URL', 'not a url'],
    ['MIGRATIONS_RUN', 'yes please'],
    ['ADMIN_EMAIL', 'root'],
  ])('stops on a malformed %s with one line that names it', (name, value) => {
    const message = refusal({ [name]: value });
    expect(message).toMatch(new RegExp(`^Invalid configuration: ${name}: `));
    expect(message).not.toContain('\n');
  });

  it('never echoes a secret-looking value in the error', () => {
    const message = refusal({ DATABASE_URL: 'mysql://user:hunter2@db/x' });
    expect(message).toMatch(/DATABASE_URL/);
    expect(message).not.toContain('hunter2');
  });

  it('requires a signing key in production', () =>
    expect(refusal({ NODE_ENV: 'production', ...DATABASE })).toMatch(/JWT_PRIVATE_KEY/));

  it('requires an https mini-app origin of its own in production', () => {
    const keys = productionKeys();
    expect(refusal({ NODE_ENV: 'production', ...DATABASE, ...keys })).toMatch(
      /^Invalid configuration: MINIAPP_ORIGIN: required when NODE_ENV=production/,
    );
    expect(
      refusal({ NODE_ENV: 'production', ...DATABASE, ...keys, MINIAPP_ORIGIN: 'http://apps.example.net' }),
    ).toMatch(/MINIAPP_ORIGIN/);
    expect(() =>
      loadSettings({ NODE_ENV: 'production', ...DATABASE, ...keys, MINIAPP_ORIGIN: 'https://apps.example.net' }),
    ).not.toThrow();
  });

  it('takes a mini-app origin without a path, and refuses one with', () => {
    expect(loadSettings({ MINIAPP_ORIGIN: 'https://apps.example.net/' }).MINIAPP_ORIGIN).toBe(
      'https://apps.example.net',
    );
    expect(refusal({ MINIAPP_ORIGIN: 'https://apps.example.net/bundles' })).toMatch(
      /MINIAPP_ORIGIN: must be an origin only/,
    );
  });

  it('lets a process that signs nothing (the migration job) start in production without keys', () => {
    expect(() => loadSettings({ NODE_ENV: 'production', ...DATABASE }, { signs: false })).not.toThrow();
  });

  it('requires the bundle signing key in production too', () => {
    const jwtKey = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({
      type: 'pkcs8',
      format: 'pem',
    }) as string;
    expect(refusal({ NODE_ENV: 'production', ...DATABASE, JWT_PRIVATE_KEY: jwtKey })).toMatch(
      /^Invalid configuration: REVIEW_SIGNING_KEY: required when NODE_ENV=production$/,
    );
  });

  it("requires the runtime's signing and pairwise-id keys in production", () => {
    const keys = {
      NODE_ENV: 'production',
      ...DATABASE,
      JWT_PRIVATE_KEY: pem('ec'),
      REVIEW_SIGNING_KEY: pem('ed25519'),
    };
    expect(refusal(keys)).toMatch(/^Invalid configuration: RUNTIME_SIGNING_KEY: required when NODE_ENV=production$/);
    expect(refusal({ ...keys, RUNTIME_SIGNING_KEY: pem('ed25519') })).toMatch(
      /^Invalid configuration: RUNTIME_PAIRWISE_KEY: required when NODE_ENV=production$/,
    );
    expect(() =>
      loadSettings({
        ...productionKeys(),
        NODE_ENV: 'production',
        ...DATABASE,
        MINIAPP_ORIGIN: 'https://apps.example.net',
      }),
    ).not.toThrow();
  });

  it('keeps metrics off the public port in production: a port of their own unless a metrics token guards them', () => {
    const production = {
      ...productionKeys(),
      NODE_ENV: 'production',
      ...DATABASE,
      MINIAPP_ORIGIN: 'https://apps.example.net',
    };
    expect(loadSettings(production).METRICS_PORT).toBe(9464);
    expect(loadSettings({ ...production, METRICS_PORT: '9100' }).METRICS_PORT).toBe(9100);
    expect(loadSettings({ ...production, METRICS_TOKEN: 'x'.repeat(32) }).METRICS_PORT).toBeUndefined();
    expect(loadSettings({}).METRICS_PORT).toBeUndefined();
    expect(refusal({ METRICS_TOKEN: 'short' })).toMatch(
      /^Invalid configuration: METRICS_TOKEN: must be at least 32 characters[^"]*$/,
    );
    expect(refusal({ PORT: '8080', METRICS_PORT: '8080' })).toMatch(
      /^Invalid configuration: METRICS_PORT: must differ from PORT/,
    );
  });

  it('refuses to let production reach loopback, even for a process that signs nothing', () => {
    expect(refusal({ NODE_ENV: 'production', ...DATABASE, OUTBOUND_ALLOW_LOOPBACK: 'true' })).toMatch(
      /^Invalid configuration: OUTBOUND_ALLOW_LOOPBACK: must not be true when NODE_ENV=production$/,
    );
    expect(() =>
      loadSettings({ NODE_ENV: 'production', ...DATABASE, OUTBOUND_ALLOW_LOOPBACK: 'true' }, { signs: false }),
    ).toThrow(/OUTBOUND_ALLOW_LOOPBACK/);
    expect(loadSettings({ NODE_ENV: 'test', OUTBOUND_ALLOW_LOOPBACK: 'true' }).OUTBOUND_ALLOW_LOOPBACK).toBe(true);
  });

  it("publishes the platform's own mini-apps on a development start only, unless told otherwise; never in production", () => {
    expect(publishesFirstParty(loadSettings({}))).toBe(true);
    expect(publishesFirstParty(loadSettings({ PUBLISH_FIRST_PARTY_MINI_APPS: 'false' }))).toBe(false);
    expect(publishesFirstParty(loadSettings({ NODE_ENV: 'test' }))).toBe(false);
    expect(publishesFirstParty(loadSettings({ NODE_ENV: 'test', PUBLISH_FIRST_PARTY_MINI_APPS: 'true' }))).toBe(true);
    expect(
      publishesFirstParty(
        loadSettings({
          ...productionKeys(),
          NODE_ENV: 'production',
          ...DATABASE,
          MINIAPP_ORIGIN: 'https://apps.example.net',
        }),
      ),
    ).toBe(false);
    expect(refusal({ NODE_ENV: 'production', ...DATABASE, PUBLISH_FIRST_PARTY_MINI_APPS: 'true' })).toMatch(
      /^Invalid configuration: PUBLISH_FIRST_PARTY_MINI_APPS: must not be true when NODE_ENV=production$/,
    );
  });

  it.each([
    ['RUNTIME_PAIRWISE_KEY', randomBytes(16).toString('base64'), /at least 32 random bytes/],
    ['RUNTIME_PAIRWISE_KEY', 'not base64 at all!', /at least 32 random bytes/],
    ['JWT_PRIVATE_KEY', 'not a key', /not a PEM private key/],
    [
      'JWT_PRIVATE_KEY',
      generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
      /P-256/,
    ],
    [
      'JWT_PRIVATE_KEY',
      generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
      /P-256/,
    ],
    ['JWT_PREVIOUS_PUBLIC_KEYS', '{not json', /not JSON/],
    ['REVIEW_SIGNING_KEY', 'not a key', /not a PEM private key/],
    ['REVIEW_SIGNING_KEY', pem('ec'), /Ed25519/],
    ['JWT_PREVIOUS_PUBLIC_KEYS', '{"keys":[{"kty":"EC"}]}', /without a kid/],
  ])('stops on an unusable %s in one line, before anything starts', (name, value, reason) => {
    const message = refusal({ [name]: value });
    expect(message).toMatch(new RegExp(`^Invalid configuration: ${name}: `));
    expect(message).toMatch(reason);
    expect(message).not.toContain('\n');
  });
});
