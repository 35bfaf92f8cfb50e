import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RedressError, ValidationError } from '../src/errors.js';
import { alwaysOpen, createCalendar, isCalendar, type Calendar, type CalendarSpec, type TimeRange, type Weekday } from '../src/sla/calendar.js';
import { describeDuration, durationSchema, type Duration } from '../src/sla/duration.js';
import { addWorkingTime, isWorkingTime, nextWorkingTime, workingTimeBetween } from '../src/sla/working-time.js';

const MIN = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

const weekdays: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

function week(over: Partial<Record<Weekday, readonly TimeRange[]>>, base: readonly TimeRange[] = []): Record<Weekday, readonly TimeRange[]> {
  return { mon: base, tue: base, wed: base, thu: base, fri: base, sat: [], sun: [], ...over };
}

// ---------------------------------------------------------------------------
// Asia/Shanghai (UTC+8 all year): split shift 09:00–12:00 and 13:30–18:00 (7.5 h a day).
// National Day 2026: Thu 10-01 .. Wed 10-07 off; make-up working days Sun 09-27 (Monday hours)
// and Sat 10-10 (Friday hours).

const split: readonly TimeRange[] = [
  ['09:00', '12:00'],
  ['13:30', '18:00'],
];
const shanghai = createCalendar({
  timeZone: 'Asia/Shanghai',
  week: week({}, split),
  holidays: ['2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05', '2026-10-06', '2026-10-07'],
  workdays: ['2026-09-27', { date: '2026-10-10', as: 'fri' }],
});
/** Shanghai wall time → instant (UTC+8, no DST). */
const sh = (month: number, day: number, h: number, m = 0): number => Date.UTC(2026, month - 1, day, h - 8, m);

describe('Asia/Shanghai split shifts, holidays and make-up days', () => {
  it('counts working hours across the lunch break', () => {
    // Tue 09-01 11:00: 1 h to 12:00, then 13:30 → 14:30
    expect(addWorkingTime(shanghai, sh(9, 1, 11), { hours: 2 })).toBe(sh(9, 1, 14, 30));
    // 30 min in the lunch break start at 13:30
    expect(addWorkingTime(shanghai, sh(9, 1, 12, 30), { minutes: 30 })).toBe(sh(9, 1, 14));
    // 7.5 h from 09:00 is exactly one day: ends at 18:00, not at the next morning
    expect(addWorkingTime(shanghai, sh(9, 1, 9), { hours: 7, minutes: 30 })).toBe(sh(9, 1, 18));
  });

  it('ends at a period end rather than at the next period start', () => {
    expect(addWorkingTime(shanghai, sh(9, 1, 11), { hours: 1 })).toBe(sh(9, 1, 12));
    expect(addWorkingTime(shanghai, sh(9, 1, 17), { minutes: 60 })).toBe(sh(9, 1, 18));
  });

  it('returns from unchanged for a zero duration, even outside working time', () => {
    expect(addWorkingTime(shanghai, sh(10, 1, 3), { hours: 0 })).toBe(sh(10, 1, 3));
    expect(addWorkingTime(shanghai, sh(9, 1, 12, 15), { minutes: 0 })).toBe(sh(9, 1, 12, 15));
  });

  it('skips the National Day holidays', () => {
    // Wed 09-30 17:00: 1 h to 18:00; 10-01..10-07 off; Thu 10-08 09:00 + 1 h
    expect(addWorkingTime(shanghai, sh(9, 30, 17), { hours: 2 })).toBe(sh(10, 8, 10));
    // starting inside the holidays
    expect(addWorkingTime(shanghai, sh(10, 3, 10), { hours: 4 })).toBe(sh(10, 8, 14, 30));
  });

  it('works on make-up days with the hours they take', () => {
    // Fri 09-25 17:00: 1 h; Sat off; Sun 09-27 is a make-up Monday: 09:00 + 1 h
    expect(addWorkingTime(shanghai, sh(9, 25, 17), { hours: 2 })).toBe(sh(9, 27, 10));
    // Fri 10-09 17:00: 1 h; Sat 10-10 (Friday hours) 09:00–12:00 gives the other 3 h, ending at the period end
    expect(addWorkingTime(shanghai, sh(10, 9, 17), { hours: 4 })).toBe(sh(10, 10, 12));
    // ... and 5 h continues after lunch on the make-up Saturday
    expect(addWorkingTime(shanghai, sh(10, 9, 17), { hours: 5 })).toBe(sh(10, 10, 14, 30));
  });

  it('adds working days at the same local time', () => {
    expect(addWorkingTime(shanghai, sh(9, 1, 11), { workingDays: 1 })).toBe(sh(9, 2, 11));
    // Wed 09-30 10:00: the next working days are Thu 10-08, Fri 10-09, Sat 10-10 (make-up), Mon 10-12
    expect(addWorkingTime(shanghai, sh(9, 30, 10), { workingDays: 1 })).toBe(sh(10, 8, 10));
    expect(addWorkingTime(shanghai, sh(9, 30, 10), { workingDays: 3 })).toBe(sh(10, 10, 10));
    expect(addWorkingTime(shanghai, sh(9, 30, 10), { workingDays: 4 })).toBe(sh(10, 12, 10));
    // Fri 09-25 10:00 + 1 → Sun 09-27 (make-up day)
    expect(addWorkingTime(shanghai, sh(9, 25, 10), { workingDays: 1 })).toBe(sh(9, 27, 10));
  });

  it('starts working days at the next working time and rolls the result into working time', () => {
    // 12:30 is lunch: start 13:30, one working day later 13:30
    expect(addWorkingTime(shanghai, sh(9, 1, 12, 30), { workingDays: 1 })).toBe(sh(9, 2, 13, 30));
    // Fri 09-25 19:00: start Sun 09-27 09:00 → Mon 09-28 09:00
    expect(addWorkingTime(shanghai, sh(9, 25, 19), { workingDays: 1 })).toBe(sh(9, 28, 9));
    // 0 working days is the next working time
    expect(addWorkingTime(shanghai, sh(9, 26, 10), { workingDays: 0 })).toBe(sh(9, 27, 9));
    expect(addWorkingTime(shanghai, sh(9, 1, 10), { workingDays: 0 })).toBe(sh(9, 1, 10));
  });

  it('rolls a working-day result that lands outside the target day’s hours', () => {
    const shortSat = createCalendar({
      timeZone: 'Asia/Shanghai',
      week: week({ sat: [['09:00', '12:00']] }, split),
    });
    // Fri 09-04 16:00 + 1 → Sat 09-05 16:00 is after Saturday's hours → Mon 09-07 09:00
    expect(addWorkingTime(shortSat, sh(9, 4, 16), { workingDays: 1 })).toBe(sh(9, 7, 9));
    // Fri 09-04 10:00 + 1 → Sat 09-05 10:00, inside
    expect(addWorkingTime(shortSat, sh(9, 4, 10), { workingDays: 1 })).toBe(sh(9, 5, 10));
  });

  it('adds calendar days without rolling into working time', () => {
    expect(addWorkingTime(shanghai, sh(9, 30, 10), { days: 8 })).toBe(sh(10, 8, 10));
    expect(addWorkingTime(shanghai, sh(9, 30, 10), { days: 1 })).toBe(sh(10, 1, 10)); // a holiday: kept
    expect(addWorkingTime(shanghai, sh(9, 30, 23, 30), { days: 0 })).toBe(sh(9, 30, 23, 30));
  });

  it('measures working time between instants', () => {
    expect(workingTimeBetween(shanghai, sh(9, 1, 11), sh(9, 1, 14, 30))).toBe(2 * HOUR);
    // Wed 09-30 09:00 → Thu 10-08 18:00: 7.5 h + 7.5 h
    expect(workingTimeBetween(shanghai, sh(9, 30, 9), sh(10, 8, 18))).toBe(15 * HOUR);
    // Fri 09-25 00:00 → Mon 09-28 00:00: Friday and the make-up Sunday
    expect(workingTimeBetween(shanghai, sh(9, 25, 0), sh(9, 28, 0))).toBe(15 * HOUR);
    // 10-01 00:00 → 10-11 00:00: Thu 10-08, Fri 10-09, Sat 10-10
    expect(workingTimeBetween(shanghai, sh(10, 1, 0), sh(10, 11, 0))).toBe(22.5 * HOUR);
    // reversed arguments give the negative
    expect(workingTimeBetween(shanghai, sh(9, 1, 14, 30), sh(9, 1, 11))).toBe(-2 * HOUR);
    expect(workingTimeBetween(shanghai, sh(9, 1, 12), sh(9, 1, 13, 30))).toBe(0);
    expect(Object.is(workingTimeBetween(shanghai, sh(9, 1, 13, 30), sh(9, 1, 12)), 0)).toBe(true);
    expect(workingTimeBetween(shanghai, sh(9, 1, 10), sh(9, 1, 10))).toBe(0);
  });

  it('answers isWorkingTime with half-open periods', () => {
    expect(isWorkingTime(shanghai, sh(9, 1, 9))).toBe(true);
    expect(isWorkingTime(shanghai, sh(9, 1, 11, 59))).toBe(true);
    expect(isWorkingTime(shanghai, sh(9, 1, 12))).toBe(false);
    expect(isWorkingTime(shanghai, sh(9, 1, 13, 30))).toBe(true);
    expect(isWorkingTime(shanghai, sh(9, 1, 18))).toBe(false);
    expect(isWorkingTime(shanghai, sh(10, 1, 10))).toBe(false); // holiday
    expect(isWorkingTime(shanghai, sh(9, 27, 10))).toBe(true); // make-up Sunday
    expect(isWorkingTime(shanghai, sh(10, 10, 14))).toBe(true); // make-up Saturday, Friday hours
    expect(isWorkingTime(shanghai, sh(9, 26, 10))).toBe(false); // ordinary Saturday
  });

  it('finds the next working time', () => {
    expect(nextWorkingTime(shanghai, sh(9, 1, 10))).toBe(sh(9, 1, 10));
    expect(nextWorkingTime(shanghai, sh(9, 1, 12))).toBe(sh(9, 1, 13, 30));
    expect(nextWorkingTime(shanghai, sh(9, 1, 18))).toBe(sh(9, 2, 9));
    expect(nextWorkingTime(shanghai, sh(10, 1, 10))).toBe(sh(10, 8, 9));
    expect(nextWorkingTime(shanghai, sh(9, 26, 3))).toBe(sh(9, 27, 9));
  });
});

// ---------------------------------------------------------------------------
// Europe/London: GMT (UTC+0) until Sun 2026-03-29 01:00 UTC, then BST (UTC+1) until Sun 2026-10-25 01:00 UTC.

describe('Europe/London across the DST changes', () => {
  const nineToFive = createCalendar({ timeZone: 'Europe/London', week: week({}, [['09:00', '17:00']]) });

  it('keeps the local time of day across the spring change', () => {
    // Fri 03-27 10:00 GMT = 10:00 UTC → Mon 03-30 10:00 BST = 09:00 UTC
    expect(addWorkingTime(nineToFive, Date.UTC(2026, 2, 27, 10), { workingDays: 1 })).toBe(Date.UTC(2026, 2, 30, 9));
    // Fri 16:00 GMT + 2 h: 1 h Friday, Monday 09:00 BST (08:00 UTC) + 1 h
    expect(addWorkingTime(nineToFive, Date.UTC(2026, 2, 27, 16), { hours: 2 })).toBe(Date.UTC(2026, 2, 30, 9));
    // Fri 09:00 → Mon 17:00 local is 16 working hours (79 h elapsed)
    expect(workingTimeBetween(nineToFive, Date.UTC(2026, 2, 27, 9), Date.UTC(2026, 2, 30, 16))).toBe(16 * HOUR);
    // the instant of Mon 09:00 BST is working time, 08:30 UTC too (09:30 BST); 08:00 UTC is 09:00 BST
    expect(isWorkingTime(nineToFive, Date.UTC(2026, 2, 30, 8))).toBe(true);
    expect(isWorkingTime(nineToFive, Date.UTC(2026, 2, 30, 7, 59))).toBe(false);
  });

  it('keeps the local time of day across the autumn change', () => {
    // Fri 10-23 10:00 BST = 09:00 UTC → Mon 10-26 10:00 GMT = 10:00 UTC
    expect(addWorkingTime(nineToFive, Date.UTC(2026, 9, 23, 9), { workingDays: 1 })).toBe(Date.UTC(2026, 9, 26, 10));
    expect(nextWorkingTime(nineToFive, Date.UTC(2026, 9, 23, 16))).toBe(Date.UTC(2026, 9, 26, 9));
  });

  it('counts a 23-hour and a 25-hour Sunday', () => {
    const night = createCalendar({ timeZone: 'Europe/London', week: week({ sun: [['00:00', '03:00']] }) });
    // 03-29: 00:00 GMT (00:00 UTC) to 03:00 BST (02:00 UTC) is 2 h
    expect(workingTimeBetween(night, Date.UTC(2026, 2, 28), Date.UTC(2026, 2, 30))).toBe(2 * HOUR);
    // 10-25: 00:00 BST (10-24 23:00 UTC) to 03:00 GMT (03:00 UTC) is 4 h
    expect(workingTimeBetween(night, Date.UTC(2026, 9, 24), Date.UTC(2026, 9, 26))).toBe(4 * HOUR);
    expect(addWorkingTime(night, Date.UTC(2026, 9, 24, 12), { hours: 4 })).toBe(Date.UTC(2026, 9, 25, 3));
    expect(addWorkingTime(night, Date.UTC(2026, 9, 24, 12), { hours: 1 })).toBe(Date.UTC(2026, 9, 25, 0));

    const always = createCalendar({ timeZone: 'Europe/London', week: week({ sat: [['00:00', '24:00']], sun: [['00:00', '24:00']] }, [['00:00', '24:00']]) });
    // local midnight to local midnight on 03-29 is 23 h; on 10-25 it is 25 h
    expect(workingTimeBetween(always, Date.UTC(2026, 2, 29, 0), Date.UTC(2026, 2, 29, 23))).toBe(23 * HOUR);
    expect(workingTimeBetween(always, Date.UTC(2026, 9, 24, 23), Date.UTC(2026, 9, 26, 0))).toBe(25 * HOUR);
  });

  it('moves a start that does not exist forward by the gap, and takes the earlier of two', () => {
    const late = createCalendar({ timeZone: 'Europe/London', week: week({ sun: [['01:30', '04:00']] }) });
    // 03-29 01:30 does not exist → 02:30 BST = 01:30 UTC; 04:00 BST = 03:00 UTC: 1.5 h
    expect(nextWorkingTime(late, Date.UTC(2026, 2, 29, 0))).toBe(Date.UTC(2026, 2, 29, 1, 30));
    expect(workingTimeBetween(late, Date.UTC(2026, 2, 28), Date.UTC(2026, 2, 30))).toBe(1.5 * HOUR);
    // 10-25 01:30 happens twice: the earlier is 01:30 BST = 00:30 UTC; 04:00 GMT = 04:00 UTC: 3.5 h
    expect(nextWorkingTime(late, Date.UTC(2026, 9, 24, 12))).toBe(Date.UTC(2026, 9, 25, 0, 30));
    expect(workingTimeBetween(late, Date.UTC(2026, 9, 24), Date.UTC(2026, 9, 26))).toBe(3.5 * HOUR);
  });

  it('takes the union of ranges that a DST gap folds onto each other', () => {
    // 03-29: 01:30–01:45 does not exist → 02:30–02:45 BST (01:30–01:45 UTC), inside 02:00–03:00 BST (01:00–02:00 UTC)
    const folded = createCalendar({ timeZone: 'Europe/London', week: week({ sun: [['01:30', '01:45'], ['02:00', '03:00']] }) });
    expect(workingTimeBetween(folded, Date.UTC(2026, 2, 29), Date.UTC(2026, 2, 30))).toBe(HOUR);
    expect(nextWorkingTime(folded, Date.UTC(2026, 2, 29))).toBe(Date.UTC(2026, 2, 29, 1));
    expect(addWorkingTime(folded, Date.UTC(2026, 2, 29), { minutes: 45 })).toBe(Date.UTC(2026, 2, 29, 1, 45));
    // 00:00–01:30 GMT (00:00–01:30 UTC) overlaps 02:00–05:00 BST (01:00–04:00 UTC): 4 h in all
    const overlap = createCalendar({ timeZone: 'Europe/London', week: week({ sun: [['00:00', '01:30'], ['02:00', '05:00']] }) });
    expect(workingTimeBetween(overlap, Date.UTC(2026, 2, 29), Date.UTC(2026, 2, 30))).toBe(4 * HOUR);
    // 01:30–02:00 maps to 01:30 UTC–01:00 UTC: nothing left
    const vanished = createCalendar({ timeZone: 'Europe/London', week: week({ sun: [['01:30', '02:00']] }) });
    expect(workingTimeBetween(vanished, Date.UTC(2026, 2, 29), Date.UTC(2026, 2, 30))).toBe(0);
    expect(nextWorkingTime(vanished, Date.UTC(2026, 2, 29))).toBe(Date.UTC(2026, 3, 5, 0, 30)); // next Sunday 01:30 BST
  });

  it('adds calendar days at the same local time (DST-correct)', () => {
    // Sat 03-28 12:00 GMT = 12:00 UTC → Sun 03-29 12:00 BST = 11:00 UTC
    expect(addWorkingTime(nineToFive, Date.UTC(2026, 2, 28, 12), { days: 1 })).toBe(Date.UTC(2026, 2, 29, 11));
    // Sat 03-28 01:30 GMT → 03-29 01:30 does not exist → 02:30 BST = 01:30 UTC
    expect(addWorkingTime(nineToFive, Date.UTC(2026, 2, 28, 1, 30), { days: 1 })).toBe(Date.UTC(2026, 2, 29, 1, 30));
    // Sat 10-24 01:30 BST = 00:30 UTC → 10-25 01:30 is ambiguous → earlier, BST = 00:30 UTC
    expect(addWorkingTime(nineToFive, Date.UTC(2026, 9, 24, 0, 30), { days: 1 })).toBe(Date.UTC(2026, 9, 25, 0, 30));
    // ... and two days later 10-26 01:30 GMT = 01:30 UTC
    expect(addWorkingTime(nineToFive, Date.UTC(2026, 9, 24, 0, 30), { days: 2 })).toBe(Date.UTC(2026, 9, 26, 1, 30));
    // Thu 2026-10-01 09:00 BST + 28 days = Thu 10-29 09:00 GMT
    expect(addWorkingTime(nineToFive, Date.UTC(2026, 9, 1, 8), { days: 28 })).toBe(Date.UTC(2026, 9, 29, 9));
  });

  it('keeps a working-day result that lands in the gap moved forward', () => {
    const small = createCalendar({ timeZone: 'Europe/London', week: week({ sat: [['01:00', '05:00']], sun: [['01:00', '05:00']] }, [['01:00', '05:00']]) });
    // Sat 03-28 01:30 GMT + 1 → 03-29 01:30 local does not exist → 02:30 BST = 01:30 UTC, inside 02:00–05:00 BST
    expect(addWorkingTime(small, Date.UTC(2026, 2, 28, 1, 30), { workingDays: 1 })).toBe(Date.UTC(2026, 2, 29, 1, 30));
    // that Sunday has 3 h: 02:00 BST (01:00 UTC) to 05:00 BST (04:00 UTC)
    expect(workingTimeBetween(small, Date.UTC(2026, 2, 29), Date.UTC(2026, 2, 29, 12))).toBe(3 * HOUR);
  });
});

// ---------------------------------------------------------------------------
// America/New_York: EST (UTC−5) until Sun 2026-03-08 07:00 UTC, EDT (UTC−4) until Sun 2026-11-01 06:00 UTC.

describe('America/New_York', () => {
  const ny = createCalendar({ timeZone: 'America/New_York', week: week({}, [['09:00', '17:00']]), holidays: ['2026-11-26'] });

  it('counts across the spring change', () => {
    // Fri 03-06 16:00 EST = 21:00 UTC + 2 h: 1 h Friday, Mon 03-09 09:00 EDT = 13:00 UTC + 1 h
    expect(addWorkingTime(ny, Date.UTC(2026, 2, 6, 21), { hours: 2 })).toBe(Date.UTC(2026, 2, 9, 14));
    // Fri 09:00 EST (14:00 UTC) → Mon 17:00 EDT (21:00 UTC) = 16 working hours
    expect(workingTimeBetween(ny, Date.UTC(2026, 2, 6, 14), Date.UTC(2026, 2, 9, 21))).toBe(16 * HOUR);
    expect(addWorkingTime(ny, Date.UTC(2026, 2, 6, 15), { workingDays: 1 })).toBe(Date.UTC(2026, 2, 9, 14));
  });

  it('skips Thanksgiving and counts across the autumn change', () => {
    // Wed 11-25 12:00 EST = 17:00 UTC + 1 working day → Fri 11-27 12:00 EST
    expect(addWorkingTime(ny, Date.UTC(2026, 10, 25, 17), { workingDays: 1 })).toBe(Date.UTC(2026, 10, 27, 17));
    // Fri 10-30 16:00 EDT (20:00 UTC) + 2 h → Mon 11-02 10:00 EST (15:00 UTC)
    expect(addWorkingTime(ny, Date.UTC(2026, 9, 30, 20), { hours: 2 })).toBe(Date.UTC(2026, 10, 2, 15));
  });

  it('adds calendar days through the ambiguous and the missing hour', () => {
    // Sat 10-31 01:30 EDT (05:30 UTC) → Sun 11-01 01:30 is ambiguous → earlier, EDT = 05:30 UTC
    expect(addWorkingTime(ny, Date.UTC(2026, 9, 31, 5, 30), { days: 1 })).toBe(Date.UTC(2026, 10, 1, 5, 30));
    // Sat 03-07 02:30 EST (07:30 UTC) → Sun 03-08 02:30 does not exist → 03:30 EDT = 07:30 UTC
    expect(addWorkingTime(ny, Date.UTC(2026, 2, 7, 7, 30), { days: 1 })).toBe(Date.UTC(2026, 2, 8, 7, 30));
    // Sun 03-01 12:00 EST (17:00 UTC) + 14 days → Sun 03-15 12:00 EDT (16:00 UTC)
    expect(addWorkingTime(ny, Date.UTC(2026, 2, 1, 17), { days: 14 })).toBe(Date.UTC(2026, 2, 15, 16));
  });
});

describe('24:00 ends and night shifts', () => {
  // UTC; Mon 22:00–24:00, Tue 00:00–06:00 (one night shift across midnight)
  const nights = createCalendar({ timeZone: 'UTC', week: week({ mon: [['22:00', '24:00']], tue: [['00:00', '06:00']] }) });
  const mon = (h: number, m = 0) => Date.UTC(2026, 0, 5, h, m); // 2026-01-05 is a Monday

  it('counts across midnight', () => {
    expect(addWorkingTime(nights, mon(23), { hours: 3 })).toBe(mon(26));
    expect(addWorkingTime(nights, mon(23), { hours: 1 })).toBe(mon(24));
    expect(addWorkingTime(nights, mon(12), { hours: 8 })).toBe(mon(30));
    expect(addWorkingTime(nights, mon(12), { hours: 9 })).toBe(mon(7 * 24 + 23)); // next Monday 23:00
    expect(workingTimeBetween(nights, mon(0), mon(48))).toBe(8 * HOUR);
    expect(isWorkingTime(nights, mon(24))).toBe(true);
    expect(isWorkingTime(nights, mon(30))).toBe(false);
    expect(nextWorkingTime(nights, mon(30))).toBe(mon(7 * 24 + 22));
  });
});

describe('alwaysOpen', () => {
  const t = Date.UTC(2026, 5, 15, 10, 17, 3, 5);
  it('is plain elapsed time', () => {
    expect(addWorkingTime(alwaysOpen, t, { hours: 24 })).toBe(t + 24 * HOUR);
    expect(addWorkingTime(alwaysOpen, t, { minutes: 1.5 })).toBe(t + 90_000);
    expect(addWorkingTime(alwaysOpen, t, { workingDays: 3 })).toBe(t + 3 * DAY);
    expect(addWorkingTime(alwaysOpen, t, { days: 15 })).toBe(t + 15 * DAY);
    expect(workingTimeBetween(alwaysOpen, t, t + 12345)).toBe(12345);
    expect(workingTimeBetween(alwaysOpen, t + 12345, t)).toBe(-12345);
    expect(isWorkingTime(alwaysOpen, t)).toBe(true);
    expect(nextWorkingTime(alwaysOpen, t)).toBe(t);
  });
});

describe('input checks and guards', () => {
  it('rejects bad durations and instants with ValidationError', () => {
    expect(() => addWorkingTime(shanghai, sh(9, 1, 10), { hours: -1 })).toThrow(ValidationError);
    expect(() => addWorkingTime(shanghai, sh(9, 1, 10), { hours: 1, days: 1 } as unknown as Duration)).toThrow(ValidationError);
    expect(() => addWorkingTime(shanghai, sh(9, 1, 10), {} as Duration)).toThrow(ValidationError);
    expect(() => addWorkingTime(shanghai, Number.NaN, { hours: 1 })).toThrow(ValidationError);
    expect(() => workingTimeBetween(shanghai, 0, Number.POSITIVE_INFINITY)).toThrow(ValidationError);
    expect(() => isWorkingTime({ timeZone: 'UTC' } as unknown as Calendar, 0)).toThrow(ValidationError);
  });

  it('accepts a deserialised calendar', () => {
    const copy = JSON.parse(JSON.stringify(shanghai)) as Calendar;
    expect(addWorkingTime(copy, sh(9, 1, 11), { hours: 2 })).toBe(sh(9, 1, 14, 30));
    expect(isCalendar(copy)).toBe(false);
  });

  it('throws CALENDAR_RANGE when no working time follows within ~10 years', () => {
    const holidays: string[] = [];
    for (let d = Date.UTC(2026, 0, 1); d < Date.UTC(2037, 0, 1); d += DAY) holidays.push(new Date(d).toISOString().slice(0, 10));
    const closed = createCalendar({ timeZone: 'UTC', week: week({}, [['09:00', '17:00']]), holidays });
    for (const f of [
      () => nextWorkingTime(closed, Date.UTC(2026, 0, 1)),
      () => addWorkingTime(closed, Date.UTC(2026, 0, 1), { hours: 1 }),
      () => addWorkingTime(closed, Date.UTC(2025, 11, 31, 12), { workingDays: 1 }),
    ]) {
      try {
        f();
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(RedressError);
        expect((e as RedressError).code).toBe('CALENDAR_RANGE');
      }
    }
    // the span itself is fine: zero working time
    expect(workingTimeBetween(closed, Date.UTC(2026, 0, 1), Date.UTC(2036, 0, 1))).toBe(0);
  });

  it('works by whole days: a long span is fast', () => {
    const spanStart = Date.UTC(2000, 0, 1);
    // 30 years of split shifts; minute stepping would take ~15 M steps
    const ms = workingTimeBetween(shanghai, spanStart, Date.UTC(2030, 0, 1));
    expect(ms % (30 * MIN)).toBe(0);
    const back = addWorkingTime(shanghai, spanStart, { minutes: ms / MIN });
    expect(workingTimeBetween(shanghai, spanStart, back)).toBe(ms);
  });
});

// ---------------------------------------------------------------------------
// Properties against a slow minute-stepping reference.
//
// The reference derives local wall times from Intl.DateTimeFormat#formatToParts
// and turns local wall times into instants by trying every offset seen within
// ±36 h (the earliest match wins; no match means a gap, where the offset from
// a day before applies, i.e. the time moves forward by the gap). A period of a
// local day is [instant(start), instant(end)); working time is their union.

const ZONES = ['UTC', 'Europe/London', 'America/New_York', 'Asia/Shanghai', 'Australia/Sydney', 'Asia/Kolkata'] as const;

/** Near DST changes of the zones above (UTC midnight of a day a few days before). */
const BASES = [
  Date.UTC(2026, 2, 26), // London spring (03-29)
  Date.UTC(2026, 9, 22), // London autumn (10-25)
  Date.UTC(2026, 2, 5), // New York spring (03-08)
  Date.UTC(2026, 9, 29), // New York autumn (11-01)
  Date.UTC(2026, 3, 2), // Sydney autumn (04-05)
  Date.UTC(2026, 9, 1), // Sydney spring (10-04)
  Date.UTC(2026, 5, 10), // no change
];

const formatters = new Map<string, Intl.DateTimeFormat>();
const wallCache = new Map<string, number>();

/** Local wall time of instant t, as ms since 1970-01-01 00:00 local. */
function refWall(tz: string, t: number): number {
  const key = `${tz}|${t}`;
  const hit = wallCache.get(key);
  if (hit !== undefined) return hit;
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(tz, f);
  }
  const parts: Record<string, number> = {};
  for (const p of f.formatToParts(new Date(t))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  const wall = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!) + (t % 1000);
  wallCache.set(key, wall);
  return wall;
}

function refToUtc(tz: string, wall: number): number {
  const offsets = new Set<number>();
  const h0 = Math.floor(wall / HOUR) * HOUR;
  for (let t = h0 - 36 * HOUR; t <= h0 + 36 * HOUR; t += HOUR) offsets.add(refWall(tz, t) - t);
  const matches = [...offsets].map((o) => wall - o).filter((t) => refWall(tz, t) === wall);
  if (matches.length > 0) return Math.min(...matches);
  const before = h0 - 36 * HOUR;
  return wall - (refWall(tz, before) - before);
}

const isoOf = (localDay: number) => new Date(localDay * DAY).toISOString().slice(0, 10);
const minutesOf = (s: string) => Number(s.slice(0, 2)) * 60 + Number(s.slice(3, 5));

class Reference {
  readonly intervals: [number, number][] = [];
  readonly firstDay: number;
  readonly lastDay: number;

  constructor(
    readonly spec: CalendarSpec,
    around: number,
  ) {
    const holidays = new Set(spec.holidays ?? []);
    const make = new Map<string, Weekday>();
    for (const w of spec.workdays ?? []) typeof w === 'string' ? make.set(w, 'mon') : make.set(w.date, w.as);
    const d0 = Math.floor(around / DAY);
    this.firstDay = d0 - 3;
    this.lastDay = d0 + 24;
    for (let d = this.firstDay; d <= this.lastDay; d++) {
      const iso = isoOf(d);
      if (holidays.has(iso)) continue;
      const wd = make.get(iso) ?? weekdays[(new Date(d * DAY).getUTCDay() + 6) % 7]!;
      for (const [s, e] of spec.week[wd]) {
        const S = refToUtc(spec.timeZone, d * DAY + minutesOf(s) * MIN);
        const E = refToUtc(spec.timeZone, d * DAY + minutesOf(e) * MIN);
        if (E > S) this.intervals.push([S, E]);
      }
    }
  }

  /** Instants safely covered by the days computed. */
  get safeFrom(): number {
    return (this.firstDay + 2) * DAY;
  }
  get safeTo(): number {
    return (this.lastDay - 1) * DAY;
  }

  working(t: number): boolean {
    return this.intervals.some(([s, e]) => s <= t && t < e);
  }

  between(a: number, b: number): number {
    let n = 0;
    for (let t = a; t < b; t += MIN) if (this.working(t)) n += MIN;
    return n;
  }

  /** undefined when the answer lies beyond the computed days */
  add(from: number, minutes: number): number | undefined {
    let t = from;
    for (let counted = 0; counted < minutes; t += MIN) {
      if (t >= this.safeTo) return undefined;
      if (this.working(t)) counted++;
    }
    return t;
  }

  next(t: number): number | undefined {
    for (; t < this.safeTo; t += MIN) if (this.working(t)) return t;
    return undefined;
  }

  isWorkingDay(localDay: number): boolean {
    const iso = isoOf(localDay);
    if (this.spec.holidays?.includes(iso)) return false;
    const w = this.spec.workdays?.find((x) => (typeof x === 'string' ? x : x.date) === iso);
    const wd = w === undefined ? weekdays[(new Date(localDay * DAY).getUTCDay() + 6) % 7]! : typeof w === 'string' ? 'mon' : w.as;
    return this.spec.week[wd].length > 0;
  }

  addWorkingDays(from: number, n: number): number | undefined {
    const start = this.next(from);
    if (start === undefined || n === 0) return start;
    const wall = refWall(this.spec.timeZone, start);
    let d = Math.floor(wall / DAY);
    const timeOfDay = wall - d * DAY;
    for (let left = n; left > 0; ) {
      d++;
      if (d > this.lastDay - 2) return undefined;
      if (this.isWorkingDay(d)) left--;
    }
    return this.next(refToUtc(this.spec.timeZone, d * DAY + timeOfDay));
  }
}

const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

/** A day's ranges: sorted distinct 5-minute points paired up (so never overlapping). */
const dayArb: fc.Arbitrary<TimeRange[]> = fc.oneof(
  { weight: 1, arbitrary: fc.constant<TimeRange[]>([]) },
  { weight: 1, arbitrary: fc.constant<TimeRange[]>([['00:00', '24:00']]) },
  {
    weight: 4,
    // points in 5-minute steps, often between 00:00 and 04:00 where the DST changes happen
    arbitrary: fc.uniqueArray(fc.oneof(fc.integer({ min: 0, max: 288 }), fc.integer({ min: 0, max: 48 })), { minLength: 2, maxLength: 6 }).map((pts) => {
      const sorted = [...pts].sort((a, b) => a - b);
      const out: TimeRange[] = [];
      for (let i = 0; i + 1 < sorted.length; i += 2) out.push([hhmm(sorted[i]! * 5), hhmm(sorted[i + 1]! * 5)]);
      return out;
    }),
  },
);

const caseArb = fc
  .record({
    timeZone: fc.constantFrom(...ZONES),
    days: fc.tuple(dayArb, dayArb, dayArb, dayArb, dayArb, dayArb, dayArb),
    base: fc.constantFrom(...BASES),
    special: fc.uniqueArray(fc.integer({ min: -2, max: 14 }), { maxLength: 6 }),
    specialKinds: fc.array(fc.integer({ min: 0, max: 7 }), { minLength: 6, maxLength: 6 }),
  })
  .filter((c) => c.days.some((d) => d.length > 0))
  .map(({ timeZone, days, base, special, specialKinds }) => {
    const wk = Object.fromEntries(weekdays.map((w, i) => [w, days[i]!])) as Record<Weekday, TimeRange[]>;
    const holidays: string[] = [];
    const workdays: (string | { date: string; as: Weekday })[] = [];
    special.forEach((off, i) => {
      const date = isoOf(Math.floor(base / DAY) + off);
      const k = specialKinds[i]!;
      if (k === 7) holidays.push(date);
      else if (k === 0 && wk.mon.length > 0) workdays.push(date);
      else if (wk[weekdays[k]!].length > 0) workdays.push({ date, as: weekdays[k]! });
      else holidays.push(date);
    });
    const spec: CalendarSpec = { timeZone, week: wk, holidays, workdays };
    return { spec, base };
  });

const refCache = new WeakMap<CalendarSpec, Reference>();
const refOf = (spec: CalendarSpec, base: number): Reference => {
  let r = refCache.get(spec);
  if (!r) {
    r = new Reference(spec, base);
    refCache.set(spec, r);
  }
  return r;
};

describe('properties', () => {
  it('workingTimeBetween(a, addWorkingTime(a, m minutes)) === m minutes', () => {
    fc.assert(
      fc.property(caseArb, fc.integer({ min: -2 * DAY, max: 12 * DAY }), fc.integer({ min: 0, max: 20_000 }), ({ spec, base }, off, m) => {
        const cal = createCalendar(spec);
        const a = base + off;
        const end = addWorkingTime(cal, a, { minutes: m });
        expect(end).toBeGreaterThanOrEqual(a);
        expect(workingTimeBetween(cal, a, end)).toBe(m * MIN);
        expect(workingTimeBetween(cal, end, a)).toBe(m === 0 ? 0 : -m * MIN);
      }),
      { numRuns: 200 },
    );
  });

  it('addWorkingTime and workingTimeBetween agree with minute stepping', () => {
    fc.assert(
      fc.property(
        caseArb,
        fc.integer({ min: 0, max: 7 * 24 * 60 }),
        fc.integer({ min: 0, max: 3 * 24 * 60 }),
        fc.integer({ min: 0, max: 1500 }),
        ({ spec, base }, startMin, spanMin, m) => {
          const cal = createCalendar(spec);
          const ref = refOf(spec, base);
          const a = base + startMin * MIN;
          const b = a + spanMin * MIN;
          expect(workingTimeBetween(cal, a, b)).toBe(ref.between(a, b));
          const expected = ref.add(a, m);
          if (expected !== undefined) expect(addWorkingTime(cal, a, { minutes: m })).toBe(expected);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('isWorkingTime, nextWorkingTime and working days agree with minute stepping', () => {
    fc.assert(
      fc.property(
        caseArb,
        fc.array(fc.integer({ min: 0, max: 8 * 24 * 60 }), { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 0, max: 5 }),
        ({ spec, base }, starts, n) => {
          const cal = createCalendar(spec);
          const ref = refOf(spec, base);
          for (const s of starts) {
            const t = base + s * MIN;
            expect(isWorkingTime(cal, t)).toBe(ref.working(t));
            const next = ref.next(t);
            if (next !== undefined) expect(nextWorkingTime(cal, t)).toBe(next);
            const wd = ref.addWorkingDays(t, n);
            if (wd !== undefined) expect(addWorkingTime(cal, t, { workingDays: n })).toBe(wd);
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('nextWorkingTime(t) is working time, not before t, and t itself when t is working', () => {
    fc.assert(
      fc.property(caseArb, fc.integer({ min: -3 * DAY, max: 20 * DAY }), ({ spec, base }, off) => {
        const cal = createCalendar(spec);
        const t = base + off;
        const next = nextWorkingTime(cal, t);
        expect(next).toBeGreaterThanOrEqual(t);
        expect(isWorkingTime(cal, next)).toBe(true);
        expect(next === t).toBe(isWorkingTime(cal, t));
        // nothing in between is working time
        expect(workingTimeBetween(cal, t, next)).toBe(0);
      }),
      { numRuns: 300 },
    );
  });

  it('{ days } keeps the local time of day and { workingDays } lands on working time', () => {
    fc.assert(
      fc.property(caseArb, fc.integer({ min: 0, max: 8 * 24 * 60 }), fc.integer({ min: 0, max: 10 }), ({ spec, base }, s, n) => {
        const cal = createCalendar(spec);
        const t = base + s * MIN;
        const later = addWorkingTime(cal, t, { days: n });
        const wallT = refWall(spec.timeZone, t);
        // same local time n days later (a time that does not exist moves forward by the gap)
        expect(later).toBe(refToUtc(spec.timeZone, wallT + n * DAY));
        expect(isWorkingTime(cal, addWorkingTime(cal, t, { workingDays: n }))).toBe(true);
      }),
      { numRuns: 150 },
    );
  });
});

describe('addWorkingTime with { endOfWorkingDay } (close of business on the n-th working day)', () => {
  const wd = [['09:00', '17:00']] as [string, string][];
  const london = createCalendar({
    timeZone: 'Europe/London',
    week: { mon: wd, tue: wd, wed: wd, thu: wd, fri: wd, sat: [], sun: [] },
    holidays: ['2026-12-25'],
  });

  it('counts working days after the date of receipt and ends at the last period’s end', () => {
    // Mon 2026-11-23 10:00 GMT received → Tue, Wed, Thu: close of Thu 26 Nov at 17:00 GMT
    expect(addWorkingTime(london, Date.parse('2026-11-23T10:00:00Z'), { endOfWorkingDay: 3 })).toBe(Date.parse('2026-11-26T17:00:00Z'));
    // received after hours on Wed 23 Dec → the next working day is Thu 24 Dec (25th is a holiday)
    expect(addWorkingTime(london, Date.parse('2026-12-23T20:00:00Z'), { endOfWorkingDay: 1 })).toBe(Date.parse('2026-12-24T17:00:00Z'));
    // Thu 24 Dec + 1 skips the holiday and the weekend → Mon 28 Dec 17:00
    expect(addWorkingTime(london, Date.parse('2026-12-24T09:00:00Z'), { endOfWorkingDay: 1 })).toBe(Date.parse('2026-12-28T17:00:00Z'));
  });

  it('with 0 is the close of the same working day, or of the next one', () => {
    expect(addWorkingTime(london, Date.parse('2026-11-24T16:00:00Z'), { endOfWorkingDay: 0 })).toBe(Date.parse('2026-11-24T17:00:00Z'));
    // Saturday 28 Nov → Monday 30 Nov 17:00
    expect(addWorkingTime(london, Date.parse('2026-11-28T10:00:00Z'), { endOfWorkingDay: 0 })).toBe(Date.parse('2026-11-30T17:00:00Z'));
  });

  it('on a 24-hour calendar ends at midnight', () => {
    // Mon 23 Nov + 3 days → end of Thu 26 Nov = Fri 27 Nov 00:00 UTC
    expect(addWorkingTime(alwaysOpen, Date.parse('2026-11-23T10:00:00Z'), { endOfWorkingDay: 3 })).toBe(Date.parse('2026-11-27T00:00:00Z'));
  });

  it('is a duration kind of its own', () => {
    expect(durationSchema.safeParse({ endOfWorkingDay: 3 }).success).toBe(true);
    expect(durationSchema.safeParse({ endOfWorkingDay: 3, days: 1 }).success).toBe(false);
    expect(durationSchema.safeParse({ endOfWorkingDay: 1.5 }).success).toBe(false);
    expect(describeDuration({ endOfWorkingDay: 3 })).toBe('by close of business on working day 3');
  });
});

describe('instants as users write them', () => {
  it('every calendar function takes epoch ms, a Date or an ISO string with an offset, and returns epoch ms', async () => {
    const { addWorkingTime, alwaysOpen, createCalendar, isWorkingTime, nextWorkingTime, workingTimeBetween } = await import('../src/index.js');
    const cal = createCalendar({ timeZone: 'Asia/Shanghai', week: { mon: [['09:00', '18:00']], tue: [['09:00', '18:00']], wed: [], thu: [], fri: [], sat: [], sun: [] } });
    const ms = Date.parse('2026-11-23T17:00:00+08:00');
    for (const from of [ms, new Date(ms), '2026-11-23T17:00:00+08:00', '2026-11-23T09:00:00Z']) {
      expect(addWorkingTime(cal, from, { hours: 2 })).toBe(Date.parse('2026-11-24T10:00:00+08:00'));
    }
    expect(workingTimeBetween(cal, new Date(ms), '2026-11-24T10:00:00+08:00')).toBe(2 * 3_600_000);
    expect(isWorkingTime(cal, '2026-11-23T12:00:00+08:00')).toBe(true);
    expect(nextWorkingTime(cal, new Date('2026-11-25T00:00:00+08:00'))).toBe(Date.parse('2026-11-30T09:00:00+08:00'));
    expect(() => addWorkingTime(alwaysOpen, '2026-11-23T17:00:00', { hours: 1 })).toThrow(/with an offset/);
    expect(() => addWorkingTime(alwaysOpen, new Date('nope'), { hours: 1 })).toThrow(/valid Date/);
  });
});
