import type { MigrationInterface, QueryRunner } from 'typeorm';

/** When each user first opened any mini-app: the signup funnel's last step, counted once per person. */
export class FirstLaunches1795720000000 implements MigrationInterface {
  name = 'FirstLaunches1795720000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "runtime"."first_launches" ("user_id" uuid NOT NULL, "launched_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_ed3c2099d0e93d811a9984139bd" PRIMARY KEY ("user_id"))`,
    );
    // Users who launched before are past this step; launches older than the retention are gone, so this is a floor.
    await queryRunner.query(
      `INSERT INTO "runtime"."first_launches" ("user_id", "launched_at") SELECT "user_id", min("launched_at") FROM "runtime"."launches" GROUP BY "user_id"`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "runtime"."first_launches"`);
  }
}
