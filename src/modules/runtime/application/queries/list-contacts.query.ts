import { QueryHandler, type IQueryHandler, Query } from '@nestjs/cqrs';
import { BrokeredAccess, permissionDenied } from '../brokered-access';
import { OpenLaunches } from '../open-launches';
import { type Contact, ContactBook } from '../ports/contact-book';

/** At most this many are offered: the picker is a short list of recent people, not a directory. */
export const CONTACTS_OFFERED = 50;

export class ListContacts extends Query<Contact[]> {
  constructor(
    readonly userId: string,
    readonly launchId: string,
  ) {
    super();
  }
}

/**
 * The people the shell's contact picker offers the user, once the mini-app holds `contacts`:
 * shown to the user only, so nothing is handed over (and nothing logged) until one is picked.
 */
@QueryHandler(ListContacts)
export class ListContactsHandler implements IQueryHandler<ListContacts, Contact[]> {
  constructor(
    private readonly openLaunches: OpenLaunches,
    private readonly access: BrokeredAccess,
    private readonly contacts: ContactBook,
  ) {}

  async execute({ userId, launchId }: ListContacts): Promise<Contact[]> {
    const answer = await this.access.check(await this.openLaunches.require(userId, launchId), 'contacts');
    if (!answer.allowed) throw permissionDenied(answer);
    return this.contacts.list(userId, CONTACTS_OFFERED);
  }
}
