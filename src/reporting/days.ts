// Local calendar dates of instants in a time zone, as day numbers (days since
// 1970-01-01), for the returns' calendar-day counts: "8 weeks of receipt",
// "days taken to resolve", "15 calendar days of being sent".
import { tzOffset } from '@date-fns/tz';

const DAY = 86_400_000;
const MINUTE = 60_000;

/**
 * The local date of `at` in `timeZone`, as days since 1970-01-01.
 *
 * @param at - epoch ms
 * @param timeZone - an IANA time zone
 * @returns the day number of the local date
 */
export function localDay(at: number, timeZone: string): number {
  return Math.floor((at + Math.round(tzOffset(timeZone, new Date(at)) * MINUTE)) / DAY);
}

/**
 * The local date of `at` in `timeZone` as `YYYY-MM-DD`.
 *
 * @param at - epoch ms
 * @param timeZone - an IANA time zone
 * @returns the ISO date
 */
export function localDate(at: number, timeZone: string): string {
  return new Date(localDay(at, timeZone) * DAY).toISOString().slice(0, 10);
}

/**
 * Calendar days from the local date of `a` to the local date of `b` (the day
 * of `a` is day 0: a same-day pair is 0).
 *
 * @param a - the earlier instant (epoch ms)
 * @param b - the later instant (epoch ms)
 * @param timeZone - an IANA time zone
 * @returns whole days, negative when `b` is on an earlier date
 */
export function daysBetween(a: number, b: number, timeZone: string): number {
  return localDay(b, timeZone) - localDay(a, timeZone);
}

/** An ISO-8601 instant in UTC (`2026-11-23T01:00:00.000Z`), for rows and JSON. */
export const isoInstant = (at: number): string => new Date(at).toISOString();
