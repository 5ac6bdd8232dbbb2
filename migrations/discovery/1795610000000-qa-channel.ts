import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The QA channel: approved versions reviewers can open before they go live. */
export class QaChannel1795610000000 implements MigrationInterface {
  name = 'QaChannel1795610000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "discovery"."qa_listings" ("slug" text NOT NULL, "version" text NOT NULL, "mini_app_id" uuid NOT NULL, "name" text NOT NULL, "category" text NOT NULL, "description" text NOT NULL, "entry" text NOT NULL, "permissions" jsonb NOT NULL, "domains" jsonb NOT NULL, "bundle_digest" character(64) NOT NULL, "signature" text, "published_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_57bf5a7094a891d3a5ca71c01c6" PRIMARY KEY ("slug", "version"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "qa_listings_category_idx" ON "discovery"."qa_listings" ("category", "name")`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "discovery"."qa_listings"`);
  }
}
