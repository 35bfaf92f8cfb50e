// The report's charts as inline SVG. Every data mark has class `mark` and
// data attributes (`data-series`, `data-value`, …) so tests and readers can
// find what was drawn.
import type { Kpis, ParetoEntry } from '../analytics/types.js';
import { stageOrder } from '../analytics/kpis.js';
import { clockNames } from '../schemas/events.js';
import { esc, formatDuration, formatNumber, formatPercent, humanize } from './format.js';
import {
  emptyChart,
  frame,
  innerWidth,
  legend,
  linear,
  linePath,
  niceTicks,
  r1,
  rightPercentAxis,
  svg,
  xLabels,
  yAxis,
} from './svg.js';
import type { DailyPoint } from './types.js';
import type { TrendAlert } from '../analytics/trend-types.js';
import { alertLabel, alertsByDay } from './trends.js';

export const colors = {
  received: '#9ecae1',
  triage: '#4292c6',
  investigating: '#08519c',
  resolving: '#fdae6b',
  executing: '#e6550d',
  followUp: '#74c476',
  other: '#969696',
  arrivals: '#111827',
  met: '#2e9d5b',
  breached: '#d1453b',
  escalations: '#7b4fb3',
  bar: '#3a78b8',
  cumulative: '#e08a00',
  spike: '#e08a00',
  batch: '#d1453b',
} as const;

/** Width of the full-width charts (the others are 640 wide). */
const WIDE = 1200;

const stageColor = (s: string): string => (colors as Record<string, string>)[s] ?? colors.other;

/** The stages drawn as backlog: open stages in lifecycle order, then any others, never closed or archived. */
function backlogStages(daily: readonly DailyPoint[]): string[] {
  const seen = new Set<string>();
  for (const d of daily) for (const [k, v] of Object.entries(d.backlog)) if (v > 0 || !seen.has(k)) seen.add(k);
  seen.delete('closed');
  seen.delete('archived');
  const rank = (s: string) => {
    const i = (stageOrder as readonly string[]).indexOf(s);
    return i < 0 ? stageOrder.length : i;
  };
  return [...seen].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : 1));
}

/** X positions of n daily points across the plot (a single day spans the whole width). */
function dayPositions(n: number, left: number, width: number): number[] {
  if (n === 1) return [r1(left + width / 2)];
  return Array.from({ length: n }, (_, i) => r1(left + (i * width) / (n - 1)));
}

/** Every k-th index of n items, k chosen so that at most `count` are labelled. */
function labelIndices(n: number, count: number): number[] {
  const k = Math.max(1, Math.ceil(n / count));
  return Array.from({ length: n }, (_, i) => i).filter((i) => i % k === 0);
}

const shortDate = (d: string) => (/^\d{4}-\d{2}-\d{2}$/.test(d) ? d.slice(5) : d);

/**
 * Daily arrivals (line) over the backlog per stage (stacked areas); each
 * trend alert on a charted day is a marker on the arrivals line (a circle
 * for a spike, a diamond for a batch), class `mark alert`.
 */
export function dailyChart(daily: readonly DailyPoint[], alerts: readonly TrendAlert[] = []): string {
  const name = 'daily';
  const f = frame({ width: WIDE, height: 320 });
  const label = 'Daily arrivals and open backlog per stage';
  if (daily.length === 0) return emptyChart(name, f, label, 'no daily series');
  const stages = backlogStages(daily);
  const n = daily.length;
  const totals = daily.map((d) => stages.reduce((s, k) => s + (d.backlog[k] ?? 0), 0));
  const ticks = niceTicks(Math.max(1, ...totals, ...daily.map((d) => d.arrivals)));
  const y = linear(0, ticks[ticks.length - 1]!, f.height - f.bottom, f.top);
  const xs = dayPositions(n, f.left, innerWidth(f));
  // A single day is drawn as a band across the plot.
  const xsArea = n === 1 ? [f.left, f.width - f.right] : xs;
  const at = (i: number) => (n === 1 ? 0 : i);
  let body = yAxis(f, ticks, y);
  const lower = new Array<number>(xsArea.length).fill(0);
  for (const stage of stages) {
    const upper = xsArea.map((_, i) => lower[i]! + (daily[at(i)]!.backlog[stage] ?? 0));
    const top = xsArea.map((x, i): [number, number] => [x, y(upper[i]!)]);
    const bottom = xsArea.map((x, i): [number, number] => [x, y(lower[i]!)]).reverse();
    const peak = Math.max(...daily.map((d) => d.backlog[stage] ?? 0));
    body += `<path class="mark area" data-series="backlog:${esc(stage)}" data-value="${peak}" fill="${stageColor(stage)}" d="${linePath([...top, ...bottom])}Z"><title>${esc(humanize(stage))}: up to ${peak} open</title></path>`;
    for (let i = 0; i < lower.length; i++) lower[i] = upper[i]!;
  }
  const arrivals = xsArea.map((x, i): [number, number] => [x, y(daily[at(i)]!.arrivals)]);
  const total = daily.reduce((s, d) => s + d.arrivals, 0);
  body += `<path class="mark line" data-series="arrivals" data-value="${total}" fill="none" stroke="${colors.arrivals}" stroke-width="2" d="${linePath(arrivals)}"><title>arrivals: ${total} in ${n} days</title></path>`;
  const byDay = alertsByDay(alerts);
  let marked = 0;
  daily.forEach((d, i) => {
    const list = byDay.get(d.date);
    if (!list) return;
    list.forEach((a, k) => {
      const cx = xs[i]!;
      const cy = r1(y(d.arrivals) - 10 - k * 12);
      const title = `<title>${esc(alertLabel(a))}</title>`;
      const data = `class="mark alert" data-series="alert:${a.kind}" data-alert="${esc(a.id)}" data-date="${esc(d.date)}" data-value="${a.kind === 'spike' ? a.count : a.customers}"`;
      body +=
        a.kind === 'spike'
          ? `<circle ${data} cx="${cx}" cy="${cy}" r="5" fill="${colors.spike}" stroke="#fff" stroke-width="1.5">${title}</circle>`
          : `<path ${data} d="M${cx} ${r1(cy - 6)}L${r1(cx + 6)} ${cy}L${cx} ${r1(cy + 6)}L${r1(cx - 6)} ${cy}Z" fill="${colors.batch}" stroke="#fff" stroke-width="1.5">${title}</path>`;
      marked++;
    });
  });
  body += xLabels(
    f,
    labelIndices(n, 12).map((i) => ({ x: xs[i]!, text: shortDate(daily[i]!.date) })),
  );
  body += legend(f, [
    { label: 'arrivals', color: colors.arrivals, line: true },
    ...stages.map((s) => ({ label: humanize(s), color: stageColor(s) })),
    ...(marked > 0 ? [{ label: 'trend alert', color: colors.spike }] : []),
  ]);
  return svg(name, f, label, body);
}

/** SLA breaches and escalations per day (paired bars). */
export function dailySlaChart(daily: readonly DailyPoint[]): string {
  const name = 'daily-sla';
  const f = frame({ width: WIDE, height: 220 });
  const label = 'SLA breaches and escalations per day';
  if (daily.length === 0) return emptyChart(name, f, label, 'no daily series');
  const n = daily.length;
  const ticks = niceTicks(Math.max(1, ...daily.map((d) => Math.max(d.breaches, d.escalations))));
  const y = linear(0, ticks[ticks.length - 1]!, f.height - f.bottom, f.top);
  const band = innerWidth(f) / n;
  const bw = Math.max(0.6, Math.min(14, band * 0.4));
  const base = f.height - f.bottom;
  let body = yAxis(f, ticks, y);
  daily.forEach((d, i) => {
    const x0 = f.left + i * band + band / 2 - bw;
    const bar = (series: 'breaches' | 'escalations', x: number) => {
      const v = d[series];
      if (v <= 0) return '';
      const top = y(v);
      return `<rect class="mark" data-series="${series}" data-date="${esc(d.date)}" data-value="${v}" x="${r1(x)}" y="${top}" width="${r1(bw)}" height="${r1(base - top)}" fill="${colors[series === 'breaches' ? 'breached' : 'escalations']}"><title>${esc(d.date)}: ${v} ${series}</title></rect>`;
    };
    body += bar('breaches', x0) + bar('escalations', x0 + bw);
  });
  body += xLabels(
    f,
    labelIndices(n, 12).map((i) => ({ x: r1(f.left + i * band + band / 2), text: shortDate(daily[i]!.date) })),
  );
  body += legend(f, [
    { label: 'breaches', color: colors.breached },
    { label: 'escalations', color: colors.escalations },
  ]);
  return svg(name, f, label, body);
}

/** SLA compliance per clock: met in time vs breached, as shares of the measured clocks. */
export function slaChart(k: Kpis): string {
  const name = 'sla-compliance';
  const rows = clockNames.filter((c) => k.sla[c].measured > 0);
  const f = frame({ height: 30 + Math.max(1, rows.length) * 30 + 34, left: 110, right: 170, top: 30, bottom: 34 });
  const label = 'SLA compliance per clock';
  if (rows.length === 0) return emptyChart(name, f, label, 'no SLA clock decided yet');
  const x = linear(0, 1, f.left, f.width - f.right);
  let body = [0, 0.25, 0.5, 0.75, 1]
    .map((t) => `<line class="grid" x1="${x(t)}" x2="${x(t)}" y1="${f.top - 4}" y2="${f.height - f.bottom}"/><text class="tick" x="${x(t)}" y="${f.top - 8}" text-anchor="middle">${t * 100}%</text>`)
    .join('');
  rows.forEach((c, i) => {
    const s = k.sla[c];
    const yTop = f.top + 6 + i * 30;
    const h = 18;
    const metW = r1(x(s.met / s.measured) - f.left);
    const lateW = r1(x((s.met + s.breached) / s.measured) - f.left - metW);
    body += `<text class="label" x="${f.left - 8}" y="${yTop + 13}" text-anchor="end">${esc(humanize(c))}</text>`;
    if (s.met > 0) {
      body += `<rect class="mark" data-series="met" data-clock="${c}" data-value="${s.met}" data-compliance="${s.compliance}" x="${f.left}" y="${yTop}" width="${metW}" height="${h}" fill="${colors.met}"><title>${esc(humanize(c))}: ${s.met} of ${s.measured} met in time</title></rect>`;
    }
    if (s.breached > 0) {
      body += `<rect class="mark" data-series="breached" data-clock="${c}" data-value="${s.breached}" x="${r1(f.left + metW)}" y="${yTop}" width="${lateW}" height="${h}" fill="${colors.breached}"><title>${esc(humanize(c))}: ${s.breached} of ${s.measured} breached</title></rect>`;
    }
    body += `<text class="value" x="${f.width - f.right + 8}" y="${yTop + 13}">${formatPercent(s.compliance)} (${formatNumber(s.met)} / ${formatNumber(s.measured)})</text>`;
  });
  body += legend(
    f,
    [
      { label: 'met in time', color: colors.met },
      { label: 'breached', color: colors.breached },
    ],
    f.height - 8,
  );
  return svg(name, f, label, body);
}

/** Vertical bars for a few labelled counts. */
function barChart(
  name: string,
  label: string,
  bars: { key: string; text: string; value: number; attrs: string; title: string }[],
  color: string,
  empty: string,
): string {
  const f = frame({ height: 240 });
  if (bars.every((b) => b.value === 0)) return emptyChart(name, f, label, empty);
  const ticks = niceTicks(Math.max(1, ...bars.map((b) => b.value)));
  const y = linear(0, ticks[ticks.length - 1]!, f.height - f.bottom, f.top);
  const band = innerWidth(f) / bars.length;
  const bw = Math.min(80, band * 0.6);
  const base = f.height - f.bottom;
  let body = yAxis(f, ticks, y);
  bars.forEach((b, i) => {
    const cx = f.left + i * band + band / 2;
    if (b.value > 0) {
      const top = y(b.value);
      body += `<rect class="mark" ${b.attrs} data-value="${b.value}" x="${r1(cx - bw / 2)}" y="${top}" width="${r1(bw)}" height="${r1(base - top)}" fill="${color}"><title>${esc(b.title)}</title></rect>`;
      body += `<text class="value" x="${r1(cx)}" y="${r1(top - 4)}" text-anchor="middle">${b.value}</text>`;
    }
  });
  body += xLabels(f, bars.map((b, i) => ({ x: r1(f.left + i * band + band / 2), text: b.text })));
  return svg(name, f, label, body);
}

/** Escalation steps per level reached. */
export function escalationChart(k: Kpis): string {
  return barChart(
    'escalations',
    'Escalations per level',
    k.escalations.byLevel.map((l) => ({
      key: String(l.level),
      text: l.name,
      value: l.count,
      attrs: `data-series="escalations" data-level="${l.level}" data-name="${esc(l.name)}"`,
      title: `${l.count} escalations to ${l.name}`,
    })),
    colors.escalations,
    'no escalations',
  );
}

const STEPS = [
  60_000, 5 * 60_000, 15 * 60_000, 30 * 60_000, 3_600_000, 2 * 3_600_000, 4 * 3_600_000, 6 * 3_600_000,
  12 * 3_600_000, 86_400_000, 2 * 86_400_000, 3 * 86_400_000, 7 * 86_400_000, 14 * 86_400_000, 30 * 86_400_000,
  60 * 86_400_000, 90 * 86_400_000, 180 * 86_400_000, 365 * 86_400_000,
];

/** Histogram bins for durations: a round bin width giving at most `maxBins` bins. */
export function histogramBins(values: readonly number[], maxBins = 20): { from: number; to: number; count: number }[] {
  const valid = values.filter((v) => Number.isFinite(v) && v >= 0);
  if (valid.length === 0) return [];
  const max = Math.max(...valid);
  const step = STEPS.find((s) => Math.floor(max / s) + 1 <= maxBins) ?? Math.ceil((max + 1) / maxBins);
  const bins = Array.from({ length: Math.floor(max / step) + 1 }, (_, i) => ({ from: i * step, to: (i + 1) * step, count: 0 }));
  for (const v of valid) bins[Math.floor(v / step)]!.count++;
  return bins;
}

/** Distribution of resolution times (calendar time). */
export function resolutionChart(times: readonly number[]): string {
  const name = 'resolution-time';
  const f = frame({ height: 260 });
  const label = 'Distribution of resolution time';
  const bins = histogramBins(times);
  if (bins.length === 0) return emptyChart(name, f, label, 'no closed complaints');
  const ticks = niceTicks(Math.max(1, ...bins.map((b) => b.count)));
  const y = linear(0, ticks[ticks.length - 1]!, f.height - f.bottom, f.top);
  const x = linear(0, bins[bins.length - 1]!.to, f.left, f.width - f.right);
  const base = f.height - f.bottom;
  let body = yAxis(f, ticks, y);
  for (const b of bins) {
    if (b.count === 0) continue;
    const x0 = x(b.from);
    const w = Math.max(0.5, r1(x(b.to) - x0 - 1));
    const top = y(b.count);
    body += `<rect class="mark" data-series="resolution" data-from="${b.from}" data-to="${b.to}" data-value="${b.count}" x="${x0}" y="${top}" width="${w}" height="${r1(base - top)}" fill="${colors.bar}"><title>${formatDuration(b.from)} – ${formatDuration(b.to)}: ${b.count}</title></rect>`;
  }
  const every = Math.ceil((bins.length + 1) / 8);
  const edges = Array.from({ length: bins.length + 1 }, (_, i) => i).filter((i) => i % every === 0);
  body += xLabels(f, edges.map((i) => ({ x: x(i * (bins[0]!.to - bins[0]!.from)), text: formatDuration(i * (bins[0]!.to - bins[0]!.from)) })));
  body += `<text class="tick" x="${f.width - f.right}" y="${f.height - 6}" text-anchor="end">calendar time from filing to closing (${times.length} closed)</text>`;
  return svg(name, f, label, body);
}

/** Pareto chart: bars by count (descending) and the cumulative share as a line. */
export function paretoChart(name: string, label: string, rows: readonly ParetoEntry[], empty: string): string {
  const shown = rows.slice(0, 15);
  const rotate = shown.length > 4 || shown.some((r) => r.key.length > 12);
  const f = frame({ height: rotate ? 300 : 260, bottom: rotate ? 84 : 44 });
  if (shown.length === 0) return emptyChart(name, f, label, empty);
  const ticks = niceTicks(Math.max(1, ...shown.map((r) => r.count)));
  const y = linear(0, ticks[ticks.length - 1]!, f.height - f.bottom, f.top);
  const yShare = linear(0, 1, f.height - f.bottom, f.top);
  const band = innerWidth(f) / shown.length;
  const bw = Math.min(70, band * 0.62);
  const base = f.height - f.bottom;
  let body = yAxis(f, ticks, y) + rightPercentAxis(f, yShare);
  const points: [number, number][] = [];
  shown.forEach((r, i) => {
    const cx = r1(f.left + i * band + band / 2);
    const top = y(r.count);
    body += `<rect class="mark" data-series="count" data-key="${esc(r.key)}" data-value="${r.count}" data-share="${r.share}" x="${r1(cx - bw / 2)}" y="${top}" width="${r1(bw)}" height="${r1(base - top)}" fill="${colors.bar}"><title>${esc(humanize(r.key))}: ${r.count} (${formatPercent(r.share)})</title></rect>`;
    points.push([cx, yShare(r.cumulativeShare)]);
  });
  body += `<path class="mark line" data-series="cumulative" data-value="${shown[shown.length - 1]!.cumulativeShare}" fill="none" stroke="${colors.cumulative}" stroke-width="2" d="${linePath(points)}"/>`;
  body += points
    .map(([px, py], i) => `<circle class="mark dot" data-series="cumulative" data-key="${esc(shown[i]!.key)}" data-value="${shown[i]!.cumulativeShare}" cx="${px}" cy="${py}" r="3.5" fill="${colors.cumulative}"><title>cumulative ${formatPercent(shown[i]!.cumulativeShare)}</title></circle>`)
    .join('');
  body += xLabels(f, shown.map((r, i) => ({ x: r1(f.left + i * band + band / 2), text: humanize(r.key) })), rotate);
  body += legend(f, [
    { label: 'complaints', color: colors.bar },
    { label: 'cumulative share', color: colors.cumulative, line: true },
  ]);
  return svg(name, f, label, body);
}
