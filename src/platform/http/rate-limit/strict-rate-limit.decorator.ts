import { SetMetadata } from '@nestjs/common';

export const STRICT_RATE_LIMIT = 'platform:strictRateLimit';

/** Adds the strict `auth` limit (per client IP) on top of the default one: for login, registration and the like. */
export const StrictRateLimit = () => SetMetadata(STRICT_RATE_LIMIT, true);

export const BEACON_RATE_LIMIT = 'platform:beaconRateLimit';

/**
 * Adds the `beacon` limit (a few per client IP an hour) on top of the default one: for anonymous
 * counters such as the funnel's first step, which nobody has a reason to send often.
 */
export const BeaconRateLimit = () => SetMetadata(BEACON_RATE_LIMIT, true);
