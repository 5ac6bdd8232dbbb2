import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Safe aggregates: every released answer (so a repeated query gets the same one) and the ε each subject spent per month. */
export class CreatePrivacySchema1795900000000 implements MigrationInterface {
  name = 'CreatePrivacySchema1795900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE SCHEMA IF NOT EXISTS "privacy"`);
    await queryRunner.query(
      `CREATE TABLE "privacy"."releases" ("subject" text NOT NULL, "query" text NOT NULL, "values" jsonb NOT NULL, "k" integer NOT NULL, "epsilon_milli" integer NOT NULL, "scale" text NOT NULL,
        "released_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "releases_pkey" PRIMARY KEY ("subject", "query"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "privacy"."budgets" ("subject" text NOT NULL, "period" text NOT NULL, "spent_milli" integer NOT NULL, CONSTRAINT "budgets_pkey" PRIMARY KEY ("subject", "period"))`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    // Only this migration's tables: the privacy module's other parts may keep theirs in the schema.
    await queryRunner.query(`DROP TABLE "privacy"."budgets"`);
    await queryRunner.query(`DROP TABLE "privacy"."releases"`);
  }
}
