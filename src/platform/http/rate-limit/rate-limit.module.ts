import { Module } from '@nestjs/common';
import { ThrottlerModule, ThrottlerStorageService } from '@nestjs/throttler';
import type Redis from 'ioredis';
import { APP_CONFIG, type PlatformConfig } from '../../config/app-config';
import { REDIS } from '../../redis/redis.module';
import { decidedByRoute } from './rate-limit.guard';
import { RedisThrottlerStorage } from './redis-throttler-storage';
import { ResilientThrottlerStorage } from './resilient-throttler-storage';
import { BEACON_RATE_LIMIT, STRICT_RATE_LIMIT } from './strict-rate-limit.decorator';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const BEACONS_PER_HOUR = 10;
const byIp = (req: Record<string, unknown>) => `ip:${String(req.ip)}`;
const onlyFor = (marker: string) =>
  decidedByRoute((context: { getHandler(): object }) => Reflect.getMetadata(marker, context.getHandler()) !== true);

@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [APP_CONFIG, { token: REDIS, optional: true }],
      useFactory: (config: PlatformConfig, redis?: Redis) => ({
        // Without Redis (a single instance) the library's own counters in this process's memory.
        storage: redis
          ? new ResilientThrottlerStorage(new RedisThrottlerStorage(redis))
          : new ThrottlerStorageService(),
        throttlers: [
          { name: 'default', limit: config.RATE_LIMIT_PER_MINUTE, ttl: MINUTE_MS },
          {
            name: 'auth',
            limit: config.AUTH_RATE_LIMIT_PER_MINUTE,
            ttl: MINUTE_MS,
            getTracker: byIp,
            skipIf: onlyFor(STRICT_RATE_LIMIT),
          },
          {
            name: 'beacon',
            limit: BEACONS_PER_HOUR,
            ttl: HOUR_MS,
            getTracker: byIp,
            skipIf: onlyFor(BEACON_RATE_LIMIT),
          },
        ],
      }),
    }),
  ],
  exports: [ThrottlerModule],
})
export class RateLimitModule {}
