import { Inject } from '@nestjs/common';
import { EventsHandler, type IEventHandler } from '@nestjs/cqrs';
import { APP_CONFIG, type PlatformConfig } from '../../../../platform/config/app-config';
import { Subscriber } from '../../../../platform/messaging/decorators';
import { Clock } from '../../../../platform/time/clock';
import { OrderStateChanged } from '../../../../shared/contracts/payments';
import { MerchantNotifier, worthRetrying } from '../merchant-notifier';
import { NotificationLog } from '../ports/notification-log';

/**
 * Delivers each order change to the merchant from the outbox: the bus retries a failed attempt
 * with its exponential backoff and jitter under the PAYMENTS_NOTIFY_* schedule (about three days),
 * in order per order (the event's key). Attempts are logged as they happen; the last one that
 * fails settles the notification as failed (the merchant can still resend it).
 */
@EventsHandler(OrderStateChanged)
@Subscriber({
  id: 'payments.notify-merchant',
  retry: (config) => ({
    maxAttempts: config.PAYMENTS_NOTIFY_MAX_ATTEMPTS,
    baseDelayMs: config.PAYMENTS_NOTIFY_BACKOFF_BASE_MS,
    maxDelayMs: config.PAYMENTS_NOTIFY_BACKOFF_MAX_MS,
  }),
})
export class NotifyMerchant implements IEventHandler<OrderStateChanged> {
  constructor(
    private readonly log: NotificationLog,
    private readonly notifier: MerchantNotifier,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: PlatformConfig,
  ) {}

  async handle({ payload }: OrderStateChanged): Promise<void> {
    const notification = await this.log.findBySequence(payload.orderId, payload.sequence);
    // Settled already: delivered by an earlier run of this delivery (its transaction rolled back with a neighbour's failure), or given up.
    if (notification?.status !== 'pending') return;
    if (await this.log.isDisabled(notification.miniAppId, notification.url)) {
      await this.log.recordAttempt(
        notification.id,
        {
          trigger: 'delivery',
          outcome: 'endpoint-disabled',
          status: null,
          durationMs: 0,
          error: 'the endpoint answered 410 Gone earlier',
          at: this.clock.now(),
        },
        'endpoint-disabled',
      );
      return;
    }
    const lastChance = notification.deliveryAttempts + 1 >= this.config.PAYMENTS_NOTIFY_MAX_ATTEMPTS;
    const attempt = await this.notifier.attempt(notification, 'delivery', lastChance);
    if (!worthRetrying(attempt.outcome) || lastChance) return;
    throw new Error(`the merchant's endpoint did not take notification ${notification.id}: ${attempt.error}`);
  }
}
