// Validation of the records summarize() reads: ComplaintRecords from any
// store (older machine versions are upgraded first), or plain
// { id, stage, context } objects. Only the fields the KPIs use are checked
// (loose objects: anything else is ignored).
import { z } from 'zod';
import { isRedressError, ValidationError, type ValidationIssue } from '../errors.js';
import { categories, categorySchema, instantSchema, severities, severitySchema } from '../schemas/common.js';
import { liabilities, rootCauseMethods, satisfactions } from '../schemas/events.js';
import { channels } from '../schemas/intake.js';
import { escalationReasons } from '../machine/context.js';
import { contextFromV1 } from '../machine/migrations.js';
import type { AnalyticsContext, AnalyticsRecord } from './types.js';

const count = z.number().int().nonnegative();
const outcomes = ['resolved', 'resolved_on_first_contact', 'withdrawn', 'unresolvable'] as const;

const clockSchema = z.looseObject({
  startedAt: instantSchema,
  deadline: instantSchema,
  state: z.enum(['running', 'paused', 'met', 'overdue', 'stopped']),
  warnings: count,
  breaches: count,
  endedAt: instantSchema.optional(),
  reportedAt: instantSchema.optional(),
});

/** Zod schema of the context fields the analytics read (a loose subset of `ComplaintContext`). */
export const analyticsContextSchema = z.looseObject({
  intake: z.looseObject({ filedAt: instantSchema, channel: z.enum(channels), reportedAt: instantSchema.optional() }),
  routing: z.looseObject({ categories: z.array(categorySchema), severity: severitySchema.nullable(), department: z.string().nullable() }),
  escalation: z.looseObject({
    level: count,
    max: count,
    count,
    byReason: z.looseObject(Object.fromEntries(escalationReasons.map((r) => [r, count])) as Record<(typeof escalationReasons)[number], typeof count>),
    byLevel: z.array(count),
  }),
  sla: z.record(z.string(), clockSchema),
  milestones: z.looseObject({
    acknowledgedAt: instantSchema.nullable(),
    contactedAt: instantSchema.nullable(),
    closedAt: instantSchema.nullable(),
    archivedAt: instantSchema.nullable(),
  }),
  resolution: z.looseObject({
    rootCause: z.looseObject({ method: z.enum(rootCauseMethods), liability: z.enum(liabilities) }).nullable(),
    proposal: z.looseObject({ compensation: z.number().finite().nonnegative(), acceptedAt: instantSchema.nullish() }).nullable(),
    followUp: z.looseObject({ satisfaction: z.enum(satisfactions) }).nullable(),
    outcome: z.enum(outcomes).nullable(),
  }),
  counts: z.looseObject({ objections: count, reopens: count, breaches: z.record(z.string(), count), backdated: count }),
});

const idSchema = z.string().min(1);

// ---------------------------------------------------------------------------
// Fast path: the same rules as the schema above, checked by hand without
// copying (zod costs ~20-40 µs a record, too much for 100k-complaint runs).
// It must never accept what the schema rejects; when it says no, zod decides.

type Obj = Record<string, unknown>;
const isObj = (x: unknown): x is Obj => x !== null && typeof x === 'object' && !Array.isArray(x);
const isCount = (x: unknown): boolean => Number.isSafeInteger(x) && (x as number) >= 0;
const isInstant = (x: unknown): boolean => isCount(x) && (x as number) <= 253_402_300_799_999;
const isNonEmpty = (x: unknown): x is string => typeof x === 'string' && x.length > 0;
const oneOf = (values: readonly string[]) => {
  const set = new Set(values);
  return (x: unknown): boolean => typeof x === 'string' && set.has(x);
};
const isChannel = oneOf(channels);
const isCategory = oneOf(categories);
const isSeverity = oneOf(severities);
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
    undefinedOr(c.endedAt, isInstant) &&
    undefinedOr(c.reportedAt, isInstant)
  );
}

function isContext(c: unknown): c is AnalyticsContext {
  if (!isObj(c)) return false;
  const { intake, routing, escalation, sla, milestones, resolution, counts } = c;
  if (!isObj(intake) || !isInstant(intake.filedAt) || !isChannel(intake.channel) || !undefinedOr(intake.reportedAt, isInstant)) return false;
  if (!isObj(routing) || !Array.isArray(routing.categories) || !routing.categories.every(isCategory)) return false;
  if (!nullOr(routing.severity, isSeverity) || !nullOr(routing.department, (d) => typeof d === 'string')) return false;
  if (!isObj(escalation) || !isCount(escalation.level) || !isCount(escalation.max) || !isCount(escalation.count)) return false;
  if (!isObj(escalation.byReason) || !escalationReasons.every((r) => isCount((escalation.byReason as Obj)[r]))) return false;
  if (!Array.isArray(escalation.byLevel) || !escalation.byLevel.every(isCount)) return false;
  if (!isObj(sla) || !Object.values(sla).every(isClock)) return false;
  if (!isObj(milestones) || !nullOr(milestones.acknowledgedAt, isInstant) || !nullOr(milestones.contactedAt, isInstant)) return false;
  if (!nullOr(milestones.closedAt, isInstant) || !nullOr(milestones.archivedAt, isInstant)) return false;
  if (!isObj(resolution)) return false;
  if (!nullOr(resolution.rootCause, (r) => isObj(r) && isMethod(r.method) && isLiability(r.liability))) return false;
  const okProposal = (p: unknown) =>
    isObj(p) && typeof p.compensation === 'number' && Number.isFinite(p.compensation) && p.compensation >= 0 && (p.acceptedAt === undefined || nullOr(p.acceptedAt, isInstant));
  if (!nullOr(resolution.proposal, okProposal)) return false;
  if (!nullOr(resolution.followUp, (f) => isObj(f) && isSatisfaction(f.satisfaction))) return false;
  if (!nullOr(resolution.outcome, isOutcome)) return false;
  return isObj(counts) && isCount(counts.objections) && isCount(counts.reopens) && isCount(counts.backdated) && isObj(counts.breaches) && Object.values(counts.breaches).every(isCount);
}

/** A context written by machine version 1 (before the redesign), recognised by its flat fields. */
const isV1Context = (c: unknown): boolean => isObj(c) && !('routing' in c) && Array.isArray(c.categories);

/** Where a record keeps its context and stage, upgrading a version-1 context. */
function unwrap(r: Obj): { id: unknown; stage: unknown; context: unknown } {
  let stage: unknown;
  let context: unknown;
  if ('snapshot' in r) {
    const snapshot = r.snapshot;
    const summary = r.summary;
    context = isObj(snapshot) ? snapshot.context : undefined;
    stage = isObj(summary) ? summary.stage : undefined;
  } else {
    stage = r.stage;
    context = r.context;
  }
  if (isV1Context(context)) context = contextFromV1(context);
  return { id: r.id, stage, context };
}

/** The record reduced to `{ id, stage, context }` when it passes the fast check, else undefined. */
function fastRecord(u: { id: unknown; stage: unknown; context: unknown }): AnalyticsRecord | undefined {
  if (!isNonEmpty(u.id) || !isNonEmpty(u.stage) || !isContext(u.context)) return undefined;
  return { id: u.id, stage: u.stage, context: u.context };
}

const recordSchema = z.object({ id: idSchema, stage: z.string().min(1), context: analyticsContextSchema });

/** At most this many issues are reported (the first records that fail). */
export const MAX_ISSUES = 20;

/**
 * Validate one record for the analytics.
 *
 * @param r - a `ComplaintRecord` (any machine version) or `{ id, stage, context }`
 * @returns the record reduced to `{ id, stage, context }`, or zod's issues
 */
export function parseRecord(r: unknown): { record: AnalyticsRecord } | { issues: readonly ValidationIssue[] } {
  if (!isObj(r)) return { issues: [{ code: 'custom', path: [], message: 'expected a complaint record (an object)', input: undefined } as ValidationIssue] };
  let u: ReturnType<typeof unwrap>;
  try {
    u = unwrap(r);
  } catch (e) {
    return { issues: [{ code: 'custom', path: ['snapshot', 'context'], message: isRedressError(e) ? e.message : String(e), input: undefined } as ValidationIssue] };
  }
  const fast = fastRecord(u);
  if (fast) return { record: fast };
  // The slow path: zod accepts what the fast check is too strict for, and names what is wrong.
  const p = recordSchema.safeParse(u);
  if (p.success) return { record: p.data as AnalyticsRecord };
  const where = 'snapshot' in r ? (i: ValidationIssue) => (i.path[0] === 'context' ? ['snapshot', ...i.path] : i.path[0] === 'stage' ? ['summary', 'stage'] : i.path) : (i: ValidationIssue) => i.path;
  return { issues: p.error.issues.map((i) => ({ ...i, path: where(i) })) };
}

/**
 * Validate records for the analytics.
 *
 * @param records - `ComplaintRecord`s or `{ id, stage, context }` objects (mixed is fine)
 * @returns the records reduced to `{ id, stage, context }`
 * @throws ValidationError naming the index and field of each bad record
 */
export function parseRecords(records: unknown): AnalyticsRecord[] {
  if (!Array.isArray(records)) {
    throw new ValidationError('records', [{ code: 'custom', path: [], message: 'expected an array of complaint records', input: undefined } as ValidationIssue]);
  }
  const out: AnalyticsRecord[] = new Array(records.length);
  const issues: ValidationIssue[] = [];
  for (let i = 0; i < records.length && issues.length < MAX_ISSUES; i++) {
    const p = parseRecord(records[i]);
    if ('record' in p) out[i] = p.record;
    else for (const issue of p.issues) issues.push({ ...issue, path: [i, ...issue.path] });
  }
  if (issues.length > 0) throw new ValidationError('records', issues);
  return out;
}
