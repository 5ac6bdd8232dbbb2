/** One named limit as the IETF RateLimit header fields describe it (draft-ietf-httpapi-ratelimit-headers). */
export interface RateLimitState {
  policy: string;
  quota: number;
  windowSeconds: number;
  remaining: number;
  resetSeconds: number;
}

/** `RateLimit-Policy: "default";q=100;w=60` */
export const policyField = (states: RateLimitState[]): string =>
  states.map((s) => `"${s.policy}";q=${s.quota};w=${s.windowSeconds}`).join(', ');

/** `RateLimit: "default";r=42;t=17` */
export const limitField = (states: RateLimitState[]): string =>
  states.map((s) => `"${s.policy}";r=${s.remaining};t=${s.resetSeconds}`).join(', ');
