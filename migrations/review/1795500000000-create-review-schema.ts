import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The review module: mini-apps, their versions through the pipeline, and the bundles by SHA-256. */
export class CreateReviewSchema1795500000000 implements MigrationInterface {
  name = 'CreateReviewSchema1795500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE SCHEMA IF NOT EXISTS "review"`);
    await queryRunner.query(
      `CREATE TABLE "review"."mini_apps" ("id" uuid NOT NULL, "slug" text NOT NULL, "name" text NOT NULL, "category" text NOT NULL, "description" text NOT NULL, "developer_id" uuid NOT NULL, "live_version" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(), CONSTRAINT "UQ_cf1175f4d4ac667458c44fa498c" UNIQUE ("slug"), CONSTRAINT "PK_b35d202eb2511d471bc3ac68510" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "mini_apps_developer_idx" ON "review"."mini_apps"  ("developer_id")`);
    await queryRunner.query(
      `CREATE TABLE "review"."versions" ("id" uuid NOT NULL, "mini_app_id" uuid NOT NULL, "version" text NOT NULL, "status" text NOT NULL, "manifest" jsonb NOT NULL, "bundle_digest" character(64) NOT NULL, "bundle_bytes" integer NOT NULL, "file_count" integer NOT NULL, "findings" jsonb NOT NULL, "reasons" jsonb, "submitted_by" uuid NOT NULL, "submitted_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(), "status_changed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(), "decided_by" text, "decided_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "versions_mini_app_version_key" UNIQUE ("mini_app_id", "version"), CONSTRAINT "PK_921e9a820c96cc2cd7d4b3a107b" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "versions_queue_idx" ON "review"."versions"  ("status", "submitted_at")`);
    await queryRunner.query(
      `CREATE TABLE "review"."bundles" ("digest" character(64) NOT NULL, "content" bytea NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(), CONSTRAINT "PK_6e3c54d91d551d1824f42f50074" PRIMARY KEY ("digest"))`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP SCHEMA "review" CASCADE`);
  }
}
