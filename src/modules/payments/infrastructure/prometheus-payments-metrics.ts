import { Injectable } from '@nestjs/common';
import { Counter, Histogram, Registry } from 'prom-client';
import type { OrderState } from '../../../shared/contracts/payments';
import type { AttemptOutcome } from '../application/ports/notification-log';
import { PaymentsMetrics } from '../application/ports/payments-metrics';

/** Labels are bounded names only: the mini-app's slug, a state, a reason, an outcome; never an order, account or user id. */
@Injectable()
export class PrometheusPaymentsMetrics extends PaymentsMetrics {
  private readonly orders: Counter<'state'>;
  private readonly failed: Counter<'merchant' | 'reason'>;
  private readonly attempts: Counter<'outcome'>;
  private readonly delivery: Histogram;

  constructor(registry: Registry) {
    super();
    const registers = [registry];
    this.orders = new Counter({
      name: 'payments_orders_total',
      help: 'Mini-app orders reaching each state (created, paid, failed, expired, partially-refunded, refunded)',
      labelNames: ['state'],
      registers,
    });
    this.failed = new Counter({
      name: 'failed_payment_attempts_total',
      help: "Confirmed mini-app payments the wallet refused, by merchant (the mini-app's slug) and reason",
      labelNames: ['merchant', 'reason'],
      registers,
    });
    this.attempts = new Counter({
      name: 'payments_notification_attempts_total',
      help: 'Attempts to deliver merchant notifications, by outcome',
      labelNames: ['outcome'],
      registers,
    });
    this.delivery = new Histogram({
      name: 'payments_notification_delivery_seconds',
      help: "Time from an order's change to its notification's delivery (retries included)",
      buckets: [0.1, 0.5, 1, 5, 30, 60, 300, 1_800, 3_600, 21_600, 86_400, 259_200],
      registers,
    });
  }

  orderReached(state: OrderState): void {
    this.orders.inc({ state });
  }
  paymentFailed(merchant: string, reason: string): void {
    this.failed.inc({ merchant, reason });
  }
  notificationAttempt(outcome: AttemptOutcome): void {
    this.attempts.inc({ outcome });
  }
  notificationDelivered(seconds: number): void {
    this.delivery.observe(Math.max(0, seconds));
  }
}
