import FindMyWay from 'find-my-way';

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

/**
 * Fastify answers 404 for a known path called with the wrong method; HTTP says 405 with an
 * `Allow` header. This keeps a second router of every registered route to tell the two apart.
 */
export class AllowedMethods {
  private readonly router = FindMyWay({ ignoreTrailingSlash: true });
  private readonly registered: string[] = [];

  add(method: string | string[], url: string): void {
    if (url.includes('*')) return; // catch-alls (CORS preflight) say nothing about a path's methods
    for (const m of Array.isArray(method) ? method : [method]) {
      if ((METHODS as readonly string[]).includes(m) && !this.router.hasRoute(m as never, url)) {
        this.router.on(m as never, url, () => undefined);
        this.registered.push(`${m} ${url}`);
      }
    }
  }

  /** Every `METHOD /path` the server answers, as registered. */
  routes(): readonly string[] {
    return this.registered;
  }

  /** The methods the path answers to, empty when the path is unknown. */
  for(path: string): string[] {
    const pathOnly = path.split('?')[0];
    return METHODS.filter((m) => this.router.find(m as never, pathOnly) !== null);
  }
}
