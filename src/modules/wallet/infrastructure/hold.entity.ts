import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { HoldStatus } from '../domain/hold';

/** Money reserved on the payer's account for a payee until captured, voided or expired. */
@Entity({ schema: 'wallet', name: 'holds' })
@Index('holds_expiry_idx', ['expiresAt'], { where: `status = 'pending'` })
@Index('holds_payer_idx', ['payerAccountId'])
@Index('holds_payee_idx', ['payeeAccountId'])
@Check('holds_amount_check', 'amount > 0')
@Check('holds_status_check', `status IN ('pending', 'captured', 'voided', 'expired')`)
export class HoldEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ name: 'payer_account_id', type: 'uuid' })
  payerAccountId: string;

  @Column({ name: 'payee_account_id', type: 'uuid' })
  payeeAccountId: string;

  @Column({ type: 'bigint' })
  amount: string;

  @Column({ type: 'char', length: 3 })
  currency: string;

  @Column({ type: 'text' })
  status: HoldStatus;

  @Column({ name: 'captured_amount', type: 'bigint', nullable: true })
  capturedAmount: string | null;

  @Column({ name: 'capture_transfer_id', type: 'uuid', nullable: true })
  captureTransferId: string | null;

  @Column({ name: 'created_by', type: 'text' })
  createdBy: string;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'clock_timestamp()' })
  createdAt: Date;

  @Column({ name: 'settled_at', type: 'timestamptz', nullable: true })
  settledAt: Date | null;
}
