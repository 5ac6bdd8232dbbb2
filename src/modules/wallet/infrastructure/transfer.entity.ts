import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { TransferKind } from '../../../shared/contracts/wallet';

/** An immutable movement of `amount` from one account to another; corrections are new transfers that reverse it. */
@Entity({ schema: 'wallet', name: 'transfers' })
@Index('transfers_debit_idx', ['debitAccountId', 'createdAt'])
@Index('transfers_credit_idx', ['creditAccountId', 'createdAt'])
@Index('transfers_reverses_idx', ['reversesId'], { where: 'reverses_id IS NOT NULL' })
@Index('transfers_payment_reference_idx', ['reference'], { where: `kind = 'payment'` })
@Check('transfers_amount_check', 'amount > 0')
@Check('transfers_distinct_accounts_check', 'debit_account_id <> credit_account_id')
export class TransferEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  kind: TransferKind;

  @Column({ name: 'debit_account_id', type: 'uuid' })
  debitAccountId: string;

  @Column({ name: 'credit_account_id', type: 'uuid' })
  creditAccountId: string;

  @Column({ type: 'bigint' })
  amount: string;

  @Column({ type: 'char', length: 3 })
  currency: string;

  /** The transfer this one corrects (a refund's original). */
  @Column({ name: 'reverses_id', type: 'uuid', nullable: true })
  reversesId: string | null;

  /** Legs posted together (a payment and its fee) share a group. */
  @Column({ name: 'group_id', type: 'uuid', nullable: true })
  groupId: string | null;

  @Column({ name: 'hold_id', type: 'uuid', nullable: true })
  holdId: string | null;

  @Column({ type: 'text', nullable: true })
  reference: string | null;

  @Column({ type: 'text', nullable: true })
  note: string | null;

  /** `user:<id>`, `module:<name>` or `system:<job>`. */
  @Column({ name: 'initiated_by', type: 'text' })
  initiatedBy: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'clock_timestamp()' })
  createdAt: Date;
}
