import Redis from 'ioredis';

/**
 * The Redis the tests use unless a test runs without one (`REDIS_URL: ''`): the suite tests the
 * multi-instance mode by default, whatever the platform's own default is.
 */
export const TEST_REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379';

/** Deletes every key under `prefix` (rate-limit counters, queues…); returns how many. Nothing reachable (or no Redis), nothing deleted. */
export async function deleteRedisKeys(redisUrl: string | undefined, prefix: string): Promise<number> {
  if (!redisUrl) return 0;
  const redis = new Redis(redisUrl, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    connectTimeout: 5_000,
    retryStrategy: () => null,
  });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    let deleted = 0;
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1_000);
      if (keys.length) deleted += await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
    return deleted;
  } catch {
    return 0;
  } finally {
    redis.disconnect();
  }
}
