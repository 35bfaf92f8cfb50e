// The options of detectTrends: zod schema and defaults.
import { z } from 'zod';
import { validationIssue } from '../errors.js';
import { parseWith } from '../schemas/parse.js';
import type { Policy } from '../sla/policy.js';
import { presets, type PresetName } from '../sla/presets/index.js';
import type { TrendDimension, TrendMethod } from './trend-types.js';

/** Every dimension detectTrends can split by, in report order. */
export const trendDimensions = ['category', 'product', 'channel'] as const satisfies readonly TrendDimension[];

/**
 * The defaults of {@link detectTrends}.
 *
 * - `poisson`: a trailing baseline of 28 days (at least 14), α = 0.001 per
 *   series and day (one false alarm in 1,000 steady series-days at most).
 * - `ewma`: NIST/SEMATECH §6.3.2.4's λ = 0.3 and L = 3 over the same baseline.
 * - `minCount` 3: a day with fewer complaints never alerts, whatever its baseline.
 * - `batch`: 5 distinct customers about one product within 3 hours, and
 *   more than the exact Poisson (1 − 0.0001) quantile of what the product's
 *   baseline predicts for the busiest 3 hours of the day.
 */
export const trendDefaults = {
  method: 'poisson' as TrendMethod,
  dimensions: trendDimensions as readonly TrendDimension[],
  minCount: 3,
  poisson: { baselineDays: 28, minBaselineDays: 14, alpha: 0.001 },
  ewma: { baselineDays: 28, minBaselineDays: 14, lambda: 0.3, L: 3 },
  batch: { by: 'product' as 'product' | 'order', windowHours: 3, minCustomers: 5, alpha: 0.0001 },
} as const;

/** Options of {@link detectTrends}; every field has a default. */
export interface TrendOptions {
  /** Which series to watch (default all: category, product, channel). */
  dimensions?: TrendDimension[];
  /** `poisson` (default): exact Poisson upper limit over a trailing baseline; `ewma`: EWMA control chart. */
  method?: TrendMethod;
  /** Parameters of the Poisson method. */
  poisson?: { baselineDays?: number; minBaselineDays?: number; alpha?: number };
  /** Parameters of the EWMA chart. */
  ewma?: { baselineDays?: number; minBaselineDays?: number; lambda?: number; L?: number };
  /** A day with fewer complaints of a value never alerts (default 3). */
  minCount?: number;
  /**
   * Batch complaints: `minCustomers` distinct customers about one product
   * (or order) within `windowHours`, and more than the Poisson (1 − `alpha`)
   * quantile of the complaints the value's baseline predicts for the
   * busiest window that long in the day's arrival profile; `false` turns
   * the rule off.
   */
  batch?: false | { by?: 'product' | 'order'; windowHours?: number; minCustomers?: number; alpha?: number };
  /** Time zone of the days (default: the policy's business calendar's, else UTC). */
  timeZone?: string;
  /** Policy (or preset name) whose business calendar gives the default time zone (default `presets.guideline`). */
  policy?: Policy | PresetName;
  /** Only report alerts on days (spikes) or at instants (batches) at or after this instant; earlier records still form the baseline. */
  from?: number | string | Date;
  /** Only report alerts before this instant. */
  to?: number | string | Date;
}

const instantInput = z.union([z.number(), z.string(), z.date()]).transform((v, ctx) => {
  const t = typeof v === 'number' ? v : typeof v === 'string' ? Date.parse(v) : v.getTime();
  if (!Number.isFinite(t)) {
    ctx.addIssue({ code: 'custom', message: 'expected an instant: epoch ms, an ISO date string or a valid Date' });
    return z.NEVER;
  }
  return t;
});

const days = z.number().int().min(1).max(366);
const schema = z.strictObject({
  dimensions: z.array(z.enum(trendDimensions)).min(1).max(trendDimensions.length).optional(),
  method: z.enum(['poisson', 'ewma']).optional(),
  poisson: z.strictObject({ baselineDays: days.optional(), minBaselineDays: days.optional(), alpha: z.number().gt(0).lt(0.5).optional() }).optional(),
  ewma: z
    .strictObject({ baselineDays: days.optional(), minBaselineDays: days.optional(), lambda: z.number().gt(0).max(1).optional(), L: z.number().gt(0).max(10).optional() })
    .optional(),
  minCount: z.number().int().min(1).max(1_000_000).optional(),
  batch: z
    .union([
      z.literal(false),
      z.strictObject({
        by: z.enum(['product', 'order']).optional(),
        windowHours: z.number().gt(0).max(168).optional(),
        minCustomers: z.number().int().min(2).max(100_000).optional(),
        alpha: z.number().gt(0).lt(0.5).optional(),
      }),
    ])
    .optional(),
  timeZone: z.string().min(1).max(100).optional(),
  policy: z
    .union([
      z.enum(Object.keys(presets) as [PresetName, ...PresetName[]]),
      z.custom<Policy>((p) => p !== null && typeof p === 'object' && 'calendars' in p && 'name' in p, 'expected a policy from definePolicy() or a preset name'),
    ])
    .optional(),
  from: instantInput.optional(),
  to: instantInput.optional(),
});

/** {@link TrendOptions} with every default filled in. */
export interface ResolvedTrendOptions {
  dimensions: TrendDimension[];
  method: TrendMethod;
  /** The chosen method's parameters. */
  params: { baselineDays: number; minBaselineDays: number; alpha: number; lambda: number; L: number };
  /** The parameters reported with each alert (the chosen method's only). */
  reported: Record<string, number>;
  minCount: number;
  batch: { by: 'product' | 'order'; windowMs: number; minCustomers: number; alpha: number } | null;
  timeZone: string;
  from: number | null;
  to: number | null;
}

/**
 * Validate the options and fill in the defaults.
 *
 * @param options - as the caller wrote them
 * @returns the resolved options
 * @throws ValidationError naming the field
 */
export function resolveTrendOptions(options: TrendOptions = {}): ResolvedTrendOptions {
  const o = parseWith(schema, 'trend options', options);
  const method = o.method ?? trendDefaults.method;
  const poisson = { ...trendDefaults.poisson, ...o.poisson };
  const ewma = { ...trendDefaults.ewma, ...o.ewma };
  const chosen = method === 'poisson' ? poisson : ewma;
  if (chosen.minBaselineDays > chosen.baselineDays) {
    throw validationIssue('trend options', [method, 'minBaselineDays'], `must not exceed baselineDays (${chosen.baselineDays})`);
  }
  const policy = o.policy === undefined ? presets.guideline : typeof o.policy === 'string' ? presets[o.policy] : o.policy;
  const timeZone = o.timeZone ?? policy.calendars.business?.timeZone ?? 'UTC';
  try {
    new Intl.DateTimeFormat('en', { timeZone });
  } catch {
    throw validationIssue('trend options', ['timeZone'], 'expected a valid IANA time zone');
  }
  const b = o.batch === false ? null : { ...trendDefaults.batch, ...o.batch };
  return {
    dimensions: [...new Set(o.dimensions ?? trendDefaults.dimensions)],
    method,
    params: { baselineDays: chosen.baselineDays, minBaselineDays: chosen.minBaselineDays, alpha: poisson.alpha, lambda: ewma.lambda, L: ewma.L },
    reported: method === 'poisson' ? { ...poisson } : { ...ewma },
    minCount: o.minCount ?? trendDefaults.minCount,
    batch: b && { by: b.by, windowMs: Math.round(b.windowHours * 3_600_000), minCustomers: b.minCustomers, alpha: b.alpha },
    timeZone,
    from: o.from ?? null,
    to: o.to ?? null,
  };
}
