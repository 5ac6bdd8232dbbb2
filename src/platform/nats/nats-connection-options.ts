import type { ConnectionOptions } from '@nats-io/transport-node';
import type { PlatformConfig } from '../config/app-config';
import { natsIdentityOf } from './nats-identity';
import { inboxPrefixOf } from './subjects';

/**
 * How every NATS client of this process connects (the bus's JetStream broker, the command
 * client and server): the same servers and the same identity, so the broker sees one user per
 * process. Lost later, a client reconnects for ever; the outbox and the callers' timeouts wait.
 */
export function natsConnectionOptions(config: PlatformConfig, name: string): ConnectionOptions {
  const identity = natsIdentityOf(config);
  return {
    servers: natsServers(config),
    name: `${name} ${process.pid}`,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 250,
    timeout: 5_000,
    ...(config.NATS_USER ? { user: config.NATS_USER, pass: config.NATS_PASSWORD } : {}),
    // Files, read again at each (re)connection: a renewed certificate is taken without a restart.
    ...(config.NATS_TLS_CA || config.NATS_TLS_CERT
      ? { tls: { caFile: config.NATS_TLS_CA, certFile: config.NATS_TLS_CERT, keyFile: config.NATS_TLS_KEY } }
      : {}),
    // Replies (JetStream's, and those to our calls) come to an inbox only this process's user may read (ADR 0037).
    ...(identity ? { inboxPrefix: inboxPrefixOf(identity) } : {}),
  };
}

export function natsServers(config: PlatformConfig): string[] {
  return config.NATS_URL!.split(',');
}
