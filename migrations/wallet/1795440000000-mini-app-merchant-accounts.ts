import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A merchant account may belong to a mini-app (opened for it at registration): one per mini-app and currency. */
export class MiniAppMerchantAccounts1795440000000 implements MigrationInterface {
  name = 'MiniAppMerchantAccounts1795440000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "wallet"."accounts" ADD "mini_app_id" uuid`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "accounts_mini_app_currency_key" ON "wallet"."accounts"  ("mini_app_id", "currency") WHERE mini_app_id IS NOT NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "wallet"."accounts_mini_app_currency_key"`);
    await queryRunner.query(`ALTER TABLE "wallet"."accounts" DROP COLUMN "mini_app_id"`);
  }
}
