import type { StoredRefreshToken } from '../../domain/refresh-decision';

export interface NewRefreshToken {
  id: string;
  familyId: string;
  userId: string;
  tokenHash: string;
  expiresAt: Date;
}

/** Refresh-token families (one per login); tokens are looked up by their hash only. */
export abstract class SessionRepository {
  abstract insert(token: NewRefreshToken): Promise<void>;
  abstract findByHash(tokenHash: string): Promise<(StoredRefreshToken & { id: string }) | null>;
  /**
   * Serialises every change to one family until the unit of work ends: a refresh and a
   * revocation of the same family cannot interleave, so a revocation sees every token.
   */
  abstract lockFamily(familyId: string): Promise<void>;
  abstract markRotated(id: string, at: Date): Promise<void>;
  abstract revokeFamily(familyId: string, at: Date): Promise<void>;
  /** Deletes every token of every session of the user: a refresh with any of them is refused. */
  abstract deleteAllOf(userId: string): Promise<void>;
  /**
   * Deletes the sessions (whole token families) that ended before `cutoff`: every token of the
   * family expired or was revoked by then, at most `limit` sessions. Returns how many sessions went.
   */
  abstract pruneEndedBefore(cutoff: Date, limit: number): Promise<number>;
}
