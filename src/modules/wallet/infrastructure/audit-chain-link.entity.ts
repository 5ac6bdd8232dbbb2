import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A record's place in the hash chain: hash = SHA-256(previous hash ‖ canonical JSON of the record's facts). */
@Entity({ schema: 'wallet', name: 'audit_chain' })
export class AuditChainLinkEntity {
  /** 1, 2, 3…: the chain's order, which is the order records were sealed in (after their commits). */
  @PrimaryColumn({ type: 'bigint' })
  position: string;

  @Column({ type: 'bigint', unique: true })
  seq: string;

  @Column({ name: 'previous_hash', type: 'char', length: 64 })
  previousHash: string;

  @Column({ type: 'char', length: 64, unique: true })
  hash: string;

  @Column({ name: 'sealed_at', type: 'timestamptz', default: () => 'clock_timestamp()' })
  sealedAt: Date;
}
