/** How many proxied requests a launch may make per minute (RUNTIME_PROXY_REQUESTS_PER_MINUTE), across instances. */
export abstract class ProxyRateLimit {
  abstract take(launchId: string): Promise<{ allowed: true } | { allowed: false; retryAfterSeconds: number }>;
}
