import { dropDatabase as drop, ensureDatabase } from '../../src/platform/database/ensure-database';

export { deleteRedisKeys } from '../../test/support/redis-keys';

export const createDatabase = (serverUrl: string, name: string) => ensureDatabase(`${serverUrl}/${name}`);
export const dropDatabase = (serverUrl: string, name: string) => drop(`${serverUrl}/${name}`);
