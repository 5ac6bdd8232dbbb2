/**
 * The wallet's advisory lock classes: the two-int form `(class, key)`, a key space of its own that
 * the single-bigint locks of other modules never overlap (PostgreSQL keeps the two forms apart),
 * so a user-chosen idempotency key can never collide with, say, the audit chain's lock.
 */
export const WALLET_LOCK_CLASS = {
  idempotencyKey: 71_001,
  auditChain: 71_002,
} as const;
