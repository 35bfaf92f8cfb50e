// Early warning on complaint trends: daily counts per category / product /
// channel judged against their recent baseline with a control chart, and
// batch complaints (many customers, one product, a short window). Records
// are read once, one at a time: only daily counts per value and the
// batch windows are kept, never the records.
import { createHash } from 'node:crypto';
import { ValidationError, type ValidationIssue } from '../errors.js';
import { localDay } from '../reporting/days.js';
import { dayStart } from './trend-days.js';
import { MAX_ISSUES } from './input.js';
import { BatchDetector } from './batch-complaints.js';
import { readTrendRecord, type TrendRecord } from './trend-input.js';
import { ewmaDays, poissonDays, poissonUpperLimit, type JudgedDay } from './trend-methods.js';
import { resolveTrendOptions, trendDimensions, type ResolvedTrendOptions, type TrendOptions } from './trend-options.js';
import type { BatchAlert, SpikeAlert, TrendAlert, TrendDimension, TrendReport } from './trend-types.js';

const DAY = 86_400_000;
const isoDay = (day: number): string => new Date(day * DAY).toISOString().slice(0, 10);

/** A short, stable digest of the parts of an alert that identify it. */
function digest(parts: readonly (string | number)[]): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('base64url').slice(0, 16);
}

/**
 * The id of a spike alert: the same dimension, value, local day and time
 * zone always give the same id, whatever the counts (a re-run later that
 * day, with more complaints, names the same alert).
 *
 * @param dimension - category, product or channel
 * @param value - the category, product or channel
 * @param day - the local date, `YYYY-MM-DD`
 * @param timeZone - the zone of the day
 * @returns the id: readable prefix, then a SHA-256 digest of the parts
 * @example
 * spikeAlertId('product', 'K-200', '2026-03-04', 'Asia/Shanghai') // 'trend.spike.product.2026-03-04.…'
 */
export function spikeAlertId(dimension: TrendDimension, value: string, day: string, timeZone: string): string {
  return `trend.spike.${dimension}.${day}.${digest(['spike', dimension, value, day, timeZone])}`;
}

/**
 * The id of a batch alert: the key, its value and the instant the threshold
 * was reached (later complaints of the same episode do not change it).
 *
 * @param by - product or order
 * @param value - the product or order
 * @param triggeredAt - when the threshold was reached (epoch ms)
 * @returns the id: readable prefix, then a SHA-256 digest of the parts
 * @example
 * batchAlertId('product', 'K-200', Date.parse('2026-03-04T02:15:00Z')) // 'trend.batch.product.2026-03-04T02:15:00.000Z.…'
 */
export function batchAlertId(by: 'product' | 'order', value: string, triggeredAt: number): string {
  return `trend.batch.${by}.${new Date(triggeredAt).toISOString()}.${digest(['batch', by, value, triggeredAt])}`;
}

interface Cell {
  count: number;
  /** The latest complaint counted (by filing time, then id). */
  lastAt: number;
  lastId: string;
}

/** Daily counts of one series, by day number. */
type Series = Map<number, Cell>;

/**
 * The detection under construction: feed records with `add`, then `result`.
 * Used by {@link detectTrends}; exposed so a host can run it alongside
 * another pass over the same records (as `redress summarize --report` does).
 *
 * @example
 * const acc = new TrendAccumulator({ dimensions: ['category'] });
 * for await (const r of desk.records()) acc.add(r);
 * const report = acc.result();
 */
export class TrendAccumulator {
  readonly options: ResolvedTrendOptions;
  private readonly series = new Map<TrendDimension, Map<string, Series>>();
  /** Daily counts per batch value, for the batch baseline (kept even when the dimension is not watched). */
  private readonly batchSeries = new Map<string, Series>();
  private readonly batch: BatchDetector | undefined;
  private minDay = Infinity;
  private maxDay = -Infinity;
  private lastDayStart = -1;
  private lastDayEnd = -1;
  private lastDay = 0;
  private input = 0;
  /** Complaints per local hour of day (all values): the day's arrival profile for the batch rule. */
  private readonly hours = new Array<number>(24).fill(0);
  private readonly issues: ValidationIssue[] = [];

  /**
   * @param options - the options of {@link detectTrends}
   * @throws ValidationError for bad options
   */
  constructor(options: TrendOptions = {}) {
    this.options = resolveTrendOptions(options);
    for (const d of this.options.dimensions) this.series.set(d, new Map());
    const b = this.options.batch;
    if (b) this.batch = new BatchDetector(b.windowMs, b.minCustomers);
  }

  /** The local day number of `t`, cached for the day last seen (records come in filing order). */
  private dayOf(t: number): number {
    if (t >= this.lastDayStart && t < this.lastDayEnd) return this.lastDay;
    const day = localDay(t, this.options.timeZone);
    this.lastDay = day;
    this.lastDayStart = dayStart(day, this.options.timeZone);
    this.lastDayEnd = dayStart(day + 1, this.options.timeZone);
    return day;
  }

  private count(series: Series, day: number, r: TrendRecord): void {
    const cell = series.get(day);
    if (!cell) series.set(day, { count: 1, lastAt: r.filedAt, lastId: r.id });
    else {
      cell.count++;
      if (r.filedAt > cell.lastAt || (r.filedAt === cell.lastAt && r.id > cell.lastId)) {
        cell.lastAt = r.filedAt;
        cell.lastId = r.id;
      }
    }
  }

  private seriesOf(d: TrendDimension, value: string): Series {
    const byValue = this.series.get(d)!;
    let s = byValue.get(value);
    if (!s) byValue.set(value, (s = new Map()));
    return s;
  }

  /**
   * Add one record. Batch detection needs filing order (as `desk.records()`
   * and stores give it); a record filed earlier than the one before it for
   * the same product is reported as a validation issue.
   *
   * @param raw - one record
   * @param index - its place in the input, for errors (default: the count so far)
   */
  add(raw: unknown, index = this.input): void {
    this.input++;
    if (this.issues.length >= MAX_ISSUES) return;
    const p = readTrendRecord(raw);
    if ('issues' in p) {
      for (const issue of p.issues) this.issues.push({ ...issue, path: [index, ...issue.path] });
      return;
    }
    const r = p.record;
    const day = this.dayOf(r.filedAt);
    this.hours[Math.min(23, Math.floor((r.filedAt - this.lastDayStart) / 3_600_000))]!++;
    if (day < this.minDay) this.minDay = day;
    if (day > this.maxDay) this.maxDay = day;
    for (const d of this.series.keys()) {
      if (d === 'category') for (const c of r.categories) this.count(this.seriesOf(d, c), day, r);
      else if (d === 'channel') this.count(this.seriesOf(d, r.channel), day, r);
      else if (r.product !== null) this.count(this.seriesOf(d, r.product), day, r);
    }
    const b = this.options.batch;
    if (b && this.batch) {
      const value = b.by === 'product' ? r.product : r.order;
      if (value !== null) {
        let s = this.batchSeries.get(value);
        if (!s) this.batchSeries.set(value, (s = new Map()));
        this.count(s, day, r);
        if (!this.batch.add(value, r.filedAt, r.customerId, r.id)) {
          this.issues.push({
            code: 'custom',
            path: [index, 'snapshot', 'context', 'intake', 'filedAt'],
            message: `filed before the previous complaint about ${b.by} "${value}": batch detection reads records in filing order (sort them by filedAt)`,
            input: undefined,
          } as ValidationIssue);
        }
      }
    }
  }

  /** The dense daily counts of a series from the first day seen to the last. */
  private dense(s: Series): number[] {
    const n = this.maxDay - this.minDay + 1;
    const counts = new Array<number>(n).fill(0);
    for (const [day, cell] of s) counts[day - this.minDay] = cell.count;
    return counts;
  }

  /** Whether an alert on local day `day` (first instant `start`) is in the reporting window. */
  private inWindow(start: number, end: number): boolean {
    const { from, to } = this.options;
    return (from === null || end > from) && (to === null || start < to);
  }

  /**
   * The alerts found.
   * @returns the report, alerts by day then id
   * @throws ValidationError naming the index and field of each bad record
   */
  result(): TrendReport {
    if (this.issues.length > 0) throw new ValidationError('records', this.issues);
    const o = this.options;
    const alerts: TrendAlert[] = [];
    let seriesCount = 0;
    let judged = 0;
    const hasDays = this.minDay <= this.maxDay;
    const zone = o.timeZone;
    if (hasDays) {
      for (const d of trendDimensions) {
        const byValue = this.series.get(d);
        if (!byValue) continue;
        for (const value of [...byValue.keys()].sort()) {
          const s = byValue.get(value)!;
          seriesCount++;
          // A series never reaching minCount cannot alert: count its judged days without judging them
          // (many rare products cost no limit computations).
          let max = 0;
          for (const cell of s.values()) if (cell.count > max) max = cell.count;
          if (max < o.minCount) {
            judged += Math.max(0, this.maxDay - this.minDay + 1 - o.params.minBaselineDays);
            continue;
          }
          const days: JudgedDay[] = o.method === 'poisson' ? poissonDays(this.dense(s), o.params) : ewmaDays(this.dense(s), o.params);
          judged += days.length;
          for (const j of days) {
            if (!j.out || j.count < o.minCount) continue;
            const dayNumber = this.minDay + j.index;
            const start = dayStart(dayNumber, zone);
            if (!this.inWindow(start, dayStart(dayNumber + 1, zone))) continue;
            const dayText = isoDay(dayNumber);
            const alert: SpikeAlert = {
              kind: 'spike',
              id: spikeAlertId(d, value, dayText, zone),
              dimension: d,
              value,
              day: dayText,
              dayStart: start,
              timeZone: zone,
              count: j.count,
              baseline: round(j.baseline),
              baselineDays: j.baselineDays,
              limit: round(j.limit),
              statistic: round(j.statistic),
              ...(j.pValue !== undefined ? { pValue: j.pValue } : {}),
              method: o.method,
              parameters: { ...o.reported, minCount: o.minCount },
              severity: 'general',
              lastComplaintId: s.get(dayNumber)!.lastId,
            };
            alerts.push(alert);
          }
        }
      }
    }
    const b = o.batch;
    if (b && this.batch) {
      const baselineDays = o.params.baselineDays;
      const peakShare = busiestShare(this.hours, b.windowMs);
      for (const ep of this.batch.episodes()) {
        const day = localDay(ep.triggeredAt, zone);
        if (!this.inWindow(ep.triggeredAt, ep.triggeredAt + 1)) continue;
        // The value's usual rate: the mean of the baseline days before the trigger day. Like a spike, a
        // batch is judged only once the records cover minBaselineDays days before it.
        const first = Math.max(this.minDay, day - baselineDays);
        if (day - first < o.params.minBaselineDays) continue;
        const s = this.batchSeries.get(ep.value)!;
        let sum = 0;
        for (let d = first; d < day; d++) sum += s.get(d)?.count ?? 0;
        const baseline = sum / (day - first);
        const expected = baseline * peakShare;
        const limit = poissonUpperLimit(expected, b.alpha);
        if (ep.customers <= limit) continue;
        const alert: BatchAlert = {
          kind: 'batch',
          id: batchAlertId(b.by, ep.value, ep.triggeredAt),
          by: b.by,
          value: ep.value,
          triggeredAt: ep.triggeredAt,
          day: isoDay(day),
          timeZone: zone,
          windowMs: b.windowMs,
          windowStart: ep.windowStart,
          windowEnd: ep.windowEnd,
          customers: ep.customers,
          complaints: ep.complaints,
          complaintIds: ep.complaintIds,
          minCustomers: b.minCustomers,
          baseline: round(baseline),
          baselineDays: day - first,
          peakShare: round(peakShare),
          expected: round(expected),
          limit,
          severity: 'urgent',
          lastComplaintId: ep.triggerId,
        };
        alerts.push(alert);
      }
    }
    alerts.sort((a, x) => (a.day < x.day ? -1 : a.day > x.day ? 1 : a.id < x.id ? -1 : a.id > x.id ? 1 : 0));
    return {
      timeZone: zone,
      method: o.method,
      parameters: { ...o.reported, minCount: o.minCount },
      dimensions: [...o.dimensions],
      firstDay: hasDays ? isoDay(this.minDay) : null,
      lastDay: hasDays ? isoDay(this.maxDay) : null,
      records: this.input,
      series: seriesCount,
      judgedDays: judged,
      alerts,
    };
  }
}

/**
 * The largest share of a day's complaints in any `windowMs` of consecutive
 * local hours (whole hours, rounded up; around midnight too).
 *
 * @param hours - complaints per local hour of day (24 counts)
 * @param windowMs - the window length
 * @returns a share 0..1 (1 when there are no complaints)
 */
export function busiestShare(hours: readonly number[], windowMs: number): number {
  const total = hours.reduce((a, b) => a + b, 0);
  const span = Math.min(24, Math.ceil(windowMs / 3_600_000));
  if (total === 0 || span >= 24) return 1;
  let best = 0;
  for (let s = 0; s < 24; s++) {
    let sum = 0;
    for (let k = 0; k < span; k++) sum += hours[(s + k) % 24]!;
    if (sum > best) best = sum;
  }
  return best / total;
}

const round = (x: number): number => Math.round(x * 1e6) / 1e6;

const isAsyncIterable = (x: unknown): x is AsyncIterable<unknown> =>
  x !== null && typeof x === 'object' && typeof (x as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] === 'function';

/** Filing time of a raw record for sorting an array (invalid records sort first; validation reports them). */
function filedAtOf(raw: unknown): number {
  const p = readTrendRecord(raw);
  return 'record' in p ? p.record.filedAt : -1;
}

/**
 * Early warning on complaint trends. Two rules:
 *
 * **Spikes.** For each watched dimension (category, product, channel) and
 * value, the complaints filed per local day (in `timeZone`) form a series
 * from the first day in the records to the last, zeros included. Each day
 * with at least `minBaselineDays` days before it is judged against the mean
 * λ of the (up to) `baselineDays` days just before it:
 * - `poisson` (default): the limit is the exact Poisson quantile `u`, the
 *   smallest integer with P(X ≤ u | λ) ≥ 1 − α; the day alerts when its
 *   count exceeds `u` (so at most α of steady days alert). Defaults:
 *   28 baseline days (at least 14), α = 0.001.
 * - `ewma`: the EWMA control chart of NIST/SEMATECH e-Handbook §6.3.2.4,
 *   `z_t = λx_t + (1 − λ)z_{t−1}` against
 *   `UCL = μ₀ + L·√μ₀·√(λ/(2 − λ)·(1 − (1 − λ)^{2i}))` with μ₀ the baseline
 *   mean and √μ₀ its Poisson standard deviation. Defaults λ = 0.3, L = 3.
 *
 * A day with fewer than `minCount` (3) complaints never alerts.
 *
 * **Batch complaints** (the guideline's urgent 企业客户批量投诉): at least
 * `minCustomers` (5) distinct customers about one product (or order) within
 * `windowHours` (3), and more customers than the exact Poisson (1 − α,
 * α = 0.0001) quantile of the complaints the product's baseline daily mean
 * predicts for the busiest window of that length in the records' hour-of-day
 * profile. Like spikes, batches are judged once the records cover
 * `minBaselineDays` days before them.
 * One alert per episode: it lasts while each later complaint's window still
 * holds `minCustomers` customers.
 *
 * Each alert carries its evidence and a deterministic id (same input, same
 * id), so a scheduled re-run never raises the same alert twice.
 *
 * Takes an array or any iterable and returns the report, or an async
 * iterable (such as `desk.records()`) and returns a promise of it. Records
 * are read once, one at a time; iterables must be in filing order (an array
 * is sorted first).
 *
 * @param records - `ComplaintRecord`s, `desk.records()` exports, `simulateArrivals` records, or `{ id, context }` objects
 * @param options - dimensions, method and parameters, batch rule, time zone, reporting window
 * @returns a plain JSON {@link TrendReport} (a promise of it for an async iterable)
 * @throws ValidationError when an option or a record is malformed
 * @example
 * const report = await detectTrends(desk.records({ from: '2026-10-01T00:00:00Z' }), { dimensions: ['product'] });
 * for (const a of report.alerts) console.log(a.kind, a.day, a.value);
 */
export function detectTrends(records: AsyncIterable<unknown>, options?: TrendOptions): Promise<TrendReport>;
export function detectTrends(records: Iterable<unknown>, options?: TrendOptions): TrendReport;
export function detectTrends(records: Iterable<unknown> | AsyncIterable<unknown>, options: TrendOptions = {}): TrendReport | Promise<TrendReport> {
  const acc = new TrendAccumulator(options);
  if (isAsyncIterable(records)) {
    return (async () => {
      for await (const r of records) acc.add(r);
      return acc.result();
    })();
  }
  if (records === null || typeof records !== 'object' || typeof (records as { [Symbol.iterator]?: unknown })[Symbol.iterator] !== 'function') {
    throw new ValidationError('records', [{ code: 'custom', path: [], message: 'expected an array (or iterable) of complaint records', input: undefined } as ValidationIssue]);
  }
  if (Array.isArray(records)) {
    // An array is in memory already: read it in filing order (stable, so ties keep their order).
    const keyed = records.map((r, i) => ({ t: filedAtOf(r), i }));
    keyed.sort((a, b) => a.t - b.t || a.i - b.i);
    for (const k of keyed) acc.add(records[k.i], k.i);
    return acc.result();
  }
  for (const r of records as Iterable<unknown>) acc.add(r);
  return acc.result();
}
