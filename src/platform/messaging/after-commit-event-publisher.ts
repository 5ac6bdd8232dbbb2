import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import type { IEvent, IEventPublisher } from '@nestjs/cqrs';
import type { EntitySubscriberInterface, QueryRunner, TransactionCommitEvent, TransactionRollbackEvent } from 'typeorm';

interface PendingEvent {
  event: IEvent;
  /** Savepoint depth it was raised at: rolling back to a savepoint drops only what was raised inside it. */
  depth: number;
}

/**
 * Publishes an integration event only once the unit of work that raised it has committed:
 * an event raised inside a transaction waits for the outermost commit and is dropped on
 * rollback (of the whole transaction, or of the savepoint it was raised in); one raised
 * outside any transaction goes out at once. Listeners never see a fact that did not happen.
 * (The governance bus replaces this with a durable outbox.)
 */
export class AfterCommitEventPublisher implements IEventPublisher, EntitySubscriberInterface {
  private readonly pending = new WeakMap<QueryRunner, PendingEvent[]>();

  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly deliver: (event: IEvent) => void,
  ) {}

  publish<T extends IEvent>(event: T): void {
    const runner = this.activeQueryRunner();
    if (!runner) return this.deliver(event);
    const queue = this.pending.get(runner) ?? [];
    queue.push({ event, depth: depthOf(runner) });
    this.pending.set(runner, queue);
  }

  publishAll<T extends IEvent>(events: T[]): void {
    for (const event of events) this.publish(event);
  }

  afterTransactionCommit({ queryRunner }: TransactionCommitEvent): void {
    if (queryRunner.isTransactionActive) return; // a savepoint was released; the outer transaction goes on
    const queue = this.pending.get(queryRunner) ?? [];
    this.pending.delete(queryRunner);
    for (const { event } of queue) this.deliver(event);
  }

  afterTransactionRollback({ queryRunner }: TransactionRollbackEvent): void {
    const depth = depthOf(queryRunner);
    const kept = (this.pending.get(queryRunner) ?? []).filter((p) => queryRunner.isTransactionActive && p.depth <= depth);
    if (kept.length) this.pending.set(queryRunner, kept);
    else this.pending.delete(queryRunner);
  }

  private activeQueryRunner(): QueryRunner | undefined {
    if (!this.txHost.isTransactionActive()) return undefined;
    const runner = this.txHost.tx.queryRunner;
    return runner?.isTransactionActive ? runner : undefined;
  }
}

/** TypeORM keeps the savepoint depth in a protected field; 1 is the outermost transaction. */
function depthOf(runner: QueryRunner): number {
  return (runner as unknown as { transactionDepth: number }).transactionDepth;
}
