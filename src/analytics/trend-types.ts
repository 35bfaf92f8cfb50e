// The result shapes of detectTrends: alerts with their evidence, plain JSON.

/** What a daily series can be split by. */
export type TrendDimension = 'category' | 'product' | 'channel';

/** The control-chart method that judged a day. */
export type TrendMethod = 'poisson' | 'ewma';

/**
 * A category, product or channel whose daily complaints rose above its
 * recent baseline on one day.
 */
export interface SpikeAlert {
  kind: 'spike';
  /** Deterministic: the same dimension, value, day and time zone always give the same id. */
  id: string;
  dimension: TrendDimension;
  /** The category, product or channel. */
  value: string;
  /** The local date, `YYYY-MM-DD`, in `timeZone`. */
  day: string;
  /** The day's first instant (epoch ms). */
  dayStart: number;
  timeZone: string;
  /** Complaints of this value filed that day. */
  count: number;
  /** Mean daily count over the baseline window. */
  baseline: number;
  /** Days in the baseline window used (the days just before `day`). */
  baselineDays: number;
  /** The upper control limit the statistic exceeded. */
  limit: number;
  /** What was compared with the limit: the count (`poisson`) or the EWMA value (`ewma`). */
  statistic: number;
  /** `poisson` only: P(X ≥ count) under the baseline. */
  pValue?: number;
  method: TrendMethod;
  /** The method's parameters, for the record. */
  parameters: Record<string, number>;
  /** Severity of the alert: a spike is `general` (for the supervisor). */
  severity: 'general';
  /** The latest complaint counted that day (where a desk records the alert). */
  lastComplaintId: string;
}

/**
 * Complaints from many distinct customers about one product (or order)
 * within a short window: the guideline's urgent "企业客户批量投诉" case.
 */
export interface BatchAlert {
  kind: 'batch';
  /** Deterministic: the key, its value and the instant the threshold was reached. */
  id: string;
  /** What the complaints share. */
  by: 'product' | 'order';
  value: string;
  /** When the threshold was first reached (the filing time of the complaint that reached it). */
  triggeredAt: number;
  /** The local date of `triggeredAt`, `YYYY-MM-DD`. */
  day: string;
  timeZone: string;
  /** The window length (ms). */
  windowMs: number;
  /** The window with the most distinct customers during the episode: `[windowStart, windowEnd]`. */
  windowStart: number;
  windowEnd: number;
  /** Distinct customers in that window. */
  customers: number;
  /** Complaints in that window. */
  complaints: number;
  /** Ids of the complaints in that window (at most 50). */
  complaintIds: string[];
  /** The rule's threshold. */
  minCustomers: number;
  /** Mean daily complaints about the value over the baseline days before `day`. */
  baseline: number;
  /** Days in that baseline. */
  baselineDays: number;
  /** Share of a day's complaints (all values) in its busiest window of this length (whole hours), from the records' hours of day. */
  peakShare: number;
  /** `baseline × peakShare`: complaints expected in the busiest window. */
  expected: number;
  /** Exact Poisson (1 − α) quantile of `expected`: `customers` exceeded it. */
  limit: number;
  /** Severity of the alert: a batch is `urgent` (for the director). */
  severity: 'urgent';
  /** The complaint that reached the threshold (where a desk records the alert). */
  lastComplaintId: string;
}

/** An alert of {@link detectTrends}. */
export type TrendAlert = SpikeAlert | BatchAlert;

/** The result of {@link detectTrends}: plain JSON. */
export interface TrendReport {
  /** Time zone of the days. */
  timeZone: string;
  method: TrendMethod;
  parameters: Record<string, number>;
  dimensions: TrendDimension[];
  /** First and last local date seen in the records (null when there were none). */
  firstDay: string | null;
  lastDay: string | null;
  /** Records read. */
  records: number;
  /** Series judged (dimension × value) and series-days judged. */
  series: number;
  judgedDays: number;
  /** Alerts, spikes and batches, by day then id. */
  alerts: TrendAlert[];
}
