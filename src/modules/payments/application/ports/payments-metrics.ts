import type { OrderState } from '../../../../shared/contracts/payments';
import type { AttemptOutcome } from './notification-log';

export abstract class PaymentsMetrics {
  abstract orderReached(state: OrderState): void;
  /** A confirmed payment the wallet refused; `merchant` is the mini-app's slug. */
  abstract paymentFailed(merchant: string, reason: string): void;
  abstract notificationAttempt(outcome: AttemptOutcome): void;
  /** From the change to its notification's delivery. */
  abstract notificationDelivered(seconds: number): void;
}
