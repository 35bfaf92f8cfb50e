import type { EscalationReason, Outcome } from '../machine/context.js';
import { severities } from '../schemas/common.js';
import { clockNames, satisfactions, type ClockName, type Satisfaction } from '../schemas/events.js';
import type { Calendar } from '../sla/calendar.js';
import type { Policy } from '../sla/policy.js';
import { workingTimeBetween } from '../sla/working-time.js';
import { bump, durationStats, pareto, rate } from './stats.js';
import type { AnalyticsContext, AnalyticsRecord, ClockKpi, Kpis, LevelCount, TimeKpi } from './types.js';

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

/**
 * Lifetime breaches of a clock. The machine keeps `context.breaches` across
 * re-opens; for records written before it did, the larger of the clock's own
 * count and the breach escalations it caused stands in.
 */
function lifetimeBreaches(ctx: AnalyticsContext, name: ClockName): number {
  if (ctx.breaches) return ctx.breaches[name] ?? 0;
  const own = ctx.sla[name]?.breaches ?? 0;
  let escalated = 0;
  for (const step of ctx.escalation.history) if (step.reason === 'breach' && step.clock === name) escalated++;
  return Math.max(own, escalated);
}

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
 * The KPIs of a set of validated records.
 *
 * @param records - validated records (see `parseRecords`)
 * @param policy - gives the escalation level names
 * @param business - the calendar working times are measured on
 */
export function computeKpis(records: readonly AnalyticsRecord[], policy: Policy, business: Calendar): Kpis {
  const stages = new Map<string, number>();
  const severityCounts = Object.fromEntries([...severities, 'unclassified'].map((s) => [s, 0])) as Kpis['severities'];
  const outcomeCounts = Object.fromEntries(outcomes.map((o) => [o, 0])) as Record<Outcome, number>;
  const ack = new Durations(business);
  const contact = new Durations(business);
  const resolution = new Durations(business);
  const sla = Object.fromEntries(clockNames.map((n) => [n, zeroClock()])) as Record<ClockName, ClockKpi>;
  const stepsTo = new Map<number, number>();
  const reaching = new Map<number, number>();
  const byReason = Object.fromEntries(reasons.map((r) => [r, 0])) as Record<EscalationReason, number>;
  const satisfaction = Object.fromEntries(satisfactions.map((s) => [s, 0])) as Record<Satisfaction, number>;
  const methods = new Map<string, number>();
  const liabilities = new Map<string, number>();
  const categories = new Map<string, number>();
  let closed = 0;
  let fcr = 0;
  let reopened = 0;
  let reopens = 0;
  let responses = 0;
  let objections = 0;
  let rootCauses = 0;
  let escalations = 0;
  let accepted = 0;
  let compensationSum = 0;
  let compensationMax: number | null = null;

  for (const { stage, context: ctx } of records) {
    const filedAt = ctx.intake.filedAt;
    bump(stages, stage);
    severityCounts[ctx.severity ?? 'unclassified']++;
    for (const c of new Set(ctx.categories)) bump(categories, c);

    if (ctx.closedAt !== null) {
      closed++;
      if (ctx.outcome) outcomeCounts[ctx.outcome]++;
      if (ctx.outcome === 'resolved_on_first_contact') fcr++;
      resolution.add(filedAt, ctx.closedAt);
    }
    ack.add(filedAt, ctx.acknowledgedAt);
    contact.add(ctx.sla.firstContact?.startedAt, ctx.contactedAt);

    for (const name of clockNames) {
      const k = sla[name];
      k.breaches += lifetimeBreaches(ctx, name);
      const c = ctx.sla[name];
      if (!c) continue;
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

    let top = ctx.escalation.max ?? ctx.escalation.level;
    for (const step of ctx.escalation.history) {
      escalations++;
      stepsTo.set(step.to, (stepsTo.get(step.to) ?? 0) + 1);
      byReason[step.reason]++;
      top = Math.max(top, step.to);
    }
    for (let l = 1; l <= top; l++) reaching.set(l, (reaching.get(l) ?? 0) + 1);

    if (ctx.reopens > 0) reopened++;
    reopens += ctx.reopens;
    if (ctx.followUp) {
      responses++;
      satisfaction[ctx.followUp.satisfaction]++;
    }
    objections += ctx.objections.length;
    if (ctx.rootCause) {
      rootCauses++;
      bump(methods, ctx.rootCause.method);
      bump(liabilities, ctx.rootCause.liability);
    }
    const p = ctx.proposal;
    if (p && p.acceptedAt !== undefined && p.acceptedAt !== null) {
      accepted++;
      compensationSum += p.compensation;
      compensationMax = compensationMax === null ? p.compensation : Math.max(compensationMax, p.compensation);
    }
  }

  let breaches = 0;
  let warnings = 0;
  for (const name of clockNames) {
    const k = sla[name];
    k.compliance = k.measured > 0 ? k.met / k.measured : null;
    breaches += k.breaches;
    warnings += k.warnings;
  }

  // Every rung above the first, plus any level seen that the policy does not have.
  const levels = new Set<number>();
  for (let l = 1; l < policy.escalation.levels.length; l++) levels.add(l);
  for (const l of stepsTo.keys()) levels.add(l);
  for (const l of reaching.keys()) levels.add(l);
  const ordered = [...levels].sort((a, b) => a - b);
  const levelCounts = (m: Map<number, number>): LevelCount[] =>
    ordered.map((level) => ({ level, name: levelName(policy, level), count: m.get(level) ?? 0 }));

  const shares = Object.fromEntries(
    satisfactions.map((s) => [s, responses > 0 ? satisfaction[s] / responses : 0]),
  ) as Record<Satisfaction, number>;

  return {
    count: records.length,
    stages: inStageOrder(stages),
    severities: severityCounts,
    outcomes: outcomeCounts,
    closed,
    times: { acknowledgement: ack.stats(), firstContact: contact.stats(), resolution: resolution.stats() },
    sla,
    breaches,
    warnings,
    escalations: {
      total: escalations,
      byLevel: levelCounts(stepsTo),
      byReason,
      complaintsReaching: levelCounts(reaching),
    },
    firstContactResolution: rate(fcr, closed),
    reopen: { ...rate(reopened, records.length), reopens },
    satisfaction: { responses, counts: satisfaction, shares },
    objections: { total: objections, perComplaint: records.length > 0 ? objections / records.length : 0 },
    rootCause: { recorded: rootCauses, byMethod: pareto(methods), byLiability: pareto(liabilities) },
    categories: pareto(categories),
    compensation: {
      accepted,
      sum: compensationSum,
      mean: accepted > 0 ? compensationSum / accepted : null,
      max: compensationMax,
    },
  };
}
