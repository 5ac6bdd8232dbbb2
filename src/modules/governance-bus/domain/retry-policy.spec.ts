import { describe, expect, it } from 'vitest';
import { afterFailure } from './retry-policy';

const policy = { baseDelayMs: 100, maxDelayMs: 1_000 };

describe('retry policy', () => {
  it('retries with a delay that doubles with each attempt, jittered within the upper half', () => {
    expect(afterFailure(1, 5, true, policy, () => 0)).toEqual({ status: 'pending', delayMs: 50 });
    expect(afterFailure(1, 5, true, policy, () => 1)).toEqual({ status: 'pending', delayMs: 100 });
    expect(afterFailure(3, 5, true, policy, () => 1)).toEqual({ status: 'pending', delayMs: 400 });
  });

  it('never waits longer than the cap, nor less than half the capped ceiling, however late the attempt', () => {
    // From attempt 5 on, the doubled delay (1 600 ms, …, far past 2^53) exceeds the 1 000 ms cap.
    for (let attempt = 5; attempt <= 1_100; attempt++) {
      for (const random of [0, 0.25, 0.5, 0.999_999, 1]) {
        const after = afterFailure(attempt, 2_000, true, policy, () => random);
        expect(
          after.status === 'pending' && after.delayMs >= 500 && after.delayMs <= 1_000,
          `attempt ${attempt}, random ${random}: ${JSON.stringify(after)}`,
        ).toBe(true);
      }
    }
  });

  it('caps very late attempts', () =>
    expect(afterFailure(20, 50, true, policy, () => 1)).toEqual({ status: 'pending', delayMs: 1_000 }));

  it('fails after the last attempt', () => expect(afterFailure(5, 5, true, policy)).toEqual({ status: 'failed' }));

  it('fails a non-retryable error at once', () =>
    expect(afterFailure(1, 5, false, policy)).toEqual({ status: 'failed' }));
});
