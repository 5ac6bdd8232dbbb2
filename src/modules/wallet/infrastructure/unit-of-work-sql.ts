import { Injectable } from '@nestjs/common';
import { queryPrepared, queryRows } from '../../../platform/database/query-rows';
import { UnitOfWork } from '../../../platform/database/unit-of-work';

/**
 * Plain SQL on the current unit of work's connection (or the pool's outside one): the ledger's statements need locks and
 * conditions TypeORM cannot say. Every statement of the wallet is a fixed text, so each runs prepared (see queryPrepared).
 */
@Injectable()
export abstract class UnitOfWorkSql {
  constructor(protected readonly unitOfWork: UnitOfWork) {}

  protected query<T = any>(sql: string, parameters: unknown[] = []): Promise<T[]> {
    return queryPrepared<T>(this.unitOfWork, sql, parameters);
  }

  /** For a statement whose optional filters (`$n IS NULL OR …`) only a plan made for the actual values can skip. */
  protected queryPlannedEachTime<T = any>(sql: string, parameters: unknown[] = []): Promise<T[]> {
    return queryRows<T>(this.unitOfWork, sql, parameters);
  }
}
