import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The user's privacy report, built from events only: mini-apps' names, each user's consent
 * decisions and their history, brokered accesses and origins reached, launches, payments, and the
 * mini-apps a user made the platform forget, and the people erased (so late events of before are
 * not taken in again).
 */
export class PrivacyReport1796040000000 implements MigrationInterface {
  name = 'PrivacyReport1796040000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE SCHEMA IF NOT EXISTS "privacy"`);
    await queryRunner.query(
      `CREATE TABLE "privacy"."report_mini_apps" ("mini_app_id" uuid NOT NULL, "slug" text NOT NULL, "name" text, CONSTRAINT "report_mini_apps_pkey" PRIMARY KEY ("mini_app_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "privacy"."report_consents" ("user_id" uuid NOT NULL, "mini_app_id" uuid NOT NULL, "scope" text NOT NULL, "state" text NOT NULL, "purpose" text NOT NULL,
        "decided_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "report_consents_pkey" PRIMARY KEY ("user_id", "mini_app_id", "scope"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "privacy"."report_consent_history" ("event_id" uuid NOT NULL, "user_id" uuid NOT NULL, "mini_app_id" uuid NOT NULL, "scope" text NOT NULL, "action" text NOT NULL, "purpose" text,
        "at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "report_consent_history_pkey" PRIMARY KEY ("event_id", "user_id", "scope"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "report_consent_history_user_idx" ON "privacy"."report_consent_history" ("user_id", "mini_app_id")`,
    );
    await queryRunner.query(
      `CREATE TABLE "privacy"."report_accesses" ("event_id" uuid NOT NULL, "user_id" uuid NOT NULL, "mini_app_id" uuid NOT NULL, "scope" text NOT NULL, "domain" text,
        "at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "report_accesses_pkey" PRIMARY KEY ("event_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "report_accesses_user_idx" ON "privacy"."report_accesses" ("user_id", "mini_app_id")`,
    );
    await queryRunner.query(`CREATE INDEX "report_accesses_at_idx" ON "privacy"."report_accesses" ("at")`);
    await queryRunner.query(
      `CREATE TABLE "privacy"."report_launches" ("launch_id" uuid NOT NULL, "user_id" uuid NOT NULL, "mini_app_id" uuid NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL,
        CONSTRAINT "report_launches_pkey" PRIMARY KEY ("launch_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "report_launches_user_idx" ON "privacy"."report_launches" ("user_id", "mini_app_id")`,
    );
    await queryRunner.query(`CREATE INDEX "report_launches_at_idx" ON "privacy"."report_launches" ("at")`);
    await queryRunner.query(
      `CREATE TABLE "privacy"."report_payments" ("order_id" uuid NOT NULL, "user_id" uuid NOT NULL, "mini_app_id" uuid NOT NULL, "amount" bigint NOT NULL, "refunded_amount" bigint NOT NULL,
        "currency" character(3) NOT NULL, "state" text NOT NULL, "sequence" integer NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "report_payments_pkey" PRIMARY KEY ("order_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "report_payments_user_idx" ON "privacy"."report_payments" ("user_id", "mini_app_id")`,
    );
    await queryRunner.query(
      `CREATE TABLE "privacy"."report_forgotten" ("user_id" uuid NOT NULL, "mini_app_id" uuid NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL,
        CONSTRAINT "report_forgotten_pkey" PRIMARY KEY ("user_id", "mini_app_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "privacy"."report_erased" ("user_id" uuid NOT NULL, "erased_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "report_erased_pkey" PRIMARY KEY ("user_id"))`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'erased',
      'forgotten',
      'payments',
      'launches',
      'accesses',
      'consent_history',
      'consents',
      'mini_apps',
    ])
      await queryRunner.query(`DROP TABLE "privacy"."report_${table}"`);
  }
}
