import { Injectable } from '@nestjs/common';
import type { IEvent, IEventPublisher } from '@nestjs/cqrs';
import { context, propagation } from '@opentelemetry/api';
import { UnitOfWork } from '../../../platform/database/unit-of-work';
import { messageContext } from '../../../platform/messaging/message-context';
import { newId } from '../../../shared/kernel/ids';
import type { EventEnvelope } from '../../../shared/kernel/integration-event';
import { EventCatalogue } from './event-catalogue';
import { GovernanceError } from './governance-error';
import { EventTransport } from './ports/event-transport';
import { type OutboxEntry, OutboxStore } from './ports/outbox-store';

const OUTBOX_ENTRIES = Symbol('bus outbox entries');

/**
 * The EventBus's publisher: every rule is checked when `publish` is called (registered type,
 * published by its owner, payload valid) and a broken one throws there, then the event and one
 * delivery per subscriber go into the outbox in the publisher's own unit of work (through a
 * broker: the event alone, marked unsent; see EventTransport). Rolled back: no event. Committed:
 * delivered, even if the process dies right after the commit (the sweeper, or the relay, finds it
 * in PostgreSQL).
 */
@Injectable()
export class OutboxPublisher implements IEventPublisher {
  constructor(
    private readonly catalogue: EventCatalogue,
    private readonly store: OutboxStore,
    private readonly unitOfWork: UnitOfWork,
    private readonly transport: EventTransport,
  ) {}

  publish<T extends IEvent>(event: T): Promise<void> {
    const contract = this.catalogue.contractFor(event);
    const { module, correlationId, causationId } = messageContext.current();
    if (module !== contract.owner) {
      throw new GovernanceError(
        'owner-publishes',
        `${contract.type} belongs to ${contract.owner}; it was published by ${module ?? 'code outside any module handler'}`,
      );
    }
    const parsed = contract.payload.safeParse((event as { payload?: unknown }).payload);
    if (!parsed.success) {
      const issues = parsed.error.issues
        .map((issue) => `${issue.path.join('.') || '(payload)'}: ${issue.message}`)
        .join('; ');
      throw new GovernanceError(
        'payload-schema',
        `${contract.type} v${contract.version} payload is invalid: ${issues}`,
      );
    }
    const eventId = newId();
    const envelope: EventEnvelope = {
      eventId,
      type: contract.type,
      version: contract.version,
      occurredAt: new Date().toISOString(),
      producer: module,
      correlationId: correlationId ?? eventId,
      causationId: causationId ?? null,
      traceparent: currentTraceparent(),
      key: contract.keyOf(parsed.data),
    };
    const entry: OutboxEntry = {
      envelope,
      payload: parsed.data,
      subscribers: this.transport.subscribersAtPublish(contract.type),
    };
    // Inside a unit of work the outbox rows are written at its end, in its transaction, all its
    // events in one statement: publishing returns at once (awaited or not), and the rows' order is
    // the commit order of their key.
    if (this.unitOfWork.isActive()) {
      this.unitOfWork.beforeCommitBatch(OUTBOX_ENTRIES, entry, (entries) => this.write(entries));
      return Promise.resolve();
    }
    return this.unitOfWork.run(() => this.write([entry]));
  }

  private async write(entries: OutboxEntry[]): Promise<void> {
    const deliveryIds = await this.store.append(entries, this.transport.relays);
    this.unitOfWork.afterCommit(() => this.transport.committed(deliveryIds));
  }

  async publishAll<T extends IEvent>(events: T[]): Promise<void> {
    for (const event of events) await this.publish(event);
  }
}

function currentTraceparent(): string | null {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier.traceparent ?? null;
}
