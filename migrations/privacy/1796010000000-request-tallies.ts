import type { MigrationInterface, QueryRunner } from 'typeorm';

/** How many exports and erasures were asked for each month: counts only, for the transparency report. */
export class RequestTallies1796010000000 implements MigrationInterface {
  name = 'RequestTallies1796010000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "privacy"."request_tallies" ("month" text NOT NULL, "kind" text NOT NULL, "requests" integer NOT NULL,
        CONSTRAINT "request_tallies_pkey" PRIMARY KEY ("month", "kind"))`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "privacy"."request_tallies"`);
  }
}
