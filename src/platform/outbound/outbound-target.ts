/**
 * Where the platform may send a request on a mini-app's behalf (the runtime's proxy, payments'
 * merchant notifications): a rule that needs no network, shared so both judge a URL alike.
 */

export type TargetRefusal = 'invalid-url' | 'https-required' | 'domain-not-declared';

const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * Where a request may go: an origin the mini-app's live manifest declares, over https. Plain http
 * only to a loopback origin, and only where the platform may reach loopback (OUTBOUND_ALLOW_LOOPBACK).
 * Whether the address the name resolves to is public is judged when connecting, not here.
 */
export function checkTarget(
  raw: string,
  declared: readonly string[],
  allowLoopback: boolean,
): { url: URL } | { refusal: TargetRefusal } {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { refusal: 'invalid-url' };
  }
  if (url.username || url.password) return { refusal: 'invalid-url' };
  const loopbackHttp = url.protocol === 'http:' && allowLoopback && LOOPBACK_HOSTS.has(url.hostname);
  if (url.protocol !== 'https:' && !loopbackHttp) return { refusal: 'https-required' };
  if (!declaredOrigins(declared).has(url.origin)) return { refusal: 'domain-not-declared' };
  // A fragment never leaves the client: dropped, so the URL a signature binds (htu) is the one the backend receives.
  url.hash = '';
  return { url };
}

function declaredOrigins(declared: readonly string[]): Set<string> {
  const origins = new Set<string>();
  for (const domain of declared) {
    try {
      origins.add(new URL(domain).origin);
    } catch {
      // review admits only origins; anything else declares nothing
    }
  }
  return origins;
}
