import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Erasure requests and each module's confirmation. The person's id is kept only until every module confirmed. */
export class Erasures1795960000000 implements MigrationInterface {
  name = 'Erasures1795960000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "privacy"."erasures" ("id" uuid NOT NULL, "user_id" uuid, "requested_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "completed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "erasures_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "erasures_forget_when_done" CHECK (completed_at IS NULL OR user_id IS NULL))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "erasures_open_per_user" ON "privacy"."erasures" ("user_id") WHERE completed_at IS NULL`,
    );
    await queryRunner.query(
      `CREATE TABLE "privacy"."erasure_steps" ("erasure_id" uuid NOT NULL REFERENCES "privacy"."erasures" ("id") ON DELETE CASCADE,
        "module" text NOT NULL, "erased_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "erasure_steps_pkey" PRIMARY KEY ("erasure_id", "module"))`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "privacy"."erasure_steps"`);
    await queryRunner.query(`DROP TABLE "privacy"."erasures"`);
  }
}
