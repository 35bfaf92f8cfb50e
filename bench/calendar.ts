// (b) addWorkingTime(c, t, { workingDays: 10 }) on a split-shift calendar with
// 20 holidays vs date-fns addBusinessDays(t, 10).
import { addBusinessDays } from 'date-fns';
import { addWorkingTime, createCalendar, type Calendar } from '../src/index.js';
import { compare, type Measurement } from './measure.js';

const split = [['09:00', '12:00'], ['13:30', '18:00']] as const;

/** Shanghai office hours with 20 public holidays and 4 make-up working days (an illustrative 2026). */
export const officeCalendar: Calendar = createCalendar({
  timeZone: 'Asia/Shanghai',
  week: { mon: split, tue: split, wed: split, thu: split, fri: split, sat: [], sun: [] },
  holidays: [
    '2026-01-01', '2026-01-02',
    '2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20', '2026-02-23',
    '2026-04-06',
    '2026-05-01', '2026-05-04', '2026-05-05',
    '2026-06-19',
    '2026-09-25',
    '2026-10-01', '2026-10-02', '2026-10-05', '2026-10-06', '2026-10-07', '2026-10-08',
  ],
  workdays: ['2026-02-14', '2026-02-28', { date: '2026-05-09', as: 'fri' }, '2026-10-10'],
});

export interface CalendarBench {
  ours: Measurement;
  dateFns: Measurement;
  ratio: number;
  holidays: number;
}

export function benchCalendar(): CalendarBench {
  // 1,024 start instants spread over the year, at varied times of day (every ~8.5 h).
  const start = Date.parse('2026-01-01T00:00:00+08:00');
  const starts = Array.from({ length: 1024 }, (_, i) => start + i * 30_817_000);
  const tenDays = { workingDays: 10 } as const;
  const { a: ours, b: dateFns, ratio } = compare(
    (i) => addWorkingTime(officeCalendar, starts[i & 1023]!, tenDays),
    (i) => addBusinessDays(starts[i & 1023]!, 10),
  );
  return { ours, dateFns, ratio, holidays: officeCalendar.spec.holidays?.length ?? 0 };
}
