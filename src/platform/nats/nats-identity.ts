import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Settings } from '../config/config.schema';

/** A name the broker's configuration and a subject token both take (NATS_USER, nats-config's process names). */
export const NATS_NAME = /^[\w-]+$/;

/** The CN of a PEM certificate's subject, if it has one. */
export function commonNameOf(certificatePem: string): string | undefined {
  return new X509Certificate(certificatePem).subject
    .split('\n')
    .find((part) => part.startsWith('CN='))
    ?.slice('CN='.length);
}

/**
 * The name a process is known by to NATS: NATS_USER, or else the common name of its client
 * certificate (the broker maps the certificate to the user `CN=<name>`). Unset: an anonymous client.
 */
export function natsIdentityOf(config: Pick<Settings, 'NATS_USER' | 'NATS_TLS_CERT'>): string | undefined {
  if (config.NATS_USER) return config.NATS_USER;
  return config.NATS_TLS_CERT ? commonNameOf(readFileSync(config.NATS_TLS_CERT, 'utf8')) : undefined;
}
