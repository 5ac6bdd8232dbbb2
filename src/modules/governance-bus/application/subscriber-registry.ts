import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import type { InstanceWrapper } from '@nestjs/core/injector/instance-wrapper';
import type { IEventHandler } from '@nestjs/cqrs';
import { APP_CONFIG, type PlatformConfig } from '../../../platform/config/app-config';
import { messageContext } from '../../../platform/messaging/message-context';
import { MODULE_NAME, SUBSCRIBER, SUBSCRIBER_ID, type SubscriberOptions } from '../../../platform/messaging/decorators';
import { MODULE_CONTRACTS, type ModuleContract } from '../../../platform/messaging/module-contract';
import type { IntegrationEventClass } from '../../../shared/kernel/integration-event';
import type { RetryPolicy } from '../domain/retry-policy';
import { EventCatalogue } from './event-catalogue';
import { GovernanceError } from './governance-error';

const EVENTS_HANDLER = '__eventsHandler__';
const USE_CASE_HANDLERS = ['__commandHandler__', '__queryHandler__'];

export interface RegisteredSubscriber {
  id: string;
  module: string;
  maxAttempts: number;
  /** Its backoff after a failed attempt. */
  retry: RetryPolicy;
  eventTypes: string[];
  handler: IEventHandler;
}

/**
 * Finds every subscriber at start: an ordinary `@EventsHandler` with a declared, stable
 * `@Subscriber` id, in a module that says its name. Two subscribers with one id, or a handler
 * without an id, stop the start. It also makes every command and query handler run as its
 * module, which is how the bus knows who publishes, and refuses a declared command or query sent
 * by a module whose declaration does not say it sends it.
 */
@Injectable()
export class SubscriberRegistry implements OnModuleInit {
  private readonly byId = new Map<string, RegisteredSubscriber>();
  private readonly byType = new Map<string, RegisteredSubscriber[]>();
  private readonly handled: Array<{ module: string; message: string }> = [];

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly catalogue: EventCatalogue,
    @Inject(APP_CONFIG) private readonly config: PlatformConfig,
    @Inject(MODULE_CONTRACTS) private readonly contracts: readonly ModuleContract[],
  ) {}

  onModuleInit(): void {
    for (const wrapper of this.discovery.getProviders()) {
      // The instance's class, not the provider's metatype: a factory provider's metatype is the factory.
      const instance = wrapper.instance as object | null | undefined;
      if (!instance || typeof instance !== 'object') continue;
      const type = instance.constructor;
      if (Reflect.getMetadata(EVENTS_HANDLER, type)) this.add(wrapper, type);
      const message = USE_CASE_HANDLERS.map(
        (key) => Reflect.getMetadata(key, type) as { name: string } | undefined,
      ).find(Boolean);
      if (message) {
        const module = moduleOf(wrapper);
        runAsModule(wrapper, module, this.refuseUndeclared(module, message.name));
        this.handled.push({ module, message: message.name });
      }
    }
  }

  /**
   * Checks each call of a declared command or query from another module's handler: the sender's
   * declaration must list it under `sends` (a call from a route or a job of no module is not checked).
   */
  private refuseUndeclared(
    module: string,
    message: string,
  ): (sender: string | undefined) => GovernanceError | undefined {
    const declared = this.contracts.some((contract) =>
      [...contract.commands.handles, ...contract.queries.handles].some((handled) => handled.name === message),
    );
    const sends = new Map(
      this.contracts.map((contract) => [
        contract.name,
        new Set([...contract.commands.sends, ...contract.queries.sends].map((sent) => sent.name)),
      ]),
    );
    return (sender) =>
      declared && sender && sender !== module && !sends.get(sender)?.has(message)
        ? new GovernanceError(
            'declared-sends',
            `${sender} sent ${message} to ${module}, but ${sender}'s declaration does not list it under sends`,
          )
        : undefined;
  }

  /** Every command and query handler found: its module and the class name of what it answers. */
  handledMessages(): ReadonlyArray<{ module: string; message: string }> {
    return this.handled;
  }

  subscribersOf(eventType: string): readonly RegisteredSubscriber[] {
    return this.byType.get(eventType) ?? [];
  }

  get(id: string): RegisteredSubscriber | undefined {
    return this.byId.get(id);
  }

  ids(): string[] {
    return [...this.byId.keys()];
  }

  all(): RegisteredSubscriber[] {
    return [...this.byId.values()];
  }

  private add(wrapper: InstanceWrapper, type: { readonly name: string }): void {
    const options = Reflect.getMetadata(SUBSCRIBER, type) as SubscriberOptions | undefined;
    if (!options || !SUBSCRIBER_ID.test(options.id)) {
      throw new GovernanceError(
        'subscriber-id',
        `${type.name} needs @Subscriber({ id: '<module>.<what-it-does>' }) next to @EventsHandler`,
      );
    }
    if (this.byId.has(options.id))
      throw new GovernanceError('subscriber-id', `two subscribers have the id ${options.id}`);
    const events = Reflect.getMetadata(EVENTS_HANDLER, type) as IntegrationEventClass[];
    for (const event of events) this.catalogue.contractFor(Object.create(event.prototype));
    const own = options.retry?.(this.config);
    const subscriber: RegisteredSubscriber = {
      id: options.id,
      module: moduleOf(wrapper),
      maxAttempts: own?.maxAttempts ?? options.maxAttempts ?? this.config.BUS_MAX_ATTEMPTS,
      retry: own
        ? { baseDelayMs: own.baseDelayMs, maxDelayMs: own.maxDelayMs }
        : { baseDelayMs: this.config.BUS_BACKOFF_BASE_MS, maxDelayMs: this.config.BUS_BACKOFF_MAX_MS },
      eventTypes: events.map((event) => event.contract.type),
      handler: wrapper.instance as IEventHandler,
    };
    this.byId.set(subscriber.id, subscriber);
    for (const eventType of subscriber.eventTypes)
      this.byType.set(eventType, [...this.subscribersOf(eventType), subscriber]);
  }
}

function moduleOf(wrapper: InstanceWrapper): string {
  const moduleClass = wrapper.host?.metatype;
  const name = moduleClass ? (Reflect.getMetadata(MODULE_NAME, moduleClass) as string | undefined) : undefined;
  if (!name)
    throw new GovernanceError(
      'owner-publishes',
      `${moduleClass?.name ?? 'a module'} needs @ModuleName('<name>') so its handlers can publish`,
    );
  return name;
}

function runAsModule(
  wrapper: InstanceWrapper,
  module: string,
  refusal: (sender: string | undefined) => GovernanceError | undefined,
): void {
  const handler = wrapper.instance as { execute: (...args: unknown[]) => unknown };
  const execute = handler.execute.bind(handler);
  handler.execute = (...args: unknown[]) => {
    const sender = messageContext.current().module;
    const refused = refusal(sender);
    if (refused) return Promise.reject(refused);
    return messageContext.run({ module, sender }, () => execute(...args));
  };
}
