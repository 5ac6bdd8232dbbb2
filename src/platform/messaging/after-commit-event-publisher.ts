import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import type { IEvent, IEventPublisher } from '@nestjs/cqrs';
import type { EntitySubscriberInterface, QueryRunner, TransactionCommitEvent, TransactionRollbackEvent } from 'typeorm';

/**
 * Publishes an integration event only once the unit of work that raised it has committed:
 * an event raised inside a transaction waits for its commit and is dropped on rollback;
 * one raised outside any transaction goes out at once. Listeners therefore never see a
 * fact that did not happen. (The governance bus replaces this with a durable outbox.)
 */
export class AfterCommitEventPublisher implements IEventPublisher, EntitySubscriberInterface {
  private readonly pending = new WeakMap<QueryRunner, IEvent[]>();

  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly deliver: (event: IEvent) => void,
  ) {}

  publish<T extends IEvent>(event: T): void {
    const runner = this.activeQueryRunner();
    if (!runner) return this.deliver(event);
    const queue = this.pending.get(runner) ?? [];
    queue.push(event);
    this.pending.set(runner, queue);
  }

  publishAll<T extends IEvent>(events: T[]): void {
    for (const event of events) this.publish(event);
  }

  afterTransactionCommit(event: TransactionCommitEvent): void {
    const queue = this.pending.get(event.queryRunner);
    this.pending.delete(event.queryRunner);
    for (const pendingEvent of queue ?? []) this.deliver(pendingEvent);
  }

  afterTransactionRollback(event: TransactionRollbackEvent): void {
    this.pending.delete(event.queryRunner);
  }

  private activeQueryRunner(): QueryRunner | undefined {
    if (!this.txHost.isTransactionActive()) return undefined;
    const runner = this.txHost.tx.queryRunner;
    return runner?.isTransactionActive ? runner : undefined;
  }
}
