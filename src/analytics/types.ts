import type { Category, Severity } from '../schemas/common.js';
import type { Channel } from '../schemas/intake.js';
import type { ClockName, Satisfaction } from '../schemas/events.js';
import type { EscalationReason, Outcome } from '../machine/context.js';

/** What {@link summarize} can group by. */
export type GroupBy = 'severity' | 'category' | 'department' | 'channel' | 'month';

/**
 * Percentiles of a set of durations (ms). Percentiles are nearest-rank: with
 * the `n` values sorted ascending, `pXX` is the value at position
 * `ceil(XX / 100 × n)` (1-based), so it is always one of the measured values
 * (p50 of four values is the second smallest). `null` when `n` is 0.
 */
export interface DurationStats {
  /** How many durations were measured. */
  n: number;
  p50: number | null;
  p90: number | null;
  max: number | null;
}

/** One duration KPI, in calendar time and in working time on the policy's `business` calendar. */
export interface TimeKpi {
  /** Wall-clock milliseconds. */
  calendar: DurationStats;
  /** Milliseconds inside the `business` calendar's working hours (`workingTimeBetween`). */
  working: DurationStats;
}

/**
 * SLA compliance of one clock. Counted over the clock instances the records'
 * contexts hold (after a re-open, the latest round of each clock).
 */
export interface ClockKpi {
  /** Clock instances present in the records. */
  clocks: number;
  /** Instances that were decided: met, or breached at least once (whatever their state now). */
  measured: number;
  /** Met with no breach. */
  met: number;
  /** Met, but only after at least one breach. */
  metLate: number;
  /** Instances with at least one breach. */
  breached: number;
  /** Still counting (running or paused) with no breach yet: not decided. */
  open: number;
  /** Stopped with no breach (closed, withdrawn, execution issue) before their deadline: not decided. */
  stopped: number;
  /** `met / measured`, or `null` when nothing was measured. */
  compliance: number | null;
  /** Breaches of this clock over the complaints' whole lives (every round, every re-granted deadline). */
  breaches: number;
  /** Warnings the clock instances issued. */
  warnings: number;
}

/** One row of a Pareto table: sorted by `count` descending (ties by key), with the running share. */
export interface ParetoEntry {
  key: string;
  count: number;
  /** `count / total` of the table. */
  share: number;
  /** Sum of the shares of this row and every row above it. */
  cumulativeShare: number;
}

/** Escalations into one level of the ladder. */
export interface LevelCount {
  /** Level index (0 = agent). */
  level: number;
  /** Level name from the policy (`level <n>` when the policy has no such level). */
  name: string;
  /** Escalation steps that ended at this level. */
  count: number;
}

/** A share with its numerator and denominator. `rate` is `null` when the denominator is 0. */
export interface Rate {
  count: number;
  of: number;
  rate: number | null;
}

/** Every KPI for one set of complaints. All durations are milliseconds; all shares are fractions 0..1. */
export interface Kpis {
  /** Complaints counted. */
  count: number;
  /** Complaints per top-level stage (received … archived). */
  stages: Record<string, number>;
  /** Complaints per severity (`unclassified` before triage). */
  severities: Record<Severity | 'unclassified', number>;
  /** Closed or archived complaints per outcome. */
  outcomes: Record<Outcome, number>;
  /** Closed or archived complaints (`closedAt` set). */
  closed: number;
  /** Of those, archived (the re-open window is over, or archived by hand). */
  archived: number;
  times: {
    /** Filing → acknowledgement (`acknowledgedAt`), for acknowledged complaints. */
    acknowledgement: TimeKpi;
    /** Start of the first-contact clock → `contactedAt`, for contacted complaints (latest round). */
    firstContact: TimeKpi;
    /** Filing → `closedAt`, for closed complaints whatever the outcome. */
    resolution: TimeKpi;
  };
  /** SLA compliance, breaches and warnings per clock. */
  sla: Record<ClockName, ClockKpi>;
  /** Totals over every clock. */
  breaches: number;
  warnings: number;
  escalations: {
    /** Escalation steps in the records' histories. */
    total: number;
    /** Steps per level reached, for every level of the policy's ladder above the first (and any other level seen). */
    byLevel: LevelCount[];
    byReason: Record<EscalationReason, number>;
    /** Complaints that reached each level at least once (by `escalation.max`), indexed like `byLevel`. */
    complaintsReaching: LevelCount[];
  };
  /** Closed `resolved_on_first_contact` / closed. */
  firstContactResolution: Rate;
  /** Complaints re-opened at least once / all complaints. */
  reopen: Rate & { reopens: number };
  satisfaction: {
    /** Complaints with a follow-up recorded (their latest). */
    responses: number;
    counts: Record<Satisfaction, number>;
    /** Each count / responses (all 0 when there are none). */
    shares: Record<Satisfaction, number>;
  };
  objections: {
    total: number;
    /** `total / count` (0 when there are no complaints). */
    perComplaint: number;
  };
  rootCause: {
    /** Complaints with a root cause recorded. */
    recorded: number;
    byMethod: ParetoEntry[];
    byLiability: ParetoEntry[];
  };
  /** Complaints per category; a complaint with several categories counts in each. Shares are of the category mentions. */
  categories: ParetoEntry[];
  /**
   * Backdating: events dated earlier than they were reported (a staff
   * privilege of the desk), and per clock how many clocks such an event met
   * or stopped — so a manager sees which compliance figures rest on backdated times.
   */
  backdated: { events: number; byClock: Record<ClockName, number> };
  /** Compensation of accepted proposals (the latest proposal of each complaint). */
  compensation: {
    accepted: number;
    sum: number;
    mean: number | null;
    max: number | null;
  };
}

/** One group of a grouped summary. */
export interface KpiGroup {
  /** The group's key: a severity, category, department, channel or `YYYY-MM`. */
  key: string;
  kpis: Kpis;
}

/** The result of {@link summarize}: plain JSON. */
export interface Summary {
  /** Name of the policy whose calendar and ladder were used. */
  policy: string;
  /** Time zone of the policy's `business` calendar (working times are measured on it). */
  timeZone: string;
  /** The filing-time window applied (epoch ms; `from` inclusive, `to` exclusive), `null` when open. */
  from: number | null;
  to: number | null;
  /** Records given, before the window was applied. */
  input: number;
  groupBy: GroupBy | null;
  /** KPIs over every record in the window. */
  total: Kpis;
  /** One entry per group when `groupBy` is set (empty otherwise), in a stable order. */
  groups: KpiGroup[];
}

/** A record after validation: what the KPIs are computed from. */
export interface AnalyticsRecord {
  id: string;
  stage: string;
  context: AnalyticsContext;
}

/** One clock as the analytics read it. */
export interface AnalyticsClock {
  startedAt: number;
  deadline: number;
  state: 'running' | 'paused' | 'met' | 'overdue' | 'stopped';
  warnings: number;
  breaches: number;
  endedAt?: number | undefined;
  /** Set when a backdated event met or stopped the clock. */
  reportedAt?: number | undefined;
}

/** The part of `ComplaintContext` (machine version 2) the analytics read. */
export interface AnalyticsContext {
  intake: { filedAt: number; channel: Channel; reportedAt?: number | undefined };
  routing: { categories: Category[]; severity: Severity | null; department: string | null };
  escalation: { level: number; max: number; count: number; byReason: Record<EscalationReason, number>; byLevel: number[] };
  sla: Partial<Record<string, AnalyticsClock>>;
  milestones: { acknowledgedAt: number | null; contactedAt: number | null; closedAt: number | null; archivedAt: number | null };
  resolution: {
    rootCause: { method: string; liability: string } | null;
    proposal: { compensation: number; acceptedAt?: number | null | undefined } | null;
    followUp: { satisfaction: Satisfaction } | null;
    outcome: Outcome | null;
  };
  counts: { objections: number; reopens: number; breaches: Partial<Record<string, number>>; backdated: number };
}
