import { Inject, Injectable } from '@nestjs/common';
import { MODULE_CONTRACTS, type ModuleContract } from '../../../platform/messaging/module-contract';
import {
  contractOf,
  type EventContract,
  type IntegrationEvent,
  type IntegrationEventClass,
} from '../../../shared/kernel/integration-event';
import { GovernanceError } from './governance-error';

const keyOf = (type: string, version: number) => `${type}@${version}`;

/** The registered event types, those the modules' declarations publish: the bus publishes nothing else. */
@Injectable()
export class EventCatalogue {
  private readonly byKey = new Map<string, IntegrationEventClass<unknown>>();

  constructor(@Inject(MODULE_CONTRACTS) contracts: readonly ModuleContract[]) {
    for (const contract of contracts) for (const eventClass of contract.publishes) this.register(eventClass);
  }

  register(eventClass: IntegrationEventClass<unknown>): void {
    const { type, version, owner } = eventClass.contract;
    if (!type.startsWith(`${owner}.`))
      throw new GovernanceError('event-naming', `${type} must be named <owner>.<fact> with owner ${owner}`);
    const key = keyOf(type, version);
    if (this.byKey.has(key))
      throw new GovernanceError('registered-once', `${key} is registered twice in the event catalogue`);
    this.byKey.set(key, eventClass);
  }

  /** The contract of a registered event, or a refusal naming the rule. */
  contractFor(event: object): EventContract<unknown> {
    const contract = contractOf(event);
    if (!contract || this.byKey.get(keyOf(contract.type, contract.version))?.contract !== contract) {
      const name = contract ? keyOf(contract.type, contract.version) : event.constructor.name;
      throw new GovernanceError(
        'registered-event',
        `${name} is not in the event catalogue (no module's <module>.contract.ts publishes it)`,
      );
    }
    return contract;
  }

  /** Rebuilds the event a subscriber receives from what the outbox stored. */
  instantiate(type: string, version: number, payload: unknown): IntegrationEvent<unknown> {
    const eventClass = this.byKey.get(keyOf(type, version));
    if (!eventClass)
      throw new GovernanceError('registered-event', `${keyOf(type, version)} is not in the event catalogue`);
    return new eventClass(payload);
  }

  all(): IntegrationEventClass<unknown>[] {
    return [...this.byKey.values()];
  }
}
