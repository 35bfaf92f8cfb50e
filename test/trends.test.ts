/**
 * detectTrends: spikes per category / product / channel against a trailing
 * baseline (exact Poisson limit, EWMA chart) and batch complaints. Expected
 * evidence is worked out by hand here (the Poisson sums are written out),
 * not computed by the code under test.
 */
import { describe, expect, it } from 'vitest';
import { ValidationError, detectTrends, ewmaDays, poissonTail, poissonUpperLimit, spikeAlertId, type BatchAlert, type SpikeAlert } from '../src/index.js';
import { simulateArrivals, type ArrivalRecord } from '../src/simulation/arrivals-only.js';
import { simulate } from '../src/simulation/index.js';
import { complaint, merged, steadyArrivals } from './support/trend-data.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const MIN = 60_000;
/** 2026-03-01T00:00Z: the series below run in UTC from here. */
const D0 = Date.parse('2026-03-01T00:00:00Z');
const at = (day: number, hour: number, minute = 0) => D0 + day * DAY + hour * HOUR + minute * MIN;

/** `perDay` billing complaints on each of `days` days (10:00, 10:05, … UTC), then the extra days' counts. */
function billingSeries(perDay: number, days: number, then: number[] = []): ArrivalRecord[] {
  const out: ArrivalRecord[] = [];
  const counts = [...new Array<number>(days).fill(perDay), ...then];
  counts.forEach((n, d) => {
    for (let i = 0; i < n; i++) out.push(complaint(`B${d}-${i}`, at(d, 10, i * 5), { category: 'billing' }));
  });
  return out;
}

const spikes = (alerts: readonly (SpikeAlert | BatchAlert)[]) => alerts.filter((a): a is SpikeAlert => a.kind === 'spike');
const batches = (alerts: readonly (SpikeAlert | BatchAlert)[]) => alerts.filter((a): a is BatchAlert => a.kind === 'batch');

describe('the methods, by hand', () => {
  // Poisson(2): P(X ≤ k) = e^-2 Σ 2^i / i!; the partial sums of 2^i / i! are
  // 1, 3, 5, 6.3333, 7, 7.2667, 7.3556, 7.38095 (k = 7), 7.38730 (k = 8).
  const e2 = Math.exp(-2);
  it('the exact Poisson quantile: P(X ≤ 7 | 2) = 0.998903 < 0.999 ≤ P(X ≤ 8 | 2) = 0.999763, so the limit is 8', () => {
    expect(e2 * 7.380952).toBeLessThan(0.999);
    expect(e2 * 7.387302).toBeGreaterThanOrEqual(0.999);
    expect(poissonUpperLimit(2, 0.001)).toBe(8);
    expect(poissonTail(2, 9)).toBeCloseTo(1 - e2 * 7.387302, 6);
    // Poisson(1): partial sums of 1/i! are 1, 2, 2.5, 2.6667, 2.7083 (k = 4), 2.71667 (k = 5): P(X ≤ 4) = 0.99634, P(X ≤ 5) = 0.99941.
    expect(poissonUpperLimit(1, 0.001)).toBe(5);
    expect(poissonUpperLimit(0, 0.001)).toBe(0);
    // A large mean does not underflow: the limit of Poisson(1000) at α = 0.001 is near 1000 + 3.09·√1000 ≈ 1098.
    expect(Math.abs(poissonUpperLimit(1000, 0.001) - 1098)).toBeLessThanOrEqual(3);
  });

  it('EWMA (NIST 6.3.2.4): z = 0.5·12 + 0.5·4 = 8 against 4 + 3·√4·√(0.5/1.5·(1 − 0.5²)) = 7', () => {
    const [day] = ewmaDays([4, 4, 4, 4, 12], { baselineDays: 4, minBaselineDays: 4, lambda: 0.5, L: 3 });
    expect(day).toMatchObject({ index: 4, count: 12, baseline: 4, statistic: 8, out: true });
    expect(day!.limit).toBeCloseTo(7, 12);
  });
});

describe('detectTrends: spikes on a small fixed series', () => {
  const options = { timeZone: 'UTC', dimensions: ['category' as const], batch: false as const };

  it('flags the day whose count exceeds the Poisson limit of its baseline, with the evidence', () => {
    // 20 days of 2 billing complaints, then 9 on 2026-03-21: λ = 40 / 20 = 2, limit 8, 9 > 8.
    const report = detectTrends(billingSeries(2, 20, [9, 2]), options);
    expect(report.judgedDays).toBe(22 - 14);
    expect(report.alerts).toHaveLength(1);
    const a = spikes(report.alerts)[0]!;
    expect(a).toMatchObject({
      kind: 'spike',
      dimension: 'category',
      value: 'billing',
      day: '2026-03-21',
      dayStart: Date.parse('2026-03-21T00:00:00Z'),
      count: 9,
      baseline: 2,
      baselineDays: 20,
      limit: 8,
      method: 'poisson',
      parameters: { baselineDays: 28, minBaselineDays: 14, alpha: 0.001, minCount: 3 },
      lastComplaintId: 'B20-8',
    });
    expect(a.pValue).toBeCloseTo(1 - Math.exp(-2) * 7.387302, 6);
    expect(a.id).toBe(spikeAlertId('category', 'billing', '2026-03-21', 'UTC'));
  });

  it('stays quiet on steady data and when the count only reaches the limit', () => {
    expect(detectTrends(billingSeries(3, 60), options).alerts).toEqual([]);
    // 8 is the limit itself: not above it.
    expect(detectTrends(billingSeries(2, 20, [8]), options).alerts).toEqual([]);
  });

  it('needs minBaselineDays of history and minCount complaints', () => {
    // A jump on day 10 has only 10 baseline days (< 14): not judged.
    expect(detectTrends(billingSeries(2, 10, [20]), options).alerts).toEqual([]);
    // Baseline 0.1 a day: 2 complaints are improbable (P ≈ 0.0047 > α, no) and 3 exceed the limit, but minCount 4 holds them back.
    const sparse = [complaint('s0', at(0, 9), { category: 'billing' }), complaint('s1', at(10, 9), { category: 'billing' })];
    const three = [0, 1, 2].map((i) => complaint(`t${i}`, at(20, 9, i), { category: 'billing' }));
    expect(spikes(detectTrends([...sparse, ...three], options).alerts)).toHaveLength(1);
    expect(detectTrends([...sparse, ...three], { ...options, minCount: 4 }).alerts).toEqual([]);
  });

  it('EWMA flags the same jump with its own evidence', () => {
    // 14 days of 4, then 12: with λ = 0.5, L = 3 and 14 baseline days, as worked out above.
    const r = detectTrends(billingSeries(4, 14, [12]), { ...options, method: 'ewma', ewma: { lambda: 0.5, L: 3, baselineDays: 14, minBaselineDays: 14 } });
    expect(r.alerts).toHaveLength(1);
    expect(r.alerts[0]).toMatchObject({ dimension: 'category', value: 'billing', day: '2026-03-15', count: 12, baseline: 4, statistic: 8, limit: 7, method: 'ewma' });
  });

  it('gives the same ids for the same input, and the same id when the day grows', () => {
    const a = detectTrends(billingSeries(2, 20, [9]), options);
    const b = detectTrends(billingSeries(2, 20, [9]), options);
    const c = detectTrends(billingSeries(2, 20, [12]), options);
    expect(b.alerts.map((x) => x.id)).toEqual(a.alerts.map((x) => x.id));
    expect(c.alerts.map((x) => x.id)).toEqual(a.alerts.map((x) => x.id));
    expect(spikeAlertId('category', 'billing', '2026-03-22', 'UTC')).not.toBe(a.alerts[0]!.id);
    expect(spikeAlertId('category', 'billing', '2026-03-21', 'Asia/Shanghai')).not.toBe(a.alerts[0]!.id);
  });

  it('counts days in the time zone asked (default: the policy business calendar, Asia/Shanghai for the guideline)', () => {
    // 20:00 UTC is 04:00 the next day in Shanghai: the spike lands on 2026-03-22 there.
    const late = billingSeries(2, 20).concat([0, 1, 2, 3, 4, 5, 6, 7, 8].map((i) => complaint(`L${i}`, at(20, 20, i), { category: 'billing' })));
    const r = detectTrends(late, { dimensions: ['category'], batch: false });
    expect(r.timeZone).toBe('Asia/Shanghai');
    expect(r.alerts.map((x) => x.day)).toEqual(['2026-03-22']);
    expect(detectTrends(late, options).alerts.map((x) => x.day)).toEqual(['2026-03-21']);
  });

  it('keeps local days whole across a DST change (Europe/London, 2026-03-29 is 23 hours long)', () => {
    // 20 days of 2, then on 2026-03-29 nine complaints from 00:30 GMT to 23:30 BST (22:30 UTC).
    const base = Array.from({ length: 20 }, (_, d) => [0, 1].map((i) => complaint(`b${d}-${i}`, Date.parse('2026-03-09T12:00:00Z') + d * DAY + i * MIN, { category: 'billing' }))).flat();
    const day = [Date.parse('2026-03-29T00:30:00Z'), ...Array.from({ length: 7 }, (_, i) => Date.parse('2026-03-29T10:00:00Z') + i * MIN), Date.parse('2026-03-29T22:30:00Z')];
    const r = detectTrends([...base, ...day.map((t, i) => complaint(`d${i}`, t, { category: 'billing' }))], { ...options, timeZone: 'Europe/London' });
    expect(r.alerts.map((a) => [a.day, (a as SpikeAlert).count, (a as SpikeAlert).dayStart])).toEqual([['2026-03-29', 9, Date.parse('2026-03-29T00:00:00Z')]]);
  });

  it('counts the judged days of many rare series without judging them (they cannot reach minCount)', () => {
    // 5,000 products, one complaint each, over 30 days: 5,000 series × (30 − 14) judged days, no alert.
    const many = Array.from({ length: 5000 }, (_, i) => complaint(`m${i}`, D0 + (i % 30) * DAY + 9 * HOUR, { product: `SKU-${i}` }));
    const r = detectTrends(many, { timeZone: 'UTC', dimensions: ['product'], batch: false });
    expect(r.series).toBe(5000);
    expect(r.judgedDays).toBe(5000 * 16);
    expect(r.alerts).toEqual([]);
  });

  it('reads async iterables (desk.records()) and reports only the window asked for', async () => {
    async function* stream() {
      yield* billingSeries(2, 20, [9]);
    }
    const r = await detectTrends(stream(), options);
    expect(r.alerts.map((x) => x.day)).toEqual(['2026-03-21']);
    expect(detectTrends(billingSeries(2, 20, [9]), { ...options, from: '2026-03-22T00:00:00Z' }).alerts).toEqual([]);
  });
});

describe('detectTrends: batch complaints', () => {
  // Product K-200: one complaint a day at 10:00 UTC for 20 days (λ = 1); every complaint falls
  // between 10:00 and 12:00, so the busiest 3 hours hold all of a day's complaints (share 1) and
  // the expectation is 1: the Poisson(1) limit at α = 0.0001 is 6 (P(X ≤ 5) = 0.99941, P(X ≤ 6) = 0.99992).
  const base = Array.from({ length: 20 }, (_, d) => complaint(`K${d}`, at(d, 10), { product: 'K-200' }));
  const options = { timeZone: 'UTC', dimensions: ['product' as const] };

  it('raises an urgent alert for many distinct customers about one product within the window', () => {
    // Day 20, 10:00–11:10: 8 complaints from 7 customers (c3 twice).
    const who = ['c1', 'c2', 'c3', 'c3', 'c4', 'c5', 'c6', 'c7'];
    const burst = who.map((c, i) => complaint(`X${i}`, at(20, 10, i * 10), { product: 'K-200', customer: c }));
    const r = detectTrends([...base, ...burst], options);
    const [b] = batches(r.alerts);
    expect(batches(r.alerts)).toHaveLength(1);
    expect(b).toMatchObject({
      kind: 'batch',
      severity: 'urgent',
      by: 'product',
      value: 'K-200',
      day: '2026-03-21',
      // The 5th distinct customer (c5) is the 6th complaint, at 10:50.
      triggeredAt: at(20, 10, 50),
      lastComplaintId: 'X5',
      windowStart: at(20, 10, 0),
      windowEnd: at(20, 11, 10),
      customers: 7,
      complaints: 8,
      minCustomers: 5,
      windowMs: 3 * HOUR,
      baseline: 1,
      baselineDays: 20,
      peakShare: 1,
      expected: 1,
      limit: 6,
    });
    expect(b!.complaintIds).toEqual(['X0', 'X1', 'X2', 'X3', 'X4', 'X5', 'X6', 'X7']);
    // The same burst is also a spike of the product that day (8 > the Poisson(1) limit 5 at α = 0.001).
    expect(spikes(r.alerts).map((s) => [s.value, s.day, s.count, s.limit])).toEqual([['K-200', '2026-03-21', 8, 5]]);
  });

  it('is quiet when the customers do not exceed the Poisson limit, or are spread beyond the window', () => {
    const six = ['c1', 'c2', 'c3', 'c4', 'c5', 'c6'].map((c, i) => complaint(`Y${i}`, at(20, 10, i * 10), { product: 'K-200', customer: c }));
    expect(batches(detectTrends([...base, ...six], options).alerts)).toEqual([]);
    const spread = ['c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7', 'c8'].map((c, i) => complaint(`Z${i}`, at(20, 0) + i * 2 * HOUR, { product: 'K-200', customer: c }));
    expect(batches(detectTrends([...base, ...spread], options).alerts)).toEqual([]);
  });

  it('can watch orders instead of products, and be turned off', () => {
    const burst = ['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((c, i) => complaint(`O${i}`, at(20, 10, i), { order: 'SO-9', customer: c }));
    const quiet = Array.from({ length: 20 }, (_, d) => complaint(`Q${d}`, at(d, 10), { order: `SO-${d}` }));
    expect(batches(detectTrends([...quiet, ...burst], { ...options, batch: { by: 'order' } }).alerts).map((b) => [b.by, b.value, b.customers])).toEqual([['order', 'SO-9', 7]]);
    expect(batches(detectTrends([...quiet, ...burst], { ...options, batch: false }).alerts)).toEqual([]);
  });

  it('needs filing order from a stream (an array is sorted first)', async () => {
    const burst = ['c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7'].map((c, i) => complaint(`X${i}`, at(20, 10, i * 10), { product: 'K-200', customer: c }));
    const shuffled = [...burst.reverse(), ...base];
    expect(batches(detectTrends(shuffled, options).alerts)).toHaveLength(1);
    async function* stream() {
      yield* shuffled;
    }
    await expect(detectTrends(stream(), options)).rejects.toThrow(/filing order/);
  });
});

describe('detectTrends: injected spikes in simulated data', () => {
  // 60 days × 120 complaints a day (the default mixes: logistics 20 %, so ~24 a day), 40 products
  // (~3 a day each). Day 40 is 2026-02-14 in Shanghai (the simulation starts 2026-01-05 00:00 +08:00).
  const sim = { seed: 11, days: 60, perDay: 120 };
  const start = Date.parse('2026-01-05T00:00:00+08:00');
  const dayAt = (d: number, hour: number, minute = 0) => start + d * DAY + hour * HOUR + minute * MIN;
  const extra = [
    // +40 logistics complaints through day 40.
    ...Array.from({ length: 40 }, (_, i) => complaint(`XL${i}`, dayAt(40, 8) + i * 15 * MIN, { category: 'logistics', channel: 'phone' })),
    // +12 complaints about P5 across day 45 (one an hour: never a batch).
    ...Array.from({ length: 12 }, (_, i) => complaint(`XP${i}`, dayAt(45, 8 + i), { product: 'P5', category: 'product_quality' })),
    // A batch: 8 customers about P9 within 2 h 20 min on day 50.
    ...Array.from({ length: 8 }, (_, i) => complaint(`XB${i}`, dayAt(50, 10, i * 20), { product: 'P9', category: 'product_quality' })),
  ];

  it('the arrivals are those simulate files (same ids, instants, categories, channels)', async () => {
    const r = await simulate({ seed: 11, days: 3, perDay: 40 });
    const key = (id: string, c: { intake: { filedAt: number; channel: string; customer: { id: string } }; routing: { categories: string[] } }) =>
      `${id}|${c.intake.filedAt}|${c.intake.channel}|${c.intake.customer.id}|${c.routing.categories.join()}`;
    const fromSimulate = r.records!.map((x) => key(x.id, x.snapshot.context as never));
    expect([...simulateArrivals({ seed: 11, days: 3, perDay: 40 })].map((x) => key(x.id, x.context as never))).toEqual(fromSimulate);
  });

  it('finds each injected spike and batch on its day and value', () => {
    const r = detectTrends(merged(steadyArrivals(sim), extra));
    const found = (kind: string, dimension: string, value: string, day: string) =>
      r.alerts.some((a) => a.kind === kind && (a.kind === 'batch' ? a.by : a.dimension) === dimension && a.value === value && a.day === day);
    expect(found('spike', 'category', 'logistics', '2026-02-14')).toBe(true);
    expect(found('spike', 'product', 'P5', '2026-02-19')).toBe(true);
    expect(found('batch', 'product', 'P9', '2026-02-24')).toBe(true);
    const logistics = spikes(r.alerts).find((a) => a.value === 'logistics' && a.day === '2026-02-14')!;
    // ~24 a day plus 40: far above a limit near 24 + 3.1·√24 ≈ 39.
    expect(logistics.count).toBeGreaterThan(logistics.limit);
    expect(logistics.count - 40).toBeLessThanOrEqual(logistics.limit);
    // The batch names the injected complaints.
    const batch = batches(r.alerts).find((a) => a.value === 'P9')!;
    expect(batch.customers).toBeGreaterThanOrEqual(8);
    expect(batch.complaintIds).toEqual(expect.arrayContaining(extra.slice(-8).map((x) => x.id)));
  });

  it('raises none of them on the same run without the injection', () => {
    const r = detectTrends(steadyArrivals(sim));
    expect(r.alerts.filter((a) => ['2026-02-14', '2026-02-19', '2026-02-24'].includes(a.day) && ['logistics', 'P5', 'P9'].includes(a.value))).toEqual([]);
  });

  it('false alarms on a steady year stay within a loose bound of the nominal rate', () => {
    // The exact Poisson limit keeps P(alert) ≤ α = 0.001 per judged series-day when the baseline is
    // known; estimating it from 28 days adds a little. The expected count is at most
    // α × judged days (≈ 53 series × 351 days ≈ 18.6k → ≤ 18.6); twice that plus 5 would be exceeded
    // by chance with probability below 1e-4. The measured rate is printed by `npm run bench:trends`.
    const r = detectTrends(steadyArrivals({ seed: 3, days: 365, perDay: 120 }));
    const bound = 2 * 0.001 * r.judgedDays + 5;
    expect(r.judgedDays).toBeGreaterThan(15_000);
    expect(spikes(r.alerts).length).toBeLessThan(bound);
    // Batches: 5.6 a year on average over 40 products in the benchmark (20 seeds); 15 or more has probability below 0.001.
    expect(batches(r.alerts).length).toBeLessThan(15);
  });
});

describe('detectTrends: validation', () => {
  it('refuses bad options with a ValidationError naming the field', () => {
    const bad: [unknown, string][] = [
      [{ method: 'cusum' }, 'method'],
      [{ poisson: { alpha: 2 } }, 'poisson.alpha'],
      [{ poisson: { baselineDays: 7, minBaselineDays: 14 } }, 'poisson.minBaselineDays'],
      [{ dimensions: ['severity'] }, 'dimensions.0'],
      [{ batch: { minCustomers: 1 } }, 'batch.minCustomers'],
      [{ timeZone: 'Mars/Olympus' }, 'timeZone'],
      [{ from: 'yesterday' }, 'from'],
      [{ extra: true }, ''],
    ];
    for (const [options, path] of bad) {
      let error: unknown;
      try {
        detectTrends([], options as never);
      } catch (e) {
        error = e;
      }
      expect(error, JSON.stringify(options)).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).code).toBe('VALIDATION');
      if (path) expect((error as ValidationError).issues.map((i) => i.path.join('.'))).toContain(path);
    }
  });

  it('refuses malformed records, naming the index and the field', () => {
    const good = complaint('g', at(0, 9));
    const bad = { id: 'b', context: { intake: { filedAt: 'soon', channel: 'web', customer: { id: 'x' } } } };
    try {
      detectTrends([good, bad] as never);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ValidationError);
      expect((e as ValidationError).issues[0]!.path).toEqual([1, 'context', 'intake', 'filedAt']);
    }
    expect(() => detectTrends(42 as never)).toThrow(ValidationError);
  });
});
