// The self-contained HTML report: inline CSS, inline SVG charts, no scripts,
// no network resources (a Content-Security-Policy forbids them).
import type { Kpis, Summary } from '../analytics/types.js';
import { clockNames } from '../schemas/events.js';
import { dailyChart, dailySlaChart, escalationChart, paretoChart, resolutionChart, slaChart } from './charts.js';
import { assumptionRows } from './assumptions.js';
import { esc, formatDuration, formatNumber, formatPercent, humanize, timeKpiRows } from './format.js';
import type { ReportInput } from './types.js';
import { trendsSection } from './trends.js';

const css = `
:root { color-scheme: light; --ink: #1f2937; --muted: #6b7280; --line: #e5e7eb; --card: #f8fafc; }
* { box-sizing: border-box; }
body { margin: 0; padding: 24px 32px 40px; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Helvetica Neue", Arial, sans-serif; color: var(--ink); background: #fff; }
header { border-bottom: 1px solid var(--line); margin-bottom: 20px; padding-bottom: 12px; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 28px 0 10px; }
.meta { color: var(--muted); margin: 0; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(150px, 1fr)); gap: 10px; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 10px 12px; }
.card .v { font-size: 22px; font-weight: 600; font-variant-numeric: tabular-nums; }
.card .k { color: var(--muted); font-size: 12px; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(460px, 1fr)); gap: 16px; }
figure.chart { margin: 0; border: 1px solid var(--line); border-radius: 8px; padding: 10px 12px 6px; background: #fff; }
figure.wide { grid-column: 1 / -1; }
figcaption { font-weight: 600; margin-bottom: 4px; }
figcaption span { font-weight: 400; color: var(--muted); margin-left: 6px; font-size: 12px; }
figure svg { width: 100%; height: auto; display: block; }
svg text { font: 11px system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; fill: #374151; }
svg .tick { fill: #6b7280; }
svg .legend { fill: #374151; }
svg .empty { fill: #9ca3af; font-size: 13px; }
svg .value { fill: #111827; font-weight: 600; }
svg .grid { stroke: #eef0f3; stroke-width: 1; }
svg .axis { stroke: #9ca3af; stroke-width: 1; }
svg .area { opacity: 0.9; }
table { border-collapse: collapse; margin: 4px 0 8px; font-variant-numeric: tabular-nums; }
th, td { padding: 4px 10px; border-bottom: 1px solid var(--line); text-align: right; white-space: nowrap; }
th:first-child, td:first-child { text-align: left; }
th { font-weight: 600; color: #374151; background: var(--card); }
.tables { display: grid; grid-template-columns: repeat(auto-fit, minmax(420px, 1fr)); gap: 8px 24px; align-items: start; }
.scroll { overflow-x: auto; }
.note { color: var(--muted); font-size: 12px; margin: 2px 0 8px; }
table.assumptions td { text-align: left; white-space: normal; }
table.assumptions td:first-child { white-space: nowrap; color: #374151; }
footer { margin-top: 32px; color: var(--muted); font-size: 12px; }
`;

function instantText(t: ReportInput['generatedAt']): string {
  const d = t instanceof Date ? t : new Date(t);
  return Number.isFinite(d.getTime()) ? d.toISOString() : String(t);
}

function htmlTable(header: string[], rows: (string | number)[][]): string {
  return `<table><thead><tr>${header.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;
}

function figure(title: string, subtitle: string, chart: string, wide = false): string {
  return `<figure class="chart${wide ? ' wide' : ''}"><figcaption>${esc(title)}${subtitle ? `<span>${esc(subtitle)}</span>` : ''}</figcaption>${chart}</figure>`;
}

/** Met in time over decided clocks, all clocks together. */
function overallCompliance(k: Kpis): number | null {
  let met = 0;
  let measured = 0;
  for (const c of clockNames) {
    met += k.sla[c].met;
    measured += k.sla[c].measured;
  }
  return measured > 0 ? met / measured : null;
}

function cards(k: Kpis): string {
  const sat = k.satisfaction;
  const satisfied = sat.responses > 0 ? (sat.counts.satisfied + sat.counts.basically_satisfied) / sat.responses : null;
  const items: [string, string][] = [
    ['complaints', formatNumber(k.count)],
    ['open', formatNumber(k.count - k.closed)],
    ['closed, re-open window running', formatNumber(k.closed - k.archived)],
    ['archived', formatNumber(k.archived)],
    ['re-opened complaints', `${formatNumber(k.reopen.count)} (${formatPercent(k.reopen.rate)})`],
    ['SLA compliance, all clocks (latest round)', formatPercent(overallCompliance(k))],
    ['breaches (all rounds)', formatNumber(k.breaches)],
    ['escalations', formatNumber(k.escalations.total)],
    ['resolution p50 (filed → closed)', formatDuration(k.times.resolution.calendar.p50)],
    ['resolution p90 (filed → closed)', formatDuration(k.times.resolution.calendar.p90)],
    ['first-contact resolution (of closed)', formatPercent(k.firstContactResolution.rate)],
    ['satisfied or basically (latest follow-up)', formatPercent(satisfied)],
    ['objections / complaint', formatNumber(k.objections.perComplaint)],
    ['compensation accepted (latest proposal)', formatNumber(k.compensation.sum)],
  ];
  return `<div class="cards">${items.map(([label, v]) => `<div class="card" data-kpi="${esc(label)}"><div class="v">${esc(v)}</div><div class="k">${esc(label)}</div></div>`).join('')}</div>`;
}

function timeTable(k: Kpis): string {
  return htmlTable(['time', 'n', 'p50', 'p90', 'max', 'working p50', 'working p90', 'working max'], timeKpiRows(k.times));
}

function slaTable(k: Kpis): string {
  return htmlTable(
    ['SLA clock', 'measured', 'met in time', 'breached', 'open', 'stopped', 'compliance (latest round)', 'breaches (all rounds)', 'warnings (latest round)'],
    clockNames
      .filter((c) => k.sla[c].clocks > 0 || k.sla[c].breaches > 0)
      .map((c) => {
        const s = k.sla[c];
        return [humanize(c), s.measured, s.met, s.breached, s.open, s.stopped, formatPercent(s.compliance), s.breaches, s.warnings];
      }),
  );
}

function otherTables(k: Kpis): string {
  const sat = k.satisfaction;
  const satisfaction = htmlTable(
    [`satisfaction, latest follow-up (${sat.responses})`, 'count', 'share'],
    (Object.keys(sat.counts) as (keyof typeof sat.counts)[]).map((s) => [humanize(s), sat.counts[s], sat.responses ? formatPercent(sat.shares[s]) : '—']),
  );
  const escalations = htmlTable(
    ['escalation level', 'escalations', 'complaints reaching'],
    k.escalations.byLevel.map((l, i) => [l.name, l.count, k.escalations.complaintsReaching[i]?.count ?? 0]),
  );
  const reasons = htmlTable(
    ['escalation reason', 'count'],
    Object.entries(k.escalations.byReason).map(([r, n]) => [r, n]),
  );
  const c = k.compensation;
  const compensation = htmlTable(
    ['compensation (accepted, latest proposal)', 'value'],
    [
      ['proposals', c.accepted],
      ['sum', formatNumber(c.sum)],
      ['mean', formatNumber(c.mean)],
      ['max', formatNumber(c.max)],
    ],
  );
  const stages = htmlTable(['stage now', 'complaints'], Object.entries(k.stages).map(([s, n]) => [humanize(s), n]));
  const outcomes = htmlTable(['outcome (closed or archived)', 'complaints'], Object.entries(k.outcomes).map(([o, n]) => [humanize(o), n]));
  return `<div class="tables">${[satisfaction, escalations, reasons, compensation, stages, outcomes].map((t) => `<div>${t}</div>`).join('')}</div>`;
}

function assumptionsSection(input: ReportInput): string {
  const rows = assumptionRows(input.assumptions);
  if (rows.length === 0) return '';
  return `<h2>Assumptions</h2><div class="scroll"><table class="assumptions" data-section="assumptions"><tbody>${rows
    .map(([label, value]) => `<tr><td>${esc(label)}</td><td>${esc(value)}</td></tr>`)
    .join('')}</tbody></table></div>`;
}

function groupsTable(s: Summary): string {
  if (!s.groupBy || s.groups.length === 0) return '';
  const table = htmlTable(
    [s.groupBy, 'complaints', 'closed', 'archived', 'ack p50', 'resolution p50', 'resolution p90', 'SLA compliance (latest round)', 'FCR of closed', 're-opened', 'breaches (all rounds)', 'escalations'],
    s.groups.map(({ key, kpis: k }) => [
      key,
      k.count,
      k.closed - k.archived,
      k.archived,
      formatDuration(k.times.acknowledgement.calendar.p50),
      formatDuration(k.times.resolution.calendar.p50),
      formatDuration(k.times.resolution.calendar.p90),
      formatPercent(overallCompliance(k)),
      formatPercent(k.firstContactResolution.rate),
      formatPercent(k.reopen.rate),
      k.breaches,
      k.escalations.total,
    ]),
  );
  return `<h2>By ${esc(s.groupBy)}</h2><div class="scroll">${table}</div>`;
}

/**
 * Render a self-contained HTML report: KPI cards, the run's assumptions
 * (policy, calendars with their time zones, a simulation's settings) and
 * tables, plus inline SVG
 * charts (daily arrivals and backlog, daily breaches and escalations, SLA
 * compliance per clock, escalations per level, resolution-time distribution,
 * category and root-cause Paretos), and with `trends` a Trends section of
 * the alerts and their evidence, marked on the daily arrivals chart. No
 * scripts and no network resources.
 * Each chart is an `<svg data-chart="name">`; its data marks carry class
 * `mark` and `data-*` attributes.
 *
 * @param input - title, generation time, the summary, and optionally a daily series and resolution times
 * @returns the HTML document
 * @example
 * writeFileSync('report.html', renderReport({ title: 'November', generatedAt: new Date(), kpis: summarize(records) }));
 */
export function renderReport(input: ReportInput): string {
  const s = input.kpis;
  const k = s.total;
  const window = [
    s.from !== null ? `filed from ${new Date(s.from).toISOString()}` : '',
    s.to !== null ? `before ${new Date(s.to).toISOString()}` : '',
  ]
    .filter(Boolean)
    .join(' ');
  const meta = [
    `Generated ${instantText(input.generatedAt)}`,
    `policy ${s.policy}`,
    `working time in ${s.timeZone}`,
    `${formatNumber(k.count)} complaints${window ? `, ${window}` : ''}`,
  ].join(' · ');

  const charts: string[] = [];
  if (input.daily && input.daily.length > 0) {
    const d = input.daily;
    charts.push(figure('Daily arrivals and backlog', `${d[0]!.date} – ${d[d.length - 1]!.date}${input.trends && input.trends.alerts.length > 0 ? ` · ${input.trends.alerts.length} trend alerts marked` : ''}`, dailyChart(d, input.trends?.alerts), true));
    charts.push(figure('Breaches and escalations per day', '', dailySlaChart(d), true));
  }
  charts.push(figure('SLA compliance per clock', 'met in time / decided clocks, latest round', slaChart(k)));
  charts.push(figure('Escalations per level', `${k.escalations.total} escalations`, escalationChart(k)));
  if (input.resolutionTimes) {
    charts.push(figure('Resolution time', `p50 ${formatDuration(k.times.resolution.calendar.p50)} · p90 ${formatDuration(k.times.resolution.calendar.p90)}`, resolutionChart(input.resolutionTimes)));
  }
  charts.push(figure('Category Pareto', 'complaints per category', paretoChart('pareto-category', 'Category Pareto', k.categories, 'no categories')));
  charts.push(figure('Root cause Pareto: method', `${k.rootCause.recorded} root causes`, paretoChart('pareto-method', 'Root cause Pareto by method', k.rootCause.byMethod, 'no root causes recorded')));
  charts.push(figure('Root cause Pareto: liability', '', paretoChart('pareto-liability', 'Root cause Pareto by liability', k.rootCause.byLiability, 'no root causes recorded')));

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${esc(input.title)}</title>
<style>${css}</style>
</head>
<body>
<header><h1>${esc(input.title)}</h1><p class="meta">${esc(meta)}</p></header>
<main>
${cards(k)}
${assumptionsSection(input)}
<h2>Charts</h2>
<div class="charts">
${charts.join('\n')}
</div>
${input.trends ? trendsSection(input.trends) : ''}
<h2>Times</h2>
<p class="note">Calendar time, and working time on the policy's business calendar. First contact counts the latest round; resolution runs from filing to closing whatever the outcome (withdrawn included).</p>
<div class="scroll">${timeTable(k)}</div>
<h2>SLA clocks</h2>
<p class="note">Each complaint's latest round of clocks (a re-open starts a new round): measured, met, breached, open, stopped, compliance and warnings count that round; breaches count every round.</p>
<div class="scroll">${slaTable(k)}</div>
<h2>Details</h2>
${otherTables(k)}
${groupsTable(s)}
</main>
<footer>redress report · self-contained: inline styles and SVG, no scripts, no network resources.</footer>
</body>
</html>
`;
}
