import type { PlatformConfig } from './app-config';

/**
 * Where mini-app bundles are served: MINIAPP_ORIGIN, or in development `http://apps.localhost:PORT`
 * (browsers resolve every *.localhost name to loopback), an origin apart from the shell's, so a
 * mistake in the sandbox still cannot reach the shell's storage.
 */
export function miniAppOrigin(config: Pick<PlatformConfig, 'MINIAPP_ORIGIN' | 'PORT'>): string {
  return config.MINIAPP_ORIGIN ?? `http://apps.localhost:${config.PORT}`;
}

/** The SDK every mini-app page loads first, from the mini-app origin. */
export function sdkUrl(config: Pick<PlatformConfig, 'MINIAPP_ORIGIN' | 'PORT'>): string {
  return `${miniAppOrigin(config)}/sdk/v1/superapp.js`;
}

/** True when a request's Host header names the mini-app origin (and so may be served bundle files, nothing of the shell). */
export function isMiniAppHost(
  host: string | undefined,
  config: Pick<PlatformConfig, 'MINIAPP_ORIGIN' | 'PORT'>,
): boolean {
  return miniAppHostTest(config)(host);
}

/** isMiniAppHost with the origin parsed once, for a check on every request. */
export function miniAppHostTest(
  config: Pick<PlatformConfig, 'MINIAPP_ORIGIN' | 'PORT'>,
): (host: string | undefined) => boolean {
  const miniAppHost = new URL(miniAppOrigin(config)).host;
  return (host) => host !== undefined && host.toLowerCase() === miniAppHost;
}
