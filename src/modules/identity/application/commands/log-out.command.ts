import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../platform/database/unit-of-work';
import { SessionRepository } from '../ports/session-repository';
import { hashToken } from '../session-issuer';
import { Clock } from '../../../../platform/time/clock';

export class LogOut extends Command<void> {
  constructor(
    readonly userId: string,
    readonly refreshToken: string,
  ) {
    super();
  }
}

/** Ends the session (the refresh-token family) the token belongs to, if it is the caller's. Idempotent. */
@CommandHandler(LogOut)
export class LogOutHandler implements ICommandHandler<LogOut, void> {
  constructor(
    private readonly sessions: SessionRepository,
    private readonly unitOfWork: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  async execute({ userId, refreshToken }: LogOut): Promise<void> {
    await this.unitOfWork.run(async () => {
      const stored = await this.sessions.findByHash(hashToken(refreshToken));
      if (!stored || stored.userId !== userId) return;
      await this.sessions.lockFamily(stored.familyId);
      await this.sessions.revokeFamily(stored.familyId, this.clock.now());
    });
  }
}
