import type { Summary } from '../analytics/types.js';

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
}
