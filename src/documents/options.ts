// Validation of renderDocument's kind and options, and their defaults.
import { z } from 'zod';
import type { TimelineEntry } from '../adapters/types.js';
import { roleSchema, shortText } from '../schemas/common.js';
import { parseWith } from '../schemas/parse.js';
import { documentKinds, documentLocales, type DocumentKind, type DocumentLocale, type DocumentOptions } from './types.js';

const isTimeZone = (tz: string): boolean => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return tz.length > 0;
  } catch {
    return false;
  }
};

const timeZoneSchema = z.string().refine(isTimeZone, { message: 'expected a valid IANA time zone, e.g. Asia/Shanghai' });
const namesSchema = z.record(z.string().min(1).max(200), shortText);

/** One timeline entry as the documents read it (other fields are kept). */
export const timelineEntrySchema = z.looseObject({
  at: z.number().finite(),
  kind: z.string(),
  type: z.string(),
  actor: z.looseObject({ id: z.string(), role: roleSchema }),
  data: z.record(z.string(), z.unknown()),
});

/**
 * Zod schema of {@link DocumentOptions} (what `renderDocument` validates its
 * options with; unknown keys are refused).
 *
 * @example
 * documentOptionsSchema.safeParse({ locale: 'zh', timeZone: 'Mars/Olympus' }).success // false: path ['timeZone']
 */
export const documentOptionsSchema = z.strictObject({
  locale: z.enum(documentLocales),
  personalData: z.boolean().optional(),
  timeZone: timeZoneSchema.optional(),
  policy: z.looseObject({ calendars: z.record(z.string(), z.looseObject({ timeZone: timeZoneSchema })) }).optional(),
  timeline: z.array(timelineEntrySchema).max(100_000).optional(),
  organization: shortText.optional(),
  currency: z.string().regex(/^[A-Z]{3}$/, 'expected an ISO 4217 code, e.g. CNY').optional(),
  names: z.strictObject({ people: namesSchema.optional(), departments: namesSchema.optional() }).optional(),
});

/** The options with their defaults applied. */
export interface ResolvedOptions {
  locale: DocumentLocale;
  personalData: boolean;
  timeZone: string;
  timeline: readonly TimelineEntry[] | undefined;
  organization: string | undefined;
  currency: string | undefined;
  people: Readonly<Record<string, string>>;
  departments: Readonly<Record<string, string>>;
}

/** Validate the document kind or throw a ValidationError. */
export function parseKind(kind: unknown): DocumentKind {
  return parseWith(z.enum(documentKinds), 'document kind', kind);
}

/**
 * Validate the options and apply the defaults: masked personal data, the
 * time zone of the policy's `business` calendar, else UTC.
 */
export function resolveOptions(options: DocumentOptions): ResolvedOptions {
  const o = parseWith(documentOptionsSchema, 'document options', options);
  return {
    locale: o.locale,
    personalData: o.personalData ?? false,
    timeZone: o.timeZone ?? o.policy?.calendars['business']?.timeZone ?? 'UTC',
    timeline: o.timeline as TimelineEntry[] | undefined,
    organization: o.organization,
    currency: o.currency,
    people: o.names?.people ?? {},
    departments: o.names?.departments ?? {},
  };
}
