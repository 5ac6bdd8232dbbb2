import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every status change of a delivery wrote an entry in (status, subscriber), an index only the
 * admin listing used. Failed deliveries, the one status an operator looks for, get a small partial
 * index instead. The table churns like a queue: autovacuum is asked to visit it far more often
 * than the default 20 % of dead rows.
 */
export class LighterDeliveryIndexes1795310000000 implements MigrationInterface {
  name = 'LighterDeliveryIndexes1795310000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "bus"."deliveries_status_idx"`);
    await queryRunner.query(
      `CREATE INDEX "deliveries_failed_idx" ON "bus"."deliveries" ("id") WHERE status = 'failed'`,
    );
    await queryRunner.query(
      `ALTER TABLE "bus"."deliveries" SET (autovacuum_vacuum_scale_factor = 0.01, autovacuum_analyze_scale_factor = 0.02, fillfactor = 80)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "bus"."deliveries" RESET (autovacuum_vacuum_scale_factor, autovacuum_analyze_scale_factor, fillfactor)`,
    );
    await queryRunner.query(`DROP INDEX "bus"."deliveries_failed_idx"`);
    await queryRunner.query(`CREATE INDEX "deliveries_status_idx" ON "bus"."deliveries" ("status", "subscriber")`);
  }
}
