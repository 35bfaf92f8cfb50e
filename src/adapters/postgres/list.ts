// `list`: the filters of list-query.ts as SQL, keyset-paginated on
// (filed_at, id) with the same opaque cursor as the memory store.
import type { ComplaintSummary, ListPage, ListQuery } from '../types.js';
import { decodeCursor, encodeCursor, pageLimit } from '../list-query.js';
import type { Query } from './client.js';
import type { Names } from './names.js';
import { encodeText, fromJson } from './text.js';

/**
 * The SQL of one page: every filter a sargable condition on an indexed
 * column, ordered by the (filed_at, id) key the cursor continues from, one
 * row more than the page to know whether there is a next one.
 * Booleans are written as literals so the partial indexes (`WHERE breached`,
 * `WHERE at_risk`) match under any plan cache.
 */
export function listSql(n: Names, query: ListQuery): { text: string; params: unknown[] } {
  const params: unknown[] = [];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const oneOrMany = (column: string, v: string | string[]) => {
    const list = Array.isArray(v) ? [...new Set(v)] : [v];
    return list.length === 1 ? `${column} = ${p(encodeText(list[0]!))}` : `${column} IN (${list.map((x) => p(encodeText(x))).join(', ')})`;
  };
  const where: string[] = [];
  if (query.stage !== undefined) where.push(oneOrMany('stage', query.stage));
  if (query.severity !== undefined) where.push(oneOrMany('severity', query.severity));
  if (query.category !== undefined) where.push(`categories @> ARRAY[${p(encodeText(query.category))}::text]`);
  if (query.department !== undefined) where.push(`department = ${p(encodeText(query.department))}`);
  if (query.assignee !== undefined) where.push(`assignee = ${p(encodeText(query.assignee))}`);
  if (query.customerId !== undefined) where.push(`customer_id = ${p(encodeText(query.customerId))}`);
  if (query.escalationLevel !== undefined) where.push(`escalation_level >= ${p(query.escalationLevel)}`);
  if (query.breached !== undefined) where.push(query.breached ? 'breached' : 'NOT breached');
  if (query.atRisk !== undefined) where.push(query.atRisk ? 'at_risk' : 'NOT at_risk');
  if (query.filedFrom !== undefined) where.push(`filed_at >= ${p(query.filedFrom)}`);
  if (query.filedTo !== undefined) where.push(`filed_at < ${p(query.filedTo)}`);
  const after = decodeCursor(query.cursor);
  if (after) where.push(`(filed_at, id) > (${p(after.filedAt)}::bigint, ${p(encodeText(after.id))}::text)`);
  const limit = pageLimit(query.limit);
  const text = `SELECT summary::text AS s FROM ${n.records}
    ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
    ORDER BY filed_at, id
    LIMIT ${p(limit + 1)}`;
  return { text, params };
}

/**
 * One page of summaries.
 * @param q - query function
 * @param n - the store's names
 * @param query - filters, page size and cursor (validated by the caller)
 */
export async function listPage(q: Query, n: Names, query: ListQuery): Promise<ListPage> {
  const limit = pageLimit(query.limit);
  const { text, params } = listSql(n, query);
  const rows = await q<{ s: string }>(text, params);
  const items = rows.slice(0, limit).map((r) => fromJson<ComplaintSummary>(r.s));
  const last = items[items.length - 1];
  return rows.length > limit && last ? { items, next: encodeCursor(last) } : { items };
}
