import { Injectable } from '@nestjs/common';
import { Counter, Histogram, Registry } from 'prom-client';
import type { PaymentFailureReason, TransferKind } from '../../../shared/contracts/wallet';
import { type FailedPaymentFlow, WalletMetrics } from '../application/ports/wallet-metrics';

@Injectable()
export class PrometheusWalletMetrics extends WalletMetrics {
  private readonly transfers: Counter<'type' | 'status'>;
  private readonly failedPayments: Counter<'flow' | 'reason'>;
  private readonly latency: Histogram<'type'>;

  constructor(registry: Registry) {
    super();
    const registers = [registry];
    this.transfers = new Counter({
      name: 'wallet_transfers_total',
      help: 'Money movements by type and outcome',
      labelNames: ['type', 'status'],
      registers,
    });
    this.failedPayments = new Counter({
      name: 'wallet_payment_failures_total',
      help: 'Payments to merchants and top-ups the wallet refused, by flow and reason',
      labelNames: ['flow', 'reason'],
      registers,
    });
    this.latency = new Histogram({
      name: 'wallet_transfer_duration_seconds',
      help: 'Time to post a money movement, from the use case starting to its commit',
      labelNames: ['type'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
      registers,
    });
  }

  transfer(kind: TransferKind, status: 'completed' | 'refused', seconds: number): void {
    this.transfers.inc({ type: kind, status });
    if (status === 'completed') this.latency.observe({ type: kind }, seconds);
  }

  paymentFailed(flow: FailedPaymentFlow, reason: PaymentFailureReason): void {
    this.failedPayments.inc({ flow, reason });
  }
}
