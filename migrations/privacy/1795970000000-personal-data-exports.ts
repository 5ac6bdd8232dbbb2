import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * People's data exports (GDPR Art. 15 and 20): each request, its state and, once assembled, its
 * archive (gzipped JSON). At most one export per person is being assembled at a time.
 */
export class PersonalDataExports1795970000000 implements MigrationInterface {
  name = 'PersonalDataExports1795970000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE SCHEMA IF NOT EXISTS "privacy"`);
    await queryRunner.query(
      `CREATE TABLE "privacy"."exports" ("id" uuid NOT NULL, "user_id" uuid NOT NULL, "status" text NOT NULL DEFAULT 'pending',
        "failed_attempts" integer NOT NULL DEFAULT 0, "requested_at" TIMESTAMP WITH TIME ZONE NOT NULL, "completed_at" TIMESTAMP WITH TIME ZONE,
        "archive" bytea, "archive_bytes" integer,
        CONSTRAINT "exports_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "exports_status_check" CHECK ("status" IN ('pending', 'ready', 'failed')),
        CONSTRAINT "exports_archive_check" CHECK (("status" = 'ready') = ("archive" IS NOT NULL)))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "exports_one_pending_per_user" ON "privacy"."exports" ("user_id") WHERE "status" = 'pending'`,
    );
    await queryRunner.query(`CREATE INDEX "exports_user_requested" ON "privacy"."exports" ("user_id", "requested_at")`);
    await queryRunner.query(
      `CREATE INDEX "exports_kept_since" ON "privacy"."exports" ((coalesce("completed_at", "requested_at")))`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "privacy"."exports"`);
  }
}
