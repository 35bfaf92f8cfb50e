// The simulated days: their boundaries (same local time each day in the
// simulation's time zone, so a DST change keeps days aligned) and labels.
import { TZDate } from '@date-fns/tz';
import { addDays, format } from 'date-fns';

/** Day boundaries of a run. */
export interface Days {
  /** `starts[i]` is the first instant of day `i`; `starts[days]` is the end of the run. */
  readonly starts: readonly number[];
  /** `YYYY-MM-DD` of each day (the local date of its first instant). */
  readonly dates: readonly string[];
  readonly timeZone: string;
  /** Index of the day holding `t`, or -1 outside the run. */
  dayOf(t: number): number;
}

/**
 * The `count` days from `start` in `timeZone`.
 *
 * @example
 * simulatedDays(Date.parse('2026-01-05T00:00:00+08:00'), 2, 'Asia/Shanghai').dates // ['2026-01-05', '2026-01-06']
 */
export function simulatedDays(start: number, count: number, timeZone: string): Days {
  const first = new TZDate(start, timeZone);
  const starts: number[] = [];
  const dates: string[] = [];
  for (let i = 0; i <= count; i++) {
    const d = addDays(first, i);
    starts.push(d.getTime());
    if (i < count) dates.push(format(d, 'yyyy-MM-dd'));
  }
  const end = starts[count]!;
  return {
    starts,
    dates,
    timeZone,
    dayOf(t) {
      if (t < start || t >= end) return -1;
      // Days are ~24 h: guess, then correct by a step or two.
      let i = Math.min(count - 1, Math.max(0, Math.floor((t - start) / 86_400_000)));
      while (i > 0 && t < starts[i]!) i--;
      while (i < count - 1 && t >= starts[i + 1]!) i++;
      return i;
    },
  };
}

/** The local hour (0–23) of `t` in `timeZone`. */
export function localHour(t: number, timeZone: string): number {
  return new TZDate(t, timeZone).getHours();
}
