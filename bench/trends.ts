// Trend detection benchmark: the false-alarm rate of detectTrends on long
// steady runs, and detection of injected spikes and batches.
//
//   npm run bench:trends
//     BENCH_TRENDS_SEEDS (20), BENCH_TRENDS_DAYS (365), BENCH_TRENDS_PER_DAY (120),
//     BENCH_TRENDS_PRODUCTS (40)
//
// Steady data: simulateArrivals (the complaints `simulate` files: Poisson
// arrivals with the default hour profile and mixes), each complaint given
// one of BENCH_TRENDS_PRODUCTS products round-robin. Every alert on steady
// data is a false alarm. Printed per method at its defaults: spike alerts
// per judged series-day (against the nominal α), per steady year, and
// batch alerts per year.
import { detectTrends, type TrendOptions } from '../src/analytics/index.js';
import { complaint, merged, steadyArrivals } from '../test/support/trend-data.js';

const env = (k: string, d: number) => (process.env[k] ? Number(process.env[k]) : d);
const seeds = env('BENCH_TRENDS_SEEDS', 20);
const days = env('BENCH_TRENDS_DAYS', 365);
const perDay = env('BENCH_TRENDS_PER_DAY', 120);
const products = env('BENCH_TRENDS_PRODUCTS', 40);
const start = Date.parse('2026-01-05T00:00:00+08:00');
const DAY = 86_400_000;
const HOUR = 3_600_000;

function falseAlarms(method: 'poisson' | 'ewma') {
  let judged = 0;
  let spikes = 0;
  let batches = 0;
  const byDimension: Record<string, number> = {};
  const t0 = performance.now();
  let records = 0;
  for (let seed = 1; seed <= seeds; seed++) {
    const r = detectTrends(steadyArrivals({ seed, days, perDay }, products), { method });
    judged += r.judgedDays;
    records += r.records;
    for (const a of r.alerts) {
      if (a.kind === 'spike') {
        spikes++;
        byDimension[a.dimension] = (byDimension[a.dimension] ?? 0) + 1;
      } else batches++;
    }
  }
  const ms = performance.now() - t0;
  return { method, judged, spikes, batches, byDimension, perSeriesDay: spikes / judged, spikesPerYear: (spikes / seeds) * (365 / days), batchesPerYear: (batches / seeds) * (365 / days), recordsPerSecond: records / (ms / 1000) };
}

/** Inject, on day 200 of each seed: `share` more of a category's daily mean (logistics), +10 complaints of one product spread over the day, and a batch of 8 customers on another product within 3 hours. */
function detection(options: TrendOptions, share: number) {
  let categoryFound = 0;
  let productFound = 0;
  let batchFound = 0;
  const day = 200;
  const dayStart = start + day * DAY;
  const date = new Date(dayStart + 8 * HOUR).toISOString().slice(0, 10);
  for (let seed = 1; seed <= seeds; seed++) {
    const extra = [];
    // logistics: 20 % of perDay a day; + `share` of that.
    const more = Math.round(perDay * 0.2 * share);
    for (let i = 0; i < more; i++) extra.push(complaint(`X-L${i}`, dayStart + 8 * HOUR + Math.floor((i * 12 * HOUR) / more), { category: 'logistics' }));
    for (let i = 0; i < 10; i++) extra.push(complaint(`X-P${i}`, dayStart + 8 * HOUR + i * HOUR, { product: 'P5', category: 'product_quality' }));
    for (let i = 0; i < 8; i++) extra.push(complaint(`X-B${i}`, dayStart + 10 * HOUR + i * 20 * 60_000, { product: 'P9', category: 'product_quality' }));
    const r = detectTrends(merged(steadyArrivals({ seed, days, perDay }, products), extra), options);
    if (r.alerts.some((a) => a.kind === 'spike' && a.dimension === 'category' && a.value === 'logistics' && a.day === date)) categoryFound++;
    if (r.alerts.some((a) => a.kind === 'spike' && a.dimension === 'product' && a.value === 'P5' && a.day === date)) productFound++;
    if (r.alerts.some((a) => a.kind === 'batch' && a.value === 'P9' && a.day === date)) batchFound++;
  }
  return { method: options.method ?? 'poisson', day: date, share, categoryFound, productFound, batchFound, of: seeds };
}

console.log(`detectTrends on ${seeds} steady runs × ${days} days × ${perDay} complaints/day, ${products} products (default parameters)`);
for (const m of ['poisson', 'ewma'] as const) {
  const f = falseAlarms(m);
  console.log(
    `${m.padEnd(7)} false alarms: ${f.spikes} spikes in ${f.judged} judged series-days = ${(f.perSeriesDay * 1000).toFixed(3)} per 1,000 (nominal α: ${m === 'poisson' ? '1 per 1,000' : '—'})` +
      ` · ${f.spikesPerYear.toFixed(1)} spikes and ${f.batchesPerYear.toFixed(2)} batches per steady year · by dimension ${JSON.stringify(f.byDimension)} · ${Math.round(f.recordsPerSecond).toLocaleString('en')} records/s`,
  );
}
for (const m of ['poisson', 'ewma'] as const) {
  for (const share of [0.5, 1]) {
    const d = detection({ method: m }, share);
    console.log(
      `${m.padEnd(7)} detection on ${d.day}: logistics +${share * 100} % (+${Math.round(perDay * 0.2 * share)}) found ${d.categoryFound}/${d.of}, product P5 +10 found ${d.productFound}/${d.of}, batch of 8 customers on P9 in 3 h found ${d.batchFound}/${d.of}`,
    );
  }
}
