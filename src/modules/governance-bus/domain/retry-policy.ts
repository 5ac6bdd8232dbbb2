export interface RetryPolicy {
  baseDelayMs: number;
  maxDelayMs: number;
}

export type AfterFailure = { status: 'failed' } | { status: 'pending'; delayMs: number };

/**
 * What happens to a delivery whose handler threw: retried with exponential backoff and full
 * jitter (AWS Architecture Blog, "Exponential Backoff and Jitter") until its attempts are used
 * up, then failed (the dead-letter list). An error marked non-retryable fails at once.
 * `random` is injectable so the rule can be tested.
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
