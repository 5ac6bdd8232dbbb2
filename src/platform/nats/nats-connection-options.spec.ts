import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ThrowawayCa } from '../../../test/support/throwaway-ca';
import { ConfigError, loadConfig } from '../config/load-config';
import { natsConnectionOptions } from './nats-connection-options';

const NATS = {
  DATABASE_URL: 'postgres://db.example.net/superapp',
  BUS_TRANSPORT: 'nats',
  NATS_URL: 'nats://nats:4222',
};

describe('how a process connects to NATS', () => {
  const ca = ThrowawayCa.create();
  const wallet = ca.client('wallet');
  afterAll(() => ca.close());

  const refusal = (env: Record<string, string>): string => {
    try {
      loadConfig({ ...NATS, ...env });
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      return (error as Error).message;
    }
    throw new Error(`accepted ${JSON.stringify(env)}`);
  };

  it('connects anonymously with the default inbox when it is given no identity', () => {
    const options = natsConnectionOptions(loadConfig(NATS), 'test');
    expect(options).toMatchObject({ servers: ['nats://nats:4222'] });
    expect(options).not.toHaveProperty('user');
    expect(options).not.toHaveProperty('tls');
    expect(options).not.toHaveProperty('inboxPrefix');
  });

  it('logs in as NATS_USER, whose replies come to an inbox of its own', () => {
    const options = natsConnectionOptions(loadConfig({ ...NATS, NATS_USER: 'wallet', NATS_PASSWORD: 's3cret' }), 'x');
    expect(options).toMatchObject({ user: 'wallet', pass: 's3cret', inboxPrefix: '_INBOX_wallet' });
  });

  it("presents its client certificate, and takes its inbox's name from the certificate's CN", () => {
    const config = loadConfig({
      ...NATS,
      NATS_TLS_CA: ca.caFile,
      NATS_TLS_CERT: wallet.cert,
      NATS_TLS_KEY: wallet.key,
    });
    expect(natsConnectionOptions(config, 'x')).toMatchObject({
      tls: { caFile: ca.caFile, certFile: wallet.cert, keyFile: wallet.key },
      inboxPrefix: '_INBOX_wallet',
    });
    expect(natsConnectionOptions({ ...config, NATS_USER: 'payments' }, 'x').inboxPrefix).toBe('_INBOX_payments');
  });

  it('refuses a password without its user, and a certificate without its key or a key without its certificate', () => {
    expect(refusal({ NATS_PASSWORD: 's3cret' })).toBe('Invalid configuration: NATS_PASSWORD: set NATS_USER with it');
    expect(refusal({ NATS_TLS_CERT: wallet.cert })).toMatch(
      /^Invalid configuration: NATS_TLS_KEY: required with NATS_TLS_CERT/,
    );
    expect(refusal({ NATS_TLS_KEY: wallet.key })).toMatch(
      /^Invalid configuration: NATS_TLS_CERT: required with NATS_TLS_KEY/,
    );
  });

  it('refuses a file it cannot read or parse in one line that names the setting', () => {
    const missing = join(ca.dir, 'missing.pem');
    const garbage = join(ca.dir, 'garbage.pem');
    writeFileSync(garbage, 'not a certificate');
    for (const message of [
      refusal({ NATS_TLS_CA: missing }),
      refusal({ NATS_TLS_CA: garbage }),
      refusal({ NATS_TLS_CERT: wallet.cert, NATS_TLS_KEY: garbage }),
    ]) {
      expect(message).toMatch(/^Invalid configuration: NATS_TLS_(CA|KEY): /);
      expect(message).not.toContain('\n');
    }
    expect(refusal({ NATS_TLS_CA: missing })).toBe(
      `Invalid configuration: NATS_TLS_CA: cannot read ${missing} (ENOENT)`,
    );
  });

  it("refuses a certificate whose CN cannot name the process's inbox unless NATS_USER names it", () => {
    const dotted = ca.client('wallet.example.net');
    const env = { NATS_TLS_CERT: dotted.cert, NATS_TLS_KEY: dotted.key };
    expect(refusal(env)).toMatch(
      /^Invalid configuration: NATS_TLS_CERT: .*CN \(wallet\.example\.net\) must name the process/,
    );
    expect(natsConnectionOptions(loadConfig({ ...NATS, ...env, NATS_USER: 'wallet' }), 'x').inboxPrefix).toBe(
      '_INBOX_wallet',
    );
  });

  it('never shows the password in a refusal', () => {
    expect(refusal({ NATS_USER: 'not a name', NATS_PASSWORD: 'hunter2-hunter2' })).not.toContain('hunter2');
    expect(refusal({ NATS_PASSWORD: 'hunter2-hunter2' })).not.toContain('hunter2');
  });
});
