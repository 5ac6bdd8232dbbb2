import type { ZodType } from 'zod';

/** What a module promises about one version of one of its events: the published language. */
export interface EventContract<P> {
  /** `<owner module>.<past-tense-fact>`, e.g. `identity.user-registered`. */
  type: string;
  version: number;
  /** The only module that may publish it. */
  owner: string;
  description: string;
  payload: ZodType<P>;
  /** The aggregate id: events with the same key reach each subscriber in publication order. */
  keyOf: (payload: P) => string;
}

/** Everything about one occurrence of an event that is not its payload. */
export interface EventEnvelope {
  eventId: string;
  type: string;
  version: number;
  occurredAt: string;
  producer: string;
  correlationId: string;
  causationId: string | null;
  traceparent: string | null;
  key: string;
}

export abstract class IntegrationEvent<P = unknown> {
  abstract readonly type: string;
  abstract readonly version: number;
  /** Set by the bus on the instance a subscriber receives. */
  envelope?: EventEnvelope;

  constructor(readonly payload: P) {}

  abstract get key(): string;
}

export type IntegrationEventClass<P = unknown> = (new (payload: P) => IntegrationEvent<P>) & {
  contract: EventContract<P>;
};

/**
 * Declares an integration event class from its contract:
 * `export class UserRegistered extends integrationEvent({ type: 'identity.user-registered', ... }) {}`.
 */
export function integrationEvent<P>(contract: EventContract<P>) {
  return class extends IntegrationEvent<P> {
    static readonly contract = contract;
    readonly type = contract.type;
    readonly version = contract.version;

    get key(): string {
      return contract.keyOf(this.payload);
    }
  };
}

export const contractOf = (event: object): EventContract<unknown> | undefined =>
  (event.constructor as Partial<IntegrationEventClass>).contract;
