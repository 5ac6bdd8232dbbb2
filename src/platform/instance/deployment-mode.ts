import type { FactoryProvider } from '@nestjs/common';
import { APP_CONFIG, type PlatformConfig } from '../config/app-config';

/**
 * How an instance shares its fast paths (ADR 0018). `single-instance` (REDIS_URL unset): rate-limit
 * counters, the bus's delivery queue and the scan queue live in this process, and a PostgreSQL
 * advisory lock keeps a second such instance off the database. `multi-instance` (REDIS_URL set):
 * they live in Redis, shared by any number of instances. PostgreSQL is the source of truth in both.
 */
export type DeploymentMode = 'single-instance' | 'multi-instance';

export const deploymentMode = (config: Pick<PlatformConfig, 'REDIS_URL'>): DeploymentMode =>
  config.REDIS_URL ? 'multi-instance' : 'single-instance';

/** What an operator sets to leave the mode, for the words the platform prints. */
export const HOW_TO_SWITCH: Record<DeploymentMode, string> = {
  'single-instance': 'set REDIS_URL on every instance to run several',
  'multi-instance': 'unset REDIS_URL to run a single instance without Redis',
};

/**
 * The provider of a port with one adapter per mode, chosen once at start: the code behind the port
 * has a single path. Each adapter is built from the configuration alone.
 */
export function perDeploymentMode<T>(
  port: abstract new (...args: never[]) => T,
  adapters: Record<DeploymentMode, (config: PlatformConfig) => T>,
): FactoryProvider<T> {
  return {
    provide: port,
    inject: [APP_CONFIG],
    useFactory: (config: PlatformConfig) => adapters[deploymentMode(config)](config),
  };
}
