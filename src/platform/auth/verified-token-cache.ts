import type { AuthenticatedUser } from '../../shared/kernel/authenticated-user';

interface Entry {
  user: AuthenticatedUser;
  expiresAtMs: number;
}

/**
 * Tokens already verified by this process, up to their expiry. A token is immutable, so the
 * same string verifies the same way until `exp`; checking its ECDSA signature again on every
 * request was a fifth of an authenticated request. Bounded; the oldest entries go first.
 */
export class VerifiedTokenCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly capacity = 10_000) {}

  get(token: string, nowMs = Date.now()): AuthenticatedUser | undefined {
    const entry = this.entries.get(token);
    if (!entry) return undefined;
    if (entry.expiresAtMs <= nowMs) {
      this.entries.delete(token);
      return undefined;
    }
    return entry.user;
  }

  set(token: string, user: AuthenticatedUser, expiresAtSeconds: number): void {
    if (this.entries.size >= this.capacity) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(token, { user, expiresAtMs: expiresAtSeconds * 1000 });
  }
}
