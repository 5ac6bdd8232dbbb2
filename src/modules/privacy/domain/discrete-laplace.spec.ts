import { describe, expect, it } from 'vitest';
import { bernoulliExpMinus, sampleDiscreteLaplace } from './discrete-laplace';
import { cryptoRandomInt, type RandomInt } from './random-int';

/** A seeded generator (SplitMix64), so the statistical checks give the same verdict on every run. */
function seededRandomInt(seed: bigint): RandomInt {
  let state = seed;
  const mask = (1n << 64n) - 1n;
  return (maxExclusive) => {
    state = (state + 0x9e3779b97f4a7c15n) & mask;
    let z = state;
    z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & mask;
    z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & mask;
    z ^= z >> 31n;
    // The modulo bias is below maxExclusive / 2^64: far under what these tests can see.
    return Number(z % BigInt(maxExclusive));
  };
}

/** P(x) = (1 - p)/(1 + p) · p^|x|, p = exp(-1/σ). */
const pmf = (x: number, scale: number) => {
  const p = Math.exp(-1 / scale);
  return ((1 - p) / (1 + p)) * p ** Math.abs(x);
};

function draw(n: number, scale: [number, number], random: RandomInt): number[] {
  return Array.from({ length: n }, () => sampleDiscreteLaplace(scale[0], scale[1], random));
}

describe('discrete Laplace sampler', () => {
  it('matches the exact distribution (chi-square over -6..6 and both tails, 200 000 draws of scale 2)', () => {
    const samples = draw(200_000, [2, 1], seededRandomInt(20261204n));
    const bins = new Map<number, number>();
    for (const x of samples) {
      const bin = Math.max(-7, Math.min(7, x));
      bins.set(bin, (bins.get(bin) ?? 0) + 1);
    }
    const tail = 1 - Array.from({ length: 13 }, (_, i) => pmf(i - 6, 2)).reduce((a, b) => a + b, 0);
    let chiSquare = 0;
    for (let bin = -7; bin <= 7; bin++) {
      const expected = samples.length * (Math.abs(bin) === 7 ? tail / 2 : pmf(bin, 2));
      chiSquare += ((bins.get(bin) ?? 0) - expected) ** 2 / expected;
    }
    // 14 degrees of freedom: 36.12 is the 0.1 % critical value; a wrong scale or a lopsided sampler lands in the thousands.
    expect(chiSquare).toBeLessThan(36.12);
  });

  it('draws each of -3..3 about as often as the exact pmf says, with the real crypto.randomInt', () => {
    const n = 20_000;
    const samples = draw(n, [3, 2], cryptoRandomInt);
    for (let x = -3; x <= 3; x++) {
      const frequency = samples.filter((s) => s === x).length / n;
      // The standard error is below 0.0035; 0.03 is more than eight of them, so this never flakes.
      expect(Math.abs(frequency - pmf(x, 1.5)), `P(${x})`).toBeLessThan(0.03);
    }
  });

  it('is symmetric around zero', () => {
    const samples = draw(100_000, [5, 1], seededRandomInt(7n));
    const positive = samples.filter((x) => x > 0).length;
    const negative = samples.filter((x) => x < 0).length;
    expect(Math.abs(positive - negative) / samples.length).toBeLessThan(0.01);
    const mean = samples.reduce((a, b) => a + b, 0) / samples.length;
    expect(Math.abs(mean)).toBeLessThan(0.05);
  });

  it('only ever returns integers, for large and fractional scales alike', () => {
    for (const scale of [
      [1, 1],
      [31_000, 1_000],
      [7, 3],
      [1, 1000],
    ] as const) {
      for (const x of draw(2_000, [...scale], cryptoRandomInt)) expect(Number.isSafeInteger(x)).toBe(true);
    }
  });

  it('spreads wider as the scale grows (Δ/ε: more people to hide, or less ε to spend)', () => {
    const spread = (scale: [number, number]) =>
      draw(20_000, scale, seededRandomInt(99n)).reduce((a, x) => a + Math.abs(x), 0) / 20_000;
    expect(spread([10, 1])).toBeGreaterThan(3 * spread([2, 1]));
    expect(spread([1, 100])).toBeLessThan(0.01);
  });

  it('turns exp(-γ) into a coin with that bias, below and above γ = 1', () => {
    for (const [numerator, denominator] of [
      [1, 2],
      [3, 2],
    ]) {
      const random = seededRandomInt(BigInt(numerator));
      const n = 100_000;
      let heads = 0;
      for (let i = 0; i < n; i++) if (bernoulliExpMinus(numerator, denominator, random)) heads++;
      expect(Math.abs(heads / n - Math.exp(-numerator / denominator))).toBeLessThan(0.01);
    }
  });

  it('refuses a scale that is not a positive rational', () => {
    expect(() => sampleDiscreteLaplace(0, 1, cryptoRandomInt)).toThrow(RangeError);
    expect(() => sampleDiscreteLaplace(1.5, 1, cryptoRandomInt)).toThrow(RangeError);
    expect(() => sampleDiscreteLaplace(1, 0, cryptoRandomInt)).toThrow(RangeError);
  });
});
