import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateIdentitySchema1795200000000 implements MigrationInterface {
  name = 'CreateIdentitySchema1795200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE SCHEMA IF NOT EXISTS "identity"`);
    await queryRunner.query(
      `CREATE TABLE "identity"."users" ("id" uuid NOT NULL, "email" text NOT NULL, "display_name" character varying(100) NOT NULL, "password_hash" text NOT NULL, "roles" text array NOT NULL DEFAULT '{user}', "locale" character varying(35), "avatar_url" character varying(2048), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_97672ac88f789774dd47f7c8be3" UNIQUE ("email"), CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "identity"."refresh_tokens" ("id" uuid NOT NULL, "family_id" uuid NOT NULL, "user_id" uuid NOT NULL, "token_hash" character(64) NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "rotated_at" TIMESTAMP WITH TIME ZONE, "revoked_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "UQ_a7838d2ba25be1342091b6695f1" UNIQUE ("token_hash"), CONSTRAINT "PK_7d8bee0204106019488c4c50ffa" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "refresh_tokens_user_idx" ON "identity"."refresh_tokens" ("user_id")`);
    await queryRunner.query(`CREATE INDEX "refresh_tokens_family_idx" ON "identity"."refresh_tokens" ("family_id")`);
    await queryRunner.query(
      `CREATE TABLE "identity"."login_throttles" ("email_hash" character(64) NOT NULL, "consecutive_failures" integer NOT NULL DEFAULT '0', "locked_until" TIMESTAMP WITH TIME ZONE, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_c28119be99a3253ab96422c83a1" PRIMARY KEY ("email_hash"))`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "identity"."login_throttles"`);
    await queryRunner.query(`DROP TABLE "identity"."refresh_tokens"`);
    await queryRunner.query(`DROP TABLE "identity"."users"`);
    await queryRunner.query(`DROP SCHEMA "identity"`);
  }
}
