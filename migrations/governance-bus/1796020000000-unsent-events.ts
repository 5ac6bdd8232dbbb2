import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Events committed but not yet acknowledged by the broker (BUS_TRANSPORT=nats, ADR 0033): the
 * relay publishes them in position order and deletes their row once JetStream has stored them.
 * In process the table stays empty.
 */
export class UnsentEvents1796020000000 implements MigrationInterface {
  name = 'UnsentEvents1796020000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "bus"."unsent" ("position" bigint NOT NULL, "event_id" uuid NOT NULL, CONSTRAINT "unsent_pkey" PRIMARY KEY ("position"))`,
    );
    await queryRunner.query(`ALTER TABLE "bus"."unsent" SET (autovacuum_vacuum_scale_factor = 0.01)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "bus"."unsent"`);
  }
}
