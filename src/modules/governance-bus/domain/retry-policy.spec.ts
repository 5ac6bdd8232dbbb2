import { describe, expect, it } from 'vitest';
import { afterFailure } from './retry-policy';

const policy = { baseDelayMs: 100, maxDelayMs: 1_000 };

describe('retry policy', () => {
  it('retries with a delay that doubles with each attempt, jittered within the upper half', () => {
    expect(afterFailure(1, 5, true, policy, () => 0)).toEqual({ status: 'pending', delayMs: 50 });
    expect(afterFailure(1, 5, true, policy, () => 1)).toEqual({ status: 'pending', delayMs: 100 });
    expect(afterFailure(3, 5, true, policy, () => 1)).toEqual({ status: 'pending', delayMs: 400 });
  });

  it('never waits longer than the cap', () => expect(afterFailure(4, 50, true, policy, () => 1)).toEqual({ status: 'pending', delayMs: 800 }) );

  it('caps very late attempts', () => expect(afterFailure(20, 50, true, policy, () => 1)).toEqual({ status: 'pending', delayMs: 1_000 }));

  it('fails after the last attempt', () => expect(afterFailure(5, 5, true, policy)).toEqual({ status: 'failed' }));

  it('fails a non-retryable error at once', () => expect(afterFailure(1, 5, false, policy)).toEqual({ status: 'failed' }));
});
