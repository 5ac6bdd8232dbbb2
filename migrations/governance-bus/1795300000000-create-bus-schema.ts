import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateBusSchema1795300000000 implements MigrationInterface {
  name = 'CreateBusSchema1795300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE SCHEMA IF NOT EXISTS "bus"`);
    await queryRunner.query(
      `CREATE TABLE "bus"."events" ("id" uuid NOT NULL, "position" BIGSERIAL NOT NULL, "type" text NOT NULL, "version" integer NOT NULL, "producer" text NOT NULL, "key" text NOT NULL, "payload" jsonb NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(), "correlation_id" text NOT NULL, "causation_id" text, "traceparent" text, CONSTRAINT "UQ_d5e01c63c9c1aa38b3c7015184b" UNIQUE ("position"), CONSTRAINT "PK_40731c7151fe4be3116e45ddf73" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "events_key_idx" ON "bus"."events" ("key")`);
    await queryRunner.query(`CREATE INDEX "events_type_recorded_idx" ON "bus"."events" ("type", "recorded_at")`);
    await queryRunner.query(
      `CREATE TABLE "bus"."deliveries" ("id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "event_id" uuid NOT NULL, "subscriber" text NOT NULL, "event_type" text NOT NULL, "key" text NOT NULL, "position" bigint NOT NULL, "status" text NOT NULL, "attempts" integer NOT NULL DEFAULT '0', "max_attempts" integer NOT NULL, "last_error" text, "available_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(), "lease_until" TIMESTAMP WITH TIME ZONE, "claim_token" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(), "completed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "deliveries_event_subscriber_key" UNIQUE ("event_id", "subscriber"), CONSTRAINT "PK_a6ef225c5c5f0974e503bfb731f" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "deliveries_lease_idx" ON "bus"."deliveries" ("lease_until") WHERE status = 'processing'`,
    );
    await queryRunner.query(`CREATE INDEX "deliveries_status_idx" ON "bus"."deliveries" ("status", "subscriber")`);
    await queryRunner.query(
      `CREATE INDEX "deliveries_chain_idx" ON "bus"."deliveries" ("subscriber", "key", "position") WHERE status IN ('pending', 'processing')`,
    );
    await queryRunner.query(
      `CREATE INDEX "deliveries_due_idx" ON "bus"."deliveries" ("available_at") WHERE status = 'pending'`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "bus"."deliveries"`);
    await queryRunner.query(`DROP TABLE "bus"."events"`);
    await queryRunner.query(`DROP SCHEMA "bus"`);
  }
}
