import { Inject, Injectable } from '@nestjs/common';
import { z } from 'zod';
import { MODULE_CONTRACTS, type ModuleContract } from '../../../platform/messaging/module-contract';
import { describeModules } from '../../../platform/messaging/module-view';
import { conflict, notFound, ProblemError } from '../../../shared/kernel/problem';
import { DeclarationVerifier } from './declaration-verifier';
import { DeliveryDispatcher } from './delivery-dispatcher';
import { EventCatalogue } from './event-catalogue';
import { type DeliveryFilter, type EventFilter, OutboxStore } from './ports/outbox-store';
import { SubscriberRegistry } from './subscriber-registry';

/** What operators do with the bus: look at it, resubmit failed deliveries, replay an event. */
@Injectable()
export class BusOperations {
  constructor(
    private readonly catalogue: EventCatalogue,
    private readonly subscribers: SubscriberRegistry,
    private readonly store: OutboxStore,
    private readonly dispatcher: DeliveryDispatcher,
    @Inject(MODULE_CONTRACTS) private readonly contracts: readonly ModuleContract[],
    private readonly declarations: DeclarationVerifier,
  ) {}

  /** The architects' view of every module, from the declarations, and whether this process runs it. */
  modulesView() {
    const running = new Set(this.declarations.running().map((contract) => contract.name));
    return {
      items: describeModules(this.contracts).map((view) => ({ ...view, runsHere: running.has(view.name) })),
    };
  }

  /** The architects' live map: every event type, its owner, versions with payload schemas, and who listens. */
  catalogueView() {
    const types = new Map<string, { type: string; owner: string; versions: object[]; subscribers: object[] }>();
    for (const { contract } of this.catalogue.all()) {
      const entry = types.get(contract.type) ?? {
        type: contract.type,
        owner: contract.owner,
        versions: [],
        subscribers: [],
      };
      entry.versions.push({
        version: contract.version,
        description: contract.description,
        schema: z.toJSONSchema(contract.payload),
      });
      types.set(contract.type, entry);
    }
    for (const subscriber of this.subscribers.all()) {
      for (const type of subscriber.eventTypes) {
        types
          .get(type)
          ?.subscribers.push({ id: subscriber.id, module: subscriber.module, maxAttempts: subscriber.maxAttempts });
      }
    }
    return { items: [...types.values()] };
  }

  listEvents(filter: EventFilter, limit: number, cursor: string | null) {
    return this.store.listEvents(filter, limit, cursor);
  }

  async getEvent(eventId: string) {
    const found = await this.store.getEvent(eventId);
    if (!found) throw notFound('The event');
    return found;
  }

  listDeliveries(filter: DeliveryFilter, limit: number, cursor: string | null) {
    return this.store.listDeliveries(filter, limit, cursor);
  }

  async retryOne(deliveryId: string) {
    const [id] = await this.store.resubmit({ id: deliveryId });
    if (!id)
      throw conflict(
        'not-failed',
        'Not a failed delivery',
        'Only a failed delivery can be retried; this one does not exist or is not failed.',
      );
    this.dispatcher.enqueue([id]);
    return { resubmitted: [id] };
  }

  async retryMany(filter: Omit<DeliveryFilter, 'status'>) {
    const ids = await this.store.resubmit(filter);
    this.dispatcher.enqueue(ids);
    return { resubmitted: ids };
  }

  async replay(eventId: string, subscriberId: string) {
    const found = await this.store.getEvent(eventId);
    if (!found) throw notFound('The event');
    const subscriber = this.subscribers.get(subscriberId);
    if (!subscriber || !subscriber.eventTypes.includes(found.event.type)) {
      throw new ProblemError(
        422,
        'not-a-subscriber',
        'Not a subscriber of this event',
        `${subscriberId} does not subscribe to ${found.event.type}.`,
        [
          {
            pointer: '#/subscriber',
            detail: `must be one of: ${
              this.subscribers
                .subscribersOf(found.event.type)
                .map((s) => s.id)
                .join(', ') || 'none'
            }`,
          },
        ],
      );
    }
    const deliveryId = await this.store.replay(eventId, subscriber);
    if (!deliveryId)
      throw conflict(
        'delivery-open',
        'Delivery still open',
        'This event is still pending or in progress for that subscriber.',
      );
    this.dispatcher.enqueue([deliveryId]);
    return { deliveryId };
  }
}
