import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The hash chain moves out of the movements' transactions: every movement committing had to take
 * one lock to the end of its commit to append its link, which capped the ledger at one commit at
 * a time. Records stay in wallet.audit_log, written with their movement; their links go to
 * wallet.audit_chain, sealed in order right after commit (ADR 0009). Existing links move over.
 */
export class AuditChainSealedAfterCommit1795410000000 implements MigrationInterface {
  name = 'AuditChainSealedAfterCommit1795410000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "wallet"."audit_chain" ("position" bigint NOT NULL, "seq" bigint NOT NULL, "previous_hash" character(64) NOT NULL, "hash" character(64) NOT NULL, "sealed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(), CONSTRAINT "UQ_d31e87c3f18459d04fe709c30a5" UNIQUE ("seq"), CONSTRAINT "UQ_77fa8f86307c9f941850ab69bdb" UNIQUE ("hash"), CONSTRAINT "PK_29a4f5bf27f42b17f94fb001abf" PRIMARY KEY ("position"))`,
    );
    await queryRunner.query(
      `INSERT INTO "wallet"."audit_chain" (position, seq, previous_hash, hash) SELECT row_number() OVER (ORDER BY seq), seq, previous_hash, hash FROM "wallet"."audit_log"`,
    );
    await queryRunner.query(`ALTER TABLE "wallet"."audit_log" DROP CONSTRAINT "UQ_8720a34a7f1ebda6f2b3b29f7e3"`);
    await queryRunner.query(`ALTER TABLE "wallet"."audit_log" DROP COLUMN "previous_hash", DROP COLUMN "hash"`);
    await queryRunner.query(
      `CREATE TRIGGER "audit_chain_append_only" BEFORE UPDATE OR DELETE ON "wallet"."audit_chain" FOR EACH ROW EXECUTE FUNCTION "wallet"."refuse_change"()`,
    );
  }

  async down(): Promise<void> {
    throw new Error(
      'the audit chain cannot be folded back into the log without re-sealing it; restore from a backup instead',
    );
  }
}
