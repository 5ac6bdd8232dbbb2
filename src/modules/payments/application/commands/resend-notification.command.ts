import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { ServerCaller } from '../../../../shared/contracts/runtime';
import { isUuid } from '../../../../shared/kernel/ids';
import { notFound } from '../../../../shared/kernel/problem';
import { MerchantNotifier } from '../merchant-notifier';
import { type Attempt, NotificationLog } from '../ports/notification-log';

export class ResendNotification extends Command<Attempt> {
  constructor(
    readonly caller: ServerCaller,
    readonly notificationId: string,
  ) {
    super();
  }
}

/**
 * The merchant asks for a notification again (it lost it, or fixed its endpoint): one attempt now,
 * answered with its outcome and logged like the others. It goes even to an endpoint a 410 disabled,
 * and a delivery there enables it again.
 */
@CommandHandler(ResendNotification)
export class ResendNotificationHandler implements ICommandHandler<ResendNotification, Attempt> {
  constructor(
    private readonly log: NotificationLog,
    private readonly notifier: MerchantNotifier,
  ) {}

  async execute({ caller, notificationId }: ResendNotification): Promise<Attempt> {
    const notification = isUuid(notificationId) ? await this.log.find(notificationId) : null;
    if (notification?.miniAppId !== caller.miniAppId) throw notFound('The notification');
    return this.notifier.attempt(notification, 'resend');
  }
}
