import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ProblemError } from '../../../../shared/kernel/problem';
import { BrokeredAccess } from '../brokered-access';
import { OpenLaunches } from '../open-launches';
import { ContactBook } from '../ports/contact-book';
import { PairwiseIds } from '../ports/pairwise-ids';

export interface SharedContact {
  openid: string;
  displayName: string;
}

export class ShareContact extends Command<SharedContact> {
  constructor(
    readonly userId: string,
    readonly launchId: string,
    readonly contactUserId: string,
  ) {
    super();
  }
}

/**
 * `superapp.chooseContact()`: the person the user picked, as the mini-app's own pairwise id for
 * them and their display name; never the platform's user id, never anyone the user did not pick.
 */
@CommandHandler(ShareContact)
export class ShareContactHandler implements ICommandHandler<ShareContact, SharedContact> {
  constructor(
    private readonly openLaunches: OpenLaunches,
    private readonly access: BrokeredAccess,
    private readonly contacts: ContactBook,
    private readonly pairwiseIds: PairwiseIds,
  ) {}

  async execute({ userId, launchId, contactUserId }: ShareContact): Promise<SharedContact> {
    const open = await this.openLaunches.require(userId, launchId);
    // A refusal is recorded as such; a pick of someone who is not a contact hands nothing over, so is no use.
    if (!(await this.access.check(open, 'contacts')).allowed) await this.access.require(open, 'contacts');
    const contact = await this.contacts.find(userId, contactUserId);
    if (!contact)
      throw new ProblemError(
        404,
        'contact-not-found',
        'Not a contact',
        'Only someone the user has paid or been paid by can be picked.',
      );
    await this.access.require(open, 'contacts');
    return {
      openid: await this.pairwiseIds.idFor(contact.userId, open.app.miniAppId),
      displayName: contact.displayName,
    };
  }
}
