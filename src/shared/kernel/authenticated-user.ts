import type { Role } from './roles';

/** Who is calling, as established by the platform from a verified access token. */
export interface AuthenticatedUser {
  id: string;
  roles: readonly Role[];
  tokenId: string;
  /** When the access token expires, in seconds since the epoch. */
  expiresAt: number;
}
