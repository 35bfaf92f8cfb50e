// The KPI summary as an aligned plain-text table for the terminal.
import type { Kpis, Summary } from '../analytics/types.js';
import { clockNames } from '../schemas/events.js';
import { assumptionRows } from './assumptions.js';
import { countRows, formatDuration, formatNumber, formatPercent, humanize, timeKpiRows } from './format.js';
import type { ReportAssumptions } from './types.js';

type Row = string[];

/** Columns padded to their widest cell; numbers (all but the first column) right-aligned. */
function table(header: Row, rows: Row[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: Row) =>
    r
      .map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

function timeRows(k: Kpis): Row[] {
  return timeKpiRows(k.times);
}

function section(title: string, body: string): string {
  return `${title}\n${body}`;
}

function kpiSections(k: Kpis): string[] {
  const out: string[] = [];
  out.push(
    table(
      ['overview', 'value'],
      [
        ...countRows(k).slice(0, 4),
        ...Object.entries(k.stages).map(([st, n]) => [`  now ${humanize(st)}`, formatNumber(n)]),
        ...countRows(k).slice(4),
        ['objections per complaint', formatNumber(k.objections.perComplaint)],
        ['breaches (all rounds)', formatNumber(k.breaches)],
        ['warnings (latest round)', formatNumber(k.warnings)],
        ['escalations', formatNumber(k.escalations.total)],
      ],
    ),
  );
  out.push(
    section(
      'times (calendar | working on the business calendar)',
      table(['time', 'n', 'p50', 'p90', 'max', 'work p50', 'work p90', 'work max'], timeRows(k)),
    ),
  );
  out.push(
    table(
      ['SLA clock (latest round)', 'measured', 'met', 'breached', 'open', 'compliance', 'breaches (all rounds)', 'warnings'],
      clockNames
        .filter((c) => k.sla[c].clocks > 0 || k.sla[c].breaches > 0)
        .map((c) => {
          const s = k.sla[c];
          return [
            humanize(c),
            String(s.measured),
            String(s.met),
            String(s.breached),
            String(s.open),
            formatPercent(s.compliance),
            String(s.breaches),
            String(s.warnings),
          ];
        }),
    ),
  );
  if (k.escalations.byLevel.length > 0) {
    out.push(
      table(
        ['escalation level', 'escalations', 'complaints reaching'],
        k.escalations.byLevel.map((l, i) => [l.name, String(l.count), String(k.escalations.complaintsReaching[i]?.count ?? 0)]),
      ),
    );
  }
  const sat = k.satisfaction;
  out.push(
    table(
      [`satisfaction, latest follow-up (${sat.responses} complaints)`, 'count', 'share'],
      (Object.keys(sat.counts) as (keyof typeof sat.counts)[]).map((s) => [humanize(s), String(sat.counts[s]), formatPercent(sat.responses ? sat.shares[s] : null)]),
    ),
  );
  const pareto = (title: string, rows: Kpis['categories']) =>
    rows.length === 0
      ? `${title}: none`
      : table([title, 'count', 'share', 'cumulative'], rows.map((r) => [humanize(r.key), String(r.count), formatPercent(r.share), formatPercent(r.cumulativeShare)]));
  out.push(pareto('category', k.categories));
  out.push(pareto('root-cause method', k.rootCause.byMethod));
  out.push(pareto('liability', k.rootCause.byLiability));
  const c = k.compensation;
  out.push(
    table(
      ['compensation (accepted, latest proposal)', 'value'],
      [
        ['proposals', String(c.accepted)],
        ['sum', formatNumber(c.sum)],
        ['mean', formatNumber(c.mean)],
        ['max', formatNumber(c.max)],
      ],
    ),
  );
  return out;
}

function groupTable(s: Summary): string {
  return table(
    [s.groupBy ?? 'group', 'count', 'closed', 'archived', 'ack p50', 'resolution p50', 'resolution p90', 'FCR of closed', 're-opened', 'breaches', 'escalations'],
    s.groups.map(({ key, kpis: k }) => [
      key,
      String(k.count),
      String(k.closed - k.archived),
      String(k.archived),
      formatDuration(k.times.acknowledgement.calendar.p50),
      formatDuration(k.times.resolution.calendar.p50),
      formatDuration(k.times.resolution.calendar.p90),
      formatPercent(k.firstContactResolution.rate),
      formatPercent(k.reopen.rate),
      String(k.breaches),
      String(k.escalations.total),
    ]),
  );
}

/** Label/value lines, labels padded to the widest. */
function pairs(rows: [string, string][]): string {
  const w = Math.max(...rows.map(([l]) => l.length));
  return rows.map(([l, v]) => `${l.padEnd(w)}  ${v}`).join('\n');
}

/** Options of {@link formatKpiTable}. */
export interface KpiTableOptions {
  /** What the figures rest on: printed as an "assumptions" section after the heading. */
  assumptions?: ReportAssumptions;
}

/**
 * The KPIs of a summary as aligned plain-text tables, for a terminal.
 *
 * Figures are labelled for what they count: SLA compliance, warnings and
 * satisfaction describe each complaint's latest round (a re-open starts a new
 * one), breaches every round; closed and archived complaints are counted apart.
 *
 * @param kpis - the result of `summarize` (grouped summaries add a table per group)
 * @param options - optional assumptions to print (policy, calendars, simulation settings)
 * @returns text without a trailing newline
 * @example
 * console.log(formatKpiTable(summarize(records, { groupBy: 'severity' })));
 * console.log(formatKpiTable(r.kpis, { assumptions: { policy: presets.guideline, simulation: r.options } }));
 */
export function formatKpiTable(kpis: Summary, options: KpiTableOptions = {}): string {
  const window =
    kpis.from !== null || kpis.to !== null
      ? `, filed ${kpis.from !== null ? `from ${new Date(kpis.from).toISOString()}` : ''}${kpis.from !== null && kpis.to !== null ? ' ' : ''}${kpis.to !== null ? `before ${new Date(kpis.to).toISOString()}` : ''}`
      : '';
  const head = `KPIs: ${kpis.total.count} complaints (policy ${kpis.policy}, working time in ${kpis.timeZone}${window})`;
  const parts = [head];
  const assumptions = assumptionRows(options.assumptions);
  if (assumptions.length > 0) parts.push(section('assumptions', pairs(assumptions)));
  parts.push(...kpiSections(kpis.total));
  if (kpis.groupBy && kpis.groups.length > 0) {
    parts.push(section(`by ${kpis.groupBy}`, groupTable(kpis)));
  }
  return parts.join('\n\n');
}
