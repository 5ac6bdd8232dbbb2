export interface Contact {
  userId: string;
  displayName: string;
}

/** The people a user exchanged money with, kept from wallet's events: what `chooseContact()` offers. */
export abstract class ContactBook {
  abstract keepAccount(accountId: string, userId: string): Promise<void>;
  /** Records a person-to-person payment between two accounts, in both directions. */
  abstract keepPayment(fromAccountId: string, toAccountId: string, at: Date): Promise<void>;
  /** The user's contacts, the most recently paid first. */
  abstract list(userId: string, limit: number): Promise<Contact[]>;
  abstract find(userId: string, contactUserId: string): Promise<Contact | null>;
}
