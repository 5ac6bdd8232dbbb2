import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Publishing: a version's signature of its bundle digest and when it went live. */
export class PublishedVersions1795510000000 implements MigrationInterface {
  name = 'PublishedVersions1795510000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "review"."versions" ADD "signature" text`);
    await queryRunner.query(`ALTER TABLE "review"."versions" ADD "published_at" TIMESTAMP WITH TIME ZONE`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "review"."versions" DROP COLUMN "published_at"`);
    await queryRunner.query(`ALTER TABLE "review"."versions" DROP COLUMN "signature"`);
  }
}
