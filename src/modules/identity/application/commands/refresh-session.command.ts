import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../platform/database/unit-of-work';
import { ProblemError } from '../../../../shared/kernel/problem';
import { decideRefresh, type RefreshDecision } from '../../domain/refresh-decision';
import { SessionRepository } from '../ports/session-repository';
import { UserRepository } from '../ports/user-repository';
import { hashToken, SessionIssuer, type TokenPair } from '../session-issuer';
import { Clock } from '../../../../platform/time/clock';

export class RefreshSession extends Command<TokenPair> {
  constructor(readonly refreshToken: string) {
    super();
  }
}

const REFUSALS: Record<Exclude<RefreshDecision, 'rotate'> | 'unknown', string> = {
  unknown: 'The refresh token is not valid; log in again.',
  expired: 'The refresh token has expired; log in again.',
  revoked: 'The session was ended; log in again.',
  'reuse-detected': 'This refresh token was already used, so the session was ended for safety; log in again.',
};

@CommandHandler(RefreshSession)
export class RefreshSessionHandler implements ICommandHandler<RefreshSession, TokenPair> {
  constructor(
    private readonly sessions: SessionRepository,
    private readonly users: UserRepository,
    private readonly issuer: SessionIssuer,
    private readonly unitOfWork: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  async execute({ refreshToken }: RefreshSession): Promise<TokenPair> {
    // The outcome is decided and committed first (a detected reuse must stay revoked), then refused outside the transaction.
    const outcome = await this.unitOfWork.run(async (): Promise<TokenPair | keyof typeof REFUSALS> => {
      const tokenHash = hashToken(refreshToken);
      const seen = await this.sessions.findByHash(tokenHash);
      if (!seen) return 'unknown';
      await this.sessions.lockFamily(seen.familyId);
      // Read again: another refresh may have just rotated it, or the retention sweep deleted its ended session.
      const stored = await this.sessions.findByHash(tokenHash);
      if (!stored) return 'unknown';
      const now = this.clock.now();
      const decision = decideRefresh(stored, now);
      if (decision === 'reuse-detected') await this.sessions.revokeFamily(stored.familyId, now);
      if (decision !== 'rotate') return decision;
      const user = await this.users.findById(stored.userId);
      if (!user) return 'revoked';
      await this.sessions.markRotated(stored.id, now);
      return this.issuer.issue(user.id, user.roles, stored.familyId);
    });
    if (typeof outcome === 'string') {
      throw new ProblemError(
        401,
        outcome === 'unknown' ? 'invalid-refresh-token' : `refresh-token-${outcome}`,
        'Unauthorized',
        REFUSALS[outcome],
      );
    }
    return outcome;
  }
}
