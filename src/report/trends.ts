// The report's trends section: the alerts of detectTrends with their
// evidence, and the markers they put on the daily arrivals chart.
import type { TrendAlert, TrendReport } from '../analytics/trend-types.js';
import { esc, formatNumber } from './format.js';

/** What an alert says in one line (the marker's tooltip). */
export function alertLabel(a: TrendAlert): string {
  return a.kind === 'spike'
    ? `${a.day}: ${a.dimension} ${a.value} — ${a.count} complaints, baseline ${formatNumber(a.baseline)} a day, limit ${formatNumber(a.limit)} (${a.method})`
    : `${a.day}: batch on ${a.by} ${a.value} — ${a.customers} customers within ${formatNumber(a.windowMs / 3_600_000)} h, limit ${formatNumber(a.limit)}`;
}

const time = (t: number, zone: string): string =>
  new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(t));

function row(a: TrendAlert): string[] {
  if (a.kind === 'spike') {
    const p = a.pValue === undefined ? '' : ` · p = ${a.pValue.toExponential(1)}`;
    return [a.day, 'spike', `${a.dimension}: ${a.value}`, String(a.count), `${formatNumber(a.baseline)} / day (${a.baselineDays} days)`, `${formatNumber(a.limit)}${a.method === 'ewma' ? ` (EWMA ${formatNumber(a.statistic)})` : ''}${p}`, a.method, a.id];
  }
  const window = `${a.customers} customers, ${a.complaints} complaints, ${time(a.windowStart, a.timeZone)}–${time(a.windowEnd, a.timeZone)} (window ${formatNumber(a.windowMs / 3_600_000)} h)`;
  return [a.day, 'batch (urgent)', `${a.by}: ${a.value}`, window, `${formatNumber(a.baseline)} / day; ${formatNumber(a.expected)} expected in the busiest ${formatNumber(a.windowMs / 3_600_000)} h`, formatNumber(a.limit), `poisson, ≥ ${a.minCustomers} customers`, a.id];
}

/**
 * The trends section: method and parameters, then one row per alert with
 * its evidence (`<tr data-alert="<id>">`).
 *
 * @param t - the result of detectTrends
 * @returns HTML
 */
export function trendsSection(t: TrendReport): string {
  const params = Object.entries(t.parameters)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  const note = `${t.method === 'poisson' ? 'Exact Poisson upper limit over a trailing baseline' : 'EWMA control chart (NIST/SEMATECH e-Handbook 6.3.2.4)'} per ${t.dimensions.join(', ')} and day in ${t.timeZone}; ${params}. ${t.series} series, ${t.judgedDays} series-days judged${t.firstDay ? `, ${t.firstDay} – ${t.lastDay}` : ''}. Batches: many distinct customers about one product within a short window (urgent).`;
  const head = ['day', 'alert', 'what', 'count', 'baseline', 'limit', 'method', 'id'];
  const body =
    t.alerts.length === 0
      ? `<tr><td colspan="${head.length}">no alerts</td></tr>`
      : t.alerts
          .map((a) => `<tr data-alert="${esc(a.id)}" data-kind="${a.kind}">${row(a).map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`)
          .join('');
  return `<h2>Trends</h2><p class="note">${esc(note)}</p><div class="scroll"><table class="trends" data-section="trends"><thead><tr>${head
    .map((h) => `<th>${esc(h)}</th>`)
    .join('')}</tr></thead><tbody>${body}</tbody></table></div>`;
}

/** The alerts per day (`YYYY-MM-DD`), for the markers on the daily chart. */
export function alertsByDay(alerts: readonly TrendAlert[]): Map<string, TrendAlert[]> {
  const m = new Map<string, TrendAlert[]>();
  for (const a of alerts) {
    const list = m.get(a.day);
    if (list) list.push(a);
    else m.set(a.day, [a]);
  }
  return m;
}
