/** The rules of the network proxy that need no network: what a request may carry (where it may go: platform/outbound). */

/**
 * Headers a mini-app may not set on its request: hop-by-hop ones, the host and framing (ours to
 * set), credentials of the browser kind (cookies, Authorization: the platform never forwards any),
 * forwarding claims, compression (the body comes back as the upstream sent it), and anything in
 * the platform's own namespace, which would forge what its backend trusts.
 */
const DROPPED_REQUEST_HEADERS: ReadonlySet<string> = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'expect',
  'host',
  'content-length',
  'cookie',
  'cookie2',
  'authorization',
  'accept-encoding',
  'forwarded',
  'x-forwarded-for',
  'x-forwarded-host',
  'x-forwarded-proto',
  'x-real-ip',
]);

export function forwardableRequestHeaders(headers: Readonly<Record<string, string>>): Record<string, string> {
  const forwarded: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (!DROPPED_REQUEST_HEADERS.has(lower) && !lower.startsWith('x-superapp-')) forwarded[lower] = value;
  }
  return forwarded;
}

/** What the mini-app is shown of the upstream's answer: no cookies (the frame has no jar, and they are not its to see) and no framing. */
const DROPPED_RESPONSE_HEADERS: ReadonlySet<string> = new Set([
  'set-cookie',
  'set-cookie2',
  'connection',
  'keep-alive',
  'transfer-encoding',
  'trailer',
  'upgrade',
  'proxy-authenticate',
]);

export function visibleResponseHeaders(
  headers: Readonly<Record<string, string | string[] | undefined>>,
): Record<string, string> {
  const visible: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && !DROPPED_RESPONSE_HEADERS.has(name.toLowerCase()))
      visible[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return visible;
}

const REDIRECTS: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);
export const MAX_REDIRECTS = 5;

export const isRedirect = (status: number, location: string | undefined): location is string =>
  REDIRECTS.has(status) && Boolean(location);

/** The method of the request a redirect leads to, as browsers follow them (Fetch §4.4): 303, and 301/302 after a POST, become a GET without a body. */
export function methodAfterRedirect(status: number, method: string): string {
  if (method === 'HEAD') return method;
  return status === 303 || ((status === 301 || status === 302) && method === 'POST') ? 'GET' : method;
}

const TEXTUAL = /^(text\/|application\/(json|xml|javascript|x-www-form-urlencoded)\b|[\w.-]+\/[\w.-]+\+(json|xml)\b)/i;

/** A body goes back as text when its type says it is text, base64 otherwise. */
export const isTextual = (contentType: string | undefined): boolean => TEXTUAL.test(contentType ?? '');

/** What one proxied call may take: 10 s in all (redirects included), 1 MiB each way. */
export const PROXY_LIMITS = { timeoutMs: 10_000, maxRequestBytes: 1024 * 1024, maxResponseBytes: 1024 * 1024 } as const;
