import type { MigrationInterface, QueryRunner } from 'typeorm';

/** An account closes for good when its owner is erased: nothing posts to or from it any more. */
export class ClosedAccounts1795950000000 implements MigrationInterface {
  name = 'ClosedAccounts1795950000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "wallet"."accounts" ADD "closed_at" timestamptz`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "wallet"."accounts" DROP COLUMN "closed_at"`);
  }
}
