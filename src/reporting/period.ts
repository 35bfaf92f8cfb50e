// The reporting period every exporter takes: [from, to), instants.
import { z } from 'zod';
import { instantInputSchema, type InstantInput } from '../schemas/common.js';

/** A reporting period: `from` inclusive, `to` exclusive (epoch ms, `Date` or ISO-8601 with an offset). */
export interface PeriodInput {
  from: InstantInput;
  to: InstantInput;
}

/** A reporting period in epoch ms. */
export interface Period {
  from: number;
  to: number;
}

/** Zod schema of a {@link PeriodInput}; parses to epoch ms and needs `to` after `from`. */
export const periodSchema = z
  .strictObject({ from: instantInputSchema, to: instantInputSchema })
  .refine((p) => p.to > p.from, { message: 'the period must end (to) after it starts (from)', path: ['to'] });

/** Zod schema of an IANA time zone name (`Europe/London`). */
export const timeZoneSchema = z.string().refine((tz) => {
  if (tz.length === 0) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, 'expected an IANA time zone, e.g. Europe/London');
