import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Indexes for the sweep that deletes ended sessions (refresh tokens expired or revoked). */
export class SessionRetention1795850000000 implements MigrationInterface {
  name = 'SessionRetention1795850000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "refresh_tokens_expires_idx" ON "identity"."refresh_tokens" ("expires_at")`);
    await queryRunner.query(
      `CREATE INDEX "refresh_tokens_revoked_idx" ON "identity"."refresh_tokens" ("revoked_at") WHERE "revoked_at" IS NOT NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "identity"."refresh_tokens_revoked_idx"`);
    await queryRunner.query(`DROP INDEX "identity"."refresh_tokens_expires_idx"`);
  }
}
