import { SetMetadata } from '@nestjs/common';

export const STRICT_RATE_LIMIT = 'platform:strictRateLimit';

/** Adds the strict `auth` limit (per client IP) on top of the default one: for login, registration and the like. */
export const StrictRateLimit = () => SetMetadata(STRICT_RATE_LIMIT, true);
