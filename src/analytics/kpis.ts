import type { EscalationReason, Outcome } from '../machine/context.js';
import { severities } from '../schemas/common.js';
import { clockNames, satisfactions, type ClockName, type Satisfaction } from '../schemas/events.js';
import type { Calendar } from '../sla/calendar.js';
import type { Policy } from '../sla/policy.js';
import { workingTimeBetween } from '../sla/working-time.js';
import { bump, durationStats, pareto, rate } from './stats.js';
import type { AnalyticsRecord, ClockKpi, Kpis, LevelCount, TimeKpi } from './types.js';

const outcomes: readonly Outcome[] = ['resolved', 'resolved_on_first_contact', 'withdrawn', 'unresolvable'];
const reasons: readonly EscalationReason[] = ['breach', 'manual', 'objection', 'urgent', 'reopen'];

/** Collects calendar and working durations of one KPI. */
class Durations {
  private readonly calendar: number[] = [];
  private readonly working: number[] = [];
  constructor(private readonly business: Calendar) {}
  add(from: number | null | undefined, to: number | null | undefined): void {
    if (from === null || from === undefined || to === null || to === undefined || to < from) return;
    this.calendar.push(to - from);
    this.working.push(workingTimeBetween(this.business, from, to));
  }
  stats(): TimeKpi {
    return { calendar: durationStats(this.calendar), working: durationStats(this.working) };
  }
}

const zeroClock = (): ClockKpi => ({
  clocks: 0,
  measured: 0,
  met: 0,
  metLate: 0,
  breached: 0,
  open: 0,
  stopped: 0,
  compliance: null,
  breaches: 0,
  warnings: 0,
});

/** Top-level stages in lifecycle order. */
export const stageOrder = ['received', 'triage', 'investigating', 'resolving', 'executing', 'followUp', 'closed', 'archived'] as const;

/** Counts keyed in lifecycle order (unknown stages last, alphabetically). */
function inStageOrder(counts: ReadonlyMap<string, number>): Record<string, number> {
  const rank = (s: string) => {
    const i = (stageOrder as readonly string[]).indexOf(s);
    return i < 0 ? stageOrder.length : i;
  };
  const keys = [...counts.keys()].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(keys.map((k) => [k, counts.get(k)!]));
}

const levelName = (policy: Policy, level: number): string => policy.escalation.levels[level]?.name ?? `level ${level}`;

/**
 * Accumulates the KPIs of validated records one at a time (bounded state:
 * counters, plus one number per measured duration for the percentiles).
 */
export class KpiAccumulator {
  private readonly stages = new Map<string, number>();
  private readonly severityCounts = Object.fromEntries([...severities, 'unclassified'].map((s) => [s, 0])) as Kpis['severities'];
  private readonly outcomeCounts = Object.fromEntries(outcomes.map((o) => [o, 0])) as Record<Outcome, number>;
  private readonly ack: Durations;
  private readonly contact: Durations;
  private readonly resolution: Durations;
  private readonly sla = Object.fromEntries(clockNames.map((n) => [n, zeroClock()])) as Record<ClockName, ClockKpi>;
  private readonly stepsTo = new Map<number, number>();
  private readonly reaching = new Map<number, number>();
  private readonly byReason = Object.fromEntries(reasons.map((r) => [r, 0])) as Record<EscalationReason, number>;
  private readonly satisfaction = Object.fromEntries(satisfactions.map((s) => [s, 0])) as Record<Satisfaction, number>;
  private readonly methods = new Map<string, number>();
  private readonly liabilities = new Map<string, number>();
  private readonly categories = new Map<string, number>();
  private readonly backdatedByClock = Object.fromEntries(clockNames.map((n) => [n, 0])) as Record<ClockName, number>;
  private count = 0;
  private closed = 0;
  private archived = 0;
  private fcr = 0;
  private reopened = 0;
  private reopens = 0;
  private responses = 0;
  private objections = 0;
  private rootCauses = 0;
  private escalations = 0;
  private backdatedEvents = 0;
  private accepted = 0;
  private compensationSum = 0;
  private compensationMax: number | null = null;

  /**
   * @param policy - gives the escalation level names
   * @param business - the calendar working times are measured on
   */
  constructor(
    private readonly policy: Policy,
    business: Calendar,
  ) {
    this.ack = new Durations(business);
    this.contact = new Durations(business);
    this.resolution = new Durations(business);
  }

  add({ stage, context: ctx }: AnalyticsRecord): void {
    this.count++;
    const filedAt = ctx.intake.filedAt;
    bump(this.stages, stage);
    this.severityCounts[ctx.routing.severity ?? 'unclassified']++;
    for (const c of new Set(ctx.routing.categories)) bump(this.categories, c);
    const m = ctx.milestones;
    const r = ctx.resolution;
    if (m.closedAt !== null) {
      this.closed++;
      if (m.archivedAt !== null || stage === 'archived') this.archived++;
      if (r.outcome) this.outcomeCounts[r.outcome]++;
      if (r.outcome === 'resolved_on_first_contact') this.fcr++;
      this.resolution.add(filedAt, m.closedAt);
    }
    this.ack.add(filedAt, m.acknowledgedAt);
    this.contact.add(ctx.sla.firstContact?.startedAt, m.contactedAt);

    for (const name of clockNames) {
      const k = this.sla[name];
      k.breaches += ctx.counts.breaches[name] ?? 0;
      const c = ctx.sla[name];
      if (!c) continue;
      if (c.reportedAt !== undefined && c.reportedAt !== null) this.backdatedByClock[name]++;
      k.clocks++;
      k.warnings += c.warnings;
      if (c.breaches > 0) {
        k.breached++;
        k.measured++;
        if (c.state === 'met') k.metLate++;
      } else if (c.state === 'met') {
        k.met++;
        k.measured++;
      } else if (c.state === 'stopped') k.stopped++;
      else k.open++;
    }
    this.backdatedEvents += ctx.counts.backdated;

    const e = ctx.escalation;
    this.escalations += e.count;
    e.byLevel.forEach((n, level) => {
      if (n > 0) this.stepsTo.set(level, (this.stepsTo.get(level) ?? 0) + n);
    });
    for (const reason of reasons) this.byReason[reason] += e.byReason[reason] ?? 0;
    for (let l = 1; l <= Math.max(e.max, e.level); l++) this.reaching.set(l, (this.reaching.get(l) ?? 0) + 1);

    if (ctx.counts.reopens > 0) this.reopened++;
    this.reopens += ctx.counts.reopens;
    if (r.followUp) {
      this.responses++;
      this.satisfaction[r.followUp.satisfaction]++;
    }
    this.objections += ctx.counts.objections;
    if (r.rootCause) {
      this.rootCauses++;
      bump(this.methods, r.rootCause.method);
      bump(this.liabilities, r.rootCause.liability);
    }
    const p = r.proposal;
    if (p && p.acceptedAt !== undefined && p.acceptedAt !== null) {
      this.accepted++;
      this.compensationSum += p.compensation;
      this.compensationMax = this.compensationMax === null ? p.compensation : Math.max(this.compensationMax, p.compensation);
    }
  }

  result(): Kpis {
    let breaches = 0;
    let warnings = 0;
    for (const name of clockNames) {
      const k = this.sla[name];
      k.compliance = k.measured > 0 ? k.met / k.measured : null;
      breaches += k.breaches;
      warnings += k.warnings;
    }
    const policy = this.policy;
    // Every rung above the first, plus any level seen that the policy does not have.
    const levels = new Set<number>();
    for (let l = 1; l < policy.escalation.levels.length; l++) levels.add(l);
    for (const l of this.stepsTo.keys()) if (l > 0) levels.add(l);
    for (const l of this.reaching.keys()) levels.add(l);
    const ordered = [...levels].sort((a, b) => a - b);
    const levelCounts = (m: Map<number, number>): LevelCount[] => ordered.map((level) => ({ level, name: levelName(policy, level), count: m.get(level) ?? 0 }));
    const responses = this.responses;
    const shares = Object.fromEntries(satisfactions.map((s) => [s, responses > 0 ? this.satisfaction[s] / responses : 0])) as Record<Satisfaction, number>;
    const count = this.count;
    return {
      count,
      stages: inStageOrder(this.stages),
      severities: { ...this.severityCounts },
      outcomes: { ...this.outcomeCounts },
      closed: this.closed,
      archived: this.archived,
      times: { acknowledgement: this.ack.stats(), firstContact: this.contact.stats(), resolution: this.resolution.stats() },
      sla: this.sla,
      breaches,
      warnings,
      escalations: { total: this.escalations, byLevel: levelCounts(this.stepsTo), byReason: { ...this.byReason }, complaintsReaching: levelCounts(this.reaching) },
      firstContactResolution: rate(this.fcr, this.closed),
      reopen: { ...rate(this.reopened, count), reopens: this.reopens },
      satisfaction: { responses, counts: { ...this.satisfaction }, shares },
      objections: { total: this.objections, perComplaint: count > 0 ? this.objections / count : 0 },
      rootCause: { recorded: this.rootCauses, byMethod: pareto(this.methods), byLiability: pareto(this.liabilities) },
      categories: pareto(this.categories),
      backdated: { events: this.backdatedEvents, byClock: { ...this.backdatedByClock } },
      compensation: {
        accepted: this.accepted,
        sum: this.compensationSum,
        mean: this.accepted > 0 ? this.compensationSum / this.accepted : null,
        max: this.compensationMax,
      },
    };
  }
}

/**
 * The KPIs of a set of validated records.
 *
 * @param records - validated records (see `parseRecords`)
 * @param policy - gives the escalation level names
 * @param business - the calendar working times are measured on
 */
export function computeKpis(records: readonly AnalyticsRecord[], policy: Policy, business: Calendar): Kpis {
  const acc = new KpiAccumulator(policy, business);
  for (const r of records) acc.add(r);
  return acc.result();
}
