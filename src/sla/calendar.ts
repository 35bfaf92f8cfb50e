import { tzOffset } from '@date-fns/tz';
import { z } from 'zod';
import { ValidationError, validationIssue } from '../errors.js';

/**
 * A day of the week, as used in {@link CalendarSpec.week}.
 * @example
 * const dayOff: Weekday = 'sun';
 */
export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';

/**
 * The weekdays in order, Monday first.
 * @example
 * weekdays.indexOf('wed'); // 2
 */
export const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const satisfies readonly Weekday[];

/**
 * One working period of a day, `[start, end)` in local wall time, `'HH:MM'`
 * (24-hour clock). `end` may be `'24:00'` (midnight at the end of the day).
 * @example
 * const morning: TimeRange = ['09:00', '12:00'];
 * const lateShift: TimeRange = ['18:00', '24:00'];
 */
export type TimeRange = readonly [start: string, end: string];

/**
 * A make-up working day that takes the hours of the weekday `as`.
 * @example
 * const saturdayAsFriday: MakeUpWorkday = { date: '2026-10-10', as: 'fri' };
 */
export interface MakeUpWorkday {
  /** Local ISO date, `YYYY-MM-DD`. */
  readonly date: string;
  /** The weekday whose hours the date takes. */
  readonly as: Weekday;
}

/**
 * The JSON description of a business calendar; see {@link createCalendar}.
 * @example
 * const nineToFive: CalendarSpec = {
 *   timeZone: 'Europe/London',
 *   week: {
 *     mon: [['09:00', '17:00']], tue: [['09:00', '17:00']], wed: [['09:00', '17:00']],
 *     thu: [['09:00', '17:00']], fri: [['09:00', '17:00']], sat: [], sun: [],
 *   },
 *   holidays: ['2026-12-25', '2026-12-28'],
 * };
 */
export interface CalendarSpec {
  /** IANA time zone the hours, holidays and dates are local to, e.g. `Asia/Shanghai`. */
  readonly timeZone: string;
  /** Working periods per weekday; `[]` is a day off, several ranges are split shifts. All seven keys are required. */
  readonly week: Readonly<Record<Weekday, readonly TimeRange[]>>;
  /** Local ISO dates (`YYYY-MM-DD`) with no working time. */
  readonly holidays?: readonly string[];
  /** Make-up working days: a plain date works like a Monday; `{ date, as }` takes the hours of weekday `as`. */
  readonly workdays?: readonly (string | MakeUpWorkday)[];
}

/**
 * A validated, frozen business calendar. Build one with {@link createCalendar};
 * `createCalendar(cal.spec)` rebuilds an equal calendar, and
 * `JSON.stringify(cal)` gives `{ timeZone, spec }`.
 * @example
 * const cal: Calendar = createCalendar(nineToFive);
 * cal.timeZone; // 'Europe/London'
 * createCalendar(cal.spec); // an equal calendar
 */
export interface Calendar {
  /** The IANA time zone of the calendar. */
  readonly timeZone: string;
  /** The normalised spec (ranges sorted, dates sorted and de-duplicated), frozen and JSON-serialisable. */
  readonly spec: CalendarSpec;
}

// ---------------------------------------------------------------------------
// schema

const DAY = 86_400_000;
const MINUTE = 60_000;

const TIME_RE = /^(?:(?:[01]\d|2[0-3]):[0-5]\d|24:00)$/;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Minutes since local midnight of a validated `'HH:MM'`. */
function minutesOf(time: string): number {
  return Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
}

/** Days since 1970-01-01 of an ISO date, or `undefined` when it is not a real date. */
function dayNumberOf(date: string): number | undefined {
  const m = DATE_RE.exec(date);
  if (!m) return undefined;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const t = new Date(0);
  t.setUTCFullYear(y, mo - 1, d);
  if (t.getUTCFullYear() !== y || t.getUTCMonth() !== mo - 1 || t.getUTCDate() !== d) return undefined;
  return Math.round(t.getTime() / DAY);
}

function isTimeZone(tz: string): boolean {
  if (tz.length === 0) return false;
  try {
    new Intl.DateTimeFormat(undefined, { timeZone: tz });
  } catch {
    return false;
  }
  return Number.isFinite(tzOffset(tz, new Date(0)));
}

const timeSchema = z.string().regex(TIME_RE, { message: "expected a local time 'HH:MM' between 00:00 and 24:00" });
const timeRangeSchema = z.tuple([timeSchema, timeSchema]);
const isoDateSchema = z
  .string()
  .refine((s) => dayNumberOf(s) !== undefined, { message: "expected a local ISO date 'YYYY-MM-DD'" });
const weekdaySchema = z.enum(weekdays);
const dayScheduleSchema = z.array(timeRangeSchema).max(48);

const workdayObjectSchema = z.strictObject({ date: isoDateSchema, as: weekdaySchema });
// A plain union would report a bad item only as a whole; dispatch on the type to name the field.
const workdaySchema = z.custom<string | MakeUpWorkday>().superRefine((value, ctx) => {
  const r = typeof value === 'string' ? isoDateSchema.safeParse(value) : workdayObjectSchema.safeParse(value);
  if (!r.success) {
    for (const issue of r.error.issues) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
  }
});

const rawSpecSchema = z.strictObject({
  timeZone: z.string().refine(isTimeZone, { message: 'expected a valid IANA time zone, e.g. Europe/London' }),
  week: z.strictObject({
    mon: dayScheduleSchema,
    tue: dayScheduleSchema,
    wed: dayScheduleSchema,
    thu: dayScheduleSchema,
    fri: dayScheduleSchema,
    sat: dayScheduleSchema,
    sun: dayScheduleSchema,
  }),
  holidays: z.array(isoDateSchema).optional(),
  workdays: z.array(workdaySchema).optional(),
});

type RawSpec = z.output<typeof rawSpecSchema>;
type Issue = { path: (string | number)[]; message: string };

/** The checks zod's shape cannot express: range order, overlaps, conflicts, an empty week. */
function semanticIssues(spec: RawSpec): Issue[] {
  const issues: Issue[] = [];
  let anyWork = false;
  for (const wd of weekdays) {
    const ranges = spec.week[wd].map(([s, e], i) => ({ s: minutesOf(s), e: minutesOf(e), i }));
    for (const r of ranges) {
      if (r.s >= r.e) issues.push({ path: ['week', wd, r.i], message: 'range is empty or reversed (start must be before end)' });
    }
    const ok = ranges.filter((r) => r.s < r.e).sort((a, b) => a.s - b.s || a.i - b.i);
    for (let k = 1; k < ok.length; k++) {
      const prev = ok[k - 1]!;
      const cur = ok[k]!;
      if (cur.s < prev.e) {
        const later = Math.max(prev.i, cur.i);
        const other = Math.min(prev.i, cur.i);
        issues.push({ path: ['week', wd, later], message: `range overlaps week.${wd}.${other}` });
      }
    }
    if (ok.length > 0) anyWork = true;
  }
  if (!anyWork) issues.push({ path: ['week'], message: 'the week has no working time at all' });

  const holidays = new Set(spec.holidays ?? []);
  const seen = new Map<string, Weekday>();
  (spec.workdays ?? []).forEach((w, i) => {
    const date = typeof w === 'string' ? w : w.date;
    const as: Weekday = typeof w === 'string' ? 'mon' : w.as;
    const path = typeof w === 'string' ? ['workdays', i] : ['workdays', i, 'date'];
    if (holidays.has(date)) issues.push({ path, message: `${date} is both a holiday and a make-up working day` });
    const before = seen.get(date);
    if (before !== undefined && before !== as) {
      issues.push({ path, message: `${date} is listed twice as a make-up working day with different hours` });
    }
    seen.set(date, as);
    if (spec.week[as].length === 0) {
      issues.push({
        path: typeof w === 'string' ? ['workdays', i] : ['workdays', i, 'as'],
        message: `a make-up working day takes the hours of ${as}, which has none`,
      });
    }
  });
  return issues;
}

/**
 * Zod schema of a {@link CalendarSpec}, with every check {@link createCalendar}
 * makes (time zone, time and date formats, reversed or overlapping ranges, a
 * date both holiday and make-up day, a week without working time). Each issue's
 * path names the field, e.g. `week.mon.1`, `holidays.3`, `timeZone`.
 *
 * @example
 * const r = calendarSpecSchema.safeParse({ timeZone: 'Mars/Base', week });
 * // r.success === false; r.error.issues[0].path → ['timeZone']
 */
export const calendarSpecSchema: z.ZodType<CalendarSpec, CalendarSpec> = rawSpecSchema.superRefine((spec, ctx) => {
  for (const issue of semanticIssues(spec)) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
}) as unknown as z.ZodType<CalendarSpec, CalendarSpec>;

// ---------------------------------------------------------------------------
// time zone engine (internal)

/** UTC midnights remembered per time zone (~90 years). */
const ZONE_CACHE_MAX = 32_768;

/** Drop the oldest quarter of a full insertion-ordered cache. */
function makeRoom(map: Map<number, unknown>, max: number): void {
  if (map.size < max) return;
  let drop = max >> 2;
  for (const k of map.keys()) {
    map.delete(k);
    if (--drop === 0) break;
  }
}

/**
 * UTC-offset lookups for one time zone. The offset is sampled at each UTC
 * midnight (so a scan over consecutive days costs one `tzOffset` call a day);
 * a day whose two midnights differ has one transition, found by binary search
 * to the second (transitions fall on whole seconds).
 */
class Zone {
  readonly tz: string;
  /** UTC day number → offset (ms) at its midnight. */
  private readonly midnights = new Map<number, number>();
  /** UTC day number → instant of the transition inside that day. */
  private readonly transitions = new Map<number, number>();

  constructor(tz: string) {
    this.tz = tz;
  }

  private raw(t: number): number {
    return Math.round(tzOffset(this.tz, new Date(t)) * MINUTE);
  }

  private midnight(k: number): number {
    let o = this.midnights.get(k);
    if (o === undefined) {
      o = this.raw(k * DAY);
      makeRoom(this.midnights, ZONE_CACHE_MAX);
      this.midnights.set(k, o);
    }
    return o;
  }

  private transition(k: number, a: number): number {
    let tr = this.transitions.get(k);
    if (tr === undefined) {
      const start = k * DAY;
      let lo = 0; // offset a at start + lo seconds
      let hi = DAY / 1000; // offset differs at start + hi seconds
      while (hi - lo > 1) {
        const mid = (lo + hi) >> 1;
        if (this.raw(start + mid * 1000) === a) lo = mid;
        else hi = mid;
      }
      tr = start + hi * 1000;
      makeRoom(this.transitions, 1024);
      this.transitions.set(k, tr);
    }
    return tr;
  }

  /** The offset if it is the same at every instant of UTC days `k0..k1` (inclusive), else `NaN`. */
  constantOver(k0: number, k1: number): number {
    const o = this.midnight(k0);
    for (let k = k0 + 1; k <= k1 + 1; k++) if (this.midnight(k) !== o) return Number.NaN;
    return o;
  }

  /** UTC offset (ms) at instant `t`. */
  offset(t: number): number {
    const k = Math.floor(t / DAY);
    const a = this.midnight(k);
    const b = this.midnight(k + 1);
    if (a === b) return a;
    return t < this.transition(k, a) ? a : b;
  }

  /**
   * The instant of local wall time `wall` (ms since 1970-01-01T00:00 local).
   * A wall time in a spring-forward gap moves forward by the gap; an ambiguous
   * one (fall-back) takes the earlier instant.
   */
  toUtc(wall: number): number {
    const o1 = this.offset(wall - DAY);
    const o2 = this.offset(wall + DAY);
    const tA = wall - o1;
    const okA = this.offset(tA) === o1;
    if (o1 === o2) {
      if (okA) return tA;
      // more than one transition near `wall` (rare): settle iteratively
      const o = this.offset(tA);
      const tC = wall - o;
      return this.offset(tC) === o ? tC : tA;
    }
    const tB = wall - o2;
    const okB = this.offset(tB) === o2;
    if (okA && okB) return Math.min(tA, tB);
    if (okA) return tA;
    if (okB) return tB;
    return tA; // gap: the pre-transition offset moves the time forward by the gap
  }

  /** Local wall time (ms since 1970-01-01T00:00 local) of instant `t`. */
  toWall(t: number): number {
    return t + this.offset(t);
  }
}

const zones = new Map<string, Zone>();
function zoneOf(tz: string): Zone {
  let z = zones.get(tz);
  if (!z) {
    z = new Zone(tz);
    zones.set(tz, z);
  }
  return z;
}

const EMPTY: readonly number[] = Object.freeze([]);
const DAY_CACHE_MAX = 4096;

/**
 * Precomputed form of a calendar, shared by the working-time functions.
 * @internal
 */
class CalendarEngine {
  /** The time zone's offset engine. */
  private readonly zone: Zone;
  /** Per weekday (0 = Monday) the local periods as flat `[startMin, endMin, ...]`. */
  readonly week: readonly (readonly number[])[];
  /** Holidays as local day numbers (days since 1970-01-01). */
  readonly holidays: ReadonlySet<number>;
  /** Make-up days: local day number → weekday index whose hours apply. */
  readonly workdays: ReadonlyMap<number, number>;
  /** 00:00–24:00 every day and no holidays: every instant is working time. */
  readonly alwaysOpen: boolean;
  private readonly days = new Map<number, readonly number[]>();

  constructor(spec: CalendarSpec) {
    this.zone = zoneOf(spec.timeZone);
    this.week = weekdays.map((wd) => spec.week[wd].flatMap(([s, e]) => [minutesOf(s), minutesOf(e)]));
    const holidays = new Set<number>();
    for (const h of spec.holidays ?? []) holidays.add(dayNumberOf(h)!);
    this.holidays = holidays;
    const workdays = new Map<number, number>();
    for (const w of spec.workdays ?? []) {
      if (typeof w === 'string') workdays.set(dayNumberOf(w)!, 0);
      else workdays.set(dayNumberOf(w.date)!, weekdays.indexOf(w.as));
    }
    this.workdays = workdays;
    this.alwaysOpen = holidays.size === 0 && this.week.every((p) => p.length === 2 && p[0] === 0 && p[1] === 1440);
  }

  /** Local periods (`[startMin, endMin, ...]`) of local day `d` after holidays and make-up days. */
  schedule(d: number): readonly number[] {
    if (this.holidays.has(d)) return EMPTY;
    const w = this.workdays.get(d);
    return this.week[w ?? (((d % 7) + 10) % 7)]!; // 1970-01-01 was a Thursday (index 3)
  }

  /** Is local day `d` a working day (at least one period after holidays and make-up days)? */
  isWorkingDay(d: number): boolean {
    return this.schedule(d).length > 0;
  }

  /** Local wall time of instant `t`, as ms since 1970-01-01T00:00 local. */
  wall(t: number): number {
    return this.zone.toWall(t);
  }

  /** Local day number (days since 1970-01-01 local) of instant `t`. */
  dayOf(t: number): number {
    return Math.floor(this.zone.toWall(t) / DAY);
  }

  /** The instant of local time `ms` (ms since midnight, may be 24 h) on local day `d`. */
  instant(d: number, ms: number): number {
    return this.zone.toUtc(d * DAY + ms);
  }

  /**
   * The working periods of local day `d` as instants, flat `[start, end, ...]`,
   * sorted, disjoint and within `[instant(d, 0), instant(d + 1, 0))`.
   */
  periods(d: number): readonly number[] {
    const local = this.schedule(d);
    if (local.length === 0) return EMPTY;
    const cached = this.days.get(d);
    if (cached) return cached;
    // Every instant of local day d lies in UTC days d-1..d+1; with one offset there, no DST care is needed.
    const fixed = this.zone.constantOver(d - 1, d + 1);
    const wall0 = d * DAY;
    const at = Number.isNaN(fixed)
      ? (minutes: number): number => this.zone.toUtc(wall0 + minutes * MINUTE)
      : (minutes: number): number => wall0 + minutes * MINUTE - fixed;
    const dayStart = at(0);
    const dayEnd = at(1440);
    const spans: [number, number][] = [];
    let sorted = true;
    for (let i = 0; i < local.length; i += 2) {
      const sm = local[i]!;
      const em = local[i + 1]!;
      let s = sm === 0 ? dayStart : at(sm);
      let e = em === 1440 ? dayEnd : at(em);
      if (s < dayStart) s = dayStart;
      if (e > dayEnd) e = dayEnd;
      if (e <= s) continue; // the whole range fell into a DST gap
      if (spans.length > 0 && s < spans[spans.length - 1]![0]) sorted = false;
      spans.push([s, e]);
    }
    // Inside a DST gap the mapping is not monotonic: take the union.
    if (!sorted) spans.sort((x, y) => x[0] - y[0]);
    const out: number[] = [];
    for (const [s, e] of spans) {
      const last = out.length - 1;
      if (last > 0 && s <= out[last]!) {
        if (e > out[last]!) out[last] = e;
      } else {
        out.push(s, e);
      }
    }
    const frozen = Object.freeze(out);
    makeRoom(this.days, DAY_CACHE_MAX);
    this.days.set(d, frozen);
    return frozen;
  }
}

// ---------------------------------------------------------------------------
// calendars

export type { CalendarEngine as _CalendarEngine };

const engines = new WeakMap<object, CalendarEngine>();
/** Calendars built by createCalendar (a deserialised copy gets an engine but stays out of here). */
const created = new WeakSet<object>();

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

function normalise(spec: RawSpec): CalendarSpec {
  const week = {} as Record<Weekday, TimeRange[]>;
  for (const wd of weekdays) {
    week[wd] = spec.week[wd]
      .map(([s, e]): TimeRange => [s, e])
      .sort((a, b) => minutesOf(a[0]) - minutesOf(b[0]));
  }
  const out: { -readonly [K in keyof CalendarSpec]: CalendarSpec[K] } = { timeZone: spec.timeZone, week };
  if (spec.holidays !== undefined) out.holidays = [...new Set(spec.holidays)].sort();
  if (spec.workdays !== undefined) {
    const byDate = new Map<string, string | MakeUpWorkday>();
    for (const w of spec.workdays) {
      const date = typeof w === 'string' ? w : w.date;
      if (!byDate.has(date)) byDate.set(date, typeof w === 'string' ? w : { date: w.date, as: w.as });
    }
    out.workdays = [...byDate.keys()].sort().map((d) => byDate.get(d)!);
  }
  return deepFreeze(out);
}

/**
 * Validate a calendar spec and build a frozen business calendar: working
 * hours per weekday in a time zone, holidays and make-up working days.
 *
 * A local time of a range that does not exist (inside a spring-forward gap)
 * moves forward by the gap; an ambiguous one (fall-back) takes the earlier
 * instant. `'24:00'` is midnight at the end of the day.
 *
 * @param spec - the calendar; see {@link CalendarSpec}
 * @returns the frozen {@link Calendar}; its `spec` is normalised (ranges sorted, dates sorted, duplicates dropped)
 * @throws ValidationError (code `VALIDATION`) naming the field, e.g. `week.mon.1`, `holidays.3`, `timeZone`
 * @example
 * const shanghai = createCalendar({
 *   timeZone: 'Asia/Shanghai',
 *   week: {
 *     mon: [['09:00', '12:00'], ['13:30', '18:00']],
 *     tue: [['09:00', '12:00'], ['13:30', '18:00']],
 *     wed: [['09:00', '12:00'], ['13:30', '18:00']],
 *     thu: [['09:00', '12:00'], ['13:30', '18:00']],
 *     fri: [['09:00', '12:00'], ['13:30', '18:00']],
 *     sat: [],
 *     sun: [],
 *   },
 *   holidays: ['2026-10-01', '2026-10-02', '2026-10-05'],
 *   workdays: ['2026-09-27', { date: '2026-10-10', as: 'fri' }],
 * });
 */
export function createCalendar(spec: CalendarSpec): Calendar {
  const parsed = rawSpecSchema.safeParse(spec);
  if (!parsed.success) throw new ValidationError('calendar', parsed.error.issues);
  const issues = semanticIssues(parsed.data);
  if (issues.length > 0) {
    throw new ValidationError(
      'calendar',
      issues.map((i) => ({ code: 'custom', path: i.path, message: i.message, input: undefined }) as ValidationError['issues'][number]),
    );
  }
  const normal = normalise(parsed.data);
  const calendar: Calendar = Object.freeze({ timeZone: normal.timeZone, spec: normal });
  engines.set(calendar, new CalendarEngine(normal));
  created.add(calendar);
  return calendar;
}

/**
 * Is `x` a calendar built by {@link createCalendar} (or {@link alwaysOpen})?
 *
 * @param x - any value
 * @returns `true` for a calendar, `false` for anything else (including a bare spec)
 * @example
 * isCalendar(alwaysOpen); // true
 * isCalendar({ timeZone: 'UTC', week }); // false
 */
export function isCalendar(x: unknown): x is Calendar {
  return typeof x === 'object' && x !== null && created.has(x);
}

/**
 * Internal: the engine behind a calendar, for the working-time functions. A
 * `{ timeZone, spec }` object that did not come from `createCalendar` (e.g. a
 * deserialised one) is validated and adopted. Not part of the public API.
 * @internal
 * @param calendar - a calendar, or a `{ timeZone, spec }` copy of one
 * @returns its engine
 * @throws ValidationError when it is neither
 * @example
 * _calendarEngine(alwaysOpen).alwaysOpen; // true
 */
export function _calendarEngine(calendar: Calendar): CalendarEngine {
  const e = engines.get(calendar);
  if (e) return e;
  const spec = (calendar as { spec?: unknown } | null | undefined)?.spec;
  if (typeof calendar !== 'object' || calendar === null || typeof spec !== 'object' || spec === null) {
    throw validationIssue('calendar', [], 'expected a Calendar from createCalendar()');
  }
  const engine = engines.get(createCalendar(spec as CalendarSpec))!;
  engines.set(calendar, engine);
  return engine;
}

const fullDay: readonly TimeRange[] = [['00:00', '24:00']];

/**
 * The 24×7 calendar: UTC, 00:00–24:00 every day, no holidays. Working time on
 * it is plain elapsed time.
 *
 * @example
 * addWorkingTime(alwaysOpen, Date.UTC(2026, 0, 1), { hours: 24 }); // Date.UTC(2026, 0, 2)
 */
export const alwaysOpen: Calendar = createCalendar({
  timeZone: 'UTC',
  week: { mon: fullDay, tue: fullDay, wed: fullDay, thu: fullDay, fri: fullDay, sat: fullDay, sun: fullDay },
});
