export interface RetryPolicy {
  baseDelayMs: number;
  maxDelayMs: number;
}

export type AfterFailure = { status: 'failed' } | { status: 'pending'; delayMs: number };

/**
 * What happens to a delivery whose handler threw: retried with exponential backoff and equal
 * jitter (AWS Architecture Blog, "Exponential Backoff and Jitter": half the capped ceiling, plus
 * a random part of the other half) until its attempts are used up, then failed (the dead-letter
 * list). Equal rather than full jitter so that a retry never comes at once: each attempt costs a
 * transaction, and a subscriber that just failed is given at least half its backoff to recover.
 * An error marked non-retryable fails at once. `random` is injectable so the rule can be tested.
 */
export function afterFailure(
  attempts: number,
  maxAttempts: number,
  retryable: boolean,
  policy: RetryPolicy,
  random: () => number = Math.random,
): AfterFailure {
  if (!retryable || attempts >= maxAttempts) return { status: 'failed' };
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempts - 1));
  return { status: 'pending', delayMs: Math.round(ceiling / 2 + (random() * ceiling) / 2) };
}
