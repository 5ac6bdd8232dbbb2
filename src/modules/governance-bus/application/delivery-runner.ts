import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { IEvent } from '@nestjs/cqrs';
import { APP_CONFIG, type PlatformConfig } from '../../../platform/config/app-config';
import { UnitOfWork } from '../../../platform/database/unit-of-work';
import { type BatchEventHandler, handlesBatches, NonRetryableError } from '../../../platform/messaging/decorators';
import { messageContext } from '../../../platform/messaging/message-context';
import { afterFailure, type RetryPolicy } from '../domain/retry-policy';
import { inBatchSpan, inDeliverySpan } from './delivery-spans';
import { EventCatalogue } from './event-catalogue';
import { BusMetrics } from './ports/bus-metrics';
import { type ClaimedDelivery, OutboxStore } from './ports/outbox-store';
import { type RegisteredSubscriber, SubscriberRegistry } from './subscriber-registry';

export interface BatchOutcome {
  /** Retries to schedule, each after its backoff. */
  retries: Array<{ deliveryId: string; delayMs: number }>;
  /** Deliveries now first in line because one before them completed or failed. */
  next: string[];
}

class LostClaim extends Error {
  override readonly name = 'LostClaim';
}

/**
 * Runs deliveries. It claims a batch in one statement (pending → processing, attempt counted,
 * lease set), then runs the subscribers in a transaction that also marks their deliveries
 * completed: a subscriber's writes and its mark commit together (no lost, no doubled effect).
 * The batch goes in one transaction when all goes well, a subscriber that takes batches getting
 * all of its events in one call; after a failure it is run again one delivery per transaction, so
 * one failing subscriber undoes only its own writes. Failures are recorded one by one: a retry
 * after backoff, or failed for good. A key's deliveries claimed together run in publication order,
 * and one that fails holds the rest of its line back.
 */
@Injectable()
export class DeliveryRunner {
  private readonly logger = new Logger('GovernanceBus');

  constructor(
    private readonly store: OutboxStore,
    private readonly subscribers: SubscriberRegistry,
    private readonly catalogue: EventCatalogue,
    private readonly unitOfWork: UnitOfWork,
    private readonly metrics: BusMetrics,
    @Inject(APP_CONFIG) private readonly config: PlatformConfig,
  ) {}

  async run(deliveryIds: readonly string[]): Promise<BatchOutcome> {
    const claimToken = randomUUID();
    // Only subscribers this process has: in a mixed fleet (rolling deploy, extracted module) another instance takes the rest.
    const claimed = await this.store.claim(deliveryIds, claimToken, this.config.BUS_LEASE_MS, this.subscribers.ids());
    if (!claimed.length) return { retries: [], next: [] };
    const together = await this.runTogether(claimed, claimToken);
    if ('completed' in together) {
      for (const delivery of claimed) this.completed(delivery);
      // Read after the commit, not inside it: a later delivery of a line committed meanwhile was refused by its own
      // claim (this one still open) and would otherwise wait for the recovery sweep.
      return { retries: [], next: await this.store.nextInLine(claimed.map((delivery) => delivery.id)) };
    }
    // Each delivery again in a transaction of its own; the one that broke the batch (if one did) has had its attempt.
    const { results, heldBack } = await this.runOneByOne(claimed, claimToken, together.culprit);
    const outcome: BatchOutcome = { retries: [], next: [] };
    const settled: string[] = [];
    for (const [delivery, error] of results) {
      if (error === undefined) {
        this.completed(delivery);
        settled.push(delivery.id);
      } else if (!(error instanceof LostClaim)) {
        const delayMs = await this.recordFailure(delivery, claimToken, error);
        if (delayMs === null) settled.push(delivery.id);
        else outcome.retries.push({ deliveryId: delivery.id, delayMs });
      }
    }
    // What was given back goes along too: after a lost claim, the delivery's new owner may settle it before the
    // give-back, and would then not see them as next. A claim refuses any that are still blocked.
    outcome.next = [...(await this.store.nextInLine(settled)), ...heldBack];
    return outcome;
  }

  private completed(delivery: ClaimedDelivery): void {
    this.metrics.completed(delivery.subscriber, (Date.now() - delivery.recordedAt.getTime()) / 1000);
  }

  /**
   * The common case, cheaply: every subscriber of the batch in one transaction, the deliveries
   * still ours locked first and marked completed together at the end. If anything fails, or a
   * claim was lost, the whole transaction rolls back (nothing of it stays); the caller then runs
   * the batch one by one, except the delivery that failed (`culprit`), whose attempt this was.
   */
  private async runTogether(
    claimed: ClaimedDelivery[],
    claimToken: string,
  ): Promise<{ completed: true } | { culprit?: { delivery: ClaimedDelivery; error: unknown } }> {
    let culprit: { delivery: ClaimedDelivery; error: unknown } | undefined;
    try {
      return await this.unitOfWork.run(async () => {
        await this.lockAll(
          claimed.map((d) => d.id),
          claimToken,
        );
        for (const group of this.handlerCalls(claimed)) {
          await this.handleGroup(group).catch((error: unknown) => {
            if (group.length === 1) culprit = { delivery: group[0], error };
            // A batch call that failed names no delivery: each of its events gets its attempt one by one.
            else this.batchCallFailed(group, error);
            throw error;
          });
        }
        const completed = await this.store.completeAll(
          claimed.map((d) => d.id),
          claimToken,
        );
        if (completed !== claimed.length)
          throw new LostClaim('a delivery was taken from this worker while its subscriber ran');
        return { completed: true as const };
      });
    } catch {
      return { culprit };
    }
  }

  /**
   * The handler calls of a batch: a subscriber that handles batches gets all of its deliveries in
   * one call, the others one call each; a subscriber's deliveries keep their order.
   */
  private handlerCalls(claimed: readonly ClaimedDelivery[]): ClaimedDelivery[][] {
    const calls: ClaimedDelivery[][] = [];
    const batchOf = new Map<string, ClaimedDelivery[]>();
    for (const delivery of claimed) {
      const batch = batchOf.get(delivery.subscriber);
      const handler = this.subscribers.get(delivery.subscriber)?.handler;
      if (batch) batch.push(delivery);
      else if (handler && handlesBatches(handler)) {
        const call = [delivery];
        batchOf.set(delivery.subscriber, call);
        calls.push(call);
      } else calls.push([delivery]);
    }
    return calls;
  }

  private batchCallFailed(group: ClaimedDelivery[], error: unknown): void {
    this.logger.warn(
      { subscriber: group[0].subscriber, events: group.length, error: (error as Error)?.message ?? String(error) },
      'a batch call failed; its events are delivered one by one',
    );
  }

  private handleGroup(group: ClaimedDelivery[]): Promise<void> {
    if (group.length === 1) return inDeliverySpan(group[0], () => this.handle(group[0]));
    return inBatchSpan(group, () => this.handleBatch(group));
  }

  /**
   * Each delivery in its own transaction: one failure undoes only its own writes. After a delivery of
   * a line fails (the culprit of the batch run included), the later ones of its line in this claim are
   * given back with their attempt uncounted, and go when it has settled: a key's deliveries never
   * overtake each other.
   */
  private async runOneByOne(
    claimed: ClaimedDelivery[],
    claimToken: string,
    culprit?: { delivery: ClaimedDelivery; error: unknown },
  ): Promise<{ results: Map<ClaimedDelivery, unknown>; heldBack: string[] }> {
    const results = new Map<ClaimedDelivery, unknown>();
    const brokenLines = new Set<string>();
    const heldBack: string[] = [];
    for (const delivery of claimed) {
      if (brokenLines.has(lineOf(delivery))) {
        heldBack.push(delivery.id);
        continue;
      }
      const error = delivery === culprit?.delivery ? culprit.error : await this.runAlone(delivery, claimToken);
      results.set(delivery, error);
      if (error !== undefined) brokenLines.add(lineOf(delivery));
    }
    await this.store.unclaim(heldBack, claimToken);
    return { results, heldBack };
  }

  /** One delivery in a transaction of its own; resolves to its error, or undefined when it completed. */
  private async runAlone(delivery: ClaimedDelivery, claimToken: string): Promise<unknown> {
    try {
      await this.unitOfWork.run(async () => {
        await this.lockAll([delivery.id], claimToken);
        await inDeliverySpan(delivery, () => this.handle(delivery));
        await this.store.completeAll([delivery.id], claimToken);
      });
      return undefined;
    } catch (error) {
      return error ?? new Error('the subscriber threw nothing');
    }
  }

  /** Locks the deliveries for this transaction, or throws LostClaim when a lease ran out and another worker took one. */
  private async lockAll(deliveryIds: string[], claimToken: string): Promise<void> {
    const owned = await this.store.lockClaimed(deliveryIds, claimToken);
    if (owned.length !== deliveryIds.length)
      throw new LostClaim('the lease ran out and another worker took the delivery');
  }

  private async handle(delivery: ClaimedDelivery): Promise<void> {
    const subscriber = this.registered(delivery);
    const scope = {
      module: subscriber.module,
      correlationId: delivery.envelope.correlationId,
      causationId: delivery.envelope.eventId,
    };
    await messageContext.run(scope, () => subscriber.handler.handle(this.eventOf(delivery)));
  }

  private async handleBatch(group: ClaimedDelivery[]): Promise<void> {
    const subscriber = this.registered(group[0]);
    const events = group.map((delivery) => this.eventOf(delivery));
    // One correlation id when the events share it (one request's events); otherwise none.
    const correlationIds = new Set(group.map((delivery) => delivery.envelope.correlationId));
    const correlationId = correlationIds.size === 1 ? group[0].envelope.correlationId : undefined;
    const scope = { module: subscriber.module, correlationId, causationId: undefined };
    await messageContext.run(scope, () => (subscriber.handler as BatchEventHandler).handleBatch(events));
  }

  private registered(delivery: ClaimedDelivery): RegisteredSubscriber {
    const subscriber = this.subscribers.get(delivery.subscriber);
    if (!subscriber) throw new NonRetryableError(`no subscriber ${delivery.subscriber} in this deployable`);
    return subscriber;
  }

  private eventOf(delivery: ClaimedDelivery): IEvent {
    const event = this.catalogue.instantiate(delivery.envelope.type, delivery.envelope.version, delivery.payload);
    event.envelope = delivery.envelope;
    return event;
  }

  /** Records a failed attempt; returns the retry delay, or null when the delivery failed for good. */
  private async recordFailure(delivery: ClaimedDelivery, claimToken: string, error: unknown): Promise<number | null> {
    const retryable = !(error instanceof NonRetryableError);
    const policy: RetryPolicy = this.subscribers.get(delivery.subscriber)?.retry ?? {
      baseDelayMs: this.config.BUS_BACKOFF_BASE_MS,
      maxDelayMs: this.config.BUS_BACKOFF_MAX_MS,
    };
    const decision = afterFailure(delivery.attempts, delivery.maxAttempts, retryable, policy);
    const message = `${(error as Error).name ?? 'Error'}: ${(error as Error).message ?? String(error)}`;
    const delayMs = decision.status === 'pending' ? decision.delayMs : 0;
    await this.store.release(delivery.id, claimToken, { status: decision.status, delayMs, error: message });
    // The line carries the event's correlation id, whichever path (fast, queue, sweep) ran the delivery.
    const { correlationId, eventId } = delivery.envelope;
    messageContext.run({ correlationId, causationId: eventId }, () =>
      this.logger.warn(
        {
          subscriber: delivery.subscriber,
          eventId,
          attempt: delivery.attempts,
          outcome: decision.status,
          error: message,
        },
        'delivery attempt failed',
      ),
    );
    if (decision.status === 'failed') {
      this.metrics.deadLettered(delivery.subscriber);
      return null;
    }
    this.metrics.retried(delivery.subscriber);
    return delayMs;
  }
}

/** A subscriber's deliveries of one key: they run in publication order. */
const lineOf = (delivery: ClaimedDelivery) => `${delivery.subscriber}\u0000${delivery.envelope.key}`;
