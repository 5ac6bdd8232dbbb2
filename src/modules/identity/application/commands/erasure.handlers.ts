import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { RevokedSubjects } from '../../../../platform/auth/revoked-subjects';
import { UnitOfWork } from '../../../../platform/database/unit-of-work';
import { Clock } from '../../../../platform/time/clock';
import { ConfirmPassword, EndAllSessions } from '../../../../shared/contracts/identity';
import { notFound, ProblemError } from '../../../../shared/kernel/problem';
import { locked, PasswordCheck, type PasswordOutcome } from '../password-check';
import { SessionRepository } from '../ports/session-repository';
import { UserRepository } from '../ports/user-repository';

/** The person proves it is them before an erasure; a wrong password counts against the login lockout. */
@CommandHandler(ConfirmPassword)
export class ConfirmPasswordHandler implements ICommandHandler<ConfirmPassword, void> {
  constructor(
    private readonly users: UserRepository,
    private readonly passwords: PasswordCheck,
    private readonly unitOfWork: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  async execute({ userId, password }: ConfirmPassword): Promise<void> {
    const outcome = await this.unitOfWork.run(async (): Promise<(PasswordOutcome & { lastAdmin?: boolean }) | null> => {
      const user = await this.users.findById(userId);
      if (!user) return null;
      const checked = await this.passwords.check(user.email, password, this.clock.now());
      const lastAdmin = user.roles.includes('admin') && (await this.users.countWithRole('admin')) <= 1;
      return { ...checked, lastAdmin };
    });
    if (!outcome) throw notFound('The account');
    if ('lockedUntil' in outcome) throw locked(outcome.lockedUntil);
    if ('failed' in outcome || outcome.userId !== userId)
      throw new ProblemError(403, 'wrong-password', 'Wrong password', 'The password is wrong: nothing was done.');
    if (outcome.lastAdmin)
      throw new ProblemError(
        409,
        'last-admin',
        'Last admin',
        'You are the only admin: grant the role to someone else before erasing your account.',
      );
  }
}

/** Sign-in stops, every session ends and every access token stops working now, in every process. */
@CommandHandler(EndAllSessions)
export class EndAllSessionsHandler implements ICommandHandler<EndAllSessions, void> {
  constructor(
    private readonly users: UserRepository,
    private readonly sessions: SessionRepository,
    private readonly revoked: RevokedSubjects,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  async execute({ userId }: EndAllSessions): Promise<void> {
    await this.unitOfWork.run(async () => {
      await this.users.disableSignIn(userId);
      await this.sessions.deleteAllOf(userId);
    });
    await this.revoked.revoke(userId);
  }
}
