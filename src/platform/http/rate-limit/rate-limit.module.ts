import { Module } from '@nestjs/common';
import { ThrottlerModule, ThrottlerStorageService } from '@nestjs/throttler';
import type Redis from 'ioredis';
import { APP_CONFIG, type PlatformConfig } from '../../config/app-config';
import { REDIS } from '../../redis/redis.module';
import { RedisThrottlerStorage } from './redis-throttler-storage';
import { ResilientThrottlerStorage } from './resilient-throttler-storage';
import { STRICT_RATE_LIMIT } from './strict-rate-limit.decorator';

const MINUTE_MS = 60_000;

@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [APP_CONFIG, { token: REDIS, optional: true }],
      useFactory: (config: PlatformConfig, redis?: Redis) => ({
        // Without Redis (a single instance) the library's own counters in this process's memory.
        storage: redis ? new ResilientThrottlerStorage(new RedisThrottlerStorage(redis)) : new ThrottlerStorageService(),
        throttlers: [
          { name: 'default', limit: config.RATE_LIMIT_PER_MINUTE, ttl: MINUTE_MS },
          {
            name: 'auth',
            limit: config.AUTH_RATE_LIMIT_PER_MINUTE,
            ttl: MINUTE_MS,
            getTracker: (req: Record<string, unknown>) => `ip:${String(req.ip)}`,
            skipIf: (context) => Reflect.getMetadata(STRICT_RATE_LIMIT, context.getHandler()) !== true,
          },
        ],
      }),
    }),
  ],
  exports: [ThrottlerModule],
})
export class RateLimitModule {}
