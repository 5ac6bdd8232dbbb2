import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import type { ThrottlerStorage } from '@nestjs/throttler';
import type Redis from 'ioredis';

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;
type IncrementCommand = (
  hitKey: string,
  blockKey: string,
  name: string,
  ttl: number,
  limit: number,
  block: number,
) => Promise<number[]>;

/**
 * @nest-lab/throttler-storage-redis's counting script, sent once and then called by its SHA
 * (EVALSHA through ioredis' defineCommand): the library sends the whole script text with every
 * request, which cost a fifth of a health check.
 */
export class RedisThrottlerStorage implements ThrottlerStorage {
  private readonly incrementCommand: IncrementCommand;

  constructor(redis: Redis) {
    const lua = new ThrottlerStorageRedisService(redis).getScriptSrc();
    redis.defineCommand('throttlerIncrement', { numberOfKeys: 2, lua });
    this.incrementCommand = (
      redis as unknown as Record<'throttlerIncrement', IncrementCommand>
    ).throttlerIncrement.bind(redis);
  }

  async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    name: string,
  ): Promise<ThrottlerStorageRecord> {
    const [totalHits, timeToExpire, isBlocked, timeToBlockExpire] = await this.incrementCommand(
      `{${key}:${name}}:hits`,
      `{${key}:${name}}:blocked`,
      name,
      ttl,
      limit,
      blockDuration,
    );
    return {
      totalHits,
      timeToExpire: Math.ceil(timeToExpire / 1000),
      isBlocked: isBlocked === 1,
      timeToBlockExpire: Math.ceil(timeToBlockExpire / 1000),
    };
  }
}
