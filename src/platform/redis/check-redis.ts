import Redis from 'ioredis';
import { reasonOf, StartupFailure, withoutPassword } from '../config/startup-failure';

/** One connection and a PING before anything starts, so that an unreachable Redis fails the start in one line that names REDIS_URL. */
export async function assertRedisReachable(url: string | undefined): Promise<void> {
  if (!url) return;
  const redis = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 3_000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableOfflineQueue: false,
  });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    throw new StartupFailure(
      `Cannot reach Redis at ${withoutPassword(url)} (${reasonOf(error)}): start it, or fix REDIS_URL`,
    );
  } finally {
    redis.disconnect();
  }
}
