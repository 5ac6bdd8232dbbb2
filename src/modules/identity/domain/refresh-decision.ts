export interface StoredRefreshToken {
  familyId: string;
  userId: string;
  expiresAt: Date;
  rotatedAt: Date | null;
  revokedAt: Date | null;
}

export type RefreshDecision = 'rotate' | 'reuse-detected' | 'expired' | 'revoked';

/**
 * Refresh tokens rotate on every use (OAuth 2.0 Security BCP §4.14). A token that was
 * already rotated and is shown again means two parties hold it: one of them is a thief,
 * and we cannot tell which, so the whole family is revoked.
 */
export function decideRefresh(token: StoredRefreshToken, now: Date): RefreshDecision {
  if (token.revokedAt) return 'revoked';
  if (token.rotatedAt) return 'reuse-detected';
  if (token.expiresAt.getTime() <= now.getTime()) return 'expired';
  return 'rotate';
}
