import { applyDecorators, SetMetadata } from '@nestjs/common';
import { SkipThrottle } from '@nestjs/throttler';
import { ApiExtension } from '@nestjs/swagger';

export const STRICT_RATE_LIMIT = 'platform:strictRateLimit';

/** Adds the strict `auth` limit (per client IP) on top of the default one: for login, registration and the like. */
export const StrictRateLimit = () => SetMetadata(STRICT_RATE_LIMIT, true);

export const BEACON_RATE_LIMIT = 'platform:beaconRateLimit';

/**
 * Adds the `beacon` limit (a few per client IP an hour) on top of the default one: for anonymous
 * counters such as the funnel's first step, which nobody has a reason to send often.
 */
export const BeaconRateLimit = () => SetMetadata(BEACON_RATE_LIMIT, true);

export const NOT_RATE_LIMITED_EXTENSION = 'x-not-rate-limited';

/**
 * No limit at all, and no Redis round trip: for the liveness probe, which an orchestrator sends from
 * one address every few seconds and which must never answer 429 (a throttled liveness probe restarts
 * a healthy process). Only for routes that do no work a flood could make expensive.
 */
export const NotRateLimited = () => applyDecorators(SkipThrottle(), ApiExtension(NOT_RATE_LIMITED_EXTENSION, true));
