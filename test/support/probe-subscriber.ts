import { Module } from '@nestjs/common';
import { EventsHandler, type IEventHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../src/platform/database/unit-of-work';
import { ModuleName, NonRetryableError, Subscriber } from '../../src/platform/messaging/decorators';
import { UserRegistered } from '../../src/shared/contracts/identity';
import { testModuleContract } from './test-module-contract';

/**
 * A subscriber that exists only in tests: it records every user-registered event it handles in
 * its own table (schema `probe`, created by `createProbeTable`) in the delivery's unit of work,
 * and can be told to fail. `behaviour` is per process, set by the test before it publishes.
 */
export const probe = {
  /** Thrown before the write; return undefined to succeed. Gets the attempt number (1, 2, …) per event. */
  failure: (_event: UserRegistered, _attempt: number): Error | undefined => undefined,
  attempts: new Map<string, number>(),
  reset() {
    this.failure = () => undefined;
    this.attempts.clear();
  },
};

export { NonRetryableError };

export const PROBE_SUBSCRIBER = 'probe.record-user-registered';

@EventsHandler(UserRegistered)
@Subscriber({ id: PROBE_SUBSCRIBER, maxAttempts: 5 })
export class RecordUserRegistered implements IEventHandler<UserRegistered> {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  async handle(event: UserRegistered): Promise<void> {
    const eventId = event.envelope!.eventId;
    const attempt = (probe.attempts.get(eventId) ?? 0) + 1;
    probe.attempts.set(eventId, attempt);
    const failure = probe.failure(event, attempt);
    if (failure) throw failure;
    await this.unitOfWork.manager.query(
      `INSERT INTO probe.received (event_id, user_id, key, correlation_id, causation_id, traceparent, producer) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        eventId,
        event.payload.userId,
        event.key,
        event.envelope!.correlationId,
        event.envelope!.causationId,
        event.envelope!.traceparent,
        event.envelope!.producer,
      ],
    );
  }
}

@ModuleName(testModuleContract('probe', { [PROBE_SUBSCRIBER]: [UserRegistered] }))
@Module({
  providers: [
    {
      provide: RecordUserRegistered,
      inject: [UnitOfWork],
      useFactory: (unitOfWork: UnitOfWork) => new RecordUserRegistered(unitOfWork),
    },
  ],
})
export class ProbeModule {}

/** The probe's own table; a unique event id makes a doubled effect fail loudly. */
export const PROBE_TABLE_SQL = `CREATE SCHEMA IF NOT EXISTS probe;
  CREATE TABLE IF NOT EXISTS probe.received (
    seq bigserial PRIMARY KEY, event_id uuid NOT NULL UNIQUE, user_id uuid NOT NULL, key text NOT NULL,
    correlation_id text, causation_id text, traceparent text, producer text, received_at timestamptz NOT NULL DEFAULT clock_timestamp())`;
