import type { MigrationInterface, QueryRunner } from 'typeorm';

/** An index for the sweep that deletes settled merchant notifications and their attempt logs. */
export class NotificationRetention1795860000000 implements MigrationInterface {
  name = 'NotificationRetention1795860000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "notifications_settled_idx" ON "payments"."notifications" ("settled_at") WHERE "settled_at" IS NOT NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "payments"."notifications_settled_idx"`);
  }
}
