import type { ConnectionOptions } from '@nats-io/transport-node';
import type { PlatformConfig } from '../config/app-config';

/**
 * How every NATS client of this process connects (the bus's JetStream broker, the command
 * client and server): the same servers and the same identity, so the broker sees one user per
 * process. Lost later, a client reconnects for ever; the outbox and the callers' timeouts wait.
 */
export function natsConnectionOptions(config: PlatformConfig, name: string): ConnectionOptions {
  return {
    servers: natsServers(config),
    name: `${name} ${process.pid}`,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 250,
    timeout: 5_000,
  };
}

export function natsServers(config: PlatformConfig): string[] {
  return config.NATS_URL!.split(',');
}
