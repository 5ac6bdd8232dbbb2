import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Whose wallet account is whose, kept from `wallet.opened`: it turns the ledger's account ids into people. */
@Entity({ schema: 'runtime', name: 'wallet_accounts' })
@Index('wallet_accounts_user_idx', ['userId'])
export class WalletAccountEntity {
  @PrimaryColumn({ name: 'account_id', type: 'uuid' })
  accountId: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;
}
