import { Global, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { LoggerModule } from 'nestjs-pino';
import { Registry } from 'prom-client';
import { APP_CONFIG, type PlatformConfig } from '../config/app-config';
import { deploymentMode } from '../instance/deployment-mode';
import { NatsLinks } from '../nats/nats-links';
import { HealthController } from './health.controller';
import { loggingParams } from './logging';
import { createMetricsRegistry } from './metrics';
import { FunnelController } from './funnel.controller';
import { MetricsAccess } from './metrics-access';
import { MetricsController } from './metrics.controller';
import { MetricsServer } from './metrics-server';
import { SignupFunnel } from './signup-funnel';

@Global()
@Module({
  imports: [
    LoggerModule.forRootAsync({ inject: [APP_CONFIG], useFactory: (config: PlatformConfig) => loggingParams(config) }),
    TerminusModule.forRoot({ errorLogStyle: 'json', gracefulShutdownTimeoutMs: 0 }),
  ],
  controllers: [MetricsController, HealthController, FunnelController],
  providers: [
    {
      provide: Registry,
      inject: [APP_CONFIG],
      useFactory: (config: PlatformConfig) => createMetricsRegistry(deploymentMode(config)),
    },
    SignupFunnel,
    MetricsAccess,
    MetricsServer,
    NatsLinks,
  ],
  exports: [Registry, SignupFunnel, NatsLinks],
})
export class ObservabilityModule {}
