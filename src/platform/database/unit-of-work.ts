import { AsyncLocalStorage } from 'node:async_hooks';
import { Injectable, Logger } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { IsolationLevel } from 'typeorm/driver/types/IsolationLevel';

interface Frame {
  manager: EntityManager;
  /** Writes deferred to the end of the unit of work, run one after another (e.g. the outbox). */
  beforeCommit: Array<() => Promise<void>>;
  afterCommit: Array<() => void>;
  /** Items gathered by `beforeCommitBatch`, per batch key, until their one write runs. */
  batches: Map<symbol, unknown[]>;
  /**
   * Its transaction (or savepoint) has ended. A timer or promise chain started inside it still carries the frame
   * (AsyncLocalStorage), and must not join a transaction whose connection is back in the pool, maybe another's.
   */
  ended?: boolean;
}

export interface UnitOfWorkOptions {
  /** Inside a unit of work already: open a savepoint instead of joining (its failure undoes only its own writes). */
  nested?: boolean;
  isolation?: IsolationLevel;
  /** Waiting longer than this for any lock fails the statement (lock_timeout, for this transaction only). */
  lockTimeoutMs?: number;
}

/**
 * A use case and everything it writes commit in one PostgreSQL transaction, carried in
 * AsyncLocalStorage so that repositories (and the event outbox) join it without passing it
 * around. `beforeCommit` work runs last, inside the transaction, one step at a time;
 * `afterCommit` callbacks run once the outermost transaction has committed, never after a
 * rollback (of the transaction, or of the savepoint they were registered in).
 */
@Injectable()
export class UnitOfWork {
  private readonly logger = new Logger('UnitOfWork');
  private readonly storage = new AsyncLocalStorage<Frame>();

  constructor(private readonly dataSource: DataSource) {}

  /** The EntityManager of the current unit of work, or the pool's when there is none. */
  get manager(): EntityManager {
    return this.current()?.manager ?? this.dataSource.manager;
  }

  private current(): Frame | undefined {
    const frame = this.storage.getStore();
    return frame?.ended ? undefined : frame;
  }

  isActive(): boolean {
    return this.current() !== undefined;
  }

  async run<T>(work: () => Promise<T>, options: UnitOfWorkOptions = {}): Promise<T> {
    const current = this.current();
    if (current && !options.nested) return work();
    return current ? this.runSavepoint(current, work) : this.runTransaction(work, options);
  }

  /**
   * Defers a write to the end of the current unit of work (inside its transaction, after the use
   * case's own writes, one at a time, so nothing runs two queries on one connection at once).
   * If it fails, the unit of work rolls back with its error.
   */
  beforeCommit(write: () => Promise<void>): void {
    const frame = this.current();
    if (!frame) throw new Error('UnitOfWork.beforeCommit needs an active unit of work');
    frame.beforeCommit.push(write);
  }

  /**
   * Like `beforeCommit`, for writes that take many items: every item added under `batch` in this
   * unit of work (or savepoint) is written by one call of `write`, so N events or N audit records
   * cost one statement instead of N.
   */
  beforeCommitBatch<T>(batch: symbol, item: T, write: (items: T[]) => Promise<void>): void {
    const frame = this.current();
    if (!frame) throw new Error('UnitOfWork.beforeCommitBatch needs an active unit of work');
    const gathered = frame.batches.get(batch) as T[] | undefined;
    if (gathered) {
      gathered.push(item);
      return;
    }
    const items = [item];
    frame.batches.set(batch, items);
    frame.beforeCommit.push(() => {
      frame.batches.delete(batch);
      return write(items);
    });
  }

  /** Runs `callback` after the outermost commit; outside a unit of work, at once. */
  afterCommit(callback: () => void): void {
    const frame = this.current();
    if (frame) frame.afterCommit.push(callback);
    else this.notify([callback]);
  }

  private async runTransaction<T>(work: () => Promise<T>, { isolation, lockTimeoutMs }: UnitOfWorkOptions): Promise<T> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    const frame: Frame = { manager: runner.manager, beforeCommit: [], afterCommit: [], batches: new Map() };
    let result: T;
    try {
      await runner.startTransaction(isolation);
      if (lockTimeoutMs !== undefined)
        await runner.query(`SELECT set_config('lock_timeout', $1, true)`, [`${lockTimeoutMs}ms`]);
      result = await this.storage.run(frame, async () => {
        const value = await work();
        await drain(frame);
        return value;
      });
      await runner.commitTransaction();
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      throw error;
    } finally {
      frame.ended = true;
      await runner.release();
    }
    this.notify(frame.afterCommit);
    return result;
  }

  private async runSavepoint<T>(parent: Frame, work: () => Promise<T>): Promise<T> {
    const runner = parent.manager.queryRunner!;
    const frame: Frame = { manager: parent.manager, beforeCommit: [], afterCommit: [], batches: new Map() };
    await runner.startTransaction();
    try {
      const result = await this.storage.run(frame, async () => {
        const value = await work();
        await drain(frame);
        return value;
      });
      await runner.commitTransaction();
      parent.afterCommit.push(...frame.afterCommit);
      return result;
    } catch (error) {
      await runner.rollbackTransaction();
      throw error;
    } finally {
      frame.ended = true;
    }
  }

  /** The transaction has committed: a failing callback is logged, and the others still run. */
  private notify(callbacks: Array<() => void>): void {
    for (const callback of callbacks) {
      try {
        callback();
      } catch (error) {
        this.logger.error(`after-commit callback failed: ${(error as Error).message}`);
      }
    }
  }
}

async function drain(frame: Frame): Promise<void> {
  for (let write = frame.beforeCommit.shift(); write; write = frame.beforeCommit.shift()) await write();
}
