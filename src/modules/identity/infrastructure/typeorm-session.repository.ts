import { Injectable } from '@nestjs/common';
import { IsNull } from 'typeorm';
import { UnitOfWork } from '../../../platform/database/unit-of-work';
import { type NewRefreshToken, SessionRepository } from '../application/ports/session-repository';
import { RefreshTokenEntity } from './refresh-token.entity';

@Injectable()
export class TypeOrmSessionRepository extends SessionRepository {
  constructor(private readonly unitOfWork: UnitOfWork) {
    super();
  }

  private get tokens() {
    return this.unitOfWork.manager.getRepository(RefreshTokenEntity);
  }

  async insert(token: NewRefreshToken): Promise<void> {
    await this.tokens.insert({ ...token, rotatedAt: null, revokedAt: null });
  }

  async findByHash(tokenHash: string) {
    return this.tokens.findOneBy({ tokenHash });
  }

  async lockFamily(familyId: string): Promise<void> {
    await this.unitOfWork.manager.query(
      `SELECT pg_advisory_xact_lock(hashtextextended('identity.refresh-family:' || $1, 0))`,
      [familyId],
    );
  }

  async markRotated(id: string, at: Date): Promise<void> {
    await this.tokens.update({ id }, { rotatedAt: at });
  }

  async pruneEndedBefore(cutoff: Date, limit: number): Promise<number> {
    // Whole families only: a live session's rotated tokens must stay, or showing one again would
    // no longer be caught as reuse (and revoke the family).
    const [row] = await this.unitOfWork.manager.query<Array<{ families: number }>>(
      `WITH families AS (
         SELECT DISTINCT c.family_id FROM identity.refresh_tokens c
          WHERE (c.expires_at < $1 OR c.revoked_at < $1)
            AND NOT EXISTS (SELECT 1 FROM identity.refresh_tokens l
                             WHERE l.family_id = c.family_id
                               AND LEAST(l.expires_at, COALESCE(l.revoked_at, 'infinity')) >= $1)
          LIMIT $2),
       gone AS (DELETE FROM identity.refresh_tokens t USING families f WHERE t.family_id = f.family_id RETURNING 1)
       SELECT (SELECT count(*) FROM families)::int AS families`,
      [cutoff, limit],
    );
    return row.families;
  }

  async revokeFamily(familyId: string, at: Date): Promise<void> {
    await this.tokens.update({ familyId, revokedAt: IsNull() }, { revokedAt: at });
  }

  async deleteAllOf(userId: string): Promise<void> {
    await this.tokens.delete({ userId });
  }
}
