/** Order statistics for benchmark samples (nearest rank, so p95 of 20 samples is the 19th, not the maximum). */
export function percentile(values: readonly number[], p: number): number {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export const median = (values: readonly number[]): number => percentile(values, 50);

export const round = (value: number, digits = 1): number => Number(value.toFixed(digits));

export interface Summary {
  runs: number;
  median: number;
  p95: number;
  max: number;
}

export function summarise(values: readonly number[]): Summary {
  return { runs: values.length, median: round(median(values)), p95: round(percentile(values, 95)), max: round(Math.max(...values)) };
}

/**
 * Wall-clock milliseconds, for instants compared between Node and a page: both read the same system clock, while
 * `performance.timeOrigin + now()` drifted several ms apart between the two processes (measured).
 */
export const wallNow = (): number => Date.now();
