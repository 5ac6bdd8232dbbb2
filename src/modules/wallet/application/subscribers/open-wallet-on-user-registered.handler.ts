import { EventsHandler, type IEventHandler } from '@nestjs/cqrs';
import { Subscriber } from '../../../../platform/messaging/decorators';
import { UserRegistered } from '../../../../shared/contracts/identity';
import { Currencies } from '../currencies';
import { WalletOpener } from '../wallet-opener';

/** Every new user gets a stored-value account in the default currency; a redelivery finds it open and does nothing. */
@EventsHandler(UserRegistered)
@Subscriber({ id: 'wallet.open-wallet-on-user-registered' })
export class OpenWalletOnUserRegistered implements IEventHandler<UserRegistered> {
  constructor(
    private readonly opener: WalletOpener,
    private readonly currencies: Currencies,
  ) {}

  async handle(event: UserRegistered): Promise<void> {
    await this.opener.open(event.payload.userId, this.currencies.default);
  }
}
