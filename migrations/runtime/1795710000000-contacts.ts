import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The runtime's read model of contacts (who owns which wallet account, who paid whom person to person), kept from wallet's events. */
export class Contacts1795710000000 implements MigrationInterface {
  name = 'Contacts1795710000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "runtime"."wallet_accounts" ("account_id" uuid NOT NULL, "user_id" uuid NOT NULL, CONSTRAINT "PK_d1048f97455b5194e20c3beec35" PRIMARY KEY ("account_id"))`,
    );
    await queryRunner.query(`CREATE INDEX "wallet_accounts_user_idx" ON "runtime"."wallet_accounts"  ("user_id")`);
    await queryRunner.query(
      `CREATE TABLE "runtime"."counterparties" ("account_id" uuid NOT NULL, "counterparty_account_id" uuid NOT NULL, "last_paid_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_9cbe2b49d441a9bc26e9bcc9dba" PRIMARY KEY ("account_id", "counterparty_account_id"))`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "runtime"."counterparties"`);
    await queryRunner.query(`DROP TABLE "runtime"."wallet_accounts"`);
  }
}
