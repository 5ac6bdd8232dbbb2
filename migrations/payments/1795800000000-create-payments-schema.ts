import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Mini-app checkout: the read models payments keeps of mini-apps and their merchant accounts, the
 * orders with their confirmations and refunds, and the merchant notifications with every attempt.
 */
export class CreatePaymentsSchema1795800000000 implements MigrationInterface {
  name = 'CreatePaymentsSchema1795800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE SCHEMA IF NOT EXISTS "payments"`);
    await queryRunner.query(
      `CREATE TABLE "payments"."mini_apps" ("mini_app_id" uuid NOT NULL, "slug" text NOT NULL, "owner_id" uuid NOT NULL, "name" text, "domains" text[] NOT NULL DEFAULT '{}', "live" boolean NOT NULL DEFAULT false,
        "webhook_secret" bytea, "previous_webhook_secret" bytea, "previous_valid_until" TIMESTAMP WITH TIME ZONE,
        CONSTRAINT "payments_mini_apps_slug_key" UNIQUE ("slug"), CONSTRAINT "payments_mini_apps_pkey" PRIMARY KEY ("mini_app_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "payments"."merchant_accounts" ("mini_app_id" uuid NOT NULL, "currency" character(3) NOT NULL, "account_id" uuid NOT NULL, CONSTRAINT "merchant_accounts_pkey" PRIMARY KEY ("mini_app_id", "currency"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "payments"."disabled_endpoints" ("mini_app_id" uuid NOT NULL, "url" text NOT NULL, "disabled_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "disabled_endpoints_pkey" PRIMARY KEY ("mini_app_id", "url"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "payments"."orders" ("id" uuid NOT NULL, "mini_app_id" uuid NOT NULL, "openid" text NOT NULL, "user_id" uuid NOT NULL, "amount" bigint NOT NULL, "currency" character(3) NOT NULL,
        "description" text NOT NULL, "merchant_reference" text NOT NULL, "notify_url" text NOT NULL, "state" text NOT NULL, "failure_reason" text, "refunded_amount" bigint NOT NULL DEFAULT 0,
        "payment_transfer_id" uuid, "sequence" integer NOT NULL DEFAULT 0, "idempotency_key" text NOT NULL, "request_fingerprint" character(64) NOT NULL,
        "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        CONSTRAINT "orders_state_check" CHECK (state IN ('created', 'paid', 'failed', 'expired', 'partially-refunded', 'refunded')),
        CONSTRAINT "orders_amount_check" CHECK (amount > 0 AND refunded_amount >= 0 AND refunded_amount <= amount),
        CONSTRAINT "orders_request_key" UNIQUE ("mini_app_id", "idempotency_key"), CONSTRAINT "orders_pkey" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "orders_open_expiry_idx" ON "payments"."orders" ("expires_at") WHERE state IN ('created', 'failed')`,
    );
    await queryRunner.query(
      `CREATE TABLE "payments"."confirmations" ("order_id" uuid NOT NULL, "idempotency_key" text NOT NULL, "user_id" uuid NOT NULL, "answer" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        CONSTRAINT "confirmations_pkey" PRIMARY KEY ("order_id", "idempotency_key"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "payments"."refunds" ("id" uuid NOT NULL, "order_id" uuid NOT NULL, "idempotency_key" text NOT NULL, "request_fingerprint" character(64) NOT NULL, "amount" bigint NOT NULL, "transfer_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        CONSTRAINT "refunds_amount_check" CHECK (amount > 0), CONSTRAINT "refunds_request_key" UNIQUE ("order_id", "idempotency_key"), CONSTRAINT "refunds_pkey" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "payments"."notifications" ("id" uuid NOT NULL, "order_id" uuid NOT NULL, "mini_app_id" uuid NOT NULL, "sequence" integer NOT NULL, "type" text NOT NULL, "payload" jsonb NOT NULL, "url" text NOT NULL,
        "status" text NOT NULL DEFAULT 'pending', "attempts" integer NOT NULL DEFAULT 0, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "settled_at" TIMESTAMP WITH TIME ZONE,
        CONSTRAINT "notifications_status_check" CHECK (status IN ('pending', 'delivered', 'failed', 'endpoint-disabled')),
        CONSTRAINT "notifications_order_sequence_key" UNIQUE ("order_id", "sequence"), CONSTRAINT "notifications_pkey" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "payments"."notification_attempts" ("id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "notification_id" uuid NOT NULL, "trigger" text NOT NULL, "outcome" text NOT NULL, "status" integer, "duration_ms" integer NOT NULL, "error" text, "at" TIMESTAMP WITH TIME ZONE NOT NULL,
        CONSTRAINT "notification_attempts_pkey" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "notification_attempts_notification_idx" ON "payments"."notification_attempts" ("notification_id", "id")`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP SCHEMA "payments" CASCADE`);
  }
}
