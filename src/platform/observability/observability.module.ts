import { Global, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { LoggerModule } from 'nestjs-pino';
import { Registry } from 'prom-client';
import { APP_CONFIG, type PlatformConfig } from '../config/app-config';
import { HealthController } from './health.controller';
import { loggingParams } from './logging';
import { createMetricsRegistry } from './metrics';
import { MetricsAccess } from './metrics-access';
import { MetricsController } from './metrics.controller';
import { MetricsServer } from './metrics-server';

@Global()
@Module({
  imports: [
    LoggerModule.forRootAsync({ inject: [APP_CONFIG], useFactory: (config: PlatformConfig) => loggingParams(config) }),
    TerminusModule.forRoot({ errorLogStyle: 'json', gracefulShutdownTimeoutMs: 0 }),
  ],
  controllers: [MetricsController, HealthController],
  providers: [{ provide: Registry, useFactory: createMetricsRegistry }, MetricsAccess, MetricsServer],
  exports: [Registry],
})
export class ObservabilityModule {}
