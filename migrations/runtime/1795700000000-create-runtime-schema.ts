import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The mini-app runtime: its read models (live mini-apps, user profiles), launches, pairwise ids,
 * login codes, server credentials, consent (current decisions and the ledger), storage and the
 * access log.
 */
export class CreateRuntimeSchema1795700000000 implements MigrationInterface {
  name = 'CreateRuntimeSchema1795700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE SCHEMA IF NOT EXISTS "runtime"`);
    await queryRunner.query(
      `CREATE TABLE "runtime"."access_log" ("id" uuid NOT NULL, "user_id" uuid NOT NULL, "mini_app_id" uuid NOT NULL, "launch_id" uuid NOT NULL, "scope" text NOT NULL, "outcome" text NOT NULL, "domain" text, "status" integer, "request_bytes" integer, "response_bytes" integer, "at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_bd09621fb73b42d9e32b85ae41f" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "access_log_user_idx" ON "runtime"."access_log"  ("user_id", "at")`);
    await queryRunner.query(`CREATE INDEX "access_log_at_idx" ON "runtime"."access_log"  ("at")`);
    await queryRunner.query(
      `CREATE TABLE "runtime"."consent_records" ("id" uuid NOT NULL, "user_id" uuid NOT NULL, "mini_app_id" uuid NOT NULL, "scope" text NOT NULL, "action" text NOT NULL, "purpose" text NOT NULL, "manifest_version" text NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_030be152eaa44998166470b2ccc" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "consent_records_user_idx" ON "runtime"."consent_records"  ("user_id", "mini_app_id", "at")`,
    );
    await queryRunner.query(
      `CREATE TABLE "runtime"."consents" ("user_id" uuid NOT NULL, "mini_app_id" uuid NOT NULL, "scope" text NOT NULL, "state" text NOT NULL, "purpose" text NOT NULL, "manifest_version" text NOT NULL, "decided_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_183c50bcecaa05afd74ae0d929e" PRIMARY KEY ("user_id", "mini_app_id", "scope"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "consents_mini_app_scope_idx" ON "runtime"."consents"  ("mini_app_id", "scope")`,
    );
    await queryRunner.query(
      `CREATE TABLE "runtime"."launches" ("id" uuid NOT NULL, "user_id" uuid NOT NULL, "mini_app_id" uuid NOT NULL, "version" text NOT NULL, "bundle_digest" character(64) NOT NULL, "launched_at" TIMESTAMP WITH TIME ZONE NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "load_time_ms" integer, CONSTRAINT "PK_70fec2baf57301db60068f44035" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "launches_launched_at_idx" ON "runtime"."launches"  ("launched_at")`);
    await queryRunner.query(
      `CREATE TABLE "runtime"."login_codes" ("code_hash" character(64) NOT NULL, "launch_id" uuid NOT NULL, "mini_app_id" uuid NOT NULL, "user_id" uuid NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_7869623b464d15ba8325fae3506" PRIMARY KEY ("code_hash"))`,
    );
    await queryRunner.query(`CREATE INDEX "login_codes_expires_at_idx" ON "runtime"."login_codes"  ("expires_at")`);
    await queryRunner.query(
      `CREATE TABLE "runtime"."mini_apps" ("mini_app_id" uuid NOT NULL, "slug" text NOT NULL, "owner_id" uuid, "name" text, "category" text, "live_version" text, "entry" text, "bundle_digest" character(64), "bundle_signature" text, "permissions" jsonb NOT NULL DEFAULT '[]', "domains" jsonb NOT NULL DEFAULT '[]', "live_since" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_050b09db640b511352a01820040" PRIMARY KEY ("mini_app_id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "mini_apps_slug_key" ON "runtime"."mini_apps"  ("slug")`);
    await queryRunner.query(
      `CREATE TABLE "runtime"."pairwise_ids" ("mini_app_id" uuid NOT NULL, "user_id" uuid NOT NULL, "openid" text NOT NULL, CONSTRAINT "PK_c185ad076792035fe187b417136" PRIMARY KEY ("mini_app_id", "user_id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "pairwise_ids_openid_key" ON "runtime"."pairwise_ids"  ("mini_app_id", "openid")`,
    );
    await queryRunner.query(
      `CREATE TABLE "runtime"."server_credentials" ("mini_app_id" uuid NOT NULL, "secret_hash" character(64) NOT NULL, "previous_secret_hash" character(64), "previous_valid_until" TIMESTAMP WITH TIME ZONE, "rotated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_688f6511ba0de4a1d752b24912e" PRIMARY KEY ("mini_app_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "runtime"."storage_items" ("user_id" uuid NOT NULL, "mini_app_id" uuid NOT NULL, "key" text NOT NULL, "value" jsonb NOT NULL, "bytes" integer NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_8c42c3223d78a738b60c2ea2317" PRIMARY KEY ("user_id", "mini_app_id", "key"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "runtime"."user_profiles" ("user_id" uuid NOT NULL, "display_name" text NOT NULL, "avatar_url" text, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_6ca9503d77ae39b4b5a6cc3ba88" PRIMARY KEY ("user_id"))`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP SCHEMA "runtime" CASCADE`);
  }
}
