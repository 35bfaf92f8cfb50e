import { z } from 'zod';
import { ValidationError, validationIssue } from '../errors.js';
import { categorySchema, severitySchema } from '../schemas/common.js';
import type { ComplaintSummary, ListQuery } from './types.js';

const many = <T extends z.ZodType>(s: T) => z.union([s, z.array(s).min(1).max(20)]);

/** Zod schema of a list query. */
export const listQuerySchema = z.strictObject({
  stage: many(z.string().min(1).max(40)).optional(),
  severity: many(severitySchema).optional(),
  category: categorySchema.optional(),
  department: z.string().min(1).max(200).optional(),
  assignee: z.string().min(1).max(200).optional(),
  customerId: z.string().min(1).max(200).optional(),
  escalationLevel: z.number().int().min(0).max(20).optional(),
  breached: z.boolean().optional(),
  atRisk: z.boolean().optional(),
  filedFrom: z.number().int().nonnegative().optional(),
  filedTo: z.number().int().nonnegative().optional(),
  limit: z.number().int().min(1).max(1000).optional(),
  cursor: z.string().max(500).optional(),
});

/** Validate a list query. @throws ValidationError */
export function parseListQuery(q: unknown): ListQuery {
  const r = listQuerySchema.safeParse(q ?? {});
  if (!r.success) throw new ValidationError('list query', r.error.issues);
  decodeCursor(r.data.cursor);
  return r.data as ListQuery;
}

export const pageLimit = (n: number | undefined): number => Math.min(Math.max(n ?? 50, 1), 1000);

/** Keyset cursor: the last item's filing time and id. */
export function encodeCursor(s: Pick<ComplaintSummary, 'filedAt' | 'id'>): string {
  return Buffer.from(JSON.stringify([s.filedAt, s.id])).toString('base64url');
}

export function decodeCursor(c: string | undefined): { filedAt: number; id: string } | undefined {
  if (!c) return undefined;
  try {
    const [filedAt, id] = JSON.parse(Buffer.from(c, 'base64url').toString('utf8')) as [unknown, unknown];
    if (typeof filedAt === 'number' && typeof id === 'string') return { filedAt, id };
  } catch {
    // fall through
  }
  throw validationIssue('list query', ['cursor'], 'not a cursor returned by list()');
}

const oneOf = <T>(want: T | T[] | undefined, have: T) =>
  want === undefined || (Array.isArray(want) ? want.includes(have) : want === have);

/** Does a summary match the query's filters (not the cursor)? */
export function matchesQuery(s: ComplaintSummary, q: ListQuery): boolean {
  return (
    oneOf(q.stage, s.stage) &&
    (q.severity === undefined || (s.severity !== null && oneOf(q.severity, s.severity))) &&
    (q.category === undefined || s.categories.includes(q.category)) &&
    (q.department === undefined || s.department === q.department) &&
    (q.assignee === undefined || s.assignee === q.assignee) &&
    (q.customerId === undefined || s.customerId === q.customerId) &&
    (q.escalationLevel === undefined || s.escalationLevel >= q.escalationLevel) &&
    (q.breached === undefined || s.breached === q.breached) &&
    (q.atRisk === undefined || s.atRisk === q.atRisk) &&
    (q.filedFrom === undefined || s.filedAt >= q.filedFrom) &&
    (q.filedTo === undefined || s.filedAt < q.filedTo)
  );
}
