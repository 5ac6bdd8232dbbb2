import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type PlatformConfig } from '../../../platform/config/app-config';
import { ProblemError } from '../../../shared/kernel/problem';
import { failuresSoFar, isLocked, lockUntil, type LockoutPolicy } from '../domain/login-lockout';
import { normalizePassword } from '../domain/password-policy';
import { LoginThrottleRepository } from './ports/login-throttle-repository';
import { PasswordHasher } from './ports/password-hasher';
import { UserRepository } from './ports/user-repository';

/** A failure streak this old is forgotten: the next failure starts a new one (and the housekeeping deletes it). */
export const STREAK_EXPIRY_SECONDS = 24 * 3_600;

export type PasswordOutcome = { userId: string } | { failed: true } | { lockedUntil: Date };

export const emailHashOf = (email: string): string => createHash('sha256').update(email).digest('hex');

/**
 * A password checked under the address's failure streak, in the caller's unit of work: the streak
 * row stays locked while the password is checked, so attempts on one address are judged one at a
 * time, and a login and an erasure's confirmation count against the same lockout. Known and
 * unknown addresses take the same path and the same time.
 */
@Injectable()
export class PasswordCheck {
  private readonly policy: LockoutPolicy;

  constructor(
    private readonly users: UserRepository,
    private readonly throttles: LoginThrottleRepository,
    private readonly hasher: PasswordHasher,
    @Inject(APP_CONFIG) config: PlatformConfig,
  ) {
    this.policy = {
      failuresBeforeLock: config.LOGIN_FAILURES_BEFORE_LOCK,
      baseLockSeconds: config.LOGIN_LOCK_BASE_SECONDS,
      maxLockSeconds: 3_600,
      streakExpirySeconds: STREAK_EXPIRY_SECONDS,
    };
  }

  async check(email: string, password: string, now: Date): Promise<PasswordOutcome> {
    const emailHash = emailHashOf(email);
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
    return { userId: credentials.id };
  }
}

export function locked(until: Date): ProblemError {
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
