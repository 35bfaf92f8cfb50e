// Validation of the records summarize() reads: ComplaintRecords from any
// store, or plain { id, stage, context } objects. Only the fields the KPIs use
// are checked (loose objects: anything else is ignored).
import { z } from 'zod';
import { ValidationError, type ValidationIssue } from '../errors.js';
import { categories, categorySchema, instantSchema, severities, severitySchema } from '../schemas/common.js';
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

// ---------------------------------------------------------------------------
// Fast path: the same rules as the schemas above, checked by hand without
// copying (zod costs ~20-40 µs a record, too much for 100k-complaint runs).
// It must never accept what the schemas reject; when it says no, zod decides.

type Obj = Record<string, unknown>;
const isObj = (x: unknown): x is Obj => x !== null && typeof x === 'object' && !Array.isArray(x);
const isCount = (x: unknown): boolean => Number.isSafeInteger(x) && (x as number) >= 0;
const isInstant = (x: unknown): boolean => isCount(x) && (x as number) <= 8.64e15;
const isNonEmpty = (x: unknown): x is string => typeof x === 'string' && x.length > 0;
const oneOf = (values: readonly string[]) => {
  const set = new Set(values);
  return (x: unknown): boolean => typeof x === 'string' && set.has(x);
};
const isChannel = oneOf(channels);
const isCategory = oneOf(categories);
const isSeverity = oneOf(severities);
const isReason = oneOf(reasons);
const isClockName = oneOf(clockNames);
const isClockState = oneOf(['running', 'paused', 'met', 'overdue', 'stopped']);
const isMethod = oneOf(rootCauseMethods);
const isLiability = oneOf(liabilities);
const isSatisfaction = oneOf(satisfactions);
const isOutcome = oneOf(outcomes);
const nullOr = (x: unknown, check: (v: unknown) => boolean): boolean => x === null || check(x);
const undefinedOr = (x: unknown, check: (v: unknown) => boolean): boolean => x === undefined || check(x);

function isClock(c: unknown): boolean {
  return (
    isObj(c) &&
    isInstant(c.startedAt) &&
    isInstant(c.deadline) &&
    isClockState(c.state) &&
    isCount(c.warnings) &&
    isCount(c.breaches) &&
    undefinedOr(c.endedAt, isInstant)
  );
}

function isStep(s: unknown): boolean {
  return isObj(s) && isInstant(s.at) && isCount(s.from) && isCount(s.to) && isReason(s.reason) && undefinedOr(s.clock, isClockName);
}

function isContext(c: unknown): c is AnalyticsContext {
  if (!isObj(c)) return false;
  const { intake, escalation, sla, rootCause, proposal, followUp, breaches } = c;
  if (!isObj(intake) || !isInstant(intake.filedAt) || !isChannel(intake.channel)) return false;
  if (!Array.isArray(c.categories) || !c.categories.every(isCategory)) return false;
  if (!nullOr(c.severity, isSeverity) || !nullOr(c.department, (d) => typeof d === 'string')) return false;
  if (!isObj(escalation) || !isCount(escalation.level) || !undefinedOr(escalation.max, isCount)) return false;
  if (!Array.isArray(escalation.history) || !escalation.history.every(isStep)) return false;
  if (!isObj(sla) || !Object.values(sla).every(isClock)) return false;
  if (!nullOr(c.acknowledgedAt, isInstant) || !nullOr(c.contactedAt, isInstant) || !nullOr(c.closedAt, isInstant)) return false;
  if (!nullOr(rootCause, (r) => isObj(r) && isMethod(r.method) && isLiability(r.liability))) return false;
  const okProposal = (p: unknown) =>
    isObj(p) &&
    typeof p.compensation === 'number' &&
    Number.isFinite(p.compensation) &&
    p.compensation >= 0 &&
    undefinedOr(p.acceptedAt, isInstant);
  if (!nullOr(proposal, okProposal)) return false;
  if (!Array.isArray(c.objections)) return false;
  if (!nullOr(followUp, (f) => isObj(f) && isSatisfaction(f.satisfaction))) return false;
  if (!nullOr(c.outcome, isOutcome) || !isCount(c.reopens)) return false;
  return undefinedOr(breaches, (b) => isObj(b) && Object.values(b).every(isCount));
}

/** The record reduced to `{ id, stage, context }` when it passes the fast check, else undefined. */
function fastRecord(r: unknown): AnalyticsRecord | undefined {
  if (!isObj(r) || !isNonEmpty(r.id)) return undefined;
  if ('snapshot' in r) {
    const { summary, snapshot } = r;
    if (!isObj(summary) || !isNonEmpty(summary.stage) || !isObj(snapshot) || !isContext(snapshot.context)) return undefined;
    return { id: r.id, stage: summary.stage, context: snapshot.context };
  }
  if (!isNonEmpty(r.stage) || !isContext(r.context)) return undefined;
  return { id: r.id, stage: r.stage, context: r.context };
}

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
    const fast = fastRecord(r);
    if (fast) {
      out[i] = fast;
      continue;
    }
    // The slow path: zod accepts what the fast check is too strict for, and names what is wrong.
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
