import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const REQUEST_ID_HEADER = 'x-request-id';
const ACCEPTABLE = /^[\w.:-]{1,128}$/;

/**
 * The caller's `X-Request-Id` when it is a sane token, otherwise a fresh UUID. It is stored
 * on the raw request too, so the request logger (which sees only the raw request) uses the same id.
 */
export function requestIdFor(raw: IncomingMessage): string {
  const offered = raw.headers[REQUEST_ID_HEADER];
  const id = typeof offered === 'string' && ACCEPTABLE.test(offered) ? offered : randomUUID();
  (raw as IncomingMessage & { id?: string }).id = id;
  return id;
}
