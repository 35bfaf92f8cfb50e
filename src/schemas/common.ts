import { z } from 'zod';

/** Roles that may act on a complaint, lowest authority first (`system` fires timers). */
export const roles = ['customer', 'agent', 'handler', 'supervisor', 'director', 'executive', 'system'] as const;
/** A role that may act on a complaint. */
export type Role = (typeof roles)[number];
export const roleSchema = z.enum(roles);

/** The latest instant redress accepts: 9999-12-31T23:59:59.999Z (calendar math stays in range beyond it). */
export const MAX_INSTANT = 253_402_300_799_999;

/** Epoch milliseconds, a whole non-negative number up to the end of year 9999. */
export const instantSchema = z.number().int().nonnegative().max(MAX_INSTANT);

/**
 * An instant as callers write it: epoch milliseconds, a `Date`, or an
 * ISO-8601 date-time string with an offset (`Z` or `+08:00`). Local times
 * without an offset are refused: they mean different instants on different
 * machines.
 */
export type InstantInput = number | Date | string;

const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}(:?\d{2})?)$/i;

/**
 * Zod schema of an {@link InstantInput}; parses to epoch milliseconds.
 *
 * @example
 * instantInputSchema.parse('2026-11-23T09:00:00+08:00'); // 1795395600000
 * instantInputSchema.parse(new Date(0)); // 0
 */
export const instantInputSchema = z
  .union([
    z.number(),
    z.date({ error: 'expected a valid Date' }),
    z.string().regex(ISO_WITH_OFFSET, 'expected an ISO-8601 date-time with an offset, e.g. 2026-11-23T09:00:00+08:00'),
  ])
  .transform((v) => (typeof v === 'number' ? v : typeof v === 'string' ? Date.parse(v) : v.getTime()))
  .pipe(instantSchema);

/** Is the string well-formed UTF-16 (no unpaired surrogate)? Stores and JSON encoders refuse the others. */
export function isWellFormed(s: string): boolean {
  return !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);
}
const wellFormed = (schema: z.ZodString) => schema.refine(isWellFormed, 'contains an unpaired UTF-16 surrogate');
// No control characters (U+0000–U+001F, U+007F) in ids and single-line labels.
const SINGLE_LINE = /^[^\u0000-\u001f\u007f]*$/;

/**
 * An opaque identifier (actor, customer, assignee, complaint): 1–200
 * characters, no leading or trailing whitespace, no control characters.
 * Never trimmed or normalised: two spellings are two ids.
 */
export const idText = wellFormed(z.string().min(1).max(200))
  .refine((s) => s.trim() === s, 'must not start or end with whitespace')
  .refine((s) => SINGLE_LINE.test(s), 'must not contain control characters');
/** Short single-line text (names, labels), trimmed. */
export const shortText = wellFormed(z.string().trim().min(1).max(200)).refine((s) => SINGLE_LINE.test(s), 'must be a single line');
/** Free text (descriptions, notes, reasons), trimmed. */
export const longText = wellFormed(z.string().trim().min(1).max(10_000));

/** Who performs an action. */
export const actorSchema = z.strictObject({ id: idText, role: roleSchema });
/** Who performs an action: an id and a role. */
export type Actor = z.infer<typeof actorSchema>;

/** Complaint categories (one or more per complaint). */
export const categories = ['product_quality', 'service_experience', 'logistics', 'billing', 'other'] as const;
export type Category = (typeof categories)[number];
export const categorySchema = z.enum(categories);

/** Severity: urgent (media, safety, key account, batch), general, normal. */
export const severities = ['urgent', 'general', 'normal'] as const;
export type Severity = (typeof severities)[number];
export const severitySchema = z.enum(severities);

/** Money amount in the smallest sensible unit of the host's currency (e.g. 1200.50). */
export const amountSchema = z.number().finite().nonnegative().max(1e12);
