/** Sorts `values` in place and returns its q-quantile (nearest rank), rounded to 0.01; 0 when empty. */
export function quantiles(values: number[]): (q: number) => number {
  const sorted = values.sort((a, b) => a - b);
  return (q) => Math.round((sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? 0) * 100) / 100;
}
