import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Ids of erased people and of their wallet accounts: an event that lagged behind an erasure must not bring them back. */
export class ErasedSubjects1795980000000 implements MigrationInterface {
  name = 'ErasedSubjects1795980000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "runtime"."erased_subjects" ("id" uuid NOT NULL, "erased_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "erased_subjects_pkey" PRIMARY KEY ("id"))`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "runtime"."erased_subjects"`);
  }
}
