import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { StartupFailure } from '../../../platform/config/startup-failure';
import { MODULE_CONTRACT } from '../../../platform/messaging/decorators';
import { MODULE_CONTRACTS, type ModuleContract } from '../../../platform/messaging/module-contract';
import { type DeclaredModule, declarationMismatches, type DiscoveredModule } from '../domain/declaration-check';
import { SubscriberRegistry } from './subscriber-registry';

/** A declaration as plain names, for the comparison rule. */
export function declaredModule(contract: ModuleContract): DeclaredModule {
  return {
    name: contract.name,
    schema: contract.schema,
    publishes: contract.publishes.map(({ contract: { type, version, owner } }) => ({ type, version, owner })),
    subscribers: Object.fromEntries(
      Object.entries(contract.subscribers).map(([id, events]) => [id, events.map((event) => event.contract.type)]),
    ),
    handles: [...contract.commands.handles, ...contract.queries.handles].map((message) => message.name),
    sends: [...contract.commands.sends, ...contract.queries.sends].map((message) => message.name),
  };
}

/**
 * At start, holds every module's declaration to what the bus found in the code (subscribers and
 * their events, handlers of declared commands and queries, owners of published events): a
 * mismatch stops the start with one line naming it.
 */
@Injectable()
export class DeclarationVerifier implements OnApplicationBootstrap {
  constructor(
    @Inject(MODULE_CONTRACTS) private readonly contracts: readonly ModuleContract[],
    private readonly modules: ModulesContainer,
    private readonly registry: SubscriberRegistry,
  ) {}

  onApplicationBootstrap(): void {
    const mismatches = this.mismatches();
    if (mismatches.length)
      throw new StartupFailure(`Module declarations disagree with the code: ${mismatches.join('; ')}`);
  }

  /** The declarations of the modules this process runs (tests add modules of their own). */
  running(): ModuleContract[] {
    const found = new Map<string, ModuleContract>();
    for (const module of this.modules.values()) {
      const contract = Reflect.getMetadata(MODULE_CONTRACT, module.metatype) as ModuleContract | undefined;
      if (contract) found.set(contract.name, contract);
    }
    return [...found.values()];
  }

  mismatches(): string[] {
    const running = this.running();
    const listed = new Set(this.contracts);
    const declared = [...this.contracts, ...running.filter((contract) => !listed.has(contract))];
    const discovered: DiscoveredModule[] = running.map(({ name }) => ({
      name,
      subscribers: Object.fromEntries(
        this.registry
          .all()
          .filter((subscriber) => subscriber.module === name)
          .map((subscriber) => [subscriber.id, subscriber.eventTypes]),
      ),
      handles: this.registry
        .handledMessages()
        .filter((handled) => handled.module === name)
        .map((handled) => handled.message),
    }));
    return declarationMismatches(declared.map(declaredModule), discovered);
  }
}
