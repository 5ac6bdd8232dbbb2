import type { Role } from './roles';

/** Who is calling, as established by the platform from a verified access token. */
export interface AuthenticatedUser {
  id: string;
  roles: readonly Role[];
  tokenId: string;
}
