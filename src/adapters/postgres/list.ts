// `list` and `records`: the filters of list-query.ts as SQL over `records`
// (the often-changing columns: stage, status, updated_at, next_deadline) and
// `summaries` (the rarely-changing filters), keyset-paginated with the same
// opaque cursors as the memory store.
//
// Every filter is a sargable condition on an indexed column, and every sort
// key has its own index, so each filter × sort × order is served by an index
// (test/postgres-store.test.ts checks the plans):
// - stage and status: `records_status_idx (status, stage, filed_at, id)`;
//   a stage filter without a status also names every status (a tautology
//   under the column's CHECK) so that the index's leading column is bound;
// - the others: the partial indexes of `summaries` (conditions are written so
//   that the planner can prove each partial index's predicate);
// - sorts: `summaries_filed_idx`, `records_updated_idx`, `records_deadline_idx`
//   (on `coalesce(next_deadline, MAX_SAFE_INTEGER)`: no deadline sorts last
//   ascending, first descending, as in `compareFor`).
import type { ComplaintRecord, ComplaintSummary, ListPage, ListQuery, ListSort, RecordPage, RecordQuery } from '../types.js';
import { decodeListCursor, decodeRecordCursor, encodeListCursor, encodeRecordCursor, pageLimit } from '../list-query.js';
import type { Query } from './client.js';
import { NO_DEADLINE } from './migrations.js';
import type { Names } from './names.js';
import { decodeRecord, RECORD_COLUMNS, SUMMARY_JSON } from './records.js';
import { encodeText, fromJson } from './text.js';

/** The SQL expressions of a sort: its key and its tie-breaker. */
const SORT: Record<ListSort, { key: string; id: string }> = {
  filedAt: { key: 's.filed_at', id: 's.id' },
  updatedAt: { key: 'r.updated_at', id: 'r.id' },
  nextDeadline: { key: `coalesce(r.next_deadline, ${NO_DEADLINE})`, id: 'r.id' },
};

const STATUSES = `('open', 'closed', 'archived')`;

/**
 * The SQL of one page: the filters, the cursor as a row comparison on the
 * sort key and id, one row more than the page to know whether there is a next.
 * Booleans and the escalation level are written as literals (validated
 * values) so the partial indexes match under any plan cache.
 */
export function listSql(n: Names, query: ListQuery): { text: string; params: unknown[] } {
  const params: unknown[] = [];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const oneOrMany = (column: string, v: string | string[]) => {
    const list = Array.isArray(v) ? [...new Set(v)] : [v];
    return list.length === 1 ? `${column} = ${p(encodeText(list[0]!))}::text` : `${column} IN (${list.map((x) => `${p(encodeText(x))}::text`).join(', ')})`;
  };
  const where: string[] = [];
  if (query.status !== undefined) where.push(oneOrMany('r.status', query.status));
  else if (query.stage !== undefined) where.push(`r.status IN ${STATUSES}`);
  if (query.stage !== undefined) where.push(oneOrMany('r.stage', query.stage));
  if (query.severity !== undefined) where.push(oneOrMany('s.severity', query.severity));
  if (query.category !== undefined) where.push(`s.categories @> ARRAY[${p(encodeText(query.category))}::text] AND s.categories <> '{}'`);
  if (query.department !== undefined) where.push(`s.department = ${p(encodeText(query.department))}::text`);
  if (query.assignee !== undefined) where.push(`s.assignee = ${p(encodeText(query.assignee))}::text`);
  if (query.customerId !== undefined) where.push(`s.customer_id = ${p(encodeText(query.customerId))}::text`);
  // Every level is at least 0 (a CHECK): a minimum of 0 filters nothing.
  if (query.escalationLevel !== undefined && query.escalationLevel > 0) where.push(`s.escalation_level >= ${Math.floor(query.escalationLevel)}`);
  if (query.breached !== undefined) where.push(query.breached ? 's.breached' : 'NOT s.breached');
  if (query.atRisk !== undefined) where.push(query.atRisk ? 's.at_risk' : 'NOT s.at_risk');
  if (query.filedFrom !== undefined) where.push(`s.filed_at >= ${p(query.filedFrom)}::bigint`);
  if (query.filedTo !== undefined) where.push(`s.filed_at < ${p(query.filedTo)}::bigint`);
  const sort = query.sort ?? 'filedAt';
  const desc = query.order === 'desc';
  const { key, id } = SORT[sort];
  const after = decodeListCursor(query.cursor, sort, desc);
  if (after) where.push(`(${key}, ${id}) ${desc ? '<' : '>'} (${p(after.key)}::bigint, ${p(encodeText(after.id))}::text)`);
  const dir = desc ? 'DESC' : 'ASC';
  const text = `SELECT ${SUMMARY_JSON}::text AS s
    FROM ${n.records} AS r JOIN ${n.summaries} AS s ON s.id = r.id
    ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
    ORDER BY ${key} ${dir}, ${id} ${dir}
    LIMIT ${p(pageLimit(query.limit) + 1)}`;
  return { text, params };
}

/**
 * One page of summaries.
 * @param q - query function
 * @param n - the store's names
 * @param query - filters, sort, page size and cursor (validated by the caller)
 */
export async function listPage(q: Query, n: Names, query: ListQuery): Promise<ListPage> {
  const limit = pageLimit(query.limit);
  const { text, params } = listSql(n, query);
  const rows = await q<{ s: string }>(text, params);
  const items = rows.slice(0, limit).map((r) => fromJson<ComplaintSummary>(r.s));
  const last = items[items.length - 1];
  return rows.length > limit && last ? { items, next: encodeListCursor(last, query.sort ?? 'filedAt', query.order === 'desc') } : { items };
}

/** `records`: complete records filed in a range, in filing order (the `summaries_filed_idx` order). */
export function recordsSql(n: Names, query: RecordQuery): { text: string; params: unknown[] } {
  const params: unknown[] = [];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const where: string[] = [];
  if (query.filedFrom !== undefined) where.push(`s.filed_at >= ${p(query.filedFrom)}::bigint`);
  if (query.filedTo !== undefined) where.push(`s.filed_at < ${p(query.filedTo)}::bigint`);
  const after = decodeRecordCursor(query.cursor);
  if (after) where.push(`(s.filed_at, s.id) > (${p(after.filedAt)}::bigint, ${p(encodeText(after.id))}::text)`);
  const text = `SELECT ${RECORD_COLUMNS}
    FROM ${n.summaries} AS s JOIN ${n.records} AS r ON r.id = s.id LEFT JOIN ${n.intake} AS i ON i.id = s.id
    ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
    ORDER BY s.filed_at, s.id
    LIMIT ${p(Math.max(1, Math.floor(query.limit)) + 1)}`;
  return { text, params };
}

/** One page of complete records (each with its intake re-attached). */
export async function recordsPage(q: Query, n: Names, query: RecordQuery): Promise<{ page: RecordPage; rows: { record: ComplaintRecord; intake: string | null }[] }> {
  const limit = Math.max(1, Math.floor(query.limit));
  const { text, params } = recordsSql(n, query);
  const rows = await q<{ r: string; z: Uint8Array | string | null; i: string | null }>(text, params);
  const decoded = rows.slice(0, limit).map((row) => ({ record: decodeRecord(row), intake: row.i }));
  const items = decoded.map((d) => d.record);
  const last = items[items.length - 1];
  return { page: rows.length > limit && last ? { items, next: encodeRecordCursor(last.summary) } : { items }, rows: decoded };
}
