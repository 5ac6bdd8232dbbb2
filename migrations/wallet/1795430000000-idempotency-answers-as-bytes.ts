import type { MigrationInterface, QueryRunner } from 'typeorm';

const BATCH = 1_000;

/**
 * A kept answer is replayed byte for byte: its body is kept as the bytes first sent (bytea) with
 * the headers that belong to it, instead of as jsonb, which reorders keys. Answers kept before
 * this (at most the retention window's) had their bytes lost already: they are written back as
 * compact JSON of the same value, with the content type their status implies.
 */
export class IdempotencyAnswersAsBytes1795430000000 implements MigrationInterface {
  name = 'IdempotencyAnswersAsBytes1795430000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "wallet"."idempotency_keys" ADD "response_headers" jsonb, ADD "response_body" bytea`,
    );
    for (;;) {
      const rows: Array<{ scope: string; key: string; status_code: number; body: unknown }> = await queryRunner.query(
        `SELECT scope, key, status_code, body FROM "wallet"."idempotency_keys" WHERE response_body IS NULL LIMIT ${BATCH}`,
      );
      if (!rows.length) break;
      await queryRunner.query(
        `UPDATE "wallet"."idempotency_keys" k SET response_headers = u.headers, response_body = u.body
           FROM unnest($1::text[], $2::text[], $3::jsonb[], $4::bytea[]) AS u(scope, key, headers, body)
          WHERE k.scope = u.scope AND k.key = u.key`,
        [
          rows.map((row) => row.scope),
          rows.map((row) => row.key),
          rows.map((row) =>
            JSON.stringify({
              'content-type': row.status_code >= 400 ? 'application/problem+json' : 'application/json; charset=utf-8',
            }),
          ),
          rows.map((row) => Buffer.from(JSON.stringify(row.body))),
        ],
      );
    }
    await queryRunner.query(
      `ALTER TABLE "wallet"."idempotency_keys" ALTER "response_headers" SET NOT NULL, ALTER "response_body" SET NOT NULL, DROP COLUMN "body"`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "wallet"."idempotency_keys" ADD "body" jsonb`);
    await queryRunner.query(`UPDATE "wallet"."idempotency_keys" SET body = convert_from(response_body, 'UTF8')::jsonb`);
    await queryRunner.query(
      `ALTER TABLE "wallet"."idempotency_keys" ALTER "body" SET NOT NULL, DROP COLUMN "response_headers", DROP COLUMN "response_body"`,
    );
  }
}
