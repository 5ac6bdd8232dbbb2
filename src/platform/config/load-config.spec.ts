import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { newSigningKey, newSigningKeys } from '../auth/dev-key-file';
import { ConfigError, loadConfig } from './load-config';

const pem = (type: 'ec' | 'ed25519') => newSigningKey(type === 'ec' ? 'JWT_PRIVATE_KEY' : 'REVIEW_SIGNING_KEY');

function refusal(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error(`accepted ${JSON.stringify(env)}`);
}

describe('configuration', () => {
  it('starts with the documented defaults on an empty environment', () => {
    expect(loadConfig({})).toMatchObject({
      PORT: 3000,
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/superapp',
      REDIS_URL: 'redis://127.0.0.1:6379',
      MIGRATIONS_RUN: true,
    });
  });

  it('treats an empty value as unset', () => expect(loadConfig({ PORT: '' }).PORT).toBe(3000));

  it.each([
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

  it('requires a signing key in production', () => expect(refusal({ NODE_ENV: 'production' })).toMatch(/JWT_PRIVATE_KEY/));

  it('requires an https mini-app origin of its own in production', () => {
    const keys = newSigningKeys();
    expect(refusal({ NODE_ENV: 'production', ...keys })).toMatch(/^Invalid configuration: MINIAPP_ORIGIN: required when NODE_ENV=production/);
    expect(refusal({ NODE_ENV: 'production', ...keys, MINIAPP_ORIGIN: 'http://apps.example.net' })).toMatch(/MINIAPP_ORIGIN/);
    expect(() => loadConfig({ NODE_ENV: 'production', ...keys, MINIAPP_ORIGIN: 'https://apps.example.net' })).not.toThrow();
  });

  it('takes a mini-app origin without a path, and refuses one with', () => {
    expect(loadConfig({ MINIAPP_ORIGIN: 'https://apps.example.net/' }).MINIAPP_ORIGIN).toBe('https://apps.example.net');
    expect(refusal({ MINIAPP_ORIGIN: 'https://apps.example.net/bundles' })).toMatch(/MINIAPP_ORIGIN: must be an origin only/);
  });

  it('lets a process that signs nothing (the migration job) start in production without keys', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' }, { signs: false })).not.toThrow();
  });

  it('requires the bundle signing key in production too', () => {
    const jwtKey = pem('ec');
    expect(refusal({ NODE_ENV: 'production', JWT_PRIVATE_KEY: jwtKey })).toMatch(/^Invalid configuration: REVIEW_SIGNING_KEY: required when NODE_ENV=production$/);
  });

  it('requires the runtime\'s signing and pairwise-id keys in production', () => {
    const keys = { NODE_ENV: 'production', JWT_PRIVATE_KEY: pem('ec'), REVIEW_SIGNING_KEY: pem('ed25519') };
    expect(refusal(keys)).toMatch(/^Invalid configuration: RUNTIME_SIGNING_KEY: required when NODE_ENV=production$/);
    expect(refusal({ ...keys, RUNTIME_SIGNING_KEY: pem('ed25519') })).toMatch(/^Invalid configuration: RUNTIME_PAIRWISE_KEY: required when NODE_ENV=production$/);
    expect(() => loadConfig({ ...newSigningKeys(), NODE_ENV: 'production', MINIAPP_ORIGIN: 'https://apps.example.net' })).not.toThrow();
  });

  it('keeps metrics off the public port in production: a port of their own unless a metrics token guards them', () => {
    const production = { ...newSigningKeys(), NODE_ENV: 'production', MINIAPP_ORIGIN: 'https://apps.example.net' };
    expect(loadConfig(production).METRICS_PORT).toBe(9464);
    expect(loadConfig({ ...production, METRICS_PORT: '9100' }).METRICS_PORT).toBe(9100);
    expect(loadConfig({ ...production, METRICS_TOKEN: 'x'.repeat(32) }).METRICS_PORT).toBeUndefined();
    expect(loadConfig({}).METRICS_PORT).toBeUndefined();
    expect(refusal({ METRICS_TOKEN: 'short' })).toMatch(/^Invalid configuration: METRICS_TOKEN: must be at least 32 characters[^"]*$/);
    expect(refusal({ PORT: '8080', METRICS_PORT: '8080' })).toMatch(/^Invalid configuration: METRICS_PORT: must differ from PORT/);
  });

  it('refuses to let production reach loopback, even for a process that signs nothing', () => {
    expect(refusal({ NODE_ENV: 'production', OUTBOUND_ALLOW_LOOPBACK: 'true' })).toMatch(/^Invalid configuration: OUTBOUND_ALLOW_LOOPBACK: must not be true when NODE_ENV=production$/);
    expect(() => loadConfig({ NODE_ENV: 'production', OUTBOUND_ALLOW_LOOPBACK: 'true' }, { signs: false })).toThrow(/OUTBOUND_ALLOW_LOOPBACK/);
    expect(loadConfig({ NODE_ENV: 'test', OUTBOUND_ALLOW_LOOPBACK: 'true' }).OUTBOUND_ALLOW_LOOPBACK).toBe(true);
  });

  it.each([
    ['RUNTIME_PAIRWISE_KEY', randomBytes(16).toString('base64'), /at least 32 random bytes/],
    ['RUNTIME_PAIRWISE_KEY', 'not base64 at all!', /at least 32 random bytes/],
    ['JWT_PRIVATE_KEY', 'not a key', /not a PEM private key/],
    ['JWT_PRIVATE_KEY', generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string, /P-256/],
    ['JWT_PRIVATE_KEY', generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string, /P-256/],
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
