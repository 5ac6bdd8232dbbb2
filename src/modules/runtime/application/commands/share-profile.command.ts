import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ProblemError } from '../../../../shared/kernel/problem';
import { BrokeredAccess } from '../brokered-access';
import { OpenLaunches } from '../open-launches';
import { type Profile, ProfileDirectory } from '../ports/profile-directory';

export class ShareProfile extends Command<Profile> {
  constructor(
    readonly userId: string,
    readonly launchId: string,
  ) {
    super();
  }
}

/** `superapp.getUserProfile()`: the display name (and avatar) for a mini-app granted `user.profile`; logged either way. */
@CommandHandler(ShareProfile)
export class ShareProfileHandler implements ICommandHandler<ShareProfile, Profile> {
  constructor(
    private readonly openLaunches: OpenLaunches,
    private readonly access: BrokeredAccess,
    private readonly profiles: ProfileDirectory,
  ) {}

  async execute({ userId, launchId }: ShareProfile): Promise<Profile> {
    await this.access.require(await this.openLaunches.require(userId, launchId), 'user.profile');
    const profile = await this.profiles.find(userId);
    // The profile arrives with identity's events; in the moment after registration it may not have yet.
    if (!profile)
      throw new ProblemError(
        503,
        'profile-not-ready',
        'Profile not ready',
        'The profile is not available yet; retry shortly.',
        undefined,
        { 'Retry-After': '1' },
      );
    return profile;
  }
}
