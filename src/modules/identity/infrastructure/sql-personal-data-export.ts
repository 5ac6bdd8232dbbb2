import { Injectable } from '@nestjs/common';
import { queryRows } from '../../../platform/database/query-rows';
import { UnitOfWork } from '../../../platform/database/unit-of-work';
import type { PersonalDataSection } from '../../../shared/contracts/privacy';
import { PersonalDataExport } from '../application/ports/personal-data-export';

/**
 * The account, its sessions and the sign-in throttle of its address. Never the password hash nor a
 * token hash: a session is shown by its family (one per sign-in) and its times.
 */
@Injectable()
export class SqlPersonalDataExport extends PersonalDataExport {
  constructor(private readonly unitOfWork: UnitOfWork) {
    super();
  }

  async sectionOf(userId: string, emailHash: (email: string) => string): Promise<PersonalDataSection> {
    const [profile] = await queryRows<{ email: string }>(
      this.unitOfWork,
      `SELECT id, email, display_name AS "displayName", avatar_url AS "avatarUrl", locale, roles,
              created_at AS "createdAt", updated_at AS "updatedAt", first_signed_in_at AS "firstSignedInAt"
         FROM identity.users WHERE id = $1`,
      [userId],
    );
    const sessions = await queryRows(
      this.unitOfWork,
      `SELECT family_id AS "sessionId", min(created_at) AS "signedInAt", max(coalesce(rotated_at, created_at)) AS "lastRefreshedAt",
              max(expires_at) AS "expiresAt", max(revoked_at) AS "revokedAt", count(*)::int AS "tokensIssued"
         FROM identity.refresh_tokens WHERE user_id = $1 GROUP BY family_id ORDER BY min(created_at)`,
      [userId],
    );
    // Kept under the address's keyed hash, as sign-in computes it; only the streak is shown.
    const loginThrottles = profile
      ? await queryRows(
          this.unitOfWork,
          `SELECT consecutive_failures AS "consecutiveFailures", locked_until AS "lockedUntil", updated_at AS "updatedAt"
             FROM identity.login_throttles WHERE email_hash = $1`,
          [emailHash(profile.email)],
        )
      : [];
    return { profile: profile ?? null, sessions, loginThrottles };
  }
}
