/** The manifest's declared origins, and how to tell whether a URL leaves them. */

const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(['127.0.0.1', 'localhost', '[::1]']);
const ABSOLUTE_HTTP_URL = /^[\t\n\f\r ]*https?:\/\//i;

/** The origin of `text` if it is an absolute http(s) URL, else null (relative paths, other schemes). */
export function httpOriginOf(text: string): string | null {
  if (!ABSOLUTE_HTTP_URL.test(text)) return null;
  try {
    return new URL(text.trim()).origin;
  } catch {
    return null;
  }
}

export class DeclaredOrigins {
  private readonly origins: ReadonlySet<string>;

  /**
   * Only https entries declare an origin: the platform makes no plain-http calls for a mini-app,
   * except to the loopback origins a development platform accepts in a manifest.
   */
  constructor(domains: readonly string[]) {
    const origins = new Set<string>();
    for (const domain of domains) {
      try {
        const url = new URL(domain.trim());
        if (url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname)))
          origins.add(url.origin);
      } catch {
        // A malformed entry declares nothing.
      }
    }
    this.origins = origins;
  }

  includes(origin: string): boolean {
    return this.origins.has(origin);
  }
}
