import type { DurationStats, ParetoEntry, Rate } from './types.js';

/**
 * Nearest-rank percentile of values already sorted ascending: the value at
 * 1-based position `ceil(p / 100 × n)`.
 */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1]!;
}

/** p50, p90 and max of a list of durations (the list is sorted in place). */
export function durationStats(values: number[]): DurationStats {
  values.sort((a, b) => a - b);
  return {
    n: values.length,
    p50: percentile(values, 50),
    p90: percentile(values, 90),
    max: values.length > 0 ? values[values.length - 1]! : null,
  };
}

/** A share with its counts; `rate` is `null` when `of` is 0. */
export const rate = (count: number, of: number): Rate => ({ count, of, rate: of > 0 ? count / of : null });

/** Pareto table of counts: descending by count, ties by key, with the cumulative share. */
export function pareto(counts: ReadonlyMap<string, number>): ParetoEntry[] {
  const rows = [...counts].filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const total = rows.reduce((s, [, n]) => s + n, 0);
  let running = 0;
  return rows.map(([key, count]) => {
    running += count;
    return { key, count, share: count / total, cumulativeShare: running / total };
  });
}

/** Add one to a counter map. */
export function bump(map: Map<string, number>, key: string, by = 1): void {
  map.set(key, (map.get(key) ?? 0) + by);
}
