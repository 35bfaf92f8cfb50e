// Number and text formatting shared by the HTML report and the terminal table.
import type { Kpis, TimeKpi } from '../analytics/types.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

/** A duration in ms as `45s`, `30m`, `13h 30m` or `2d 4h`; `—` for null. */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  if (ms === 0) return '0';
  const neg = ms < 0 ? '-' : '';
  const a = Math.abs(ms);
  if (a < MIN) return `${neg}${Math.round(a / 1000)}s`;
  if (a < HOUR) return `${neg}${Math.round(a / MIN)}m`;
  if (a < DAY) {
    const total = Math.round(a / MIN);
    const h = Math.floor(total / 60);
    const m = total % 60;
    return `${neg}${h}h${m ? ` ${String(m).padStart(2, '0')}m` : ''}`;
  }
  const totalH = Math.round(a / HOUR);
  const d = Math.floor(totalH / 24);
  const h = totalH % 24;
  return `${neg}${d}d${h ? ` ${h}h` : ''}`;
}

/** A fraction as a percentage with one decimal (`75.0%`); `—` for null. */
export function formatPercent(rate: number | null | undefined): string {
  if (rate === null || rate === undefined || !Number.isFinite(rate)) return '—';
  return `${(rate * 100).toFixed(1)}%`;
}

/** A number with thousands separators and at most `digits` decimals. */
export function formatNumber(n: number | null | undefined, digits = 2): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '—';
  const fixed = n.toFixed(digits).replace(/\.?0+$/, '');
  const [int, frac] = fixed.split('.');
  const grouped = int!.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return frac ? `${grouped}.${frac}` : grouped;
}

/** Escape text for HTML and SVG (content and attribute values). */
export function esc(s: unknown): string {
  return String(s)
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/** `firstContact` → `first contact`, `followUp` → `follow-up`. */
export function humanize(key: string): string {
  if (key === 'followUp') return 'follow-up';
  return key.replace(/([a-z])([A-Z])/g, '$1 $2').replaceAll('_', ' ').toLowerCase();
}

/**
 * The rows of the time KPIs, as the HTML and text tables print them. First
 * contact is measured in each complaint's latest round (a re-open clears it);
 * resolution runs from filing to closing whatever the outcome (withdrawn too).
 */
export function timeKpiRows(times: Kpis['times']): string[][] {
  const row = (name: string, t: TimeKpi) => [
    name,
    String(t.calendar.n),
    formatDuration(t.calendar.p50),
    formatDuration(t.calendar.p90),
    formatDuration(t.calendar.max),
    formatDuration(t.working.p50),
    formatDuration(t.working.p90),
    formatDuration(t.working.max),
  ];
  return [
    row('acknowledgement (filed → acknowledged)', times.acknowledgement),
    row('first contact (latest round)', times.firstContact),
    row('resolution (filed → closed, any outcome)', times.resolution),
  ];
}

/**
 * The headline counts as label/value pairs, worded for what each counts:
 * closed and archived apart, re-opened complaints with their re-opens.
 */
export function countRows(k: Kpis): [string, string][] {
  const open = k.count - k.closed;
  return [
    ['complaints', formatNumber(k.count)],
    ['open', formatNumber(open)],
    ['closed, re-open window running', formatNumber(k.closed - k.archived)],
    ['archived', formatNumber(k.archived)],
    ['re-opened complaints', `${formatNumber(k.reopen.count)} of ${formatNumber(k.reopen.of)} (${formatPercent(k.reopen.rate)}), ${formatNumber(k.reopen.reopens)} re-open${k.reopen.reopens === 1 ? '' : 's'}`],
    ['first-contact resolution (of closed)', `${formatPercent(k.firstContactResolution.rate)} (${k.firstContactResolution.count}/${k.firstContactResolution.of})`],
  ];
}
