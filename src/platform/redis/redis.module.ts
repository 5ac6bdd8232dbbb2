import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { APP_CONFIG, type PlatformConfig } from '../config/app-config';

/** The shared ioredis client for caches and counters (BullMQ keeps its own connections). */
export const REDIS = Symbol('REDIS');

@Global()
@Module({
  providers: [
    {
      provide: REDIS,
      inject: [APP_CONFIG],
      useFactory: (config: PlatformConfig) =>
        new Redis(config.REDIS_URL, {
          keyPrefix: config.REDIS_KEY_PREFIX,
          // Fail fast while Redis is away instead of queueing: callers degrade, requests do not hang.
          enableOfflineQueue: false,
          maxRetriesPerRequest: 1,
          connectTimeout: 2_000,
          commandTimeout: 1_000,
          retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
        }),
    },
  ],
  exports: [REDIS],
})
export class RedisModule implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
