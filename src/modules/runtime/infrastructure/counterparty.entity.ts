import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * An account that paid, or was paid by, another in a person-to-person transfer (one row per
 * direction), kept from `wallet.transfer-completed`: a web page has no address book, so the
 * contacts a user can pick for `superapp.chooseContact()` are the people they exchanged money with.
 */
@Entity({ schema: 'runtime', name: 'counterparties' })
export class CounterpartyEntity {
  @PrimaryColumn({ name: 'account_id', type: 'uuid' })
  accountId: string;

  @PrimaryColumn({ name: 'counterparty_account_id', type: 'uuid' })
  counterpartyAccountId: string;

  @Column({ name: 'last_paid_at', type: 'timestamptz' })
  lastPaidAt: Date;
}
