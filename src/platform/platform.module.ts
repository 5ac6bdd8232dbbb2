import { type DynamicModule, Module } from '@nestjs/common';
import { AuthModule } from './auth/auth.module';
import type { PlatformConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { HttpModule } from './http/http.module';
import { MessagingModule } from './messaging/messaging.module';
import { ObservabilityModule } from './observability/observability.module';
import { OutboundModule } from './outbound/outbound.module';
import { QueueModule } from './queue/queue.module';
import { RedisModule } from './redis/redis.module';
import { TimeModule } from './time/time.module';

/** The technical capabilities every module builds on; no business rules live here. Redis and BullMQ only when REDIS_URL is set. */
@Module({})
export class PlatformModule {
  static forRoot(config: PlatformConfig): DynamicModule {
    return {
      module: PlatformModule,
      imports: [
        ConfigModule.forRoot(config),
        TimeModule,
        ObservabilityModule,
        DatabaseModule,
        ...(config.REDIS_URL ? [RedisModule, QueueModule] : []),
        MessagingModule,
        AuthModule,
        HttpModule,
        OutboundModule,
      ],
    };
  }
}
