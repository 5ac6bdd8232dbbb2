import { applyDecorators, SetMetadata } from '@nestjs/common';
import type { IEvent, IEventHandler } from '@nestjs/cqrs';
import type { PlatformConfig } from '../config/app-config';
import type { ModuleContract } from './module-contract';

export const MODULE_NAME = 'messaging:moduleName';
export const MODULE_CONTRACT = 'messaging:moduleContract';
export const SUBSCRIBER = 'messaging:subscriber';

/** A stable subscriber id: `<module>.<what-it-does>`, lower case with dashes. */
export const SUBSCRIBER_ID = /^[a-z][a-z0-9-]*\.[a-z][a-z0-9-]*$/;

export interface SubscriberOptions {
  /** A stable id, `<module>.<what-it-does>`: deliveries are recorded against it across restarts. */
  id: string;
  /** Attempts before the delivery is failed (dead-lettered); the bus default when absent. */
  maxAttempts?: number;
  /**
   * A retry schedule of its own, read from the configuration at start (e.g. a subscriber that calls
   * a third party and keeps trying for days); the bus's BUS_* settings when absent.
   */
  retry?: (config: PlatformConfig) => { maxAttempts: number; baseDelayMs: number; maxDelayMs: number };
}

/**
 * Names the module a Nest module class is, by its declaration (`@ModuleName(identityContract)`):
 * the producer of its events, and what the bus holds its handlers and subscribers to at start.
 */
export const ModuleName = (contract: ModuleContract) =>
  applyDecorators(SetMetadata(MODULE_NAME, contract.name), SetMetadata(MODULE_CONTRACT, contract));

/**
 * Marks an `@EventsHandler` as a durable subscriber of the governance bus:
 * `@Subscriber({ id: 'wallet.open-wallet-on-user-registered' })`.
 */
export const Subscriber = (options: SubscriberOptions) => SetMetadata(SUBSCRIBER, options);

/** Thrown by a subscriber for a failure that retrying cannot fix: the delivery fails at once. */
export class NonRetryableError extends Error {
  override readonly name = 'NonRetryableError';
}

/**
 * A subscriber that can take several events in one call, e.g. one statement for all of them. Where
 * a delivery batch holds several of its events, the bus calls `handleBatch` once with them, in
 * their order, in the batch's transaction; should it fail, each event is delivered again on its own
 * through `handle`, which must do the same for one event. Events published from `handleBatch` carry
 * no causation, and the events' correlation id only when they all share it (each event's envelope
 * says where it came from).
 */
export interface BatchEventHandler<E extends IEvent = IEvent> extends IEventHandler<E> {
  handleBatch(events: readonly E[]): Promise<void>;
}

export const handlesBatches = (handler: IEventHandler): handler is BatchEventHandler =>
  typeof (handler as Partial<BatchEventHandler>).handleBatch === 'function';
