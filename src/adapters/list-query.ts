import { z } from 'zod';
import { ValidationError, validationIssue } from '../errors.js';
import { categorySchema, idText, instantSchema, severitySchema } from '../schemas/common.js';
import { stages, type ComplaintSummary, type ListQuery, type ListSort } from './types.js';

const many = <T extends z.ZodType>(s: T) => z.union([s, z.array(s).min(1).max(20)]);

/** Zod schema of a list query. */
export const listQuerySchema = z.strictObject({
  stage: many(z.enum(stages)).optional(),
  status: many(z.enum(['open', 'closed', 'archived'])).optional(),
  severity: many(severitySchema).optional(),
  category: categorySchema.optional(),
  department: idText.optional(),
  assignee: idText.optional(),
  customerId: idText.optional(),
  escalationLevel: z.number().int().min(0).max(20).optional(),
  breached: z.boolean().optional(),
  atRisk: z.boolean().optional(),
  filedFrom: instantSchema.optional(),
  filedTo: instantSchema.optional(),
  sort: z.enum(['filedAt', 'updatedAt', 'nextDeadline']).optional(),
  order: z.enum(['asc', 'desc']).optional(),
  limit: z.number().int().min(1).max(1000).optional(),
  cursor: z.string().max(500).optional(),
});

/** Validate a list query (the cursor too). @throws ValidationError */
export function parseListQuery(q: unknown): ListQuery {
  const r = listQuerySchema.safeParse(q ?? {});
  if (!r.success) throw new ValidationError('list query', r.error.issues);
  const query = r.data as ListQuery;
  decodeListCursor(query.cursor, query.sort ?? 'filedAt', query.order === 'desc');
  return query;
}

export const pageLimit = (n: number | undefined): number => Math.min(Math.max(n ?? 50, 1), 1000);

/** The sort key of a summary: `nextDeadline` null sorts after every instant (ascending). */
export function sortKey(s: Pick<ComplaintSummary, ListSort>, sort: ListSort): number {
  const v = s[sort];
  return v === null ? Number.MAX_SAFE_INTEGER : v;
}

/** Order of summaries for a sort and direction, ties broken by id (in the same direction). */
export function compareFor(sort: ListSort, desc: boolean): (a: Pick<ComplaintSummary, ListSort | 'id'>, b: Pick<ComplaintSummary, ListSort | 'id'>) => number {
  return (a, b) => {
    const d = sortKey(a, sort) - sortKey(b, sort) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
    return desc ? -d : d;
  };
}

/** Keyset cursor: sort, direction, the last item's key and id. */
export function encodeListCursor(s: ComplaintSummary, sort: ListSort, desc: boolean): string {
  return Buffer.from(JSON.stringify([sort, desc ? 'd' : 'a', sortKey(s, sort), s.id])).toString('base64url');
}

/** The position a cursor names, as a comparable summary; undefined without a cursor. */
export function decodeListCursor(
  c: string | undefined,
  sort: ListSort,
  desc: boolean,
): { key: number; id: string; summary: Pick<ComplaintSummary, ListSort | 'id'> } | undefined {
  if (c === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(c, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  if (Array.isArray(parsed) && parsed.length === 4) {
    const [s, d, key, id] = parsed as unknown[];
    if (s !== sort || d !== (desc ? 'd' : 'a')) {
      throw validationIssue('list query', ['cursor'], `the cursor belongs to another order (sort ${String(s)}, order ${d === 'd' ? 'desc' : 'asc'})`);
    }
    if (typeof key === 'number' && Number.isSafeInteger(key) && key >= 0 && typeof id === 'string' && id.length > 0 && id.length <= 200) {
      const v = key === Number.MAX_SAFE_INTEGER ? null : key;
      return { key, id, summary: { id, filedAt: key, updatedAt: key, nextDeadline: v } };
    }
  }
  throw validationIssue('list query', ['cursor'], 'not a cursor returned by list()');
}

/** Records cursor: the last record's filing time and id. */
export function encodeRecordCursor(s: Pick<ComplaintSummary, 'filedAt' | 'id'>): string {
  return Buffer.from(JSON.stringify([s.filedAt, s.id])).toString('base64url');
}

export function decodeRecordCursor(c: string | undefined): { filedAt: number; id: string } | undefined {
  if (c === undefined) return undefined;
  try {
    const [filedAt, id] = JSON.parse(Buffer.from(c, 'base64url').toString('utf8')) as [unknown, unknown];
    if (typeof filedAt === 'number' && Number.isSafeInteger(filedAt) && filedAt >= 0 && typeof id === 'string' && id.length > 0) return { filedAt, id };
  } catch {
    // fall through
  }
  throw validationIssue('records query', ['cursor'], 'not a cursor returned by records()');
}

const oneOf = <T>(want: T | T[] | undefined, have: T) =>
  want === undefined || (Array.isArray(want) ? want.includes(have) : want === have);

/** Does a summary match the query's filters (not the cursor)? */
export function matchesQuery(s: ComplaintSummary, q: ListQuery): boolean {
  return (
    oneOf(q.stage, s.stage) &&
    oneOf(q.status, s.status) &&
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
