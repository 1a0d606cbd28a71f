/**
 * Latency figures from per-call timings: percentiles, mean, maximum.
 */

/** Summary of a set of per-call timings, in microseconds. */
export interface LatencyStats {
  samples: number;
  p50Us: number;
  p90Us: number;
  p99Us: number;
  maxUs: number;
  meanUs: number;
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] ?? 0;
}

/** Summarise timings (microseconds). */
export function summarise(timesUs: readonly number[]): LatencyStats {
  const sorted = [...timesUs].sort((a, b) => a - b);
  const total = sorted.reduce((s, x) => s + x, 0);
  return {
    samples: sorted.length,
    p50Us: percentile(sorted, 50),
    p90Us: percentile(sorted, 90),
    p99Us: percentile(sorted, 99),
    maxUs: sorted[sorted.length - 1] ?? 0,
    meanUs: sorted.length === 0 ? 0 : total / sorted.length,
  };
}

/** A figure in microseconds with 2 significant decimals below 100, whole above. */
export function us(x: number): string {
  return x >= 100 ? Math.round(x).toLocaleString('en-US') : x.toFixed(2);
}

/** `p50 … p90 … p99 … max … mean …` in microseconds. */
export function describe(s: LatencyStats): string {
  return `p50 ${us(s.p50Us)}  p90 ${us(s.p90Us)}  p99 ${us(s.p99Us)}  max ${us(s.maxUs)}  mean ${us(s.meanUs)} µs`;
}
