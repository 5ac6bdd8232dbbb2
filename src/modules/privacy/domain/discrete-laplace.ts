import type { RandomInt } from './random-int';

/**
 * Exact samplers after Canonne, Kamath and Steinke, "The Discrete Gaussian for Differential
 * Privacy" (NeurIPS 2020), Algorithms 1 and 2: every step is a uniform integer draw and integer
 * arithmetic on rationals, so no floating-point rounding shapes the distribution (floating-point
 * Laplace samplers leak through the gaps in the doubles they can produce; Mironov, CCS 2012).
 */

/** `crypto.randomInt` takes ranges below 2^48; our denominators stay far below it. */
const MAX_DENOMINATOR = 2 ** 40;

function assertRational(numerator: number, denominator: number): void {
  if (!Number.isSafeInteger(numerator) || numerator < 0)
    throw new RangeError('numerator must be a non-negative integer');
  if (!Number.isSafeInteger(denominator) || denominator < 1 || denominator > MAX_DENOMINATOR)
    throw new RangeError(`denominator must be an integer in [1, 2^40]`);
}

/** True with probability numerator / denominator (at most 1). */
export function bernoulli(numerator: number, denominator: number, random: RandomInt): boolean {
  assertRational(numerator, denominator);
  return random(denominator) < numerator;
}

/** True with probability exp(-γ), γ = numerator / denominator ≥ 0 (CKS Algorithm 1). */
export function bernoulliExpMinus(numerator: number, denominator: number, random: RandomInt): boolean {
  assertRational(numerator, denominator);
  // exp(-γ) = exp(-1)^⌊γ⌋ · exp(-(γ - ⌊γ⌋)): each factor a trial of its own.
  for (let whole = Math.floor(numerator / denominator); whole > 0; whole--)
    if (!bernoulliExpMinusAtMostOne(1, 1, random)) return false;
  return bernoulliExpMinusAtMostOne(numerator % denominator, denominator, random);
}

/** γ in [0, 1]: draw Bernoulli(γ/k) for k = 1, 2, … until one fails; the count of draws is odd with probability exp(-γ). */
function bernoulliExpMinusAtMostOne(numerator: number, denominator: number, random: RandomInt): boolean {
  let k = 1;
  while (k * denominator <= MAX_DENOMINATOR && bernoulli(numerator, denominator * k, random)) k++;
  return k % 2 === 1;
}

/**
 * One draw of the discrete Laplace distribution with scale σ = scaleNumerator / scaleDenominator:
 * P(x) = (1 - p) / (1 + p) · p^|x| for every integer x, p = exp(-1/σ) (a two-sided geometric;
 * CKS Algorithm 2). Always an integer.
 */
export function sampleDiscreteLaplace(scaleNumerator: number, scaleDenominator: number, random: RandomInt): number {
  const positive = (n: number) => Number.isSafeInteger(n) && n >= 1;
  if (!positive(scaleNumerator) || !positive(scaleDenominator) || scaleNumerator > MAX_DENOMINATOR)
    throw new RangeError('the scale must be a positive rational with a numerator of at most 2^40');
  // Scale t/s in CKS's terms.
  const t = scaleNumerator;
  const s = scaleDenominator;
  for (;;) {
    const u = random(t);
    if (!bernoulliExpMinus(u, t, random)) continue;
    let v = 0;
    while (bernoulliExpMinus(1, 1, random)) v++;
    // u + t·v is geometric with success 1 - exp(-1/t); dividing by s makes it 1 - exp(-s/t).
    const magnitude = Math.floor((u + t * v) / s);
    const negative = bernoulli(1, 2, random);
    if (negative && magnitude === 0) continue; // zero would otherwise be drawn twice as often
    return negative ? -magnitude : magnitude;
  }
}
