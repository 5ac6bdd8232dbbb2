import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A take-down is remembered: its developer cannot put the mini-app back live; a reviewer's rollback can. */
export class TakenDownMiniApps1795520000000 implements MigrationInterface {
  name = 'TakenDownMiniApps1795520000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "review"."mini_apps" ADD "taken_down_at" TIMESTAMP WITH TIME ZONE`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "review"."mini_apps" DROP COLUMN "taken_down_at"`);
  }
}
