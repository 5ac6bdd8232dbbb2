import { sampleDiscreteLaplace } from './discrete-laplace';
import type { MilliEpsilon } from '../../../shared/kernel/epsilon';
import type { RandomInt } from './random-int';

/** Counts below this are never shown, noised or not: a group this small is too easy to pick out. */
export const K_THRESHOLD = 10;

export interface TrueCount {
  key: string;
  count: number;
}

export type ReleasedValue = { key: string; value: number } | { key: string; value: null; withheld: 'fewer-than-k' };

export interface Release {
  values: ReleasedValue[];
  /** The noise's scale σ = Δ/ε, as a decimal string. */
  scale: string;
}

/**
 * Releases a vector of counts: below K_THRESHOLD a count is withheld; every other one gets its own
 * discrete Laplace noise of scale Δ/ε, where Δ (sensitivity) bounds how much one person can
 * change the sum of all the counts. That makes the whole vector ε-differentially private; the
 * result is clamped at 0 (post-processing, which costs no privacy).
 */
export function releaseCounts(
  counts: readonly TrueCount[],
  sensitivity: number,
  epsilon: MilliEpsilon,
  random: RandomInt,
): Release {
  if (!Number.isSafeInteger(sensitivity) || sensitivity < 1)
    throw new RangeError('sensitivity must be a positive integer');
  if (!Number.isSafeInteger(epsilon) || epsilon < 1) throw new RangeError('ε must be a positive number of thousandths');
  if (!counts.every(({ count }) => Number.isSafeInteger(count) && count >= 0))
    throw new RangeError('counts must be non-negative integers');
  // σ = Δ / (ε/1000) = 1000·Δ / ε, reduced so the sampler's numbers stay small.
  const divisor = gcd(1000 * sensitivity, epsilon);
  const [numerator, denominator] = [(1000 * sensitivity) / divisor, epsilon / divisor];
  return {
    values: counts.map(({ key, count }) =>
      count < K_THRESHOLD
        ? { key, value: null, withheld: 'fewer-than-k' as const }
        : { key, value: Math.max(0, count + sampleDiscreteLaplace(numerator, denominator, random)) },
    ),
    scale: decimal(numerator, denominator),
  };
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/** A rational as a decimal with at most three places (the scale is shown, never computed with). */
function decimal(numerator: number, denominator: number): string {
  return String(Math.round((numerator / denominator) * 1000) / 1000);
}
