import type { UnitOfWork } from './unit-of-work';

/**
 * Plain SQL on the current unit of work's connection (or the pool's outside one), returning the
 * rows; TypeORM answers UPDATE and DELETE with `[rows, affected]`, unwrapped here.
 */
export async function queryRows<T = any>(unitOfWork: UnitOfWork, sql: string, parameters: unknown[] = []): Promise<T[]> {
  const result = await unitOfWork.manager.query(sql, parameters);
  return Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number' ? result[0] : result;
}
