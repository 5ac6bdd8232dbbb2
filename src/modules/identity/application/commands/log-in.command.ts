import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../platform/database/unit-of-work';
import { ProblemError } from '../../../../shared/kernel/problem';
import { normalizeEmail } from '../../domain/email-address';
import { IdentityMetrics } from '../ports/identity-metrics';
import { UserRepository } from '../ports/user-repository';
import { locked, PasswordCheck } from '../password-check';
import { SessionIssuer, type TokenPair } from '../session-issuer';

export class LogIn extends Command<TokenPair> {
  constructor(
    readonly email: string,
    readonly password: string,
  ) {
    super();
  }
}

type Outcome = { tokens: TokenPair; first: boolean } | { failed: true } | { lockedUntil: Date };

@CommandHandler(LogIn)
export class LogInHandler implements ICommandHandler<LogIn, TokenPair> {
  constructor(
    private readonly users: UserRepository,
    private readonly passwords: PasswordCheck,
    private readonly sessions: SessionIssuer,
    private readonly unitOfWork: UnitOfWork,
    private readonly metrics: IdentityMetrics,
  ) {}

  /** Outcomes are committed, then refused: a failure counts even though the login is refused. */
  async execute({ email: rawEmail, password }: LogIn): Promise<TokenPair> {
    const email = normalizeEmail(rawEmail);
    const outcome = await this.unitOfWork.run(async (): Promise<Outcome> => {
      const now = new Date();
      const checked = await this.passwords.check(email, password, now);
      if (!('userId' in checked)) return checked;
      const user = await this.users.findById(checked.userId);
      if (!user) return { failed: true }; // erased between the two reads
      const first = await this.users.markSignedIn(user.id, now);
      return { tokens: await this.sessions.issue(user.id, user.roles), first };
    });
    if ('tokens' in outcome) {
      this.metrics.login('succeeded');
      if (outcome.first) this.metrics.firstSignIn();
      return outcome.tokens;
    }
    if ('lockedUntil' in outcome) {
      this.metrics.login('locked');
      throw locked(outcome.lockedUntil);
    }
    this.metrics.login('failed');
    throw new ProblemError(401, 'invalid-credentials', 'Unauthorized', 'The e-mail address or the password is wrong.');
  }
}
