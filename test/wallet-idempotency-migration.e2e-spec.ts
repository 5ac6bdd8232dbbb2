import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrations } from '../migrations';
import { IdempotencyAnswersAsBytes1795430000000 } from '../migrations/wallet/1795430000000-idempotency-answers-as-bytes';
import { dropDatabase, ensureDatabase } from '../src/platform/database/ensure-database';
import { testDatabaseUrl, uniqueName } from './support/test-app';

describe('the migration to answers kept as bytes', () => {
  const url = testDatabaseUrl(uniqueName());
  let dataSource: DataSource;
  beforeAll(async () => {
    await ensureDatabase(url);
    // The schema as it was before the migration: every migration up to the one under test.
    const before = migrations.slice(0, migrations.indexOf(IdempotencyAnswersAsBytes1795430000000));
    dataSource = await new DataSource({
      type: 'postgres',
      url,
      migrations: before,
      migrationsTableName: 'platform_migrations',
    }).initialize();
    await dataSource.runMigrations();
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await dropDatabase(url);
  });

  it('keeps the answers stored as jsonb, as compact JSON with the content type their status implies', async () => {
    const receipt = { status: 'completed', paymentTransferId: 'f0e1', feeTransferId: null, replayed: false };
    const problem = {
      type: 'https://superapp.dev/problems/insufficient-funds',
      title: 'Insufficient funds',
      status: 422,
      detail: 'Not enough.',
    };
    await dataSource.query(
      `INSERT INTO wallet.idempotency_keys (scope, key, fingerprint, status_code, body) VALUES ('user:a', 'k1', repeat('a', 64), 201, $1), ('user:a', 'k2', repeat('b', 64), 422, $2)`,
      [JSON.stringify(receipt), JSON.stringify(problem)],
    );
    await new IdempotencyAnswersAsBytes1795430000000().up(dataSource.createQueryRunner());
    const rows = await dataSource.query(
      `SELECT key, status_code, response_headers, convert_from(response_body, 'UTF8') AS body FROM wallet.idempotency_keys ORDER BY key`,
    );
    expect(rows).toEqual([
      {
        key: 'k1',
        status_code: 201,
        response_headers: { 'content-type': 'application/json; charset=utf-8' },
        body: expect.any(String),
      },
      {
        key: 'k2',
        status_code: 422,
        response_headers: { 'content-type': 'application/problem+json' },
        body: expect.any(String),
      },
    ]);
    expect(JSON.parse(rows[0].body)).toEqual(receipt);
    expect(rows[0].body).not.toMatch(/": /);
    expect(JSON.parse(rows[1].body)).toEqual(problem);
  });
});
