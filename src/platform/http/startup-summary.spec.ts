import { describe, expect, it } from 'vitest';
import { startupSummary } from './startup-summary';

const config = { HOST: '0.0.0.0', NODE_ENV: 'development' as const, REDIS_URL: 'redis://:secret@127.0.0.1:6379' };

describe('the summary printed once the platform listens', () => {
  it('says where to go, what it runs on, and how to change that, in a few lines', () => {
    const summary = startupSummary({
      config,
      port: 3000,
      database: 'embedded PostgreSQL at /srv/.data/postgres',
      embeddedDatabase: true,
    });
    expect(summary.split('\n')).toEqual([
      'Super-app platform listening on http://localhost:3000',
      '  Swagger UI  http://localhost:3000/docs',
      '  Database    embedded PostgreSQL at /srv/.data/postgres (set DATABASE_URL to use your own PostgreSQL)',
      '  Redis       redis://127.0.0.1:6379: several instances may share it (unset REDIS_URL to run a single instance without Redis)',
      '  Mode        development (NODE_ENV=production for production: README, Configuration)',
      '  Settings    environment or .env (every one in .env.example); Ctrl-C stops',
    ]);
  });

  it('names the address it listens on when it is not a wildcard, and an external database as given', () => {
    const summary = startupSummary({
      config: { ...config, HOST: '::1', NODE_ENV: 'production' },
      port: 8080,
      database: 'postgres://app@db:5432/superapp',
      embeddedDatabase: false,
    });
    expect(summary).toContain('listening on http://[::1]:8080');
    expect(summary).toContain('Database    postgres://app@db:5432/superapp (unset DATABASE_URL for an embedded one)');
    expect(summary).toMatch(/Mode {8}production\n/);
  });

  it('says it runs alone without Redis, and what to set to run several', () => {
    const summary = startupSummary({
      config: { ...config, REDIS_URL: undefined },
      port: 3000,
      database: 'x',
      embeddedDatabase: true,
    });
    expect(summary).toContain('Redis       none: a single instance (set REDIS_URL on every instance to run several)');
  });
});
