import { createHash } from 'node:crypto';
import { TransactionHost } from '@nestjs-cls/transactional';
import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { APP_CONFIG, type PlatformConfig } from '../../../../platform/config/app-config';
import { ProblemError } from '../../../../shared/kernel/problem';
import { normalizeEmail } from '../../domain/email-address';
import { lockUntil, type LockoutPolicy } from '../../domain/login-lockout';
import { IdentityMetrics } from '../../infrastructure/identity-metrics';
import { LoginThrottleRepository } from '../ports/login-throttle-repository';
import { PasswordHasher } from '../ports/password-hasher';
import { UserRepository } from '../ports/user-repository';
import { SessionIssuer, type TokenPair } from '../session-issuer';

export class LogIn extends Command<TokenPair> {
  constructor(
    readonly email: string,
    readonly password: string,
  ) {
    super();
  }
}

const INVALID_CREDENTIALS = new ProblemError(401, 'invalid-credentials', 'Unauthorized', 'The e-mail address or the password is wrong.');

@CommandHandler(LogIn)
export class LogInHandler implements ICommandHandler<LogIn, TokenPair> {
  private readonly policy: LockoutPolicy;

  constructor(
    private readonly users: UserRepository,
    private readonly throttles: LoginThrottleRepository,
    private readonly hasher: PasswordHasher,
    private readonly sessions: SessionIssuer,
    private readonly txHost: TransactionHost,
    private readonly metrics: IdentityMetrics,
    @Inject(APP_CONFIG) config: PlatformConfig,
  ) {
    this.policy = { failuresBeforeLock: config.LOGIN_FAILURES_BEFORE_LOCK, baseLockSeconds: config.LOGIN_LOCK_BASE_SECONDS, maxLockSeconds: 3_600 };
  }

  /** Known and unknown addresses take the same path and the same time, so the answer reveals nothing. */
  async execute({ email: rawEmail, password }: LogIn): Promise<TokenPair> {
    const email = normalizeEmail(rawEmail);
    const emailHash = createHash('sha256').update(email).digest('hex');
    const throttle = await this.throttles.find(emailHash);
    if (throttle?.lockedUntil && throttle.lockedUntil.getTime() > Date.now()) {
      this.metrics.logins.inc({ outcome: 'locked' });
      throw locked(throttle.lockedUntil);
    }
    const credentials = await this.users.findCredentialsByEmail(email);
    const valid = await this.hasher.verify(credentials?.passwordHash ?? null, password);
    if (!credentials || !valid) {
      const failures = await this.throttles.recordFailure(emailHash);
      const until = lockUntil(failures, new Date(), this.policy);
      if (until) await this.throttles.lock(emailHash, until);
      this.metrics.logins.inc({ outcome: 'failed' });
      throw INVALID_CREDENTIALS;
    }
    const tokens = await this.txHost.withTransaction(async () => {
      if (throttle) await this.throttles.clear(emailHash);
      const user = (await this.users.findById(credentials.id))!;
      return this.sessions.issue(user.id, user.roles);
    });
    this.metrics.logins.inc({ outcome: 'succeeded' });
    return tokens;
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
