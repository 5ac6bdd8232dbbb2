import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet, { type HelmetOptions } from 'helmet';

/**
 * helmet's defaults, except that HSTS and `upgrade-insecure-requests` are sent only when browsers
 * reach the platform over https (SERVED_OVER_HTTPS): over plain http they send the browser to an
 * https that is not there, and Swagger UI's assets, from any host but localhost, never load.
 */
export function securityOptions({ servedOverHttps }: { servedOverHttps: boolean }): HelmetOptions {
  return {
    strictTransportSecurity: servedOverHttps,
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", "'unsafe-inline'"], // Swagger UI's inline bootstrap
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        upgradeInsecureRequests: servedOverHttps ? [] : null,
      },
    },
  };
}

/**
 * helmet's headers, worked out once at start. They do not depend on the request, and building
 * helmet's middleware per request (as @fastify/helmet does) cost a fifth of a health check.
 */
export function securityHeaders(options: HelmetOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader: (name: string, value: string | number) => (headers[name.toLowerCase()] = String(value)),
    removeHeader: (name: string) => delete headers[name.toLowerCase()],
  };
  helmet(options)({} as IncomingMessage, response as unknown as ServerResponse, () => undefined);
  return headers;
}
