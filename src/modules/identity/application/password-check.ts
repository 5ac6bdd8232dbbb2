import { createHmac } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { devKey } from '../../../platform/auth/dev-key-file';
import { parseSecretKey } from '../../../platform/auth/key-material';
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

/**
 * A password checked under the address's failure streak, in the caller's unit of work: the streak
 * row stays locked while the password is checked, so attempts on one address are judged one at a
 * time, and a login and an erasure's confirmation count against the same lockout. Known and
 * unknown addresses take the same path and the same time.
 */
@Injectable()
export class PasswordCheck {
  private readonly policy: LockoutPolicy;
  private readonly hashKey: Buffer;

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
    this.hashKey = parseSecretKey(config.IDENTITY_HASH_KEY ?? devKey(config.DATA_DIR, 'IDENTITY_HASH_KEY'));
  }

  /**
   * The key a failure streak is kept under: HMAC-SHA256 of the address under IDENTITY_HASH_KEY, so
   * that the table cannot be checked against a list of addresses (a plain hash could).
   */
  emailHash(email: string): string {
    return createHmac('sha256', this.hashKey).update(email).digest('hex');
  }

  async check(email: string, password: string, now: Date): Promise<PasswordOutcome> {
    const emailHash = this.emailHash(email);
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
