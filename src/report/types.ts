import type { Summary } from '../analytics/types.js';
import type { TrendReport } from '../analytics/trend-types.js';
import type { NormalisedSimulationOptions } from '../simulation/options.js';
import type { CalendarSpec } from '../sla/calendar.js';

/**
 * One day of a complaint series (as `simulate` produces it).
 * @example
 * { date: '2026-11-23', arrivals: 212, backlog: { triage: 40, investigating: 310 }, breaches: 7, escalations: 9 }
 */
export interface DailyPoint {
  /** The day, `YYYY-MM-DD`. */
  date: string;
  /** Complaints filed that day. */
  arrivals: number;
  /** Open complaints per stage at the end of the day (stages with none may be left out; closed stages are not drawn). */
  backlog: Record<string, number>;
  /** SLA breaches that day. */
  breaches: number;
  /** Escalations that day. */
  escalations: number;
}

/**
 * What the figures of a report rest on, shown in its "Assumptions" section
 * (and by `formatKpiTable`): where the records came from, the policy and its
 * calendars, and for a simulation its seed, days, arrivals, staffing and mixes.
 * @example
 * const r = await simulate({ seed: 1, days: 30, perDay: 200 });
 * renderReport({ title: 'Rehearsal', generatedAt: new Date(), kpis: r.kpis, assumptions: { policy: presets.guideline, simulation: r.options } });
 */
export interface ReportAssumptions {
  /** Where the records came from: a file name, a database. */
  source?: string;
  /** The policy the figures were computed with: its name and named calendars (a `Policy` fits). */
  policy?: {
    readonly name: string;
    readonly calendars: Readonly<Record<string, { readonly timeZone: string; readonly spec: CalendarSpec }>>;
  };
  /** A simulation's options with every default filled in (`simulate(...).options`). */
  simulation?: NormalisedSimulationOptions;
}

/** Input of {@link renderReport}. */
export interface ReportInput {
  /** Shown as the page title and heading. */
  title: string;
  /** When the report was made (an ISO string, epoch ms or Date); shown as given by `toISOString()`. */
  generatedAt: string | number | Date;
  /** The result of `summarize` (or `simulate`'s `kpis`). */
  kpis: Summary;
  /** Daily arrivals, backlog, breaches and escalations; the daily charts are left out without it. */
  daily?: DailyPoint[];
  /** Resolution times (ms) for the distribution chart; the histogram is left out without them. */
  resolutionTimes?: number[];
  /** What the figures rest on (policy, calendars, simulation settings); the section is left out without it. */
  assumptions?: ReportAssumptions;
  /**
   * The result of `detectTrends` over the same records: a Trends section
   * lists its alerts with their evidence, and the daily arrivals chart marks
   * them on their days (compute it in the daily series' time zone). Left out
   * without it.
   */
  trends?: TrendReport;
}
