import { z } from 'zod';

/**
 * How long an SLA allows, in one of three kinds:
 * - `{ hours?, minutes? }`: working time, counted inside the calendar's working periods;
 * - `{ workingDays }`: that many working days later at the same local time of day, rolled into working time;
 * - `{ days }`: that many calendar days later at the same local time, in the calendar's time zone;
 * - `{ endOfWorkingDay }`: the close of business (end of the last working period) of the n-th working day
 *   after the local date of the start (regulators' "by the end of the 3rd business day following receipt").
 *
 * All numbers are non-negative and finite; `workingDays` and `days` are whole numbers.
 * @example
 * const triage: Duration = { hours: 2 };
 * const proposal: Duration = { workingDays: 1 };
 * const cfpb: Duration = { days: 15 };
 */
export type Duration =
  | { hours?: number; minutes?: number }
  | { workingDays: number }
  | { days: number }
  | { endOfWorkingDay: number };

const amount = z.number().finite().nonnegative();
const whole = z.number().int().nonnegative();

const rawDurationSchema = z
  .strictObject({
    hours: amount.optional(),
    minutes: amount.optional(),
    workingDays: whole.optional(),
    days: whole.optional(),
    endOfWorkingDay: whole.optional(),
  })
  .superRefine((d, ctx) => {
    const kinds = [
      d.hours !== undefined || d.minutes !== undefined ? 'hours/minutes' : undefined,
      d.workingDays !== undefined ? 'workingDays' : undefined,
      d.days !== undefined ? 'days' : undefined,
      d.endOfWorkingDay !== undefined ? 'endOfWorkingDay' : undefined,
    ].filter((k) => k !== undefined);
    if (kinds.length === 0) {
      ctx.addIssue({ code: 'custom', path: [], message: 'a duration needs one of hours, minutes, workingDays, days or endOfWorkingDay' });
    } else if (kinds.length > 1) {
      ctx.addIssue({ code: 'custom', path: [], message: `a duration cannot mix ${kinds.join(' and ')}` });
    }
  });

/**
 * Zod schema of a {@link Duration}: non-negative finite numbers, at least one
 * field, whole `workingDays` / `days`, and no mixing of the three kinds.
 *
 * @example
 * durationSchema.parse({ hours: 2, minutes: 30 }); // ok
 * durationSchema.safeParse({ hours: 2, days: 1 }).success; // false: mixes kinds
 */
export const durationSchema: z.ZodType<Duration, Duration> = rawDurationSchema as unknown as z.ZodType<
  Duration,
  Duration
>;

function num(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Number(n.toFixed(4)));
}

/**
 * A short English description of a duration, for messages and views.
 *
 * @param d - the duration
 * @returns e.g. `'2 working hours'`, `'1 working day'`, `'8 days'`, `'30 min'`, `'1 working hour 30 min'`
 * @example
 * describeDuration({ hours: 2 }); // '2 working hours'
 * describeDuration({ workingDays: 1 }); // '1 working day'
 * describeDuration({ days: 8 }); // '8 days'
 * describeDuration({ minutes: 30 }); // '30 min'
 */
export function describeDuration(d: Duration): string {
  if ('endOfWorkingDay' in d && d.endOfWorkingDay !== undefined) {
    return `by close of business on working day ${num(d.endOfWorkingDay)}`;
  }
  if ('workingDays' in d && d.workingDays !== undefined) return `${num(d.workingDays)} working day${d.workingDays === 1 ? '' : 's'}`;
  if ('days' in d && d.days !== undefined) return `${num(d.days)} day${d.days === 1 ? '' : 's'}`;
  const parts: string[] = [];
  const { hours, minutes } = d as { hours?: number; minutes?: number };
  if (hours !== undefined && (hours !== 0 || !minutes)) {
    parts.push(`${num(hours)} working hour${hours === 1 ? '' : 's'}`);
  }
  if (minutes !== undefined && (minutes !== 0 || parts.length === 0)) parts.push(`${num(minutes)} min`);
  return parts.length > 0 ? parts.join(' ') : '0 min';
}
