import { createHash } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { APP_CONFIG, type PlatformConfig } from '../../../../platform/config/app-config';
import { UnitOfWork } from '../../../../platform/database/unit-of-work';
import { ProblemError } from '../../../../shared/kernel/problem';
import { normalizeEmail } from '../../domain/email-address';
import { normalizePassword } from '../../domain/password-policy';
import { failuresSoFar, isLocked, lockUntil, type LockoutPolicy } from '../../domain/login-lockout';
import { IdentityMetrics } from '../ports/identity-metrics';
import { LoginThrottleRepository } from '../ports/login-throttle-repository';
import { PasswordHasher } from '../ports/password-hasher';
import { UserRepository } from '../ports/user-repository';
import { SessionIssuer, type TokenPair } from '../session-issuer';

/** A failure streak this old is forgotten: the next failure starts a new one (and the housekeeping deletes it). */
export const STREAK_EXPIRY_SECONDS = 24 * 3_600;

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
  private readonly policy: LockoutPolicy;

  constructor(
    private readonly users: UserRepository,
    private readonly throttles: LoginThrottleRepository,
    private readonly hasher: PasswordHasher,
    private readonly sessions: SessionIssuer,
    private readonly unitOfWork: UnitOfWork,
    private readonly metrics: IdentityMetrics,
    @Inject(APP_CONFIG) config: PlatformConfig,
  ) {
    this.policy = {
      failuresBeforeLock: config.LOGIN_FAILURES_BEFORE_LOCK,
      baseLockSeconds: config.LOGIN_LOCK_BASE_SECONDS,
      maxLockSeconds: 3_600,
      streakExpirySeconds: STREAK_EXPIRY_SECONDS,
    };
  }

  /**
   * Known and unknown addresses take the same path and the same time, so the answer reveals
   * nothing. The address's streak row stays locked while the password is checked, so attempts
   * on one address are judged one at a time. Outcomes are committed, then refused.
   */
  async execute({ email: rawEmail, password }: LogIn): Promise<TokenPair> {
    const email = normalizeEmail(rawEmail);
    const emailHash = createHash('sha256').update(email).digest('hex');
    const outcome = await this.unitOfWork.run(async (): Promise<Outcome> => {
      const now = new Date();
      const streak = await this.throttles.lockStreak(emailHash);
      if (isLocked(streak, now)) return { lockedUntil: streak.lockedUntil! };
      const credentials = await this.users.findCredentialsByEmail(email);
      const valid = await this.hasher.verify(credentials?.passwordHash ?? null, normalizePassword(password));
      if (!credentials || !valid) {
        const failures = failuresSoFar(streak, now, this.policy) + 1;
        await this.throttles.saveStreak(emailHash, failures, lockUntil(failures, now, this.policy));
        return { failed: true };
      }
      await this.throttles.clear(emailHash);
      const user = (await this.users.findById(credentials.id))!;
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

function locked(until: Date): ProblemError {
  const seconds = Math.max(1, Math.ceil((until.getTime() - Date.now()) / 1000));
  return new ProblemError(
    429,
    'login-locked',
    'Too many failed logins',
    `Too many failed logins for this account; try again in ${seconds} s.`,
    undefined,
    { 'Retry-After': String(seconds) },
  );
}
