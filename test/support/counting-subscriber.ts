import { type DynamicModule, Module } from '@nestjs/common';
import { EventsHandler, type IEventHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../src/platform/database/unit-of-work';
import { ModuleName, Subscriber } from '../../src/platform/messaging/decorators';
import { UserRegistered } from '../../src/shared/contracts/identity';
import { testModuleContract } from './test-module-contract';

/**
 * A test-only subscriber that counts: unlike the probe it has no unique constraint, so a doubled
 * effect shows up as two rows instead of an error. It also keeps, per process, every entry into
 * its handler (committed or not) and notes any event whose handler was entered while another run
 * of the same event had not yet committed. Several app instances in one test process share this
 * record, which is what lets a test see two instances running one delivery at once.
 */
export const COUNTING_SUBSCRIBER = 'probe-count.record-invocation';

export const invocations = {
  /** Handler entries per event id. */
  started: new Map<string, number>(),
  /** Handler entries per app instance. */
  byInstance: new Map<string, number>(),
  /** Event ids whose handler is running or whose unit of work has not committed yet. */
  running: new Set<string>(),
  /** Event ids whose handler was entered while an earlier run of it was still open. */
  overlaps: [] as string[],
  reset() {
    this.started.clear();
    this.byInstance.clear();
    this.running.clear();
    this.overlaps.length = 0;
  },
};

@EventsHandler(UserRegistered)
@Subscriber({ id: COUNTING_SUBSCRIBER, maxAttempts: 5 })
export class RecordInvocation implements IEventHandler<UserRegistered> {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly instance: string,
  ) {}

  async handle(event: UserRegistered): Promise<void> {
    const eventId = event.envelope!.eventId;
    invocations.started.set(eventId, (invocations.started.get(eventId) ?? 0) + 1);
    invocations.byInstance.set(this.instance, (invocations.byInstance.get(this.instance) ?? 0) + 1);
    if (invocations.running.has(eventId)) invocations.overlaps.push(eventId);
    invocations.running.add(eventId);
    try {
      await this.unitOfWork.manager.query(
        `INSERT INTO probe_count.invocations (event_id, key, display_name, instance) VALUES ($1, $2, $3, $4)`,
        [eventId, event.key, event.payload.displayName, this.instance],
      );
    } catch (error) {
      invocations.running.delete(eventId);
      throw error;
    }
    // Open until the delivery's unit of work (the handler's write and the "completed" mark) commits.
    this.unitOfWork.afterCommit(() => invocations.running.delete(eventId));
  }
}

/** `CountingModule.forInstance('a')`: the instance name is recorded with each invocation. */
@ModuleName(testModuleContract('probe-count', { [COUNTING_SUBSCRIBER]: [UserRegistered] }))
@Module({})
export class CountingModule {
  static forInstance(instance: string): DynamicModule {
    return {
      module: CountingModule,
      providers: [
        {
          provide: RecordInvocation,
          inject: [UnitOfWork],
          useFactory: (unitOfWork: UnitOfWork) => new RecordInvocation(unitOfWork, instance),
        },
      ],
    };
  }
}

/** The counting subscriber's own table: no unique constraint on purpose. */
export const COUNTING_TABLE_SQL = `CREATE SCHEMA IF NOT EXISTS probe_count;
  CREATE TABLE IF NOT EXISTS probe_count.invocations (
    seq bigserial PRIMARY KEY, event_id uuid NOT NULL, key text NOT NULL, display_name text NOT NULL,
    instance text NOT NULL, recorded_at timestamptz NOT NULL DEFAULT clock_timestamp())`;
