// The control-chart methods behind detectTrends: pure functions over one
// daily count series. Each day is judged against a trailing baseline of the
// days before it (never the day itself), so an alert on day t uses only what
// was known by the end of day t.

/** Parameters of the Poisson upper-limit method (defaults in `trendDefaults`). */
export interface PoissonParams {
  /** Days in the trailing baseline window. */
  baselineDays: number;
  /** Fewest baseline days needed before a day is judged. */
  minBaselineDays: number;
  /** One-sided false-alarm probability per series and day (the upper tail). */
  alpha: number;
}

/** Parameters of the EWMA control chart (defaults in `trendDefaults`). */
export interface EwmaParams {
  baselineDays: number;
  minBaselineDays: number;
  /** Smoothing weight λ of today's count (0 < λ ≤ 1). */
  lambda: number;
  /** Width of the limit in standard deviations of the EWMA statistic. */
  L: number;
}

/** One judged day of a series. */
export interface JudgedDay {
  /** Index of the day in the series. */
  index: number;
  /** The day's count. */
  count: number;
  /** Mean daily count over the baseline window. */
  baseline: number;
  /** Baseline days actually used (≤ `baselineDays`). */
  baselineDays: number;
  /** The statistic compared with the limit: the count (Poisson) or the EWMA value. */
  statistic: number;
  /** The upper control limit: the day is out of control when `statistic > limit`. */
  limit: number;
  /** Poisson only: P(X ≥ count) for X ~ Poisson(baseline). */
  pValue?: number;
  /** Whether `statistic > limit`. */
  out: boolean;
}

/**
 * The exact upper quantile of a Poisson distribution: the smallest integer
 * `u` with P(X ≤ u) ≥ 1 − α for X ~ Poisson(mean). A count above `u` has
 * probability at most α under the baseline.
 *
 * @param mean - the Poisson mean (≥ 0)
 * @param alpha - the upper-tail probability (0 < α < 1)
 * @returns the quantile `u` (0 when `mean` is 0)
 * @example
 * poissonUpperLimit(2, 0.001) // 8: P(X ≤ 8 | 2) = 0.99976 ≥ 0.999, P(X ≤ 7 | 2) = 0.99890 < 0.999
 */
export function poissonUpperLimit(mean: number, alpha: number): number {
  if (!(mean > 0)) return 0;
  const target = 1 - alpha;
  // Terms in log space: e^-mean underflows for large means, each term does not.
  const logMean = Math.log(mean);
  let logP = -mean;
  let cdf = Math.exp(logP);
  let u = 0;
  while (cdf < target && u < mean + 50 * Math.sqrt(mean) + 100) {
    u++;
    logP += logMean - Math.log(u);
    cdf += Math.exp(logP);
  }
  return u;
}

/**
 * P(X ≥ k) for X ~ Poisson(mean).
 *
 * @param mean - the Poisson mean (≥ 0)
 * @param k - a count (≥ 0)
 * @returns the upper-tail probability
 * @example
 * poissonTail(2, 9) // ≈ 0.000237
 */
export function poissonTail(mean: number, k: number): number {
  if (k <= 0) return 1;
  if (!(mean > 0)) return 0;
  const logMean = Math.log(mean);
  let logP = -mean;
  let below = Math.exp(logP);
  for (let i = 1; i < k; i++) {
    logP += logMean - Math.log(i);
    below += Math.exp(logP);
  }
  return Math.max(0, 1 - below);
}

/** Mean of `counts[from..to)` (to exclusive). */
function windowMean(prefix: readonly number[], from: number, to: number): number {
  return (prefix[to]! - prefix[from]!) / (to - from);
}

function prefixSums(counts: readonly number[]): number[] {
  const p = new Array<number>(counts.length + 1);
  p[0] = 0;
  for (let i = 0; i < counts.length; i++) p[i + 1] = p[i]! + counts[i]!;
  return p;
}

/**
 * Judge each day of a series with the Poisson upper control limit: the
 * baseline λ is the mean count of the (up to) `baselineDays` days before the
 * day, the limit is the exact Poisson quantile `u` with P(X ≤ u | λ) ≥ 1 − α,
 * and the day is out of control when its count exceeds `u`.
 *
 * @param counts - daily counts, consecutive days
 * @param p - baseline window and α
 * @returns the days that had at least `minBaselineDays` of baseline
 * @example
 * poissonDays([2, 2, 2, 2, 9], { baselineDays: 4, minBaselineDays: 4, alpha: 0.001 })
 * // [{ index: 4, count: 9, baseline: 2, limit: 8, out: true, … }]
 */
export function poissonDays(counts: readonly number[], p: PoissonParams): JudgedDay[] {
  const prefix = prefixSums(counts);
  const out: JudgedDay[] = [];
  for (let t = p.minBaselineDays; t < counts.length; t++) {
    const from = Math.max(0, t - p.baselineDays);
    const baseline = windowMean(prefix, from, t);
    const limit = poissonUpperLimit(baseline, p.alpha);
    const count = counts[t]!;
    out.push({ index: t, count, baseline, baselineDays: t - from, statistic: count, limit, pValue: poissonTail(baseline, count), out: count > limit });
  }
  return out;
}

/**
 * Judge each day of a series with an EWMA control chart (NIST/SEMATECH
 * e-Handbook of Statistical Methods, §6.3.2.4): the statistic is
 * `z_t = λ·x_t + (1 − λ)·z_{t−1}`, started at the first judged day's
 * baseline mean μ₀; the limit is
 * `UCL_t = μ₀ + L·σ·√(λ / (2 − λ) · (1 − (1 − λ)^{2i}))` with `i` the number
 * of days since the chart started, μ₀ the mean of the (up to)
 * `baselineDays` days before day t and σ = √μ₀ (the Poisson standard
 * deviation of a count).
 *
 * @param counts - daily counts, consecutive days
 * @param p - baseline window, λ and L
 * @returns the days that had at least `minBaselineDays` of baseline
 * @example
 * ewmaDays([4, 4, 4, 4, 12], { baselineDays: 4, minBaselineDays: 4, lambda: 0.5, L: 3 })
 * // [{ index: 4, statistic: 8, baseline: 4, limit: 7, out: true, … }]
 */
export function ewmaDays(counts: readonly number[], p: EwmaParams): JudgedDay[] {
  const prefix = prefixSums(counts);
  const out: JudgedDay[] = [];
  let z: number | undefined;
  let i = 0;
  const factor = p.lambda / (2 - p.lambda);
  for (let t = p.minBaselineDays; t < counts.length; t++) {
    const from = Math.max(0, t - p.baselineDays);
    const baseline = windowMean(prefix, from, t);
    const count = counts[t]!;
    z = p.lambda * count + (1 - p.lambda) * (z ?? baseline);
    i++;
    const limit = baseline + p.L * Math.sqrt(baseline) * Math.sqrt(factor * (1 - (1 - p.lambda) ** (2 * i)));
    out.push({ index: t, count, baseline, baselineDays: t - from, statistic: z, limit, out: z > limit });
  }
  return out;
}
