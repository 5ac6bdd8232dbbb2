import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { context, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { APP_CONFIG, type PlatformConfig } from '../../../platform/config/app-config';
import { UnitOfWork } from '../../../platform/database/unit-of-work';
import { NonRetryableError } from '../../../platform/messaging/decorators';
import { messageContext } from '../../../platform/messaging/message-context';
import { afterFailure, type RetryPolicy } from '../domain/retry-policy';
import { EventCatalogue } from './event-catalogue';
import { BusMetrics } from './ports/bus-metrics';
import { type ClaimedDelivery, OutboxStore } from './ports/outbox-store';
import { SubscriberRegistry } from './subscriber-registry';

export type RunOutcome =
  | { status: 'skipped' }
  | { status: 'completed' | 'failed'; next: string | null }
  | { status: 'retry'; delayMs: number; next: null };

class LostClaim extends Error {
  override readonly name = 'LostClaim';
}

const tracer = trace.getTracer('governance-bus');

/**
 * Runs one delivery: claims it (pending → processing, with a lease), runs the subscriber in a
 * unit of work that also marks the delivery completed (so the subscriber's writes and the mark
 * commit together: no lost and no doubled effect), and on an error records the attempt and
 * either schedules a retry or fails it.
 */
@Injectable()
export class DeliveryRunner {
  private readonly logger = new Logger('GovernanceBus');
  private readonly retry: RetryPolicy;

  constructor(
    private readonly store: OutboxStore,
    private readonly subscribers: SubscriberRegistry,
    private readonly catalogue: EventCatalogue,
    private readonly unitOfWork: UnitOfWork,
    private readonly metrics: BusMetrics,
    @Inject(APP_CONFIG) private readonly config: PlatformConfig,
  ) {
    this.retry = { baseDelayMs: config.BUS_BACKOFF_BASE_MS, maxDelayMs: config.BUS_BACKOFF_MAX_MS };
  }

  async run(deliveryId: string): Promise<RunOutcome> {
    const claimToken = randomUUID();
    const claimed = await this.store.claim(deliveryId, claimToken, this.config.BUS_LEASE_MS);
    if (!claimed) return { status: 'skipped' };
    const parent = propagation.extract(context.active(), { traceparent: claimed.envelope.traceparent ?? '' });
    return tracer.startActiveSpan(
      `deliver ${claimed.envelope.type} to ${claimed.subscriber}`,
      { kind: SpanKind.CONSUMER, attributes: { 'messaging.message.id': claimed.envelope.eventId, 'messaging.destination.name': claimed.subscriber } },
      parent,
      async (span) => {
        try {
          return await this.attempt(claimed, claimToken);
        } finally {
          span.end();
        }
      },
    );
  }

  private async attempt(claimed: ClaimedDelivery, claimToken: string): Promise<RunOutcome> {
    const subscriber = this.subscribers.get(claimed.subscriber);
    try {
      if (!subscriber) throw new NonRetryableError(`no subscriber ${claimed.subscriber} in this deployable`);
      const event = this.catalogue.instantiate(claimed.envelope.type, claimed.envelope.version, claimed.payload);
      event.envelope = claimed.envelope;
      const scope = { module: subscriber.module, correlationId: claimed.envelope.correlationId, causationId: claimed.envelope.eventId };
      await this.unitOfWork.run(() =>
        messageContext.run(scope, async () => {
          await subscriber.handler.handle(event);
          if (!(await this.store.complete(claimed.id, claimToken))) throw new LostClaim('the lease ran out and another worker took the delivery');
        }),
      );
    } catch (error) {
      return this.failed(claimed, claimToken, error);
    }
    this.metrics.completed(claimed.subscriber, (Date.now() - claimed.recordedAt.getTime()) / 1000);
    return { status: 'completed', next: await this.store.nextInLine(claimed.id) };
  }

  private async failed(claimed: ClaimedDelivery, claimToken: string, error: unknown): Promise<RunOutcome> {
    trace.getActiveSpan()?.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
    if (error instanceof LostClaim) return { status: 'skipped' };
    const retryable = !(error instanceof NonRetryableError);
    const decision = afterFailure(claimed.attempts, claimed.maxAttempts, retryable, this.retry);
    const message = `${(error as Error).name ?? 'Error'}: ${(error as Error).message ?? String(error)}`;
    await this.store.release(claimed.id, claimToken, { ...decision, delayMs: decision.status === 'pending' ? decision.delayMs : 0, error: message });
    this.logger.warn({ subscriber: claimed.subscriber, eventId: claimed.envelope.eventId, attempt: claimed.attempts, outcome: decision.status, error: message }, 'delivery attempt failed');
    if (decision.status === 'failed') {
      this.metrics.deadLettered(claimed.subscriber);
      return { status: 'failed', next: await this.store.nextInLine(claimed.id) };
    }
    this.metrics.retried(claimed.subscriber);
    return { status: 'retry', delayMs: decision.delayMs, next: null };
  }
}
