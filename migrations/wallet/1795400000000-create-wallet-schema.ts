import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The wallet's ledger: accounts with cached balances, immutable transfers and their entries,
 * holds, payment instruments, idempotency keys and the hash-chained audit log. Transfers,
 * entries and the audit log refuse to be changed or deleted, in PostgreSQL itself: corrections
 * are new transfers, never edits.
 */
export class CreateWalletSchema1795400000000 implements MigrationInterface {
  name = 'CreateWalletSchema1795400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE SCHEMA IF NOT EXISTS "wallet"`);
    await queryRunner.query(
      `CREATE TABLE "wallet"."accounts" ("id" uuid NOT NULL, "kind" text NOT NULL, "owner_id" uuid, "code" text, "name" text, "currency" character(3) NOT NULL, "posted" bigint NOT NULL DEFAULT '0', "pending_debits" bigint NOT NULL DEFAULT '0', "pending_credits" bigint NOT NULL DEFAULT '0', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(), CONSTRAINT "accounts_pending_check" CHECK (pending_debits >= 0 AND pending_credits >= 0), CONSTRAINT "accounts_stored_value_check" CHECK (kind = 'system' OR posted - pending_debits >= 0), CONSTRAINT "accounts_kind_check" CHECK (kind IN ('user', 'merchant', 'system')), CONSTRAINT "PK_5a7a02c20412299d198e097a8fe" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "accounts_merchant_owner_idx" ON "wallet"."accounts"  ("owner_id") WHERE kind = 'merchant'`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "accounts_system_code_key" ON "wallet"."accounts"  ("code", "currency") WHERE kind = 'system'`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "accounts_user_currency_key" ON "wallet"."accounts"  ("owner_id", "currency") WHERE kind = 'user'`,
    );
    await queryRunner.query(
      `CREATE TABLE "wallet"."transfers" ("id" uuid NOT NULL, "kind" text NOT NULL, "debit_account_id" uuid NOT NULL, "credit_account_id" uuid NOT NULL, "amount" bigint NOT NULL, "currency" character(3) NOT NULL, "reverses_id" uuid, "group_id" uuid, "hold_id" uuid, "reference" text, "note" text, "initiated_by" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(), CONSTRAINT "transfers_distinct_accounts_check" CHECK (debit_account_id <> credit_account_id), CONSTRAINT "transfers_amount_check" CHECK (amount > 0), CONSTRAINT "PK_f712e908b465e0085b4408cabc3" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "transfers_reverses_idx" ON "wallet"."transfers"  ("reverses_id") WHERE reverses_id IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "transfers_credit_idx" ON "wallet"."transfers"  ("credit_account_id", "created_at")`,
    );
    await queryRunner.query(
      `CREATE INDEX "transfers_debit_idx" ON "wallet"."transfers"  ("debit_account_id", "created_at")`,
    );
    await queryRunner.query(
      `CREATE TABLE "wallet"."entries" ("id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "transfer_id" uuid NOT NULL, "account_id" uuid NOT NULL, "amount" bigint NOT NULL, "currency" character(3) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(), CONSTRAINT "entries_amount_check" CHECK (amount <> 0), CONSTRAINT "PK_23d4e7e9b58d9939f113832915b" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "entries_transfer_idx" ON "wallet"."entries"  ("transfer_id")`);
    await queryRunner.query(`CREATE INDEX "entries_account_idx" ON "wallet"."entries"  ("account_id", "id")`);
    await queryRunner.query(
      `CREATE TABLE "wallet"."holds" ("id" uuid NOT NULL, "payer_account_id" uuid NOT NULL, "payee_account_id" uuid NOT NULL, "amount" bigint NOT NULL, "currency" character(3) NOT NULL, "status" text NOT NULL, "captured_amount" bigint, "capture_transfer_id" uuid, "created_by" text NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(), "settled_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "holds_status_check" CHECK (status IN ('pending', 'captured', 'voided', 'expired')), CONSTRAINT "holds_amount_check" CHECK (amount > 0), CONSTRAINT "PK_a8a21700a256e0267fb43f4f7ae" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "holds_payee_idx" ON "wallet"."holds"  ("payee_account_id")`);
    await queryRunner.query(`CREATE INDEX "holds_payer_idx" ON "wallet"."holds"  ("payer_account_id")`);
    await queryRunner.query(
      `CREATE INDEX "holds_expiry_idx" ON "wallet"."holds"  ("expires_at") WHERE status = 'pending'`,
    );
    await queryRunner.query(
      `CREATE TABLE "wallet"."idempotency_keys" ("scope" text NOT NULL, "key" text NOT NULL, "fingerprint" character(64) NOT NULL, "status_code" integer NOT NULL, "body" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(), CONSTRAINT "PK_15de2f76fa9f27ad8f330983607" PRIMARY KEY ("scope", "key"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "idempotency_keys_created_idx" ON "wallet"."idempotency_keys"  ("created_at")`,
    );
    await queryRunner.query(
      `CREATE TABLE "wallet"."instruments" ("id" uuid NOT NULL, "owner_id" uuid NOT NULL, "kind" text NOT NULL, "provider_token" text, "brand" text, "last4" character(4), "exp_month" integer, "exp_year" integer, "iban_masked" text, "country" character(2), "holder_name" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(), "removed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "instruments_kind_check" CHECK (kind IN ('card', 'bank-account')), CONSTRAINT "PK_44d772c3199b38559c5fb666eb6" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "instruments_owner_idx" ON "wallet"."instruments"  ("owner_id") WHERE removed_at IS NULL`,
    );
    await queryRunner.query(
      `CREATE TABLE "wallet"."audit_log" ("seq" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "occurred_at" text NOT NULL, "actor" text NOT NULL, "action" text NOT NULL, "subject" text NOT NULL, "details" jsonb NOT NULL, "request_id" text, "previous_hash" character(64) NOT NULL, "hash" character(64) NOT NULL, CONSTRAINT "UQ_8720a34a7f1ebda6f2b3b29f7e3" UNIQUE ("hash"), CONSTRAINT "PK_ce5b9b7d945cab0a6c604bafd9e" PRIMARY KEY ("seq"))`,
    );
    await queryRunner.query(
      `CREATE FUNCTION "wallet"."refuse_change"() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN RAISE EXCEPTION '% on wallet.% is not allowed: the ledger is append-only', TG_OP, TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege'; END $$`,
    );
    for (const table of ['transfers', 'entries', 'audit_log']) {
      await queryRunner.query(
        `CREATE TRIGGER "${table}_append_only" BEFORE UPDATE OR DELETE ON "wallet"."${table}" FOR EACH ROW EXECUTE FUNCTION "wallet"."refuse_change"()`,
      );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP SCHEMA "wallet" CASCADE`);
  }
}
