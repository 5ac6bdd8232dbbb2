import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Notices to mini-app backends (a user forgot the mini-app, a user was erased): each mini-app's
 * notice endpoint, the notices with their delivery state, and how many times each user made the
 * platform forget each mini-app (the pairwise id's generation: a forgotten mini-app gets a new id).
 */
export class BackendNotices1796030000000 implements MigrationInterface {
  name = 'BackendNotices1796030000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "runtime"."notice_endpoints" ("mini_app_id" uuid NOT NULL, "url" text NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "notice_endpoints_pkey" PRIMARY KEY ("mini_app_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "runtime"."notices" ("id" uuid NOT NULL, "mini_app_id" uuid NOT NULL, "openid" text NOT NULL, "kind" text NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "status" text NOT NULL, "attempts" integer NOT NULL DEFAULT 0, "last_outcome" text, "last_status" integer, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "settled_at" TIMESTAMP WITH TIME ZONE,
        CONSTRAINT "notices_pkey" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "notices_settled_idx" ON "runtime"."notices" ("settled_at")`);
    await queryRunner.query(
      `CREATE TABLE "runtime"."pairwise_generations" ("user_id" uuid NOT NULL, "mini_app_id" uuid NOT NULL, "generation" integer NOT NULL, CONSTRAINT "pairwise_generations_pkey" PRIMARY KEY ("user_id", "mini_app_id"))`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "runtime"."pairwise_generations"`);
    await queryRunner.query(`DROP TABLE "runtime"."notices"`);
    await queryRunner.query(`DROP TABLE "runtime"."notice_endpoints"`);
  }
}
