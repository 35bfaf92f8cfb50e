/**
 * The report's trends section and the alert markers on the daily arrivals
 * chart. The alerts come from detectTrends over a small fixed series whose
 * evidence is worked out by hand in test/trends.test.ts (20 days of 2 billing
 * complaints, then 11: baseline 2, limit 8).
 */
import { describe, expect, it } from 'vitest';
import { detectTrends, presets, renderReport, summarize, type DailyPoint, type TrendReport } from '../src/index.js';
import { complaint } from './support/trend-data.js';

const DAY = 86_400_000;
const D0 = Date.parse('2026-03-01T00:00:00Z');

function trends(product = 'K-200'): TrendReport {
  const records = [];
  for (let d = 0; d < 21; d++) {
    const n = d < 20 ? 2 : 11;
    for (let i = 0; i < n; i++) records.push(complaint(`B${d}-${i}`, D0 + d * DAY + 10 * 3_600_000 + i * 60_000, { category: 'billing', product, channel: d < 20 ? (i === 0 ? 'web' : 'phone') : 'app', customer: `c${d}-${i}` }));
  }
  return detectTrends(records, { timeZone: 'UTC', dimensions: ['category', 'product'] });
}

const daily: DailyPoint[] = Array.from({ length: 21 }, (_, d) => ({
  date: new Date(D0 + d * DAY).toISOString().slice(0, 10),
  arrivals: d < 20 ? 2 : 11,
  backlog: { received: 1 },
  breaches: 0,
  escalations: 0,
}));

const kpis = summarize([], { policy: presets.guideline });
const rowsOf = (html: string) => [...html.matchAll(/<tr data-alert="([^"]+)" data-kind="(\w+)">(.*?)<\/tr>/g)].map((m) => ({ id: m[1], kind: m[2], cells: [...m[3]!.matchAll(/<td>(.*?)<\/td>/g)].map((c) => c[1]) }));

describe('renderReport: trends', () => {
  it('lists each alert with its evidence', () => {
    const t = trends();
    // The spike of billing and of K-200 on 2026-03-21 (11 > 8), and the batch on K-200: 11 customers within
    // 3 h, above 9, the Poisson(2) limit at α = 0.0001 (every complaint falls in one 3-hour span of the day).
    expect(t.alerts.map((a) => `${a.kind}:${a.kind === 'spike' ? a.dimension : a.by}:${a.value}:${a.day}`).sort()).toEqual([
      'batch:product:K-200:2026-03-21',
      'spike:category:billing:2026-03-21',
      'spike:product:K-200:2026-03-21',
    ]);
    const html = renderReport({ title: 'T', generatedAt: 0, kpis, daily, trends: t });
    expect(html).toContain('<h2>Trends</h2>');
    const rows = rowsOf(html);
    expect(rows.map((r) => r.id).sort()).toEqual(t.alerts.map((a) => a.id).sort());
    const billing = rows.find((r) => r.cells[2] === 'category: billing')!;
    // p = P(X ≥ 11 | 2) = e^-2 (e^2 − Σ_{k≤10} 2^k/k!) = e^-2 (7.3890561 − 7.3889947) ≈ 8.3e-6.
    expect(billing.cells.slice(0, 7)).toEqual(['2026-03-21', 'spike', 'category: billing', '11', '2 / day (20 days)', '8 · p = 8.3e-6', 'poisson']);
    const batch = rows.find((r) => r.kind === 'batch')!;
    expect(batch.cells[1]).toBe('batch (urgent)');
    expect(batch.cells[3]).toBe('11 customers, 11 complaints, 10:00–10:10 (window 3 h)');
    expect(batch.cells[5]).toBe('9');
    expect(html).toContain('baselineDays 28, minBaselineDays 14, alpha 0.001, minCount 3');
  });

  it('marks the alerts on the daily arrivals chart, on their day, above the arrivals line', () => {
    const t = trends();
    const html = renderReport({ title: 'T', generatedAt: 0, kpis, daily, trends: t });
    const chart = /<svg[^>]*data-chart="daily"[\s\S]*?<\/svg>/.exec(html)![0];
    const marks = [...chart.matchAll(/<(circle|path) class="mark alert" data-series="alert:(\w+)" data-alert="([^"]+)" data-date="([^"]+)" data-value="(\d+)"/g)].map((m) => [m[1], m[2], m[4], m[5]]);
    expect(marks.sort()).toEqual([
      ['circle', 'spike', '2026-03-21', '11'],
      ['circle', 'spike', '2026-03-21', '11'],
      ['path', 'batch', '2026-03-21', '11'],
    ]);
    expect(chart).toContain('trend alert');
    expect(html).toContain('3 trend alerts marked');
  });

  it('escapes the values, leaves the section out without trends, and says when there are none', () => {
    const html = renderReport({ title: 'T', generatedAt: 0, kpis, daily, trends: trends('<b>K&1</b>') });
    expect(html).not.toContain('<b>K&1</b>');
    expect(html).toContain('product: &lt;b&gt;K&amp;1&lt;/b&gt;');
    expect(renderReport({ title: 'T', generatedAt: 0, kpis, daily })).not.toContain('<h2>Trends</h2>');
    const none = renderReport({ title: 'T', generatedAt: 0, kpis, daily, trends: detectTrends([], { timeZone: 'UTC' }) });
    expect(none).toContain('no alerts');
    expect(none).not.toContain('class="mark alert"');
  });
});
