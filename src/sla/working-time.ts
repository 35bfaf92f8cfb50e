import { RedressError, ValidationError, validationIssue } from '../errors.js';
import { _calendarEngine, type _CalendarEngine as Engine, type Calendar } from './calendar.js';
import { durationSchema, type Duration } from './duration.js';
import type { InstantInput } from '../schemas/common.js';

const DAY = 86_400_000;
const MINUTE = 60_000;
/** Largest instant a `Date` can hold. */
const MAX_INSTANT = 8.64e15;
/** Last local day number we are willing to look at (a day short of the `Date` range). */
const MAX_DAY = Math.floor(MAX_INSTANT / DAY) - 2;
/** Give up after this many consecutive days without working time (~10 years). */
const EMPTY_RUN_LIMIT = 3660;

function rangeError(what: string): RedressError {
  return new RedressError('CALENDAR_RANGE', `${what}: no working time found within ~10 years, or the result is out of range`);
}

const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}(:?\d{2})?)$/i;

/** An instant as callers write it (epoch ms, `Date`, ISO-8601 with an offset) as epoch ms, or a ValidationError naming `name`. */
function instant(t: InstantInput, name: string): number {
  const v = typeof t === 'number' ? t : t instanceof Date ? t.getTime() : typeof t === 'string' && ISO_WITH_OFFSET.test(t) ? Date.parse(t) : Number.NaN;
  if (!Number.isFinite(v) || Math.abs(v) > MAX_INSTANT) {
    throw validationIssue('instant', [name], 'expected an instant: epoch milliseconds within the Date range, a valid Date, or an ISO-8601 date-time with an offset');
  }
  return v;
}

const KIND_WORKING_TIME = 0;
const KIND_WORKING_DAYS = 1;
const KIND_DAYS = 2;
const KIND_END_OF_DAY = 3;

const isAmount = (x: unknown): boolean => x === undefined || (typeof x === 'number' && Number.isFinite(x) && x >= 0);
const isWhole = (x: unknown): x is number => Number.isInteger(x) && (x as number) >= 0;

/** Validate a duration (fast path by hand, zod for the error) and return its kind and amount. */
function readDuration(duration: Duration): { kind: number; n: number } {
  if (typeof duration === 'object' && duration !== null) {
    const o = duration as { hours?: unknown; minutes?: unknown; workingDays?: unknown; days?: unknown; endOfWorkingDay?: unknown };
    let unknownKey = false;
    for (const k of Object.keys(o)) {
      if (k !== 'hours' && k !== 'minutes' && k !== 'workingDays' && k !== 'days') unknownKey = true;
    }
    const keys = Object.keys(o);
    if (keys.length === 1 && keys[0] === 'endOfWorkingDay' && isWhole(o.endOfWorkingDay)) {
      return { kind: KIND_END_OF_DAY, n: o.endOfWorkingDay };
    }
    if (!unknownKey) {
      const { hours, minutes, workingDays, days } = o;
      const hm = hours !== undefined || minutes !== undefined;
      if (hm && workingDays === undefined && days === undefined && isAmount(hours) && isAmount(minutes)) {
        const total = ((hours as number | undefined) ?? 0) * 60 + ((minutes as number | undefined) ?? 0);
        return { kind: KIND_WORKING_TIME, n: Math.round(total * MINUTE) };
      }
      if (!hm && days === undefined && isWhole(workingDays)) return { kind: KIND_WORKING_DAYS, n: workingDays };
      if (!hm && workingDays === undefined && isWhole(days)) return { kind: KIND_DAYS, n: days };
    }
  }
  const r = durationSchema.safeParse(duration);
  if (!r.success) throw new ValidationError('duration', r.error.issues);
  throw validationIssue('duration', [], 'unsupported duration');
}

/** First instant ≥ t inside a working period. */
function next(c: Engine, t: number): number {
  let empty = 0;
  for (let d = c.dayOf(t) - 1; ; d++) {
    const p = c.periods(d);
    for (let i = 1; i < p.length; i += 2) {
      if (t < p[i]!) {
        const s = p[i - 1]!;
        return s > t ? s : t;
      }
    }
    if (++empty > EMPTY_RUN_LIMIT || d > MAX_DAY) throw rangeError('nextWorkingTime');
  }
}

function inPeriods(p: readonly number[], t: number): boolean {
  for (let i = 0; i < p.length; i += 2) if (p[i]! <= t && t < p[i + 1]!) return true;
  return false;
}

/**
 * Is instant `t` inside a working period of the calendar? Periods are
 * half-open: the start instant is working time, the end instant is not.
 *
 * @param calendar - a calendar from `createCalendar` (or `alwaysOpen`)
 * @param at - the instant: epoch ms, a `Date` or an ISO-8601 string with an offset
 * @returns whether `t` is working time
 * @throws ValidationError when `t` is not a finite instant
 * @example
 * // Shanghai, Mon–Fri 09:00–12:00 and 13:30–18:00 (UTC+8)
 * isWorkingTime(shanghai, Date.UTC(2026, 8, 1, 2, 0)); // Tue 10:00 local → true
 * isWorkingTime(shanghai, Date.UTC(2026, 8, 1, 4, 30)); // 12:30, lunch → false
 */
export function isWorkingTime(calendar: Calendar, at: InstantInput): boolean {
  const c = _calendarEngine(calendar);
  const t = instant(at, 't');
  if (c.alwaysOpen) return true;
  const d = c.dayOf(t);
  return inPeriods(c.periods(d), t) || inPeriods(c.periods(d - 1), t) || inPeriods(c.periods(d + 1), t);
}

/**
 * The first working instant at or after `t`: `t` itself when it is working
 * time, else the start of the next working period.
 *
 * @param calendar - a calendar from `createCalendar` (or `alwaysOpen`)
 * @param at - the instant: epoch ms, a `Date` or an ISO-8601 string with an offset
 * @returns the instant, epoch ms, `>= t`
 * @throws ValidationError when `t` is not a finite instant
 * @throws RedressError `CALENDAR_RANGE` when no working time follows within ~10 years
 * @example
 * // Shanghai, Mon–Fri 09:00–12:00 and 13:30–18:00 (UTC+8)
 * nextWorkingTime(shanghai, Date.UTC(2026, 8, 1, 4, 30)); // 12:30 → Date.UTC(2026, 8, 1, 5, 30), 13:30 local
 */
export function nextWorkingTime(calendar: Calendar, at: InstantInput): number {
  const c = _calendarEngine(calendar);
  const t = instant(at, 't');
  if (c.alwaysOpen) return t;
  return next(c, t);
}

/**
 * Add a duration to an instant on a business calendar.
 *
 * - `{ hours?, minutes? }` counts working time inside working periods from
 *   `from` (from the next working period if `from` is outside working time).
 *   Zero returns `from` unchanged. Time that runs out exactly at the end of a
 *   period gives that end, not the next period's start. Fractions are rounded
 *   to whole milliseconds.
 * - `{ workingDays: n }` starts at `nextWorkingTime(from)`, moves `n` working
 *   days forward (a working day is a local date with working hours once
 *   holidays and make-up days apply) keeping the local time of day, then rolls
 *   into working time with `nextWorkingTime`. `n = 0` gives `nextWorkingTime(from)`.
 * - `{ days: n }` is `n` calendar days later at the same local time of day in
 *   the calendar's time zone (no roll into working time).
 * - `{ endOfWorkingDay: n }` is the end of the last working period of the
 *   `n`-th working day after the local date of `from` ("by close of business
 *   on the 3rd business day following receipt"); `n = 0` is the close of the
 *   day of `from`, or of the next working day when that date has none.
 *
 * A local time that does not exist (spring-forward gap) moves forward by the
 * gap; an ambiguous one (fall-back) takes the earlier instant. Runs in time
 * proportional to the days spanned.
 *
 * @param calendar - a calendar from `createCalendar` (or `alwaysOpen`)
 * @param start - the start instant: epoch ms, a `Date` or an ISO-8601 string with an offset (the result is epoch ms)
 * @param duration - see {@link Duration}
 * @returns the resulting instant, epoch ms, `>= from`
 * @throws ValidationError for a bad instant or duration
 * @throws RedressError `CALENDAR_RANGE` when no working time is found within ~10 years or the result is out of range
 * @example
 * // Shanghai, Mon–Fri 09:00–12:00 and 13:30–18:00 (UTC+8); Tue 2026-09-01 11:00 local
 * const from = Date.UTC(2026, 8, 1, 3, 0);
 * addWorkingTime(shanghai, from, { hours: 2 }); // 14:30 local → Date.UTC(2026, 8, 1, 6, 30)
 * addWorkingTime(shanghai, from, { workingDays: 1 }); // Wed 11:00 local
 * addWorkingTime(shanghai, from, { days: 8 }); // Wed 2026-09-09 11:00 local
 */
export function addWorkingTime(calendar: Calendar, start: InstantInput, duration: Duration): number {
  const c = _calendarEngine(calendar);
  const from = instant(start, 'from');
  const { kind, n } = readDuration(duration);

  if (kind === KIND_DAYS || (kind === KIND_WORKING_DAYS && c.alwaysOpen)) {
    const w = c.wall(from);
    const d = Math.floor(w / DAY) + n;
    if (d > MAX_DAY) throw rangeError('addWorkingTime');
    return c.instant(d, w - Math.floor(w / DAY) * DAY);
  }

  if (kind === KIND_END_OF_DAY) {
    // The n-th working day after the local date of `from` (n = 0: that date, or the next working day).
    let d = c.dayOf(from);
    let left = n;
    let empty = 0;
    const step = () => {
      if (++empty > EMPTY_RUN_LIMIT || d >= MAX_DAY) throw rangeError('addWorkingTime');
      d++;
    };
    if (n === 0) while (!c.isWorkingDay(d)) step();
    while (left > 0) {
      step();
      if (c.isWorkingDay(d)) {
        left--;
        empty = 0;
      }
    }
    const p = c.periods(d);
    return Math.max(from, p[p.length - 1]!);
  }

  if (kind === KIND_WORKING_DAYS) {
    const start = next(c, from);
    if (n === 0) return start;
    const w = c.wall(start);
    let d = Math.floor(w / DAY);
    const timeOfDay = w - d * DAY;
    let left = n;
    let empty = 0;
    while (left > 0) {
      d++;
      if (c.isWorkingDay(d)) {
        left--;
        empty = 0;
      } else if (++empty > EMPTY_RUN_LIMIT) {
        throw rangeError('addWorkingTime');
      }
      if (d > MAX_DAY) throw rangeError('addWorkingTime');
    }
    return next(c, c.instant(d, timeOfDay));
  }

  // working time
  if (n === 0) return from;
  if (n > MAX_INSTANT - from) throw rangeError('addWorkingTime');
  if (c.alwaysOpen) return from + n;
  let remaining = n;
  let t = from;
  let empty = 0;
  for (let d = c.dayOf(from) - 1; ; d++) {
    const p = c.periods(d);
    let worked = false;
    for (let i = 1; i < p.length; i += 2) {
      const e = p[i]!;
      if (e <= t) continue;
      worked = true;
      const s = p[i - 1]! > t ? p[i - 1]! : t;
      const available = e - s;
      if (remaining <= available) return s + remaining;
      remaining -= available;
      t = e;
    }
    if (worked) empty = 0;
    else if (++empty > EMPTY_RUN_LIMIT) throw rangeError('addWorkingTime');
    if (d > MAX_DAY) throw rangeError('addWorkingTime');
  }
}

/**
 * Working time between two instants: the milliseconds of working time in
 * `[a, b)`, or minus the working time in `[b, a)` when `b < a`. Runs in time
 * proportional to the days spanned.
 *
 * @param calendar - a calendar from `createCalendar` (or `alwaysOpen`)
 * @param first - the first instant (epoch ms, `Date` or ISO-8601 with an offset)
 * @param second - the second instant (likewise)
 * @returns milliseconds of working time (negative when `b < a`)
 * @throws ValidationError when `a` or `b` is not a finite instant
 * @example
 * // Shanghai, Mon–Fri 09:00–12:00 and 13:30–18:00 (UTC+8): Tue 11:00 → 14:30 local
 * workingTimeBetween(shanghai, Date.UTC(2026, 8, 1, 3, 0), Date.UTC(2026, 8, 1, 6, 30)); // 7_200_000 (2 h)
 */
export function workingTimeBetween(calendar: Calendar, first: InstantInput, second: InstantInput): number {
  const c = _calendarEngine(calendar);
  const a = instant(first, 'a');
  const b = instant(second, 'b');
  if (a === b) return 0;
  if (b < a) {
    const w = between(c, b, a);
    return w === 0 ? 0 : -w;
  }
  return between(c, a, b);
}

function between(c: Engine, a: number, b: number): number {
  if (c.alwaysOpen) return b - a;
  let sum = 0;
  const last = c.dayOf(b) + 1;
  for (let d = c.dayOf(a) - 1; d <= last; d++) {
    const p = c.periods(d);
    for (let i = 0; i < p.length; i += 2) {
      const s = p[i]!;
      const e = p[i + 1]!;
      if (e <= a) continue;
      if (s >= b) return sum;
      sum += (e < b ? e : b) - (s > a ? s : a);
    }
  }
  return sum;
}
