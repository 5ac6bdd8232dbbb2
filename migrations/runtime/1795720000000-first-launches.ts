import type { MigrationInterface, QueryRunner } from 'typeorm';

/** When each user first opened any mini-app: the signup funnel's last step, counted once per person. */
export class FirstLaunches1795720000000 implements MigrationInterface {
  name = 'FirstLaunches1795720000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "runtime"."first_launches" ("user_id" uuid NOT NULL, "launched_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_ed3c2099d0e93d811a9984139bd" PRIMARY KEY ("user_id"))`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "runtime"."first_launches"`);
  }
}
