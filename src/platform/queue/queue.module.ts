import { BullModule } from '@nestjs/bullmq';
import { Global, Module } from '@nestjs/common';
import { APP_CONFIG, type PlatformConfig } from '../config/app-config';

/** BullMQ on Redis: the fast path for background work. PostgreSQL stays the source of truth. */
@Global()
@Module({
  imports: [
    BullModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: PlatformConfig) => ({
        connection: redisConnectionOptions(config.REDIS_URL),
        prefix: `${config.REDIS_KEY_PREFIX}bull`,
      }),
    }),
  ],
  exports: [BullModule],
})
export class QueueModule {}

export function redisConnectionOptions(url: string) {
  const parsed = new URL(url);
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
