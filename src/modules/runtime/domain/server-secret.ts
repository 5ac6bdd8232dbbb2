import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A client secret as shown once to the developer: 256 random bits behind a recognisable prefix (secret scanners find it). */
export const newServerSecret = (): string => `sk_${randomBytes(32).toString('base64url')}`;

/**
 * The stored form of a secret. A SHA-256 suffices (no slow hash): the secret is 256 random bits,
 * so there is nothing to guess, and every server call checks it, which argon2 would make cost
 * tens of milliseconds of CPU each.
 */
export const secretHash = (secret: string): string => createHash('sha256').update(secret, 'utf8').digest('hex');

export interface StoredSecrets {
  secretHash: string;
  previousSecretHash: string | null;
  previousValidUntil: Date | null;
}

/** The presented secret is the current one, or the one it replaced while its grace period lasts. Constant-time. */
export function secretMatches(stored: StoredSecrets, presented: string, now: Date): boolean {
  const presentedHash = Buffer.from(secretHash(presented), 'hex');
  const current = timingSafeEqual(presentedHash, Buffer.from(stored.secretHash, 'hex'));
  const previous =
    stored.previousSecretHash !== null &&
    stored.previousValidUntil !== null &&
    now.getTime() < stored.previousValidUntil.getTime() &&
    timingSafeEqual(presentedHash, Buffer.from(stored.previousSecretHash, 'hex'));
  return current || previous;
}
