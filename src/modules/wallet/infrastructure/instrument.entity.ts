import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A card or bank account a user funds the wallet from. Never the card number, the CVC or the full IBAN. */
@Entity({ schema: 'wallet', name: 'instruments' })
@Index('instruments_owner_idx', ['ownerId'], { where: 'removed_at IS NULL' })
@Check('instruments_kind_check', `kind IN ('card', 'bank-account')`)
export class InstrumentEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ name: 'owner_id', type: 'uuid' })
  ownerId: string;

  @Column({ type: 'text' })
  kind: 'card' | 'bank-account';

  /** The payment provider's token for the card: what a charge is made with. */
  @Column({ name: 'provider_token', type: 'text', nullable: true })
  providerToken: string | null;

  @Column({ type: 'text', nullable: true })
  brand: string | null;

  @Column({ type: 'char', length: 4, nullable: true })
  last4: string | null;

  @Column({ name: 'exp_month', type: 'integer', nullable: true })
  expMonth: number | null;

  @Column({ name: 'exp_year', type: 'integer', nullable: true })
  expYear: number | null;

  @Column({ name: 'iban_masked', type: 'text', nullable: true })
  ibanMasked: string | null;

  @Column({ type: 'char', length: 2, nullable: true })
  country: string | null;

  @Column({ name: 'holder_name', type: 'text', nullable: true })
  holderName: string | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'clock_timestamp()' })
  createdAt: Date;

  @Column({ name: 'removed_at', type: 'timestamptz', nullable: true })
  removedAt: Date | null;
}
