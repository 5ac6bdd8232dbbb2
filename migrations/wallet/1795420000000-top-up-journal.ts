import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Top-ups are journalled, and committed, before the card is charged: a crash or a lost provider
 * answer between the charge and the posting leaves a pending row that a retry with the same
 * Idempotency-Key or the recovery sweep finishes (charging again with the same provider key is
 * the same charge). Rows are operational state, not the ledger: they change status and are pruned.
 */
export class TopUpJournal1795420000000 implements MigrationInterface {
  name = 'TopUpJournal1795420000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "wallet"."top_ups" ("id" uuid NOT NULL, "user_id" uuid NOT NULL, "idempotency_key" text NOT NULL, "instrument_id" uuid NOT NULL, "provider_token" text, "description" text NOT NULL, "amount" bigint NOT NULL, "currency" character(3) NOT NULL, "status" text NOT NULL, "charge_id" text, "decline_reason" text, "transfer_id" uuid, "attempts" integer NOT NULL DEFAULT 0, "next_attempt_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(), "resolved_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "top_ups_request_key" UNIQUE ("user_id", "idempotency_key"), CONSTRAINT "top_ups_status_check" CHECK (status IN ('pending', 'succeeded', 'declined')), CONSTRAINT "top_ups_amount_check" CHECK (amount > 0), CONSTRAINT "PK_8e4e0bba38282ae0fb06751ea81" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "top_ups_pending_idx" ON "wallet"."top_ups"  ("created_at") WHERE status = 'pending'`,
    );
    await queryRunner.query(
      `CREATE INDEX "top_ups_resolved_idx" ON "wallet"."top_ups"  ("resolved_at") WHERE status <> 'pending'`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "wallet"."top_ups"`);
  }
}
