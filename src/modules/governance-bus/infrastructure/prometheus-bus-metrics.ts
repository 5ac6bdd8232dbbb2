import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { BusMetrics } from '../application/ports/bus-metrics';
import { OutboxStore } from '../application/ports/outbox-store';

/**
 * The bus on /metrics: outbox lag and deliveries by state are read from PostgreSQL when
 * Prometheus scrapes; latency, retries and dead letters are counted as they happen.
 */
@Injectable()
export class PrometheusBusMetrics extends BusMetrics {
  private readonly latency: Histogram<'subscriber'>;
  private readonly retries: Counter<'subscriber'>;
  private readonly deadLetters: Counter<'subscriber'>;

  constructor(registry: Registry, store: OutboxStore) {
    super();
    const registers = [registry];
    this.latency = new Histogram({
      name: 'bus_delivery_latency_seconds',
      help: 'From the event being recorded in the outbox to its delivery committing, by subscriber',
      labelNames: ['subscriber'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    });
    this.retries = new Counter({
      name: 'bus_delivery_retries_total',
      help: 'Delivery attempts that failed and will be retried',
      labelNames: ['subscriber'],
      registers,
    });
    this.deadLetters = new Counter({
      name: 'bus_dead_letters_total',
      help: 'Deliveries failed for good (the dead-letter list)',
      labelNames: ['subscriber'],
      registers,
    });
    new Gauge({
      name: 'bus_outbox_lag_seconds',
      help: 'Age of the oldest delivery not yet completed or failed',
      registers,
      async collect() {
        this.set(await store.oldestPendingAgeSeconds().catch(() => 0));
      },
    });
    // BUS_TRANSPORT=nats: the outbox's side of the relay (always 0 in process).
    new Gauge({
      name: 'bus_unsent_events',
      help: 'Events committed and not yet acknowledged by the broker (they wait in the outbox)',
      registers,
      async collect() {
        this.set((await store.unsentBacklog().catch(() => null))?.count ?? 0);
      },
    });
    new Gauge({
      name: 'bus_relay_lag_seconds',
      help: 'Age of the oldest event not yet acknowledged by the broker',
      registers,
      async collect() {
        this.set((await store.unsentBacklog().catch(() => null))?.oldestAgeSeconds ?? 0);
      },
    });
    new Gauge({
      name: 'bus_deliveries',
      help: 'Deliveries by state',
      labelNames: ['status'],
      registers,
      async collect() {
        const counts = await store.countByStatus().catch(() => null);
        for (const [status, count] of Object.entries(counts ?? {})) this.set({ status }, count);
      },
    });
  }

  completed(subscriber: string, latencySeconds: number): void {
    this.latency.observe({ subscriber }, latencySeconds);
  }
  retried(subscriber: string): void {
    this.retries.inc({ subscriber });
  }
  deadLettered(subscriber: string): void {
    this.deadLetters.inc({ subscriber });
  }
}
