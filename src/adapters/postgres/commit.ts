// `commit` as ONE SQL statement: the record write (guarded by the expected
// version) heads a chain of data-modifying CTEs (timeline, timer disarms and
// upserts, outbox, idempotency) that all join on its RETURNING row. A single
// statement is atomic on any client — no connection has to be pinned for a
// BEGIN/COMMIT — and costs one round trip:
// - version mismatch: the UPDATE matches no row, so every other CTE inserts
//   nothing, and the statement reports 0 → ConflictError;
// - any error (duplicate record, outbox id, idempotency key → 23505 →
//   ConflictError; connection lost → STORE_UNAVAILABLE) aborts the whole
//   statement: nothing of it is ever visible.
import { ConflictError } from '../../errors.js';
import type { Commit } from '../types.js';
import type { Query } from './client.js';
import type { Names } from './names.js';
import { encodeText, toJson } from './text.js';

/** Summary columns, computed in SQL from the summary jsonb (`s.j`), so they cannot drift from it. */
const SUMMARY_COLUMNS: readonly (readonly [column: string, expression: string])[] = [
  ['stage', "s.j->>'stage'"],
  ['step', "s.j->>'step'"],
  ['severity', "s.j->>'severity'"],
  ['categories', "ARRAY(SELECT jsonb_array_elements_text(coalesce(s.j->'categories', '[]'::jsonb)))"],
  ['department', "s.j->>'department'"],
  ['assignee', "s.j->>'assignee'"],
  ['customer_id', "s.j->>'customerId'"],
  ['escalation_level', "(s.j->>'escalationLevel')::integer"],
  ['breached', "coalesce((s.j->>'breached')::boolean, false)"],
  ['at_risk', "coalesce((s.j->>'atRisk')::boolean, false)"],
  ['filed_at', "(s.j->>'filedAt')::bigint"],
  ['updated_at', "(s.j->>'updatedAt')::bigint"],
  ['closed_at', "(s.j->>'closedAt')::bigint"],
  ['next_deadline', "(s.j->>'nextDeadline')::bigint"],
];

/** Parameters: $1 id, $2 version, $3 machine version, $4 snapshot, $5 summary, $6 timers, $7 expected version, $8… the rest. */
function headFor(n: Names, create: boolean): string {
  const source = '(SELECT $5::jsonb AS j) AS s';
  if (create) {
    const columns = ['id', 'version', 'machine_version', 'snapshot', 'summary', 'timers', ...SUMMARY_COLUMNS.map(([c]) => c)];
    const values = ['$1', '$2', '$3', '$4::jsonb', 's.j', '$6::jsonb', ...SUMMARY_COLUMNS.map(([, e]) => e)];
    // $7 (expected version 0) is unused when creating; keep its type known.
    return `INSERT INTO ${n.records} AS r (${columns.join(', ')})
      SELECT ${values.join(', ')} FROM ${source} WHERE $7::integer = 0
      RETURNING r.id`;
  }
  const sets = [
    'version = $2',
    'machine_version = $3',
    'snapshot = $4::jsonb',
    'summary = s.j',
    'timers = $6::jsonb',
    ...SUMMARY_COLUMNS.map(([c, e]) => `${c} = ${e}`),
  ];
  return `UPDATE ${n.records} AS r SET ${sets.join(', ')}
      FROM ${source}
      WHERE r.id = $1 AND r.version = $7
      RETURNING r.id`;
}

function statementFor(n: Names, create: boolean): string {
  return `WITH w AS (
    ${headFor(n, create)}
  ), tl AS (
    INSERT INTO ${n.timeline} (complaint_id, version, seq, at, kind, type, actor, data)
    SELECT w.id, x.version, x.seq, x.at, x.kind, x.type, x.actor, x.data
    FROM w, jsonb_to_recordset($8::jsonb) AS x(version integer, seq integer, at bigint, kind text, type text, actor jsonb, data jsonb)
  ), disarm AS (
    DELETE FROM ${n.timers} AS t USING w
    WHERE t.complaint_id = w.id AND t.key IN (SELECT jsonb_array_elements_text($9::jsonb))
  ), arm AS (
    INSERT INTO ${n.timers} AS t (complaint_id, key, due_at)
    SELECT w.id, x.key, x."dueAt" FROM w, jsonb_to_recordset($10::jsonb) AS x(key text, "dueAt" bigint)
    ON CONFLICT (complaint_id, key) DO UPDATE SET due_at = EXCLUDED.due_at, lease_owner = NULL, lease_until = NULL
  ), box AS (
    INSERT INTO ${n.outbox} (id, complaint_id, version, kind, recipient, payload, created_at, status, attempts, next_attempt_at, last_error, sent_at)
    SELECT x.id, x."complaintId", x.version, x.kind, x.recipient, x.payload, x."createdAt", x.status, x.attempts, x."nextAttemptAt", x."lastError", x."sentAt"
    FROM w, jsonb_to_recordset($11::jsonb) AS x(
      id text, "complaintId" text, version integer, kind text, recipient text, payload jsonb, "createdAt" bigint,
      status text, attempts integer, "nextAttemptAt" bigint, "lastError" text, "sentAt" bigint)
  ), idem AS (
    INSERT INTO ${n.idempotency} (key, complaint_id, version, result)
    SELECT x.key, x."complaintId", x.version, x.result
    FROM w, jsonb_to_recordset($12::jsonb) AS x(key text, "complaintId" text, version integer, result jsonb)
  )
  SELECT (SELECT count(*) FROM w)::integer AS written, (SELECT version FROM ${n.records} WHERE id = $1) AS current`;
}

/** Builds the commit statements of one store (two texts, built once). */
export function committer(n: Names): (q: Query, c: Commit) => Promise<void> {
  const createSql = statementFor(n, true);
  const updateSql = statementFor(n, false);
  return async (q, c) => {
    const { record } = c;
    const id = record.id;
    if (record.version !== c.expectedVersion + 1) {
      throw new ConflictError(`complaint ${id}: new version must be ${c.expectedVersion + 1}, not ${record.version}`);
    }
    // Last arm of a key wins; a key both armed and disarmed ends up armed (as in the memory store).
    const arm = new Map<string, number>();
    for (const t of c.armTimers) arm.set(t.key, t.dueAt);
    const disarm = [...new Set(c.disarmTimers)].filter((k) => !arm.has(k));
    const { summary, snapshot, timers, machineVersion } = record;
    const rows = await q<{ written: number; current: number | string | null }>(c.expectedVersion === 0 ? createSql : updateSql, [
      encodeText(id),
      record.version,
      machineVersion,
      toJson(snapshot),
      toJson(summary),
      toJson(timers),
      c.expectedVersion,
      toJson(c.timeline.map(({ version, seq, at, kind, type, actor, data }) => ({ version, seq, at, kind, type, actor, data }))),
      toJson(disarm),
      toJson([...arm].map(([key, dueAt]) => ({ key, dueAt }))),
      toJson(c.outbox),
      toJson(c.idempotency ? [c.idempotency] : []),
    ]);
    const row = rows[0];
    if (!row || Number(row.written) !== 1) {
      // `current` is as of the statement's start: a writer that committed while we waited for the row is not in it.
      const current = row?.current === null || row?.current === undefined ? undefined : Number(row.current);
      throw new ConflictError(
        current === undefined
          ? `complaint ${id} does not exist (expected version ${c.expectedVersion})`
          : current === c.expectedVersion
            ? `complaint ${id} was changed by a concurrent writer (expected version ${c.expectedVersion})`
            : `complaint ${id} is at version ${current}, not ${c.expectedVersion}`,
      );
    }
  };
}
