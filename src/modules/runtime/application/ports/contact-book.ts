export interface Contact {
  userId: string;
  displayName: string;
}

/** The people a user exchanged money with, kept from wallet's events: what `chooseContact()` offers. */
export abstract class ContactBook {
  /** Records who owns these wallet accounts. */
  abstract keepAccounts(accounts: ReadonlyArray<{ accountId: string; userId: string }>): Promise<void>;
  /** Records person-to-person payments between accounts, each in both directions (the latest payment's time is kept). */
  abstract keepPayments(
    payments: ReadonlyArray<{ fromAccountId: string; toAccountId: string; at: Date }>,
  ): Promise<void>;
  /** The user's contacts, the most recently paid first. */
  abstract list(userId: string, limit: number): Promise<Contact[]>;
  abstract find(userId: string, contactUserId: string): Promise<Contact | null>;
}
