// Local days in a time zone as day numbers (days since 1970-01-01) and their first instants.
import { localDay } from '../reporting/days.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;

export { localDay };

/**
 * The first instant of local day `day` in `timeZone` (where the local date
 * turns; a DST change at midnight moves it).
 *
 * @param day - days since 1970-01-01 of the local date
 * @param timeZone - an IANA time zone
 * @returns epoch ms
 * @example
 * dayStart(localDay(Date.parse('2026-03-04T12:00:00+08:00'), 'Asia/Shanghai'), 'Asia/Shanghai') // Date.parse('2026-03-04T00:00:00+08:00')
 */
export function dayStart(day: number, timeZone: string): number {
  // Start from UTC midnight of the date and step to the zone's midnight; a day begins where the local date turns.
  let lo = day * DAY - 15 * HOUR;
  let hi = day * DAY + 15 * HOUR;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (localDay(mid, timeZone) >= day) hi = mid;
    else lo = mid;
  }
  return hi;
}

