export interface Instrument {
  id: string;
  ownerId: string;
  kind: 'card' | 'bank-account';
  providerToken: string | null;
  brand: string | null;
  last4: string | null;
  expMonth: number | null;
  expYear: number | null;
  ibanMasked: string | null;
  country: string | null;
  holderName: string | null;
  createdAt: Date;
}

export abstract class InstrumentRepository {
  abstract insert(instrument: Omit<Instrument, 'createdAt'>): Promise<Instrument>;
  /**
   * The owner's instrument, or null (also when it is someone else's or was removed). Held with a
   * share lock to the end of the unit of work: it cannot be removed while a charge on it runs.
   */
  abstract findOwned(ownerId: string, instrumentId: string): Promise<Instrument | null>;
  abstract listOwned(ownerId: string): Promise<Instrument[]>;
  abstract remove(ownerId: string, instrumentId: string): Promise<boolean>;
  /** An erasure: every instrument of the owner is removed, its token and holder's name with it. */
  abstract eraseOwnedBy(ownerId: string): Promise<void>;
}
