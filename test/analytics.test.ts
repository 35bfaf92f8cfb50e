/**
 * summarize(): KPIs compared with values worked out by hand.
 *
 * Part 1 runs the fixed scenario of test/support/analytics-scenario.ts (five
 * complaints on a test desk, guideline policy, Shanghai working hours
 * Mon–Fri 09:00–12:00 and 13:30–18:00); part 2 feeds hand-written contexts.
 * Percentiles are nearest-rank: p50 of n sorted values is value number
 * ceil(n / 2), p90 is value number ceil(0.9 n).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  definePolicy,
  initialContext,
  parseIntake,
  presets,
  summarize,
  ValidationError,
  type ComplaintContext,
  type ComplaintRecord,
  type IntakeInput,
  type Kpis,
  type Liability,
  type RootCauseMethod,
  type SlaClock,
  type Summary,
} from '../src/index.js';
import { analyticsContextSchema } from '../src/analytics/input.js';
import { HOUR, MIN, runScenario, scenarioEnd, sh } from './support/analytics-scenario.js';

describe('summarize on the scenario week', () => {
  let records: ComplaintRecord[];
  let s: Summary;
  let k: Kpis;

  beforeAll(async () => {
    const run = await runScenario();
    records = run.records;
    s = summarize(records);
    k = s.total;
    expect(run.t.now()).toBe(scenarioEnd);
  });

  it('counts complaints per stage, severity and outcome', () => {
    // A, B, C closed; D re-opened (at triage); E never acknowledged (received).
    expect(k.count).toBe(5);
    expect(s.input).toBe(5);
    expect(k.stages).toEqual({ received: 1, triage: 1, closed: 3 });
    expect(Object.keys(k.stages)).toEqual(['received', 'triage', 'closed']);
    // C and E were never triaged.
    expect(k.severities).toEqual({ urgent: 1, general: 1, normal: 1, unclassified: 2 });
    expect(k.closed).toBe(3);
    expect(k.outcomes).toEqual({ resolved: 1, resolved_on_first_contact: 1, withdrawn: 1, unresolvable: 0 });
    expect(s.policy).toBe('guideline');
    expect(s.timeZone).toBe('Asia/Shanghai');
    expect(s.groupBy).toBeNull();
    expect(s.groups).toEqual([]);
  });

  it('measures acknowledgement time in calendar and working time', () => {
    // A: Sun 20:00 → Mon 09:30 = 13 h 30 min; working time only Mon 09:00–09:30 = 30 min.
    // B: Mon 10:00 → 10:10 = 10 min (all working). D: Mon 15:00 → 15:30 = 30 min.
    // C was resolved on first contact and E never acknowledged: not measured.
    // Calendar sorted [10 min, 30 min, 13.5 h]: p50 = 2nd, p90 = 3rd.
    expect(k.times.acknowledgement.calendar).toEqual({ n: 3, p50: 30 * MIN, p90: 13.5 * HOUR, max: 13.5 * HOUR });
    // Working sorted [10 min, 30 min, 30 min].
    expect(k.times.acknowledgement.working).toEqual({ n: 3, p50: 30 * MIN, p90: 30 * MIN, max: 30 * MIN });
  });

  it('measures first contact from the start of the first-contact clock', () => {
    // A: triaged 10:00 → contacted 11:00 = 60 min. B: triaged 10:20 → contacted 11:30 = 70 min.
    // D's contact belongs to the round before its re-open (contactedAt is cleared): not measured.
    // Sorted [60, 70]: p50 = 1st (ceil(1)), p90 = 2nd (ceil(1.8)). All inside working hours.
    const expected = { n: 2, p50: 60 * MIN, p90: 70 * MIN, max: 70 * MIN };
    expect(k.times.firstContact.calendar).toEqual(expected);
    expect(k.times.firstContact.working).toEqual(expected);
  });

  it('measures resolution time from filing to closing, whatever the outcome', () => {
    // A: Sun 20:00 → Tue 11:00 = 39 h; working Mon 3 h + 4.5 h, Tue 09:00–11:00 2 h = 9.5 h.
    // B: Mon 10:00 → 12:00 = 2 h (working 2 h). C: Mon 12:10 → 12:40 = 30 min, in the lunch break: working 0.
    expect(k.times.resolution.calendar).toEqual({ n: 3, p50: 2 * HOUR, p90: 39 * HOUR, max: 39 * HOUR });
    expect(k.times.resolution.working).toEqual({ n: 3, p50: 2 * HOUR, p90: 9.5 * HOUR, max: 9.5 * HOUR });
  });

  it('computes SLA compliance per clock over met and breached clocks', () => {
    // acknowledge: A, B, C met in time; E breached twice (Tue 16:00, Wed 11:00) and still running;
    // D's clocks were reset by the re-open. 3 met / 4 measured; warnings Tue 11:12 and Wed 10:12.
    expect(k.sla.acknowledge).toEqual({
      clocks: 4, measured: 4, met: 3, metLate: 0, breached: 1, open: 0, stopped: 0, compliance: 0.75, breaches: 2, warnings: 2,
    });
    // triage: A, B met; D's new triage clock (due Wed 14:30) still open: 2 / 2.
    expect(k.sla.triage).toEqual({
      clocks: 3, measured: 2, met: 2, metLate: 0, breached: 0, open: 1, stopped: 0, compliance: 1, breaches: 0, warnings: 0,
    });
    // firstContact: A met; B warned 10:44, breached 10:50, contacted 11:30 (met late): 1 / 2.
    expect(k.sla.firstContact).toEqual({
      clocks: 2, measured: 2, met: 1, metLate: 1, breached: 1, open: 0, stopped: 0, compliance: 0.5, breaches: 1, warnings: 1,
    });
    // proposal, execution, followUp: only A's survive (D's were reset): 1 / 1 each.
    for (const clock of ['proposal', 'execution', 'followUp'] as const) {
      expect(k.sla[clock]).toMatchObject({ clocks: 1, measured: 1, met: 1, compliance: 1, breaches: 0, warnings: 0 });
    }
    // The guideline sets no resolution target.
    expect(k.sla.resolution).toMatchObject({ clocks: 0, measured: 0, compliance: null });
    expect(k.breaches).toBe(3);
    expect(k.warnings).toBe(3);
  });

  it('agrees with the audit timelines on breaches and warnings', async () => {
    const run = await runScenario();
    let breaches = 0;
    let warnings = 0;
    for (const id of ['A', 'B', 'C', 'D', 'E']) {
      for (const e of await run.t.desk.timeline(id)) {
        if (e.type === 'sla.breach') breaches++;
        if (e.type === 'sla.warn') warnings++;
      }
    }
    expect({ breaches, warnings }).toEqual({ breaches: 3, warnings: 3 });
  });

  it('counts escalations per level and reason', () => {
    // B: 0→2 urgent, 2→3 breach. D: 0→1 objection. E: 0→1 breach, 1→2 breach.
    expect(k.escalations.total).toBe(5);
    expect(k.escalations.byLevel).toEqual([
      { level: 1, name: 'supervisor', count: 2 },
      { level: 2, name: 'director', count: 2 },
      { level: 3, name: 'executive', count: 1 },
    ]);
    expect(k.escalations.byReason).toEqual({ breach: 3, manual: 0, objection: 1, urgent: 1, reopen: 0 });
    // Highest level reached: B 3, D 1 (kept after the re-open reset), E 2.
    expect(k.escalations.complaintsReaching).toEqual([
      { level: 1, name: 'supervisor', count: 3 },
      { level: 2, name: 'director', count: 2 },
      { level: 3, name: 'executive', count: 1 },
    ]);
  });

  it('computes rates, satisfaction, objections, root causes, categories and compensation', () => {
    // C resolved on first contact, of 3 closed.
    expect(k.firstContactResolution).toEqual({ count: 1, of: 3, rate: 1 / 3 });
    // D re-opened, of 5.
    expect(k.reopen).toEqual({ count: 1, of: 5, rate: 0.2, reopens: 1 });
    // A satisfied, D unsatisfied.
    expect(k.satisfaction).toEqual({
      responses: 2,
      counts: { satisfied: 1, basically_satisfied: 0, unsatisfied: 1 },
      shares: { satisfied: 0.5, basically_satisfied: 0, unsatisfied: 0.5 },
    });
    // D objected once: 1 / 5.
    expect(k.objections).toEqual({ total: 1, perComplaint: 0.2 });
    // A five_whys / logistics_partner, D fishbone / company (kept across the re-open); ties by key.
    expect(k.rootCause).toEqual({
      recorded: 2,
      byMethod: [
        { key: 'fishbone', count: 1, share: 0.5, cumulativeShare: 0.5 },
        { key: 'five_whys', count: 1, share: 0.5, cumulativeShare: 1 },
      ],
      byLiability: [
        { key: 'company', count: 1, share: 0.5, cumulativeShare: 0.5 },
        { key: 'logistics_partner', count: 1, share: 0.5, cumulativeShare: 1 },
      ],
    });
    // Mentions: A logistics, B product_quality, C billing, D service_experience + billing, E other = 6.
    expect(k.categories.map((e) => [e.key, e.count])).toEqual([
      ['billing', 2],
      ['logistics', 1],
      ['other', 1],
      ['product_quality', 1],
      ['service_experience', 1],
    ]);
    expect(k.categories[0]!.share).toBeCloseTo(2 / 6, 12);
    expect(k.categories.map((e) => e.cumulativeShare)).toEqual(
      [2 / 6, 3 / 6, 4 / 6, 5 / 6, 1].map((x) => expect.closeTo(x, 12)),
    );
    // Only A's accepted proposal (50) remains: D's accepted 1500 was cleared by the re-open.
    expect(k.compensation).toEqual({ accepted: 1, sum: 50, mean: 50, max: 50 });
  });

  it('groups by severity in vocabulary order', () => {
    const g = summarize(records, { groupBy: 'severity' });
    expect(g.groupBy).toBe('severity');
    expect(g.groups.map((x) => [x.key, x.kpis.count])).toEqual([
      ['urgent', 1],
      ['general', 1],
      ['normal', 1],
      ['unclassified', 2],
    ]);
    const urgent = g.groups[0]!.kpis;
    // B alone: breached first contact, escalated twice, withdrawn.
    expect(urgent.sla.firstContact.compliance).toBe(0);
    expect(urgent.escalations.total).toBe(2);
    expect(urgent.outcomes.withdrawn).toBe(1);
    const unclassified = g.groups[3]!.kpis;
    // C (met) and E (breached) for acknowledge: 1 / 2; C is the one closed, on first contact.
    expect(unclassified.sla.acknowledge.compliance).toBe(0.5);
    expect(unclassified.firstContactResolution).toEqual({ count: 1, of: 1, rate: 1 });
    expect(g.total).toEqual(k);
  });

  it('groups by category, counting a complaint in each of its categories', () => {
    const g = summarize(records, { groupBy: 'category' });
    expect(g.groups.map((x) => [x.key, x.kpis.count])).toEqual([
      ['product_quality', 1],
      ['service_experience', 1],
      ['logistics', 1],
      ['billing', 2],
      ['other', 1],
    ]);
    // billing = C and D: C closed on first contact; D still open.
    const billing = g.groups.find((x) => x.key === 'billing')!.kpis;
    expect(billing.closed).toBe(1);
    expect(billing.reopen.count).toBe(1);
  });

  it('groups by department, channel and month', () => {
    // A (normal) goes to the service team, customer_service; B (urgent, product_quality) to the default
    // department of its first category, after_sales (售后部); D to the billing_ops it was triaged to; C and E have none.
    const dept = summarize(records, { groupBy: 'department' });
    expect(dept.groups.map((x) => [x.key, x.kpis.count])).toEqual([
      ['after_sales', 1],
      ['billing_ops', 1],
      ['customer_service', 1],
      ['unassigned', 2],
    ]);
    const channel = summarize(records, { groupBy: 'channel' });
    expect(channel.groups.map((x) => x.key)).toEqual(['phone', 'email', 'web', 'chat', 'app']);
    // A was filed Sunday 20:00 in Shanghai = 12:00 UTC, still November.
    const month = summarize(records, { groupBy: 'month' });
    expect(month.groups.map((x) => [x.key, x.kpis.count])).toEqual([['2026-11', 5]]);
  });

  it('filters on filing time: from inclusive, to exclusive', () => {
    // From Mon 10:00 drops A (Sun 20:00); to Mon 15:00 drops D (15:00) and E (16:00): B and C remain.
    const w = summarize(records, { from: sh('2026-11-23 10:00'), to: new Date(sh('2026-11-23 15:00')) });
    expect(w.total.count).toBe(2);
    expect(w.input).toBe(5);
    expect(w.from).toBe(sh('2026-11-23 10:00'));
    expect(w.to).toBe(sh('2026-11-23 15:00'));
    expect(w.total.outcomes).toMatchObject({ withdrawn: 1, resolved_on_first_contact: 1 });
    const iso = summarize(records, { from: '2026-11-23T02:00:00Z' });
    expect(iso.total.count).toBe(4);
  });

  it('gives the same KPIs for plain { id, stage, context } records', () => {
    const plain = records.map((r) => ({ id: r.id, stage: r.summary.stage, context: (r.snapshot as { context: unknown }).context }));
    expect(summarize(plain)).toEqual(s);
    // And for records that went through JSON (an export file).
    expect(summarize(JSON.parse(JSON.stringify(records)))).toEqual(s);
  });
});

// ---------------------------------------------------------------------------
// Hand-written contexts

const guidelineStart = sh('2026-11-02 09:00'); // a Monday

/** The fields these tests set, written flat; `ctx` puts each where the context keeps it. */
interface Flat {
  filedAt?: number;
  channel?: IntakeInput['channel'];
  closedAt?: number;
  outcome?: ComplaintContext['resolution']['outcome'];
  acknowledgedAt?: number;
  rootCause?: ComplaintContext['resolution']['rootCause'];
  proposal?: ComplaintContext['resolution']['proposal'];
  sla?: ComplaintContext['sla'];
  breaches?: Partial<ComplaintContext['counts']['breaches']>;
  reopens?: number;
  escalation?: ComplaintContext['escalation'];
}

function ctx(over: Flat = {}): ComplaintContext {
  const base = initialContext(
    parseIntake({
      customer: { id: 'cu', name: 'N' },
      channel: over.channel ?? 'phone',
      description: 'd',
      demand: 'x',
      emotion: 'calm',
      motive: 'vent',
      filedAt: over.filedAt ?? guidelineStart,
    }),
  );
  return {
    ...base,
    sla: over.sla ?? base.sla,
    escalation: over.escalation ?? base.escalation,
    milestones: { ...base.milestones, closedAt: over.closedAt ?? null, acknowledgedAt: over.acknowledgedAt ?? null },
    resolution: { ...base.resolution, outcome: over.outcome ?? null, rootCause: over.rootCause ?? null, proposal: over.proposal ?? null },
    counts: { ...base.counts, breaches: { ...base.counts.breaches, ...over.breaches }, reopens: over.reopens ?? 0 },
  };
}

const clock = (over: Partial<SlaClock>): SlaClock => ({
  rule: 'x',
  calendar: 'business',
  startedAt: guidelineStart,
  periodStart: guidelineStart,
  deadline: guidelineStart + HOUR,
  warnAt: [],
  state: 'running',
  warnings: 0,
  breaches: 0,
  pausedWork: 0,
  changedAt: guidelineStart,
  ...over,
});

const rec = (id: string, stage: string, context: ComplaintContext) => ({ id, stage, context });

describe('summarize on hand-written contexts', () => {
  it('takes nearest-rank percentiles of ten resolution times', () => {
    // Closed 1 h … 10 h after filing, all on Monday 2026-11-02 from 09:00 (24×7 policy below, so
    // working time = calendar time). Sorted 1..10 h: p50 = 5th = 5 h, p90 = 9th = 9 h, max 10 h.
    const policy = definePolicy({ name: 'flat', calendars: { business: alwaysSpec }, targets: {} });
    const records = Array.from({ length: 10 }, (_, i) =>
      rec(`R${i}`, 'closed', ctx({ closedAt: guidelineStart + (10 - i) * HOUR, outcome: 'resolved' })),
    );
    const k = summarize(records, { policy }).total;
    expect(k.times.resolution.calendar).toEqual({ n: 10, p50: 5 * HOUR, p90: 9 * HOUR, max: 10 * HOUR });
    expect(k.times.resolution.working).toEqual(k.times.resolution.calendar);
    expect(k.firstContactResolution).toEqual({ count: 0, of: 10, rate: 0 });
  });

  it('counts working time on the business calendar across a weekend and lunch breaks', () => {
    // Filed Fri 2026-11-06 17:00, closed Mon 11-09 10:00 (Shanghai): 65 h of calendar time;
    // working Fri 17:00–18:00 + Mon 09:00–10:00 = 2 h.
    // Filed Mon 11-09 11:00, acknowledged 14:00: 3 h; working 11:00–12:00 + 13:30–14:00 = 1.5 h.
    const k = summarize([
      rec('W1', 'closed', ctx({ filedAt: sh('2026-11-06 17:00'), closedAt: sh('2026-11-09 10:00'), outcome: 'resolved' })),
      rec('W2', 'triage', ctx({ filedAt: sh('2026-11-09 11:00'), acknowledgedAt: sh('2026-11-09 14:00') })),
    ]).total;
    expect(k.times.resolution.calendar.max).toBe(65 * HOUR);
    expect(k.times.resolution.working.max).toBe(2 * HOUR);
    expect(k.times.acknowledgement.calendar.max).toBe(3 * HOUR);
    expect(k.times.acknowledgement.working.max).toBe(1.5 * HOUR);
  });

  it('builds root-cause Paretos sorted by count with the cumulative share', () => {
    // Methods: five_whys ×3, rca ×2, fishbone ×1 (total 6) → 3/6, 2/6, 1/6; cumulative 0.5, 5/6, 1.
    // Liabilities: supplier ×4, company ×2 → 4/6, 2/6; cumulative 2/3, 1.
    const causes: [RootCauseMethod, Liability][] = [
      ['five_whys', 'supplier'],
      ['rca', 'supplier'],
      ['five_whys', 'company'],
      ['fishbone', 'supplier'],
      ['five_whys', 'supplier'],
      ['rca', 'company'],
    ];
    const records = causes.map(([method, liability], i) =>
      rec(`P${i}`, 'resolving', ctx({ rootCause: { method, liability, cause: 'c', at: guidelineStart, by: 'h' } })),
    );
    records.push(rec('P6', 'investigating', ctx()));
    const k = summarize(records).total;
    expect(k.rootCause.recorded).toBe(6);
    expect(k.rootCause.byMethod).toEqual([
      { key: 'five_whys', count: 3, share: 0.5, cumulativeShare: 0.5 },
      { key: 'rca', count: 2, share: 2 / 6, cumulativeShare: 5 / 6 },
      { key: 'fishbone', count: 1, share: 1 / 6, cumulativeShare: 1 },
    ]);
    expect(k.rootCause.byLiability).toEqual([
      { key: 'supplier', count: 4, share: 4 / 6, cumulativeShare: 4 / 6 },
      { key: 'company', count: 2, share: 2 / 6, cumulativeShare: 1 },
    ]);
  });

  it('totals the compensation of accepted proposals only', () => {
    // Accepted: 100, 250, 0 → sum 350, mean 350 / 3, max 250. The proposal of 999 was not accepted.
    const proposal = (compensation: number, acceptedAt?: number) => ({
      remedies: ['refund' as const],
      compensation,
      commitments: [],
      executeBy: guidelineStart + 48 * HOUR,
      proposedAt: guidelineStart,
      proposedBy: { id: 'h', role: 'handler' as const },
      ...(acceptedAt === undefined ? {} : { acceptedAt }),
    });
    const k = summarize([
      rec('M1', 'executing', ctx({ proposal: proposal(100, guidelineStart + HOUR) })),
      rec('M2', 'followUp', ctx({ proposal: proposal(250, guidelineStart + HOUR) })),
      rec('M3', 'executing', ctx({ proposal: proposal(0, guidelineStart + HOUR) })),
      rec('M4', 'resolving', ctx({ proposal: proposal(999) })),
    ]).total;
    expect(k.compensation.accepted).toBe(3);
    expect(k.compensation.sum).toBe(350);
    expect(k.compensation.mean).toBeCloseTo(350 / 3, 12);
    expect(k.compensation.max).toBe(250);
    expect(summarize([]).total.compensation).toEqual({ accepted: 0, sum: 0, mean: null, max: null });
  });

  it('decides clocks: met in time, breached (any state), open and stopped', () => {
    const k = summarize([
      // met in time; met after a breach; overdue at the top; stopped by a withdrawal before its deadline.
      rec('S1', 'closed', ctx({ sla: { proposal: clock({ state: 'met', endedAt: guidelineStart + 10 * MIN, warnings: 1 }) } })),
      rec('S2', 'closed', ctx({ sla: { proposal: clock({ state: 'met', breaches: 1, warnings: 1 }) }, breaches: { proposal: 1 } })),
      rec('S3', 'resolving', ctx({ sla: { proposal: clock({ state: 'overdue', breaches: 4 }) }, breaches: { proposal: 4 } })),
      rec('S4', 'closed', ctx({ sla: { proposal: clock({ state: 'stopped' }) } })),
      rec('S5', 'resolving', ctx({ sla: { proposal: clock({ state: 'paused' }) } })),
    ]).total;
    // Measured: S1 (met), S2 and S3 (breached) = 3; met in time 1 → 1/3. S4 stopped, S5 open.
    expect(k.sla.proposal).toEqual({
      clocks: 5, measured: 3, met: 1, metLate: 1, breached: 2, open: 1, stopped: 1, compliance: 1 / 3, breaches: 5, warnings: 2,
    });
  });

  it('counts breaches from the lifetime counter, and upgrades contexts written by machine version 1 (with a fallback for the oldest)', () => {
    // With the counter: 3 (two of them before a re-open cleared the clock).
    const withCounter = ctx({ sla: { triage: clock({ breaches: 1 }) }, breaches: { triage: 3 }, reopens: 1 });
    expect(summarize([rec('B1', 'triage', withCounter)]).total.sla.triage.breaches).toBe(3);
    // A version-1 context (flat fields, an escalation history) without the lifetime counter: the clock's own 1, or
    // the 2 breach escalations of that clock, whichever is larger → 2; its three escalation steps are counted.
    const v1 = {
      id: null,
      intake: { customer: { id: 'cu', name: 'N' }, channel: 'phone', description: 'd', demand: 'x', emotion: 'calm', motive: 'vent', filedAt: guidelineStart },
      now: guidelineStart + 3 * HOUR,
      categories: ['billing'],
      severity: 'general',
      department: 'finance',
      assignee: null,
      escalation: {
        level: 3,
        max: 3,
        history: [
          { at: guidelineStart + HOUR, from: 0, to: 1, reason: 'breach', clock: 'triage' },
          { at: guidelineStart + 2 * HOUR, from: 1, to: 2, reason: 'breach', clock: 'triage' },
          { at: guidelineStart + 3 * HOUR, from: 2, to: 3, reason: 'manual', by: 'sup' },
        ],
      },
      sla: { triage: clock({ breaches: 1 }) },
      acknowledgedAt: guidelineStart,
      contactedAt: null,
      rootCause: null,
      proposal: null,
      objections: [{ at: guidelineStart, text: 'no' }],
      followUp: null,
      outcome: null,
      closedAt: null,
      reopens: 0,
      notes: [],
    };
    const k = summarize([rec('B2', 'triage', v1 as unknown as ComplaintContext)]).total;
    expect(k.sla.triage.breaches).toBe(2);
    expect(k.escalations.byReason).toEqual({ breach: 2, manual: 1, objection: 0, urgent: 0, reopen: 0 });
    expect(k.escalations.total).toBe(3);
    expect(k.objections.total).toBe(1);
    expect(k.severities.general).toBe(1);
  });

  it('groups by the UTC month of filing', () => {
    // 2026-11-01 00:10 in Shanghai is 2026-10-31 16:10 UTC: October.
    const k = summarize(
      [
        rec('G1', 'received', ctx({ filedAt: Date.parse('2026-10-31T23:30:00Z') })),
        rec('G2', 'received', ctx({ filedAt: sh('2026-11-01 00:10') })),
        rec('G3', 'received', ctx({ filedAt: Date.parse('2026-11-01T00:00:00Z') })),
        rec('G4', 'received', ctx({ filedAt: Date.parse('2027-01-15T00:00:00Z') })),
      ],
      { groupBy: 'month' },
    );
    expect(k.groups.map((g) => [g.key, g.kpis.count])).toEqual([
      ['2026-10', 2],
      ['2026-11', 1],
      ['2027-01', 1],
    ]);
  });

  it('names escalation levels from the given policy', () => {
    const policy = definePolicy({
      name: 'two-level',
      targets: {},
      escalation: { levels: [{ name: 'desk' }, { name: 'manager', regrant: { within: { hours: 1 }, calendar: 'always' } }] },
    });
    const reasons = (r: Partial<ComplaintContext['escalation']['byReason']>) => ({ breach: 0, manual: 0, objection: 0, urgent: 0, reopen: 0, ...r });
    const k = summarize(
      [
        rec('L1', 'triage', ctx({ escalation: { level: 1, max: 1, count: 1, byReason: reasons({ manual: 1 }), byLevel: [0, 1] } })),
        // A level this policy does not have (the record came from another policy).
        rec('L2', 'triage', ctx({ escalation: { level: 3, max: 3, count: 1, byReason: reasons({ urgent: 1 }), byLevel: [0, 0, 0, 1] } })),
      ],
      { policy },
    ).total;
    // L2 jumped 0→3: it reached levels 1, 2 and 3, but no step ended at 2. Both lists share their levels.
    expect(k.escalations.byLevel).toEqual([
      { level: 1, name: 'manager', count: 1 },
      { level: 2, name: 'level 2', count: 0 },
      { level: 3, name: 'level 3', count: 1 },
    ]);
    expect(k.escalations.complaintsReaching).toEqual([
      { level: 1, name: 'manager', count: 2 },
      { level: 2, name: 'level 2', count: 1 },
      { level: 3, name: 'level 3', count: 1 },
    ]);
    expect(summarize([], { policy: 'fcaDisp' }).policy).toBe(presets.fcaDisp.name);
  });

  it('handles an empty set', () => {
    const k = summarize([]).total;
    expect(k.count).toBe(0);
    expect(k.times.resolution.calendar).toEqual({ n: 0, p50: null, p90: null, max: null });
    expect(k.firstContactResolution.rate).toBeNull();
    expect(k.reopen.rate).toBeNull();
    expect(k.objections.perComplaint).toBe(0);
    expect(k.categories).toEqual([]);
  });

  it('rejects nonsense with a ValidationError', () => {
    const good = rec('V', 'received', ctx());
    const bad = (records: unknown, options?: unknown) => {
      try {
        summarize(records as unknown[], options as never);
      } catch (e) {
        expect(e).toBeInstanceOf(ValidationError);
        return (e as ValidationError).message;
      }
      throw new Error('expected a ValidationError');
    };
    expect(bad('not an array')).toMatch(/records/);
    expect(bad([good, { id: 'x', stage: 'received' }])).toMatch(/1\.context/);
    expect(bad([{ ...good, context: { ...good.context, routing: { ...good.context.routing, severity: 'catastrophic' } } }])).toMatch(/0\.context\.routing\.severity/);
    expect(bad([{ ...good, context: { ...good.context, intake: { ...good.context.intake, filedAt: -5 } } }])).toMatch(/filedAt/);
    expect(bad([{ id: 'r', summary: { stage: 'received' }, snapshot: { context: { nope: 1 } } }])).toMatch(/0\.snapshot\.context/);
    expect(bad([null])).toMatch(/records/);
    expect(bad([good], { groupBy: 'colour' })).toMatch(/groupBy/);
    expect(bad([good], { from: 'last tuesday' })).toMatch(/from/);
    expect(bad([good], { policy: 'nope' })).toMatch(/policy/);
    expect(bad([good], { extra: true })).toMatch(/extra/);
  });

  it('rejects every malformed field the schema rejects (hand-written fast check and zod agree)', () => {
    const base = ctx({
      acknowledgedAt: guidelineStart,
      closedAt: guidelineStart,
      outcome: 'resolved',
      rootCause: { method: 'rca', liability: 'company', cause: 'c', at: guidelineStart, by: 'h' },
      proposal: {
        remedies: ['refund'], compensation: 5, commitments: [], executeBy: guidelineStart, proposedAt: guidelineStart,
        proposedBy: { id: 'h', role: 'handler' }, acceptedAt: guidelineStart,
      },
      sla: { triage: clock({ state: 'met', endedAt: guidelineStart }) },
      escalation: { level: 1, max: 1, count: 1, byReason: { breach: 1, manual: 0, objection: 0, urgent: 0, reopen: 0 }, byLevel: [0, 1] },
      breaches: { triage: 1 },
    });
    const full: ComplaintContext = {
      ...base,
      routing: { ...base.routing, severity: 'general', department: 'd' },
      milestones: { ...base.milestones, contactedAt: guidelineStart },
      resolution: { ...base.resolution, followUp: { satisfaction: 'satisfied', at: guidelineStart } },
    };
    expect(analyticsContextSchema.safeParse(full).success).toBe(true);
    expect(summarize([rec('F', 'closed', full)]).total.count).toBe(1);
    const set = (path: (string | number)[], value: unknown): unknown => {
      const copy = structuredClone(full) as unknown as Record<string, unknown>;
      let o = copy as Record<string | number, unknown>;
      for (const k of path.slice(0, -1)) o = o[k] as Record<string | number, unknown>;
      o[path[path.length - 1]!] = value;
      return copy;
    };
    const mutations: [(string | number)[], unknown][] = [
      [['intake'], null],
      [['intake', 'filedAt'], 1.5],
      [['intake', 'filedAt'], 9e15],
      [['intake', 'channel'], 'pigeon'],
      [['routing'], null],
      [['routing', 'categories'], 'billing'],
      [['routing', 'categories', 0], 'weather'],
      [['routing', 'severity'], 'mild'],
      [['routing', 'department'], 7],
      [['escalation', 'level'], -1],
      [['escalation', 'max'], 'top'],
      [['escalation', 'count'], 0.5],
      [['escalation', 'byReason'], {}],
      [['escalation', 'byReason', 'breach'], -1],
      [['escalation', 'byLevel'], {}],
      [['escalation', 'byLevel', 1], 0.5],
      [['sla'], []],
      [['sla', 'triage', 'state'], 'sleeping'],
      [['sla', 'triage', 'breaches'], -2],
      [['sla', 'triage', 'endedAt'], 'yesterday'],
      [['sla', 'triage', 'startedAt'], undefined],
      [['sla', 'triage', 'reportedAt'], 'late'],
      [['milestones', 'acknowledgedAt'], '2026-11-02'],
      [['milestones', 'contactedAt'], undefined],
      [['milestones', 'closedAt'], Number.NaN],
      [['milestones', 'archivedAt'], 'never'],
      [['resolution', 'rootCause', 'method'], 'guessing'],
      [['resolution', 'rootCause', 'liability'], undefined],
      [['resolution', 'proposal', 'compensation'], -1],
      [['resolution', 'proposal', 'compensation'], Number.POSITIVE_INFINITY],
      [['resolution', 'proposal', 'acceptedAt'], 'today'],
      [['resolution', 'followUp', 'satisfaction'], 'ecstatic'],
      [['resolution', 'outcome'], 'vanished'],
      [['counts', 'objections'], 3.5],
      [['counts', 'reopens'], 1.2],
      [['counts', 'backdated'], -1],
      [['counts', 'breaches'], []],
      [['counts', 'breaches', 'triage'], -1],
    ];
    for (const [path, value] of mutations) {
      const context = set(path, value);
      expect(analyticsContextSchema.safeParse(context).success, path.join('.')).toBe(false);
      expect(() => summarize([{ id: 'M', stage: 'closed', context }]), path.join('.')).toThrow(ValidationError);
      expect(() => summarize([{ id: 'M', summary: { stage: 'closed' }, snapshot: { context } }]), path.join('.')).toThrow(ValidationError);
    }
    expect(() => summarize([{ id: '', stage: 'closed', context: full }])).toThrow(ValidationError);
    expect(() => summarize([{ id: 'x', stage: '', context: full }])).toThrow(ValidationError);
    expect(() => summarize([{ id: 'x', summary: {}, snapshot: { context: full } }])).toThrow(ValidationError);
  });
});

const alwaysSpec = {
  timeZone: 'UTC',
  week: {
    mon: [['00:00', '24:00']],
    tue: [['00:00', '24:00']],
    wed: [['00:00', '24:00']],
    thu: [['00:00', '24:00']],
    fri: [['00:00', '24:00']],
    sat: [['00:00', '24:00']],
    sun: [['00:00', '24:00']],
  },
} as const;
