import { dropDatabase as drop, ensureDatabase } from '../../src/platform/database/ensure-database';

import { deleteRedisKeys } from '../../test/support/redis-keys';

export { deleteRedisKeys };

export const createDatabase = (serverUrl: string, name: string) => ensureDatabase(`${serverUrl}/${name}`);
export const dropDatabase = (serverUrl: string, name: string) => drop(`${serverUrl}/${name}`);

/**
 * A fresh database and Redis prefix for one benchmark run, registered for cleanup (dropped and
 * deleted afterwards, also on failure). Returns the names.
 */
export async function freshResources(
  stamp: number,
  postgresUrl: string,
  redisUrl: string,
  cleanups: Array<[string, () => Promise<unknown>]>,
  log: (message: string) => void,
): Promise<{ database: string; redisPrefix: string }> {
  const database = `superapp_bench_${stamp}`;
  const redisPrefix = `bench_${stamp}:`;
  cleanups.push([`drop database ${database}`, () => dropDatabase(postgresUrl, database)]);
  cleanups.push([
    `delete Redis keys ${redisPrefix}*`,
    async () => log(`deleted ${await deleteRedisKeys(redisUrl, redisPrefix)} Redis keys`),
  ]);
  log(`creating database ${database}`);
  await createDatabase(postgresUrl, database);
  return { database, redisPrefix };
}
