/**
 * The report's words: the assumptions section (policy, calendars with their
 * time zones, a simulation's settings) and labels that say what each figure
 * counts — latest round or every round, closed apart from archived, how many
 * complaints were re-opened — in the HTML report and in the text table.
 * Expected values come from the scenario's story (test/support/analytics-scenario.ts)
 * and from the inputs written here, not from the code under test.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  createCalendar,
  definePolicy,
  describeCalendar,
  formatKpiTable,
  presets,
  renderReport,
  summarize,
  type ComplaintRecord,
  type ReportAssumptions,
} from '../src/index.js';
import { planSimulation } from '../src/simulation/options.js';
import { runScenario } from './support/analytics-scenario.js';

let records: ComplaintRecord[] = [];
/** The scenario with C (closed on first contact, Monday 12:40) archived by hand. */
let withArchived: ComplaintRecord[] = [];

beforeAll(async () => {
  records = (await runScenario()).records;
  withArchived = records.map((r) => {
    if (r.id !== 'C') return r;
    const copy = JSON.parse(JSON.stringify(r)) as ComplaintRecord;
    const ctx = copy.snapshot.context as { milestones: { closedAt: number; archivedAt: number | null } };
    ctx.milestones.archivedAt = ctx.milestones.closedAt + 1;
    copy.summary = { ...copy.summary, stage: 'archived' };
    return copy;
  });
});

const card = (html: string, label: string): string | undefined => {
  const esc = label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`<div class="card" data-kpi="${esc}"><div class="v">([^<]*)</div>`).exec(html)?.[1];
};
const squeeze = (s: string) => s.replace(/ +/g, ' ');

describe('describeCalendar', () => {
  it('groups weekdays with the same hours and counts holidays and make-up days', () => {
    const spec = {
      timeZone: 'Asia/Shanghai',
      week: {
        mon: [['09:00', '12:00'], ['13:30', '18:00']],
        tue: [['09:00', '12:00'], ['13:30', '18:00']],
        wed: [['09:00', '12:00'], ['13:30', '18:00']],
        thu: [['09:00', '12:00'], ['13:30', '18:00']],
        fri: [['09:00', '16:00']],
        sat: [],
        sun: [],
      },
      holidays: ['2026-10-01', '2026-10-02', '2026-10-05'],
      workdays: ['2026-10-10'],
    } as const;
    expect(describeCalendar(createCalendar(spec).spec)).toBe(
      'Asia/Shanghai, Mon–Thu 09:00–12:00 and 13:30–18:00, Fri 09:00–16:00, Sat–Sun closed; 3 holidays (2026-10-01 … 2026-10-05), 1 make-up working day',
    );
    expect(describeCalendar(presets.guideline.calendars.always!.spec)).toBe('UTC, 24×7');
  });
});

describe('HTML report', () => {
  it('counts closed and archived apart and says how many complaints were re-opened', () => {
    const html = renderReport({ title: 't', generatedAt: 0, kpis: summarize(withArchived) });
    expect(card(html, 'complaints')).toBe('5');
    // D (re-opened, at triage) and E (never acknowledged) are open; A and B closed; C archived.
    expect(card(html, 'open')).toBe('2');
    expect(card(html, 'closed, re-open window running')).toBe('2');
    expect(card(html, 'archived')).toBe('1');
    // D was re-opened once, at its unsatisfied follow-up: 1 of 5.
    expect(card(html, 're-opened complaints')).toBe('1 (20.0%)');
    // C was the one first-contact resolution, of the three closed or archived.
    expect(card(html, 'first-contact resolution (of closed)')).toBe('33.3%');
  });

  it('says "latest round" where a figure counts each complaint’s latest round', () => {
    const html = renderReport({ title: 't', generatedAt: 0, kpis: summarize(records, { groupBy: 'severity' }) });
    for (const label of ['SLA compliance, all clocks (latest round)', 'breaches (all rounds)', 'satisfied or basically (latest follow-up)', 'compensation accepted (latest proposal)']) {
      expect(card(html, label), label).toBeDefined();
    }
    // Satisfaction of the latest follow-ups: A satisfied, D unsatisfied.
    expect(card(html, 'satisfied or basically (latest follow-up)')).toBe('50.0%');
    expect(html).toContain('<th>compliance (latest round)</th><th>breaches (all rounds)</th><th>warnings (latest round)</th>');
    expect(html).toContain('<th>satisfaction, latest follow-up (2)</th>');
    expect(html).toContain('<td>first contact (latest round)</td>');
    expect(html).toContain('<td>resolution (filed → closed, any outcome)</td>');
    expect(html).toContain('<th>SLA compliance (latest round)</th><th>FCR of closed</th>');
  });

  it('shows the assumptions: policy, calendars with time zones, and the simulation’s settings', () => {
    const policy = definePolicy({
      name: 'shop',
      calendars: {
        business: { timeZone: 'Europe/London', week: { mon: [['09:00', '17:00']], tue: [['09:00', '17:00']], wed: [['09:00', '17:00']], thu: [['09:00', '17:00']], fri: [['09:00', '17:00']], sat: [], sun: [] } },
      },
      targets: { triage: { within: { hours: 4 }, calendar: 'business' } },
    });
    const simulation = planSimulation({
      seed: 3,
      days: 4,
      perDay: 7,
      policy,
      start: '2026-03-02T00:00:00Z',
      staffing: { agent: { count: 5, capacity: 2 }, handler: { count: 6, capacity: 3, calendar: 'always' } },
      severityMix: { urgent: 0.1, general: 0.2, normal: 0.7 },
    }).options;
    const assumptions: ReportAssumptions = { policy, simulation };
    const html = renderReport({ title: 't', generatedAt: 0, kpis: summarize(records, { policy }), assumptions });
    const rows = [
      ['policy', 'shop'],
      ['calendar business', 'Europe/London, Mon–Fri 09:00–17:00, Sat–Sun closed'],
      ['calendar always', 'UTC, 24×7'],
      ['seed', '3'],
      ['days', '4 days of arrivals from 2026-03-02 00:00 (Europe/London)'],
      ['per day', '7 complaints per day on average (Poisson arrivals)'],
      ['staff agent', '5 × 2 complaints at a time, Europe/London, Mon–Sun 08:00–20:00'],
      ['staff handler', '6 × 3 complaints at a time, always calendar'],
      ['severity mix', 'urgent 10.0% · general 20.0% · normal 70.0%'],
    ];
    for (const [label, value] of rows) expect(html).toContain(`<tr><td>${label}</td><td>${value}</td></tr>`);
    expect(html).toContain('<h2>Assumptions</h2>');

    // The text table prints the same rows.
    const text = squeeze(formatKpiTable(summarize(records, { policy }), { assumptions }));
    for (const [label, value] of rows) expect(text).toContain(`\n${label} ${value}\n`.replace(/ +/g, ' '));
  });

  it('leaves the section out when nothing is known', () => {
    const html = renderReport({ title: 't', generatedAt: 0, kpis: summarize(records) });
    expect(html).not.toContain('Assumptions');
    expect(formatKpiTable(summarize(records))).not.toContain('assumptions');
  });
});

describe('text table', () => {
  it('counts closed and archived apart, names re-opened complaints and re-opens, and labels rounds', () => {
    const out = squeeze(formatKpiTable(summarize(withArchived, { groupBy: 'severity' })));
    expect(out).toContain('\nclosed, re-open window running 2\n');
    expect(out).toContain('\narchived 1\n');
    expect(out).toContain('\n now archived 1\n');
    expect(out).toContain('\nre-opened complaints 1 of 5 (20.0%), 1 re-open\n');
    expect(out).toContain('\nbreaches (all rounds) ');
    expect(out).toContain('\nwarnings (latest round) ');
    expect(out).toContain('\nSLA clock (latest round) ');
    // The group table: C is unclassified (resolved before triage) and archived; B (urgent) withdrawn and closed.
    expect(out).toContain('\nseverity count closed archived ');
    expect(out).toMatch(/\nunclassified 2 0 1 /);
    expect(out).toMatch(/\nurgent 1 1 0 /);
  });
});
