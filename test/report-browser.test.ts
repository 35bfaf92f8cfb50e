/**
 * End to end: the HTML report opened in headless Chromium, driven by
 * playwright-core (test/support/browser.ts: /usr/bin/chromium if installed,
 * else the binary the @sparticuz/chromium devDependency ships). Every
 * chart must render with data marks of non-zero size, the page must log no
 * errors and load nothing but itself. Writes test-artifacts/report.html and
 * test-artifacts/report.png.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { presets, renderReport, summarize, type Summary, type TrendReport } from '../src/index.js';
import { resolutionTimesOf, runScenario, syntheticDaily } from './support/analytics-scenario.js';
import { ARTIFACTS as artifacts, launchBrowser, newRecordedPage, saveScreenshot } from './support/browser.js';

/** Every chart the report draws when it has a daily series and resolution times. */
const charts = ['daily', 'daily-sla', 'sla-compliance', 'escalations', 'resolution-time', 'pareto-category', 'pareto-method', 'pareto-liability'];

/** Two trend alerts on days of the synthetic series (plain JSON as detectTrends returns it). */
const trends: TrendReport = {
  timeZone: 'Asia/Shanghai',
  method: 'poisson',
  parameters: { baselineDays: 28, minBaselineDays: 14, alpha: 0.001, minCount: 3 },
  dimensions: ['category', 'product', 'channel'],
  firstDay: '2026-11-16',
  lastDay: '2026-11-29',
  records: 300,
  series: 12,
  judgedDays: 0,
  alerts: [
    {
      kind: 'spike', id: 'trend.spike.category.2026-11-24.x', dimension: 'category', value: 'logistics', day: '2026-11-24', dayStart: Date.parse('2026-11-24T00:00:00+08:00'),
      timeZone: 'Asia/Shanghai', count: 14, baseline: 4.5, baselineDays: 28, limit: 12, statistic: 14, pValue: 0.0002, method: 'poisson',
      parameters: { baselineDays: 28, minBaselineDays: 14, alpha: 0.001, minCount: 3 }, severity: 'general', lastComplaintId: 'C9',
    },
    {
      kind: 'batch', id: 'trend.batch.product.2026-11-27T02:00:00.000Z.y', by: 'product', value: 'K-200', triggeredAt: Date.parse('2026-11-27T10:00:00+08:00'), day: '2026-11-27',
      timeZone: 'Asia/Shanghai', windowMs: 3 * 3_600_000, windowStart: Date.parse('2026-11-27T09:20:00+08:00'), windowEnd: Date.parse('2026-11-27T11:00:00+08:00'),
      customers: 8, complaints: 9, complaintIds: ['C1', 'C2'], minCustomers: 5, baseline: 1, baselineDays: 28, peakShare: 0.3, expected: 0.3, limit: 3,
      severity: 'urgent', lastComplaintId: 'C2',
    },
  ],
};

interface Mark {
  tag: string;
  series: string | null;
  value: number | null;
  width: number;
  height: number;
}

describe('HTML report in headless Chromium', () => {
  let browser: Browser;
  let page: Page;
  let url: string;
  let summary: Summary;
  let requests: string[];
  let errors: string[];

  beforeAll(async () => {
    const { records } = await runScenario();
    summary = summarize(records, { groupBy: 'severity' });
    const resolutionTimes = resolutionTimesOf(records);
    const html = renderReport({
      title: 'Complaint handling — scenario week',
      generatedAt: Date.parse('2026-11-25T04:00:00Z'),
      kpis: summary,
      daily: syntheticDaily(),
      resolutionTimes,
      assumptions: { source: 'the scenario week', policy: presets.guideline },
      trends,
    });
    mkdirSync(artifacts, { recursive: true });
    const file = join(artifacts, 'report.html');
    writeFileSync(file, html);
    url = pathToFileURL(file).href;

    // Throws if no Chromium can be launched: this test is never skipped.
    browser = await launchBrowser();
    ({ page, requests, errors } = await newRecordedPage(browser, { viewport: { width: 1280, height: 900 } }));
    const response = await page.goto(url, { waitUntil: 'load' });
    expect(response?.ok()).toBe(true);
  });

  afterAll(async () => {
    await browser?.close();
  });

  const marksOf = (name: string): Promise<Mark[]> =>
    page.$$eval(`svg[data-chart="${name}"] .mark`, (els) =>
      els.map((el) => {
        const box = el.getBoundingClientRect();
        const v = el.getAttribute('data-value');
        return { tag: el.tagName, series: el.getAttribute('data-series'), value: v === null ? null : Number(v), width: box.width, height: box.height };
      }),
    );

  it('renders every chart with data marks of non-zero size', async () => {
    for (const name of charts) {
      expect(await page.locator(`svg[data-chart="${name}"]`).count(), name).toBe(1);
      const marks = await marksOf(name);
      expect(marks.length, `${name} has data marks`).toBeGreaterThan(0);
      for (const m of marks) {
        if (m.tag === 'path') expect(m.width > 0 || m.height > 0, `${name} ${m.series} path has a size`).toBe(true);
        else expect(m.width > 0 && m.height > 0, `${name} ${m.tag} ${m.series}=${m.value} has a size`).toBe(true);
      }
    }
  });

  it('draws the numbers of the summary', async () => {
    const k = summary.total;
    // Six open stages stacked plus the arrivals line; closed is not backlog.
    const daily = await marksOf('daily');
    expect(daily.map((m) => m.series)).toEqual([
      'backlog:received',
      'backlog:triage',
      'backlog:investigating',
      'backlog:resolving',
      'backlog:executing',
      'backlog:followUp',
      'arrivals',
      'alert:spike',
      'alert:batch',
    ]);
    // Escalations: supervisor 2, director 2, executive 1 (see test/analytics.test.ts).
    expect((await marksOf('escalations')).map((m) => m.value)).toEqual(k.escalations.byLevel.map((l) => l.count));
    expect(k.escalations.byLevel.map((l) => l.count)).toEqual([2, 2, 1]);
    // SLA: acknowledge met 3 + breached 1, triage met 2, first contact met 1 + breached 1, then proposal,
    // execution and follow-up met 1 each.
    expect((await marksOf('sla-compliance')).map((m) => `${m.series}:${m.value}`)).toEqual([
      'met:3', 'breached:1', 'met:2', 'met:1', 'breached:1', 'met:1', 'met:1', 'met:1',
    ]);
    // Resolution times 30 min, 2 h and 39 h: 3 non-empty bins.
    expect((await marksOf('resolution-time')).map((m) => m.value)).toEqual([1, 1, 1]);
    // Category Pareto: five bars, a cumulative line and five dots ending at 100 %.
    const cat = await marksOf('pareto-category');
    expect(cat.filter((m) => m.series === 'count').map((m) => m.value)).toEqual([2, 1, 1, 1, 1]);
    expect(cat.filter((m) => m.tag === 'circle').at(-1)?.value).toBe(1);
    expect((await marksOf('pareto-method')).filter((m) => m.series === 'count')).toHaveLength(2);
    expect((await marksOf('pareto-liability')).filter((m) => m.series === 'count')).toHaveLength(2);
  });

  it('shows the assumptions: the records, the policy and each calendar with its time zone', async () => {
    const rows = await page.$$eval('table[data-section="assumptions"] tr', (trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)));
    expect(rows).toContainEqual(['records', 'the scenario week']);
    expect(rows).toContainEqual(['policy', 'guideline']);
    expect(rows.find((r) => r[0] === 'calendar business')?.[1]).toMatch(/^Asia\/Shanghai, Mon–Fri 09:00–12:00 and 13:30–18:00/);
    expect(await page.locator('table[data-section="assumptions"]').isVisible()).toBe(true);
  });

  it('lists the trend alerts and marks them on the arrivals chart', async () => {
    const rows = await page.$$eval('table[data-section="trends"] tbody tr', (trs) => trs.map((tr) => tr.getAttribute('data-alert')));
    expect(rows).toEqual(trends.alerts.map((a) => a.id));
    const marks = await page.$$eval('svg[data-chart="daily"] .mark.alert', (els) => els.map((el) => [el.getAttribute('data-date'), el.getBoundingClientRect().width > 0]));
    expect(marks).toEqual([['2026-11-24', true], ['2026-11-27', true]]);
    expect(await page.locator('table[data-section="trends"]').isVisible()).toBe(true);
  });

  it('logs no errors and loads nothing but the file itself', async () => {
    expect(errors).toEqual([]);
    expect(requests).toEqual([url]);
  });

  it('saves a screenshot', async () => {
    const png = await saveScreenshot(page, 'report');
    expect(png).toBe(join(artifacts, 'report.png'));
    expect(existsSync(png)).toBe(true);
  });
});
