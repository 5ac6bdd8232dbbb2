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
  /** Reads the token and locks its row until the unit of work ends, so two refreshes cannot both rotate it. */
  abstract findByHashForUpdate(tokenHash: string): Promise<(StoredRefreshToken & { id: string }) | null>;
  abstract markRotated(id: string, at: Date): Promise<void>;
  abstract revokeFamily(familyId: string, at: Date): Promise<void>;
}
