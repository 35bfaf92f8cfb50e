import { describe, expect, it } from 'vitest';
import { ValidationError } from '../src/errors.js';
import {
  alwaysOpen,
  calendarSpecSchema,
  createCalendar,
  isCalendar,
  type CalendarSpec,
  type TimeRange,
  type Weekday,
} from '../src/sla/calendar.js';
import { describeDuration, durationSchema, type Duration } from '../src/sla/duration.js';

const office: readonly TimeRange[] = [
  ['09:00', '12:00'],
  ['13:30', '18:00'],
];

function week(over: Partial<Record<Weekday, readonly TimeRange[]>> = {}): Record<Weekday, readonly TimeRange[]> {
  return { mon: office, tue: office, wed: office, thu: office, fri: office, sat: [], sun: [], ...over };
}

const shanghaiSpec: CalendarSpec = {
  timeZone: 'Asia/Shanghai',
  week: week(),
  holidays: ['2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05', '2026-10-06', '2026-10-07'],
  workdays: ['2026-09-27', { date: '2026-10-10', as: 'fri' }],
};

/** The ValidationError thrown by `fn`, or a failure. */
function validationErrorOf(fn: () => unknown): ValidationError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationError);
    return e as ValidationError;
  }
  throw new Error('expected a ValidationError');
}

function paths(e: ValidationError): string[] {
  return e.issues.map((i) => i.path.join('.'));
}

describe('createCalendar', () => {
  it('builds a frozen calendar with the time zone and a normalised spec', () => {
    const cal = createCalendar({
      ...shanghaiSpec,
      week: week({ mon: [['13:30', '18:00'], ['09:00', '12:00']] }),
      holidays: ['2026-10-02', '2026-10-01', '2026-10-02'],
      workdays: [{ date: '2026-10-10', as: 'fri' }, '2026-09-27'],
    });
    expect(cal.timeZone).toBe('Asia/Shanghai');
    expect(cal.spec.week.mon).toEqual([
      ['09:00', '12:00'],
      ['13:30', '18:00'],
    ]);
    expect(cal.spec.holidays).toEqual(['2026-10-01', '2026-10-02']);
    expect(cal.spec.workdays).toEqual(['2026-09-27', { date: '2026-10-10', as: 'fri' }]);
    expect(Object.isFrozen(cal)).toBe(true);
    expect(Object.isFrozen(cal.spec)).toBe(true);
    expect(Object.isFrozen(cal.spec.week)).toBe(true);
    expect(Object.isFrozen(cal.spec.week.mon)).toBe(true);
    expect(Object.isFrozen(cal.spec.week.mon[0])).toBe(true);
    expect(Object.isFrozen(cal.spec.holidays)).toBe(true);
  });

  it('does not keep references to the caller’s arrays', () => {
    const holidays = ['2026-10-01'];
    const cal = createCalendar({ ...shanghaiSpec, holidays });
    holidays.push('2026-10-02');
    expect(cal.spec.holidays).toEqual(['2026-10-01']);
  });

  it('round-trips through its spec and through JSON', () => {
    const cal = createCalendar(shanghaiSpec);
    const again = createCalendar(cal.spec);
    expect(again.spec).toEqual(cal.spec);
    const json = JSON.parse(JSON.stringify(cal)) as { timeZone: string; spec: CalendarSpec };
    expect(json).toEqual({ timeZone: 'Asia/Shanghai', spec: cal.spec });
    expect(createCalendar(json.spec).spec).toEqual(cal.spec);
  });

  it('leaves optional fields out of the spec when not given', () => {
    const cal = createCalendar({ timeZone: 'UTC', week: week() });
    expect(Object.keys(cal.spec).sort()).toEqual(['timeZone', 'week']);
  });

  it('accepts 24:00 as an end and whole days', () => {
    const cal = createCalendar({ timeZone: 'Europe/London', week: week({ sat: [['00:00', '24:00']], sun: [['22:00', '24:00']] }) });
    expect(cal.spec.week.sat).toEqual([['00:00', '24:00']]);
  });

  it('accepts adjacent ranges', () => {
    expect(() => createCalendar({ timeZone: 'UTC', week: week({ mon: [['09:00', '12:00'], ['12:00', '13:00']] }) })).not.toThrow();
  });
});

describe('createCalendar validation names the field', () => {
  it('rejects an unknown time zone at timeZone', () => {
    const e = validationErrorOf(() => createCalendar({ timeZone: 'Mars/Olympus_Mons', week: week() }));
    expect(e.code).toBe('VALIDATION');
    expect(paths(e)).toEqual(['timeZone']);
    expect(e.message).toContain('timeZone');
    expect(paths(validationErrorOf(() => createCalendar({ timeZone: '', week: week() })))).toEqual(['timeZone']);
  });

  it.each([['9:00'], ['24:30'], ['12:60'], ['25:00'], ['12:00:00'], ['noon']])('rejects malformed time %s', (bad) => {
    const e = validationErrorOf(() => createCalendar({ timeZone: 'UTC', week: week({ wed: [office[0]!, [bad, '19:00']] }) }));
    expect(paths(e)).toEqual(['week.wed.1.0']);
    expect(e.message).toContain('week.wed.1.0');
  });

  it('rejects a reversed or empty range at week.<day>.<index>', () => {
    expect(paths(validationErrorOf(() => createCalendar({ timeZone: 'UTC', week: week({ tue: [['18:00', '09:00']] }) })))).toEqual([
      'week.tue.0',
    ]);
    expect(
      paths(validationErrorOf(() => createCalendar({ timeZone: 'UTC', week: week({ fri: [office[0]!, ['14:00', '14:00']] }) }))),
    ).toEqual(['week.fri.1']);
    expect(paths(validationErrorOf(() => createCalendar({ timeZone: 'UTC', week: week({ sat: [['24:00', '24:00']] }) })))).toEqual([
      'week.sat.0',
    ]);
  });

  it('rejects overlapping ranges, also when given out of order', () => {
    const e1 = validationErrorOf(() =>
      createCalendar({ timeZone: 'UTC', week: week({ mon: [['09:00', '12:00'], ['11:00', '13:00']] }) }),
    );
    expect(paths(e1)).toEqual(['week.mon.1']);
    const e2 = validationErrorOf(() =>
      createCalendar({ timeZone: 'UTC', week: week({ thu: [['13:00', '15:00'], ['08:00', '09:00'], ['09:00', '13:30']] }) }),
    );
    expect(paths(e2)).toEqual(['week.thu.2']);
    expect(e2.message).toContain('overlaps');
  });

  it('rejects a malformed or impossible holiday date at holidays.<index>', () => {
    for (const bad of ['2026-02-30', '2026-13-01', '2026-1-05', '20261005', 'tomorrow']) {
      const e = validationErrorOf(() =>
        createCalendar({ timeZone: 'UTC', week: week(), holidays: ['2026-01-01', '2026-05-01', '2026-10-01', bad] }),
      );
      expect(paths(e)).toEqual(['holidays.3']);
    }
  });

  it('rejects malformed make-up days at workdays.<index>', () => {
    expect(paths(validationErrorOf(() => createCalendar({ timeZone: 'UTC', week: week(), workdays: ['2026-02-29'] })))).toEqual([
      'workdays.0',
    ]);
    const e = validationErrorOf(() =>
      createCalendar({ timeZone: 'UTC', week: week(), workdays: ['2026-09-27', { date: '2026-10-10', as: 'friday' as Weekday }] }),
    );
    expect(paths(e)).toEqual(['workdays.1.as']);
  });

  it('rejects a date that is both holiday and make-up day', () => {
    const e = validationErrorOf(() =>
      createCalendar({ timeZone: 'UTC', week: week(), holidays: ['2026-10-01'], workdays: ['2026-09-27', { date: '2026-10-01', as: 'mon' }] }),
    );
    expect(paths(e)).toEqual(['workdays.1.date']);
    expect(e.message).toContain('2026-10-01');
  });

  it('rejects a make-up day that would take the hours of a day off', () => {
    const e = validationErrorOf(() =>
      createCalendar({ timeZone: 'UTC', week: week(), workdays: [{ date: '2026-10-10', as: 'sun' }] }),
    );
    expect(paths(e)).toEqual(['workdays.0.as']);
    const e2 = validationErrorOf(() =>
      createCalendar({ timeZone: 'UTC', week: week({ mon: [] }), workdays: ['2026-10-10'] }),
    );
    expect(paths(e2)).toEqual(['workdays.0']);
  });

  it('rejects a week without working time', () => {
    const none: Record<Weekday, readonly TimeRange[]> = { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] };
    const e = validationErrorOf(() => createCalendar({ timeZone: 'UTC', week: none }));
    expect(paths(e)).toEqual(['week']);
  });

  it('requires all seven weekdays and rejects unknown keys', () => {
    const { sun: _sun, ...six } = week();
    const e = validationErrorOf(() => createCalendar({ timeZone: 'UTC', week: six as Record<Weekday, TimeRange[]> }));
    expect(paths(e)).toEqual(['week.sun']);
    const e2 = validationErrorOf(() =>
      createCalendar({ timeZone: 'UTC', week: week(), holiday: ['2026-01-01'] } as unknown as CalendarSpec),
    );
    expect(e2.issues[0]?.code).toBe('unrecognized_keys');
  });

  it('rejects things that are not specs at all', () => {
    expect(() => createCalendar(null as unknown as CalendarSpec)).toThrow(ValidationError);
    expect(() => createCalendar({ timeZone: 'UTC' } as unknown as CalendarSpec)).toThrow(ValidationError);
  });

  it('calendarSpecSchema reports the same issues as createCalendar', () => {
    const bad = { timeZone: 'UTC', week: week({ mon: [['09:00', '12:00'], ['11:00', '13:00']] }), holidays: ['2026-10-01'], workdays: ['2026-10-01'] };
    const r = calendarSpecSchema.safeParse(bad);
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.path.join('.'))).toEqual(['week.mon.1', 'workdays.0']);
    expect(calendarSpecSchema.safeParse(shanghaiSpec).success).toBe(true);
    expect(calendarSpecSchema.safeParse({ ...shanghaiSpec, timeZone: 'Nowhere/Land' }).success).toBe(false);
  });
});

describe('isCalendar and alwaysOpen', () => {
  it('recognises calendars only', () => {
    expect(isCalendar(createCalendar(shanghaiSpec))).toBe(true);
    expect(isCalendar(alwaysOpen)).toBe(true);
    expect(isCalendar(shanghaiSpec)).toBe(false);
    expect(isCalendar({ timeZone: 'UTC', spec: shanghaiSpec })).toBe(false);
    expect(isCalendar(null)).toBe(false);
    expect(isCalendar('UTC')).toBe(false);
  });

  it('alwaysOpen is UTC, 00:00–24:00 every day, frozen', () => {
    expect(alwaysOpen.timeZone).toBe('UTC');
    for (const d of ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const) expect(alwaysOpen.spec.week[d]).toEqual([['00:00', '24:00']]);
    expect(alwaysOpen.spec.holidays).toBeUndefined();
    expect(Object.isFrozen(alwaysOpen)).toBe(true);
  });
});

describe('durationSchema', () => {
  it.each<[Duration]>([[{ hours: 2 }], [{ minutes: 30 }], [{ hours: 1, minutes: 30 }], [{ hours: 0.5 }], [{ workingDays: 3 }], [{ days: 15 }], [{ days: 0 }]])(
    'accepts %j',
    (d) => {
      expect(durationSchema.parse(d)).toEqual(d);
    },
  );

  it.each([
    [{}],
    [{ hours: -1 }],
    [{ minutes: Number.POSITIVE_INFINITY }],
    [{ hours: Number.NaN }],
    [{ hours: 1, days: 1 }],
    [{ minutes: 5, workingDays: 1 }],
    [{ workingDays: 1, days: 1 }],
    [{ workingDays: 1.5 }],
    [{ days: -2 }],
    [{ weeks: 1 }],
    [{ hours: '2' }],
    [null],
    [3],
  ])('rejects %j', (d) => {
    expect(durationSchema.safeParse(d).success).toBe(false);
  });
});

describe('describeDuration', () => {
  it.each<[Duration, string]>([
    [{ hours: 2 }, '2 working hours'],
    [{ hours: 1 }, '1 working hour'],
    [{ hours: 1.5 }, '1.5 working hours'],
    [{ minutes: 30 }, '30 min'],
    [{ hours: 0, minutes: 30 }, '30 min'],
    [{ hours: 2, minutes: 30 }, '2 working hours 30 min'],
    [{ hours: 2, minutes: 0 }, '2 working hours'],
    [{ hours: 0 }, '0 working hours'],
    [{ workingDays: 1 }, '1 working day'],
    [{ workingDays: 3 }, '3 working days'],
    [{ days: 1 }, '1 day'],
    [{ days: 8 }, '8 days'],
  ])('%j → %s', (d, text) => {
    expect(describeDuration(d)).toBe(text);
  });
});
