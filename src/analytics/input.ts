// Validation of the records summarize() reads: ComplaintRecords from any
// store, or plain { id, stage, context } objects. Only the fields the KPIs use
// are checked (loose objects: anything else is ignored).
import { z } from 'zod';
import { ValidationError, type ValidationIssue } from '../errors.js';
import { categorySchema, instantSchema, severitySchema } from '../schemas/common.js';
import { clockNames, liabilities, rootCauseMethods, satisfactions } from '../schemas/events.js';
import { channels } from '../schemas/intake.js';
import type { AnalyticsContext, AnalyticsRecord } from './types.js';

const count = z.number().int().nonnegative();
const outcomes = ['resolved', 'resolved_on_first_contact', 'withdrawn', 'unresolvable'] as const;
const reasons = ['breach', 'manual', 'objection', 'urgent', 'reopen'] as const;

const clockSchema = z.looseObject({
  startedAt: instantSchema,
  deadline: instantSchema,
  state: z.enum(['running', 'paused', 'met', 'overdue', 'stopped']),
  warnings: count,
  breaches: count,
  endedAt: instantSchema.optional(),
});

/** Zod schema of the context fields the analytics read (a loose subset of `ComplaintContext`). */
export const analyticsContextSchema = z.looseObject({
  intake: z.looseObject({ filedAt: instantSchema, channel: z.enum(channels) }),
  categories: z.array(categorySchema),
  severity: severitySchema.nullable(),
  department: z.string().nullable(),
  escalation: z.looseObject({
    level: count,
    max: count.optional(),
    history: z.array(
      z.looseObject({
        at: instantSchema,
        from: count,
        to: count,
        reason: z.enum(reasons),
        clock: z.enum(clockNames).optional(),
      }),
    ),
  }),
  sla: z.record(z.string(), clockSchema),
  acknowledgedAt: instantSchema.nullable(),
  contactedAt: instantSchema.nullable(),
  rootCause: z.looseObject({ method: z.enum(rootCauseMethods), liability: z.enum(liabilities) }).nullable(),
  proposal: z
    .looseObject({ compensation: z.number().finite().nonnegative(), acceptedAt: instantSchema.optional() })
    .nullable(),
  objections: z.array(z.unknown()),
  followUp: z.looseObject({ satisfaction: z.enum(satisfactions) }).nullable(),
  outcome: z.enum(outcomes).nullable(),
  closedAt: instantSchema.nullable(),
  reopens: count,
  // Older snapshots have no lifetime breach counter: the clocks and the escalation history stand in.
  breaches: z.record(z.string(), count).optional(),
});

const idSchema = z.string().min(1);

/** A record as a store keeps it: `snapshot.context` and `summary.stage`. */
const storedSchema = z.looseObject({
  id: idSchema,
  summary: z.looseObject({ stage: z.string().min(1) }),
  snapshot: z.looseObject({ context: analyticsContextSchema }),
});

/** A plain record: `{ id, stage, context }`. */
const plainSchema = z.looseObject({
  id: idSchema,
  stage: z.string().min(1),
  context: analyticsContextSchema,
});

/** At most this many issues are reported (the first records that fail). */
const MAX_ISSUES = 20;

/**
 * Validate records for the analytics.
 *
 * @param records - an array of `ComplaintRecord`s or `{ id, stage, context }` objects (mixed is fine)
 * @returns the records reduced to `{ id, stage, context }`
 * @throws ValidationError naming the index and field of each bad record
 */
export function parseRecords(records: unknown): AnalyticsRecord[] {
  if (!Array.isArray(records)) {
    throw new ValidationError('records', [
      { code: 'custom', path: [], message: 'expected an array of complaint records', input: undefined } as ValidationIssue,
    ]);
  }
  const out: AnalyticsRecord[] = new Array(records.length);
  const issues: ValidationIssue[] = [];
  const fail = (i: number, found: readonly ValidationIssue[]) => {
    for (const issue of found) issues.push({ ...issue, path: [i, ...issue.path] });
  };
  for (let i = 0; i < records.length && issues.length < MAX_ISSUES; i++) {
    const r: unknown = records[i];
    if (r !== null && typeof r === 'object' && 'snapshot' in r) {
      const p = storedSchema.safeParse(r);
      if (p.success) out[i] = { id: p.data.id, stage: p.data.summary.stage, context: p.data.snapshot.context as AnalyticsContext };
      else fail(i, p.error.issues);
    } else {
      const p = plainSchema.safeParse(r);
      if (p.success) out[i] = { id: p.data.id, stage: p.data.stage, context: p.data.context as AnalyticsContext };
      else fail(i, p.error.issues);
    }
  }
  if (issues.length > 0) throw new ValidationError('records', issues);
  return out;
}
