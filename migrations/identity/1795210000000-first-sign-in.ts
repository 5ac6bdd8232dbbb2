import type { MigrationInterface, QueryRunner } from 'typeorm';

/** When each user first signed in: the signup funnel counts that step once per person. */
export class FirstSignIn1795210000000 implements MigrationInterface {
  name = 'FirstSignIn1795210000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "identity"."users" ADD "first_signed_in_at" TIMESTAMP WITH TIME ZONE`);
    // Users from before are past this step (or will never be counted at it): their next sign-in is no first.
    await queryRunner.query(`UPDATE "identity"."users" SET "first_signed_in_at" = "created_at"`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "identity"."users" DROP COLUMN "first_signed_in_at"`);
  }
}
