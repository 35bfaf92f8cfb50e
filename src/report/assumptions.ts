// The assumptions of a report as label/value rows: source, policy, calendars
// (time zone, hours, holidays), and a simulation's seed, days, arrivals,
// staffing and mixes. Shared by the HTML report and the text table.
import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
import type { CalendarSpec, Weekday } from '../sla/calendar.js';
import { formatPercent, humanize } from './format.js';
import type { ReportAssumptions } from './types.js';

const weekdayOrder: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const dayName = (d: Weekday) => d.charAt(0).toUpperCase() + d.slice(1);

/**
 * A calendar in a few words: `Asia/Shanghai, Mon–Fri 09:00–12:00 and 13:30–18:00, Sat–Sun closed; 28 holidays, 6 make-up working days`.
 *
 * @param spec - a calendar's spec (`calendar.spec`)
 * @returns one line of text
 * @example
 * describeCalendar(presets.guideline.calendars.business!.spec); // 'Asia/Shanghai, Mon–Fri 09:00–12:00 and 13:30–18:00, …'
 */
export function describeCalendar(spec: CalendarSpec): string {
  const hours = (d: Weekday) => (spec.week[d].length === 0 ? 'closed' : spec.week[d].map(([a, b]) => `${a}–${b}`).join(' and '));
  const holidays = spec.holidays?.length ?? 0;
  const workdays = spec.workdays?.length ?? 0;
  if (weekdayOrder.every((d) => hours(d) === '00:00–24:00') && holidays === 0 && workdays === 0) return `${spec.timeZone}, 24×7`;
  // Runs of consecutive weekdays with the same hours.
  const runs: { from: Weekday; to: Weekday; text: string }[] = [];
  for (const d of weekdayOrder) {
    const last = runs[runs.length - 1];
    if (last && last.text === hours(d)) last.to = d;
    else runs.push({ from: d, to: d, text: hours(d) });
  }
  const week = runs.map((r) => `${r.from === r.to ? dayName(r.from) : `${dayName(r.from)}–${dayName(r.to)}`} ${r.text}`).join(', ');
  const extras = [
    holidays > 0 ? `${holidays} holiday${holidays === 1 ? '' : 's'} (${spec.holidays![0]} … ${spec.holidays![holidays - 1]})` : '',
    workdays > 0 ? `${workdays} make-up working day${workdays === 1 ? '' : 's'}` : '',
  ].filter(Boolean);
  return `${spec.timeZone}, ${week}${extras.length ? `; ${extras.join(', ')}` : ''}`;
}

const mix = (m: Record<string, number>) =>
  Object.entries(m)
    .filter(([, v]) => v > 0)
    .map(([k, v]) => `${humanize(k)} ${formatPercent(v)}`)
    .join(' · ') || '—';

/**
 * The assumptions as rows of `[label, value]`, in the order a reader needs them.
 *
 * @param a - what the figures rest on
 * @returns rows (empty when nothing is known)
 */
export function assumptionRows(a: ReportAssumptions | undefined): [string, string][] {
  if (!a) return [];
  const rows: [string, string][] = [];
  if (a.source) rows.push(['records', a.source]);
  if (a.policy) {
    rows.push(['policy', a.policy.name]);
    for (const [name, cal] of Object.entries(a.policy.calendars)) rows.push([`calendar ${name}`, describeCalendar(cal.spec)]);
  } else if (a.simulation) {
    rows.push(['policy', a.simulation.policy]);
  }
  const s = a.simulation;
  if (s) {
    const start = format(new TZDate(s.start, s.timeZone), 'yyyy-MM-dd HH:mm');
    rows.push(['seed', String(s.seed)]);
    rows.push(['days', `${s.days} days of arrivals from ${start} (${s.timeZone})`]);
    rows.push(['per day', `${s.perDay} complaints per day on average (Poisson arrivals)`]);
    for (const [role, st] of Object.entries(s.staffing)) {
      const cal = typeof st.calendar === 'string' ? `${st.calendar} calendar` : describeCalendar(st.calendar);
      rows.push([`staff ${role}`, `${st.count} × ${st.capacity} complaints at a time, ${cal}`]);
    }
    rows.push(['severity mix', mix(s.severityMix)]);
    rows.push(['category mix', mix(s.categoryMix)]);
    rows.push(['channel mix', mix(s.channelMix)]);
    rows.push(['probabilities', Object.entries(s.probabilities).map(([k, v]) => `${humanize(k)} ${formatPercent(v)}`).join(' · ')]);
  }
  return rows;
}
