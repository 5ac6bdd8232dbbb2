import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Discovery's read model of live mini-apps, fed by review's events. */
export class CreateDiscoverySchema1795600000000 implements MigrationInterface {
  name = 'CreateDiscoverySchema1795600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE SCHEMA IF NOT EXISTS "discovery"`);
    await queryRunner.query(
      `CREATE TABLE "discovery"."listings" ("slug" text NOT NULL, "mini_app_id" uuid NOT NULL, "name" text NOT NULL, "category" text NOT NULL, "description" text NOT NULL, "version" text NOT NULL, "entry" text NOT NULL, "permissions" jsonb NOT NULL, "domains" jsonb NOT NULL, "bundle_digest" character(64) NOT NULL, "signature" text NOT NULL, "published_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_23a9f6b054ab6ba43132dfec40c" PRIMARY KEY ("slug"))`,
    );
    await queryRunner.query(`CREATE INDEX "listings_category_idx" ON "discovery"."listings" ("category", "name")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP SCHEMA "discovery" CASCADE`);
  }
}
