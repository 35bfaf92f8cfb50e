// FCA DISP 1 Annex 1R, step 1 of 3: each complaint's contribution to the
// return's measures, aggregated by (product, main cause) as records stream by.
import { addWorkingTime } from '../../sla/working-time.js';
import type { Calendar } from '../../sla/calendar.js';
import { localDay } from '../days.js';
import { lastClosingIn, openBefore, type ComplaintFacts } from '../facts.js';
import { upheldOf } from '../outcome.js';
import type { Period } from '../period.js';
import type { ReturnClassification } from '../classify.js';

/** The measures of DISP 1 Annex 1R (DISP 1.10.2R), counted per product and main cause. */
export const fcaMeasures = [
  'outstanding_at_start',
  'opened',
  'closed',
  'closed_within_3_business_days',
  'closed_after_3_business_days_within_8_weeks',
  'closed_after_8_weeks',
  'upheld',
  'redress_paid',
] as const;
/** A measure of the FCA return. */
export type FcaMeasure = (typeof fcaMeasures)[number];

/** Counts (and the redress sum, exact) for one product and cause. */
export type FcaMeasureValues = Record<FcaMeasure, number>;

/** The measures of one (product, main cause) pair; `null` codes are unclassified complaints. */
export interface FcaAggregate extends ReturnClassification {
  values: FcaMeasureValues;
}

/** Zero for every measure (a fixed shape). */
export const noMeasures = (): FcaMeasureValues => ({
  outstanding_at_start: 0,
  opened: 0,
  closed: 0,
  closed_within_3_business_days: 0,
  closed_after_3_business_days_within_8_weeks: 0,
  closed_after_8_weeks: 0,
  upheld: 0,
  redress_paid: 0,
});

/** How the timing buckets are measured. */
export interface FcaTiming {
  /** Business days (working days; close of business = end of the day's last working period). */
  calendar: Calendar;
  /** Time zone of the calendar dates of "8 weeks" (the calendar's by default). */
  timeZone: string;
}

/** The time bucket of a closing: DISP 1.5.1R (3 business days) and DISP 1.6.2R (8 weeks). */
export type FcaBucket = 'closed_within_3_business_days' | 'closed_after_3_business_days_within_8_weeks' | 'closed_after_8_weeks';

/**
 * The bucket of a complaint received at `receivedAt` and closed at `closedAt`.
 * Within 3 business days: by the close of business of the third business
 * day following the day of receipt (the day of receipt is day 0). Within 8
 * weeks: closed on a local date at most 56 days after the date of receipt.
 *
 * @param receivedAt - receipt (epoch ms)
 * @param closedAt - closing (epoch ms)
 * @param timing - business calendar and time zone
 * @returns the bucket
 * @example
 * fcaBucketOf(Date.parse('2026-03-06T16:00Z'), Date.parse('2026-03-11T17:00Z'), { calendar, timeZone: 'Europe/London' }); // 'closed_within_3_business_days'
 */
export function fcaBucketOf(receivedAt: number, closedAt: number, timing: FcaTiming): FcaBucket {
  if (closedAt <= addWorkingTime(timing.calendar, receivedAt, { endOfWorkingDay: 3 })) return 'closed_within_3_business_days';
  return localDay(closedAt, timing.timeZone) - localDay(receivedAt, timing.timeZone) <= 56 ? 'closed_after_3_business_days_within_8_weeks' : 'closed_after_8_weeks';
}

/**
 * One complaint's contribution to the measures in a period: outstanding at
 * the start, opened in it, its latest closing in it (bucketed, upheld or
 * not), and the redress paid in it.
 *
 * @param f - the complaint's facts
 * @param period - the reporting period
 * @param timing - how buckets are measured
 * @returns the contribution, or undefined when the complaint does not count in the period
 */
export function contributionOf(f: ComplaintFacts, period: Period, timing: FcaTiming): FcaMeasureValues | undefined {
  const v = noMeasures();
  let counts = false;
  if (openBefore(f, period.from)) {
    v.outstanding_at_start = 1;
    counts = true;
  }
  if (f.receivedAt >= period.from && f.receivedAt < period.to) {
    v.opened = 1;
    counts = true;
  }
  const closing = lastClosingIn(f, period.from, period.to);
  if (closing) {
    v.closed = 1;
    v[fcaBucketOf(f.receivedAt, closing.at, timing)] = 1;
    if (upheldOf(closing).upheld) v.upheld = 1;
    counts = true;
  }
  for (const p of f.payments) {
    if (p.at >= period.from && p.at < period.to) {
      v.redress_paid += p.amount;
      counts = true;
    }
  }
  return counts ? v : undefined;
}

/** Aggregates by (product, cause), in bounded memory: one entry per pair seen, never per complaint. */
export class FcaAccumulator {
  private readonly byKey = new Map<string, FcaAggregate>();

  /** Add one complaint's contribution. */
  add(c: ReturnClassification, v: FcaMeasureValues): void {
    const key = `${c.product ?? ''}\u0000${c.cause ?? ''}`;
    let a = this.byKey.get(key);
    if (!a) {
      a = { product: c.product, cause: c.cause, values: noMeasures() };
      this.byKey.set(key, a);
    }
    for (const m of Object.keys(v) as FcaMeasure[]) a.values[m] += v[m];
  }

  /** The aggregates, in insertion order. */
  aggregates(): FcaAggregate[] {
    return [...this.byKey.values()];
  }
}
