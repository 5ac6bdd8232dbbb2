/**
 * Three bench-only subscribers of `identity.user-registered` (`bench.sink-a`, `-b`, `-c`), in a Nest module
 * named `bench`. Each one does a small realistic write in its delivery's unit of work: one INSERT into
 * `bench.received` (created by `BENCH_TABLE_SQL`), whose primary key (subscriber, event_id) makes a doubled
 * effect fail loudly. `received_at` is the database clock when the handler ran, which splits a delivery's
 * latency into "reaching the handler" and "handler plus completion mark".
 *
 * The app runs from dist/ (tsx/esbuild emits no decorator metadata, SWC's dist/ does), so every class the app
 * compares by identity (UnitOfWork as an injection token, the event class, the metadata decorators) is taken
 * from the same dist/ modules the app loads, and the providers are factories that need no constructor metadata.
 */
import { Module } from '@nestjs/common';
import { EventsHandler, type IEventHandler } from '@nestjs/cqrs';
import type * as UnitOfWorkModule from '../../src/platform/database/unit-of-work';
import type * as Decorators from '../../src/platform/messaging/decorators';
import type * as ModuleContracts from '../../src/platform/messaging/module-contract';
import type * as IdentityContracts from '../../src/shared/contracts/identity';

const { UnitOfWork } = require('../../dist/platform/database/unit-of-work') as typeof UnitOfWorkModule;
const { ModuleName, Subscriber } = require('../../dist/platform/messaging/decorators') as typeof Decorators;
const { moduleContract } = require('../../dist/platform/messaging/module-contract') as typeof ModuleContracts;
const { UserRegistered } = require('../../dist/shared/contracts/identity') as typeof IdentityContracts;

type UnitOfWork = UnitOfWorkModule.UnitOfWork;
type UserRegistered = IdentityContracts.UserRegistered;

export const BENCH_SUBSCRIBERS = ['bench.sink-a', 'bench.sink-b', 'bench.sink-c'] as const;

export const BENCH_TABLE_SQL = `CREATE SCHEMA IF NOT EXISTS bench;
  CREATE TABLE IF NOT EXISTS bench.received (
    subscriber text NOT NULL, event_id uuid NOT NULL, user_id uuid NOT NULL, display_name text NOT NULL,
    received_at timestamptz NOT NULL DEFAULT clock_timestamp(), PRIMARY KEY (subscriber, event_id))`;

abstract class Sink implements IEventHandler<UserRegistered> {
  protected abstract readonly id: (typeof BENCH_SUBSCRIBERS)[number];

  constructor(private readonly unitOfWork: UnitOfWork) {}

  async handle(event: UserRegistered): Promise<void> {
    await this.unitOfWork.manager.query(
      `INSERT INTO bench.received (subscriber, event_id, user_id, display_name) VALUES ($1, $2, $3, $4)`,
      [this.id, event.envelope!.eventId, event.payload.userId, event.payload.displayName],
    );
  }
}

@EventsHandler(UserRegistered)
@Subscriber({ id: 'bench.sink-a' })
export class SinkA extends Sink {
  protected readonly id = 'bench.sink-a';
}

@EventsHandler(UserRegistered)
@Subscriber({ id: 'bench.sink-b' })
export class SinkB extends Sink {
  protected readonly id = 'bench.sink-b';
}

@EventsHandler(UserRegistered)
@Subscriber({ id: 'bench.sink-c' })
export class SinkC extends Sink {
  protected readonly id = 'bench.sink-c';
}

const factory = (Type: new (unitOfWork: UnitOfWork) => Sink) => ({
  provide: Type,
  inject: [UnitOfWork],
  useFactory: (unitOfWork: UnitOfWork) => new Type(unitOfWork),
});

@ModuleName(
  moduleContract({
    name: 'bench',
    schema: 'bench',
    routes: [],
    owns: 'what the bench subscribers received',
    publishes: [],
    subscribers: Object.fromEntries(BENCH_SUBSCRIBERS.map((id) => [id, [UserRegistered]])),
    commands: { handles: [], sends: [] },
    queries: { handles: [], sends: [] },
    settings: [],
    personalData: [],
    otherColumns: {},
  }),
)
@Module({ providers: [factory(SinkA), factory(SinkB), factory(SinkC)] })
export class BenchSubscribersModule {}
