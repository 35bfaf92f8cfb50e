// The KPI summary as an aligned plain-text table for the terminal.
import type { Kpis, Summary } from '../analytics/types.js';
import { clockNames } from '../schemas/events.js';
import { formatDuration, formatNumber, formatPercent, humanize, timeKpiRows } from './format.js';

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
        ['complaints', formatNumber(k.count)],
        ['closed', formatNumber(k.closed)],
        ...Object.entries(k.stages).map(([s, n]) => [`  ${humanize(s)}`, formatNumber(n)]),
        ['first-contact resolution', `${formatPercent(k.firstContactResolution.rate)} (${k.firstContactResolution.count}/${k.firstContactResolution.of})`],
        ['re-opened', `${formatPercent(k.reopen.rate)} (${k.reopen.count}/${k.reopen.of})`],
        ['objections per complaint', formatNumber(k.objections.perComplaint)],
        ['breaches', formatNumber(k.breaches)],
        ['warnings', formatNumber(k.warnings)],
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
      ['SLA clock', 'measured', 'met', 'breached', 'open', 'compliance', 'breaches', 'warnings'],
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
      [`satisfaction (${sat.responses} responses)`, 'count', 'share'],
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
      ['compensation (accepted)', 'value'],
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
    [s.groupBy ?? 'group', 'count', 'closed', 'ack p50', 'resolution p50', 'resolution p90', 'FCR', 're-open', 'breaches', 'escalations'],
    s.groups.map(({ key, kpis: k }) => [
      key,
      String(k.count),
      String(k.closed),
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

/**
 * The KPIs of a summary as aligned plain-text tables, for a terminal.
 *
 * @param kpis - the result of `summarize` (grouped summaries add a table per group)
 * @returns text without a trailing newline
 * @example
 * console.log(formatKpiTable(summarize(records, { groupBy: 'severity' })));
 */
export function formatKpiTable(kpis: Summary): string {
  const window =
    kpis.from !== null || kpis.to !== null
      ? `, filed ${kpis.from !== null ? `from ${new Date(kpis.from).toISOString()}` : ''}${kpis.from !== null && kpis.to !== null ? ' ' : ''}${kpis.to !== null ? `before ${new Date(kpis.to).toISOString()}` : ''}`
      : '';
  const head = `KPIs: ${kpis.total.count} complaints (policy ${kpis.policy}, working time in ${kpis.timeZone}${window})`;
  const parts = [head, ...kpiSections(kpis.total)];
  if (kpis.groupBy && kpis.groups.length > 0) {
    parts.push(section(`by ${kpis.groupBy}`, groupTable(kpis)));
  }
  return parts.join('\n\n');
}
