import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A module asks whether it paid a merchant under its reference (an order whose record of the payment was lost). */
export class PaymentsByReference1796050000000 implements MigrationInterface {
  name = 'PaymentsByReference1796050000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "transfers_payment_reference_idx" ON "wallet"."transfers" ("reference") WHERE kind = 'payment'`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "wallet"."transfers_payment_reference_idx"`);
  }
}
