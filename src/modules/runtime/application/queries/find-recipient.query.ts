import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { ProblemError } from '../../../../shared/kernel/problem';
import { BrokeredAccess, permissionDenied } from '../brokered-access';
import { OpenLaunches } from '../open-launches';
import { MiniAppDirectory } from '../ports/mini-app-directory';
import { PairwiseIds } from '../ports/pairwise-ids';
import { ProfileDirectory } from '../ports/profile-directory';

export interface Recipient {
  userId: string;
  displayName: string;
}

export class FindRecipient extends Query<Recipient> {
  constructor(
    readonly userId: string,
    readonly launchId: string,
    readonly openid: string,
  ) {
    super();
  }
}

/**
 * `superapp.requestTransfer({to})` names the recipient by the mini-app's own id for them (from
 * chooseContact, or a person's own id they showed the sender): the shell learns here who that is,
 * to show their name in its confirmation sheet and to pay them through the wallet. The mini-app
 * never learns a platform user id; an id of another mini-app resolves to no one.
 */
@QueryHandler(FindRecipient)
export class FindRecipientHandler implements IQueryHandler<FindRecipient, Recipient> {
  constructor(
    private readonly openLaunches: OpenLaunches,
    private readonly access: BrokeredAccess,
    private readonly pairwiseIds: PairwiseIds,
    private readonly profiles: ProfileDirectory,
    private readonly directory: MiniAppDirectory,
  ) {}

  async execute({ userId, launchId, openid }: FindRecipient): Promise<Recipient> {
    const open = await this.openLaunches.require(userId, launchId);
    const answer = await this.access.check(open, 'wallet.transfer');
    if (!answer.allowed) throw permissionDenied(answer);
    const recipientId = await this.pairwiseIds.userOf(open.app.miniAppId, openid);
    if (!recipientId)
      throw new ProblemError(
        404,
        'recipient-not-found',
        'No such recipient',
        `${open.app.slug} knows no one by this id.`,
      );
    if (recipientId === userId)
      throw new ProblemError(422, 'recipient-is-you', 'That is you', 'Money cannot be sent to yourself.');
    // Paid as a person, the developer would see the payer's wallet account and become their contact:
    // the way around pairwise ids and merchant views (ADR 0030). A mini-app takes money with requestPayment.
    if (recipientId === (await this.directory.byId(open.app.miniAppId))?.ownerId)
      throw new ProblemError(
        422,
        'recipient-is-developer',
        'Pay the mini-app instead',
        `Money for ${open.app.slug} or its developer goes through a payment of the mini-app (requestPayment), not a transfer to a person.`,
      );
    const profile = await this.profiles.find(recipientId);
    if (!profile)
      throw new ProblemError(
        503,
        'profile-not-ready',
        'Profile not ready',
        'The recipient is not available yet; retry shortly.',
        undefined,
        { 'Retry-After': '1' },
      );
    return { userId: recipientId, displayName: profile.displayName };
  }
}
