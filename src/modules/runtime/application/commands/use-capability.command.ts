import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Scope } from '../../../../shared/contracts/review';
import { type AccessAnswer, BrokeredAccess } from '../brokered-access';
import { OpenLaunches } from '../open-launches';

export class UseCapability extends Command<AccessAnswer> {
  constructor(
    readonly userId: string,
    readonly launchId: string,
    readonly scope: Scope,
  ) {
    super();
  }
}

/**
 * The shell is about to hand the mini-app something of the user's it brokers itself (a position,
 * a picture, a contact): it asks whether the grant allows it, and the use is logged.
 */
@CommandHandler(UseCapability)
export class UseCapabilityHandler implements ICommandHandler<UseCapability, AccessAnswer> {
  constructor(
    private readonly openLaunches: OpenLaunches,
    private readonly access: BrokeredAccess,
  ) {}

  async execute({ userId, launchId, scope }: UseCapability): Promise<AccessAnswer> {
    return this.access.use(await this.openLaunches.require(userId, launchId), scope);
  }
}
