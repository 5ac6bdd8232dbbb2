import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, type PlatformConfig } from '../../../platform/config/app-config';
import { UnitOfWork } from '../../../platform/database/unit-of-work';
import { messageContext } from '../../../platform/messaging/message-context';
import { PeriodicTask } from '../../../platform/scheduling/periodic-task';
import { Clock } from '../../../platform/time/clock';
import { OrderChanges } from './order-changes';
import { OrderStore } from './ports/order-store';
import { MerchantDirectory } from './ports/merchant-directory';
import { QueryBus } from '@nestjs/cqrs';
import { FindMerchantPayment, type FoundMerchantPayment } from '../../../shared/contracts/wallet';
import type { Order } from '../domain/order';

const BATCH = 100;

/** Open orders past their expiry become `expired` (and their merchants are told), swept in every instance. */
@Injectable()
export class OrderExpiry implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Payments');
  private readonly task = new PeriodicTask('order expiry', () => this.sweep(), this.logger);

  constructor(
    private readonly orders: OrderStore,
    private readonly changes: OrderChanges,
    private readonly directory: MerchantDirectory,
    private readonly queries: QueryBus,
    private readonly unitOfWork: UnitOfWork,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: PlatformConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.task.start(this.config.PAYMENTS_SWEEP_INTERVAL_MS);
  }

  onApplicationShutdown(): Promise<void> {
    return this.task.stop();
  }

  /** Expires what is due now (or joins the sweep running); a failure is logged and left to the next sweep. */
  async expireDue(): Promise<void> {
    await this.task.runNow().catch((error: Error) => this.logger.warn(`order expiry failed: ${error.message}`));
  }

  /**
   * The wallet's payment for the order, if one was made and its confirmation lost (the wallet in
   * another process committed, then this module's transaction failed): such an order is paid, not
   * expired. A wallet that does not answer fails the sweep, which tries again.
   */
  private paymentOf(order: Order): Promise<FoundMerchantPayment | null> {
    return this.directory
      .accountOf(order.miniAppId, order.currency)
      .then((merchant) =>
        merchant
          ? this.queries.execute<FindMerchantPayment, FoundMerchantPayment | null>(
              new FindMerchantPayment(merchant, `order:${order.id}`),
            )
          : null,
      );
  }

  /** Runs as payments (a timer has no handler around it to say which module publishes). */
  private sweep(): Promise<void> {
    return messageContext.run({ module: 'payments' }, () => this.sweepAsPayments());
  }

  private async sweepAsPayments(): Promise<void> {
    for (let expired = BATCH; expired === BATCH;) {
      expired = await this.unitOfWork.run(async () => {
        const now = this.clock.now();
        const due = await this.orders.lockExpired(now, BATCH);
        for (const order of due) {
          const payment = await this.paymentOf(order);
          await this.changes.apply(
            order.id,
            payment
              ? { state: 'paid', failureReason: null, paymentTransferId: payment.paymentTransferId, at: now }
              : { state: 'expired', at: now },
          );
        }
        return due.length;
      });
    }
  }
}
