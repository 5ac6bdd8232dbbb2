import { BullModule } from '@nestjs/bullmq';
import { Global, Module } from '@nestjs/common';
import { APP_CONFIG, type PlatformConfig } from '../config/app-config';
import { requiredRedisUrl } from '../redis/redis.module';

/** BullMQ on Redis: the fast path for background work. PostgreSQL stays the source of truth. */
@Global()
@Module({
  imports: [
    BullModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: PlatformConfig) => ({
        connection: redisConnectionOptions(config),
        prefix: `${config.REDIS_KEY_PREFIX}bull`,
      }),
    }),
  ],
  exports: [BullModule],
})
export class QueueModule {}

/** BullMQ's connection to REDIS_URL; only a multi-instance deployment (REDIS_URL set) builds one. */
export function redisConnectionOptions(config: Pick<PlatformConfig, 'REDIS_URL'>) {
  const parsed = new URL(requiredRedisUrl(config));
  return {
    host: parsed.hostname,
    port: Number(parsed.port || 6379),
    username: parsed.username ? decodeURIComponent(parsed.username) : undefined,
    password: parsed.password ? decodeURIComponent(parsed.password) : undefined,
    db: parsed.pathname.length > 1 ? Number(parsed.pathname.slice(1)) : 0,
    tls: parsed.protocol === 'rediss:' ? {} : undefined,
    maxRetriesPerRequest: null,
  };
}
