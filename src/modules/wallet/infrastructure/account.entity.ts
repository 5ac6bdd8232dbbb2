import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { AccountKind } from '../domain/account';

/**
 * A ledger account with its balances cached on the row, changed in the same transaction as the
 * entries. PostgreSQL itself refuses a stored-value account below zero, whatever the code does.
 */
@Entity({ schema: 'wallet', name: 'accounts' })
@Index('accounts_user_currency_key', ['ownerId', 'currency'], { unique: true, where: `kind = 'user'` })
@Index('accounts_system_code_key', ['code', 'currency'], { unique: true, where: `kind = 'system'` })
@Index('accounts_merchant_owner_idx', ['ownerId'], { where: `kind = 'merchant'` })
@Index('accounts_mini_app_currency_key', ['miniAppId', 'currency'], { unique: true, where: `mini_app_id IS NOT NULL` })
@Check('accounts_kind_check', `kind IN ('user', 'merchant', 'system')`)
@Check('accounts_stored_value_check', `kind = 'system' OR posted - pending_debits >= 0`)
@Check('accounts_pending_check', `pending_debits >= 0 AND pending_credits >= 0`)
export class AccountEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  kind: AccountKind;

  @Column({ name: 'owner_id', type: 'uuid', nullable: true })
  ownerId: string | null;

  /** A system account's role (`funding`, `fees`); null for others. */
  @Column({ type: 'text', nullable: true })
  code: string | null;

  /** The mini-app a merchant account takes payments for (opened for it when it was registered); null for others. */
  @Column({ name: 'mini_app_id', type: 'uuid', nullable: true })
  miniAppId: string | null;

  /** A merchant account's display name. */
  @Column({ type: 'text', nullable: true })
  name: string | null;

  @Column({ type: 'char', length: 3 })
  currency: string;

  @Column({ type: 'bigint', default: 0 })
  posted: string;

  @Column({ name: 'pending_debits', type: 'bigint', default: 0 })
  pendingDebits: string;

  @Column({ name: 'pending_credits', type: 'bigint', default: 0 })
  pendingCredits: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'clock_timestamp()' })
  createdAt: Date;

  /** When its owner was erased: a closed account takes part in no movement any more. */
  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt: Date | null;
}
