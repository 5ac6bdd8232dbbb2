import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '../../../platform/database/unit-of-work';

/** Plain SQL on the current unit of work's connection (or the pool's outside one): the ledger's statements need locks and conditions TypeORM cannot say. */
@Injectable()
export abstract class UnitOfWorkSql {
  constructor(protected readonly unitOfWork: UnitOfWork) {}

  /** The rows a statement returned; TypeORM answers UPDATE and DELETE with `[rows, affected]`, unwrapped here. */
  protected async query<T = any>(sql: string, parameters: unknown[] = []): Promise<T[]> {
    const result = await this.unitOfWork.manager.query(sql, parameters);
    return Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number' ? result[0] : result;
  }
}
