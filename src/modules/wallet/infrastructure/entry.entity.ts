import { Check, Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One side of a transfer: negative on the debited account, positive on the credited one; each transfer's entries sum to zero. */
@Entity({ schema: 'wallet', name: 'entries' })
@Index('entries_account_idx', ['accountId', 'id'])
@Index('entries_transfer_idx', ['transferId'])
@Check('entries_amount_check', 'amount <> 0')
export class EntryEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id: string;

  @Column({ name: 'transfer_id', type: 'uuid' })
  transferId: string;

  @Column({ name: 'account_id', type: 'uuid' })
  accountId: string;

  @Column({ type: 'bigint' })
  amount: string;

  @Column({ type: 'char', length: 3 })
  currency: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'clock_timestamp()' })
  createdAt: Date;
}
