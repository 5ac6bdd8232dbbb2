import { AsyncLocalStorage } from 'node:async_hooks';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { IsolationLevel } from 'typeorm/driver/types/IsolationLevel';

interface Frame {
  manager: EntityManager;
  afterCommit: Array<() => void>;
  /** Writes started inside the unit of work (e.g. an event published without await): awaited before commit. */
  pending: Array<Promise<unknown>>;
}

export interface UnitOfWorkOptions {
  /** Inside a unit of work already: open a savepoint instead of joining (its failure undoes only its own writes). */
  nested?: boolean;
  isolation?: IsolationLevel;
}

/**
 * A use case and everything it writes commit in one PostgreSQL transaction, carried in
 * AsyncLocalStorage so that repositories (and the event outbox) join it without passing it
 * around. Callbacks registered with `afterCommit` run once the outermost transaction has
 * committed, never after a rollback: the place to release what must not leak before commit.
 */
@Injectable()
export class UnitOfWork {
  private readonly storage = new AsyncLocalStorage<Frame>();

  constructor(private readonly dataSource: DataSource) {}

  /** The EntityManager of the current unit of work, or the pool's when there is none. */
  get manager(): EntityManager {
    return this.storage.getStore()?.manager ?? this.dataSource.manager;
  }

  isActive(): boolean {
    return this.storage.getStore() !== undefined;
  }

  async run<T>(work: () => Promise<T>, options: UnitOfWorkOptions = {}): Promise<T> {
    const current = this.storage.getStore();
    if (current && !options.nested) return work();
    return current ? this.runSavepoint(current, work) : this.runTransaction(work, options.isolation);
  }

  /**
   * Makes the commit wait for a write that was started but perhaps not awaited (an un-awaited
   * `eventBus.publish`); if it fails, the unit of work rolls back with its error.
   */
  track(write: Promise<unknown>): void {
    const frame = this.storage.getStore();
    if (!frame) throw new Error('UnitOfWork.track needs an active unit of work');
    write.catch(() => undefined); // observed at commit; no unhandled rejection meanwhile
    frame.pending.push(write);
  }

  /** Runs `callback` after the outermost commit; outside a unit of work, at once. */
  afterCommit(callback: () => void): void {
    const frame = this.storage.getStore();
    if (frame) frame.afterCommit.push(callback);
    else callback();
  }

  private async runTransaction<T>(work: () => Promise<T>, isolation?: IsolationLevel): Promise<T> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    const frame: Frame = { manager: runner.manager, afterCommit: [], pending: [] };
    let result: T;
    try {
      await runner.startTransaction(isolation);
      result = await this.storage.run(frame, work);
      await settle(frame);
      await runner.commitTransaction();
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      throw error;
    } finally {
      await runner.release();
    }
    for (const callback of frame.afterCommit) callback();
    return result;
  }

  private async runSavepoint<T>(parent: Frame, work: () => Promise<T>): Promise<T> {
    const runner = parent.manager.queryRunner!;
    const frame: Frame = { manager: parent.manager, afterCommit: [], pending: [] };
    await runner.startTransaction();
    try {
      const result = await this.storage.run(frame, work);
      await settle(frame);
      await runner.commitTransaction();
      parent.afterCommit.push(...frame.afterCommit);
      return result;
    } catch (error) {
      await runner.rollbackTransaction();
      throw error;
    }
  }
}

async function settle(frame: Frame): Promise<void> {
  while (frame.pending.length) await Promise.all(frame.pending.splice(0));
}
