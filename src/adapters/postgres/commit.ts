// `commit` as ONE SQL statement: the record write (guarded by the expected
// version) heads a chain of data-modifying CTEs — summary filters, intake,
// timeline, timer disarms and upserts, outbox, re-queued messages,
// idempotency — that all join on its RETURNING row `w`. A single statement is
// atomic on any client (no connection has to be pinned for BEGIN/COMMIT, so
// it works behind PgBouncer in transaction mode) and costs one round trip:
// - version mismatch: the record write matches no row, so every other part
//   writes nothing, and the statement reports 0 → ConflictError;
// - any error (duplicate outbox id or idempotency key → 23505 →
//   ConflictError; connection lost → STORE_UNAVAILABLE) aborts the whole
//   statement: nothing of it is ever visible.
//
// What one commit writes (schema 2, see migrations.ts), so that it inserts
// as few index entries and as little WAL as it can:
// - records: always (one row; its four indexes get one entry each);
// - summaries: only when one of its columns changes (`IS DISTINCT FROM`);
// - intake: at filing; later only when it differs from what this store knows
//   was stored at the expected version (`IntakeMemory`);
// - timeline: one row per commit with entries (a compact json array);
// - timers: a delete per disarmed key, an upsert per armed one;
// - outbox / idempotency: one row each.
//
// The statement is built once per store from parts (one CTE each) with named
// parameters, so it can be a named prepared statement. Extra SQL per armed or
// disarmed timer (a job queue's enqueue/dequeue in the same transaction) plugs
// in through `TimerSql`.
import { ConflictError, isConflictError } from '../../errors.js';
import type { Commit } from '../types.js';
import type { Executor } from './client.js';
import type { Names } from './names.js';
import { IntakeMemory, packSnapshot, splitSnapshot } from './records.js';
import { encodeText, toJson } from './text.js';

/**
 * Internal hook: extra SQL the commit statement runs for the timers it arms
 * and disarms, inside the same statement (so in the same transaction as the
 * record write, and not at all when the commit loses its version race).
 * Each function gets the name of a relation and returns one SQL statement
 * (a SELECT calling functions, or a data-modifying statement) over it; the
 * builder adds it as a CTE and references it from the final SELECT, so that
 * it runs even when it is a plain SELECT (PostgreSQL skips unreferenced
 * SELECT CTEs).
 * - `armed(rel)`: one row per timer armed or re-armed by this commit:
 *   `complaint_id text, key text, due_at bigint` (epoch ms);
 * - `disarmed(rel)`: one row per stored timer this commit disarmed:
 *   `complaint_id text, key text`. A key armed again in the same commit is
 *   only in `armed`.
 * Strings in these columns are stored encoded (see text.ts): decode them, or
 * pass them through opaquely. For example, a graphile-worker backend:
 * ```ts
 * armed: (rel) => `SELECT graphile_worker.add_job('redress_timer',
 *     json_build_object('complaintId', complaint_id, 'key', key, 'dueAt', due_at),
 *     run_at => to_timestamp(due_at / 1000.0), job_key => complaint_id || '/' || key,
 *     job_key_mode => 'replace') FROM ${rel}`,
 * disarmed: (rel) => `SELECT graphile_worker.remove_job(complaint_id || '/' || key) FROM ${rel}`,
 * ```
 */
export interface TimerSql {
  armed?: (rel: string) => string;
  disarmed?: (rel: string) => string;
  /**
   * `outbox(rel)`: one row per message this commit inserted or re-queued as
   * pending: `id text, available_at bigint` (epoch ms, when it may be sent).
   * E.g. a job engine's dispatch job, or a wake-up notification.
   */
  outbox?: (rel: string) => string;
}

/** Every parameter a commit statement may use. */
interface CommitValues {
  stage: string;
  step: string;
  status: string;
  outcome: string | null;
  filed_at: number;
  updated_at: number;
  closed_at: number | null;
  next_deadline: number | null;
  severity: string | null;
  categories: string;
  department: string | null;
  assignee: string | null;
  customer_id: string;
  channel: string;
  escalation_level: number;
  breached: boolean;
  at_risk: boolean;
  id: string;
  version: number;
  machine_version: number;
  expected: number;
  /** The snapshot as json (`compressSnapshots: false`), or null. */
  snapshot: string | null;
  /** The snapshot compressed (see records.ts), or null. */
  snapshot_z: Buffer | null;
  timers: string;
  /** Intake JSON to write (upsert, skipped when equal), or null to leave it. */
  intake: string | null;
  /** Remove the stored intake (the new snapshot has none). */
  drop_intake: boolean;
  /** Timeline entries as compact arrays, or null for none. */
  timeline: string | null;
  disarm: string | null;
  arm: string | null;
  outbox: string | null;
  requeue_ids: string | null;
  requeue_at: number | null;
  idempotency: string | null;
}
export type ParamName = keyof CommitValues;
/** Placeholder of each parameter in the statement being built. */
type P = Record<ParamName, string>;

/** A statement built with named parameters, and the order they are passed in. */
export interface Compiled {
  text: string;
  names: ParamName[];
}

/** Build a statement; parameters are numbered in the order the builder first uses them (so none is unused). */
function compile(build: (p: P) => string): Compiled {
  const names: ParamName[] = [];
  const p = new Proxy({} as P, {
    get(_, key) {
      const name = key as ParamName;
      let i = names.indexOf(name);
      if (i < 0) i = names.push(name) - 1;
      return `$${i + 1}`;
    },
  });
  const text = build(p);
  return { text, names };
}

/** The list columns stored in `summaries` (rarely changing), with their parameter expressions. */
const summaryColumns = (p: P): [column: string, value: string][] => [
  ['severity', `${p.severity}::text`],
  ['categories', `ARRAY(SELECT json_array_elements_text(${p.categories}::json))`],
  ['department', `${p.department}::text`],
  ['assignee', `${p.assignee}::text`],
  ['customer_id', `${p.customer_id}::text`],
  ['channel', `${p.channel}::text`],
  ['escalation_level', `${p.escalation_level}::integer`],
  ['breached', `${p.breached}::boolean`],
  ['at_risk', `${p.at_risk}::boolean`],
  ['filed_at', `${p.filed_at}::bigint`],
];

/** The record columns written by every commit, with their parameter expressions. */
const recordColumns = (p: P): [column: string, value: string][] => [
  ['version', `${p.version}::integer`],
  ['machine_version', `${p.machine_version}::integer`],
  ['stage', `${p.stage}::text`],
  ['status', `${p.status}::text`],
  ['step', `${p.step}::text`],
  ['outcome', `${p.outcome}::text`],
  ['filed_at', `${p.filed_at}::bigint`],
  ['updated_at', `${p.updated_at}::bigint`],
  ['closed_at', `${p.closed_at}::bigint`],
  ['next_deadline', `${p.next_deadline}::bigint`],
  ['timers', `${p.timers}::json`],
  ['snapshot', `${p.snapshot}::json`],
  ['snapshot_deflate', `${p.snapshot_z}::bytea`],
];

/** One CTE of the statement. */
interface Part {
  name: string;
  sql: string;
  /** A SELECT: must be referenced from the final SELECT to run. */
  select?: boolean;
}

/** The record write `w` (RETURNING id) and the summary filters. */
function recordParts(n: Names, create: boolean, p: P): Part[] {
  const rec = recordColumns(p);
  const sum = summaryColumns(p);
  if (create) {
    return [
      {
        name: 'w',
        sql: `INSERT INTO ${n.records} AS r (id, ${rec.map(([c]) => c).join(', ')})
          VALUES (${p.id}::text, ${rec.map(([, v]) => v).join(', ')})
          ON CONFLICT (id) DO NOTHING
          RETURNING r.id`,
      },
      {
        name: 'summary',
        sql: `INSERT INTO ${n.summaries} (id, ${sum.map(([c]) => c).join(', ')})
          SELECT w.id, ${sum.map(([, v]) => v).join(', ')} FROM w`,
      },
    ];
  }
  return [
    {
      name: 'w',
      sql: `UPDATE ${n.records} AS r SET ${rec.map(([c, v]) => `${c} = ${v}`).join(', ')}
        WHERE r.id = ${p.id}::text AND r.version = ${p.expected}::integer
        RETURNING r.id`,
    },
    {
      // Only when a filter changed: most commits leave this row (and its ten indexes) alone.
      name: 'summary',
      sql: `UPDATE ${n.summaries} AS s SET ${sum.map(([c]) => `${c} = x.${c}`).join(', ')}
        FROM w, (SELECT ${sum.map(([c, v]) => `${v} AS ${c}`).join(', ')}) AS x
        WHERE s.id = w.id AND (${sum.map(([c]) => `s.${c}`).join(', ')}) IS DISTINCT FROM (${sum.map(([c]) => `x.${c}`).join(', ')})`,
    },
  ];
}

/** Intake (written when given; an equal stored one is left alone) and its removal. */
function intakeParts(n: Names, create: boolean, p: P): Part[] {
  const write: Part = {
    name: 'intake',
    sql: `INSERT INTO ${n.intake} AS i (id, intake)
      SELECT w.id, ${p.intake}::json FROM w WHERE ${p.intake}::text IS NOT NULL
      ON CONFLICT (id) DO UPDATE SET intake = EXCLUDED.intake WHERE i.intake::text IS DISTINCT FROM EXCLUDED.intake::text`,
  };
  if (create) return [write];
  return [write, { name: 'intake_drop', sql: `DELETE FROM ${n.intake} AS i USING w WHERE i.id = w.id AND ${p.drop_intake}::boolean` }];
}

/** The timeline row, timer disarms and arms (with the hook), outbox, re-queue, idempotency. */
function restParts(n: Names, create: boolean, p: P, hookList: readonly TimerSql[]): Part[] {
  const armedHooks = hookList.flatMap((h) => (h.armed ? [h.armed] : []));
  const disarmedHooks = hookList.flatMap((h) => (h.disarmed ? [h.disarmed] : []));
  const outboxHooks = hookList.flatMap((h) => (h.outbox ? [h.outbox] : []));
  const parts: Part[] = [
    {
      name: 'tl',
      sql: `INSERT INTO ${n.timeline} (complaint_id, version, entries)
        SELECT w.id, ${p.version}::integer, ${p.timeline}::json FROM w WHERE ${p.timeline}::text IS NOT NULL`,
    },
  ];
  if (!create) {
    parts.push({
      name: 'disarm',
      sql: `DELETE FROM ${n.timers} AS t USING w
        WHERE t.complaint_id = w.id AND t.key = ANY (ARRAY(SELECT json_array_elements_text(${p.disarm}::json)))
        RETURNING t.complaint_id, t.key`,
    });
  }
  // A re-armed timer starts afresh: no lease, no failures. An UPDATE for the keys stored, an INSERT for the
  // others (not INSERT … ON CONFLICT DO UPDATE, which logs a lock and a speculative insertion per row).
  // No race: every part runs after `w` holds the record's row lock, so commits of one complaint are serial.
  if (!create) {
    parts.push({
      name: 'rearm',
      sql: `UPDATE ${n.timers} AS t SET due_at = x.due, available_at = x.due,
          lease_owner = NULL, lease_until = NULL, attempts = 0, last_error = NULL, failed_at = NULL, retry_at = NULL, parked = false
        FROM w, json_to_recordset(${p.arm}::json) AS x(key text, due bigint)
        WHERE t.complaint_id = w.id AND t.key = x.key
        RETURNING t.complaint_id, t.key, t.due_at`,
    });
  }
  parts.push({
    name: 'newarm',
    sql: `INSERT INTO ${n.timers} (complaint_id, key, due_at, available_at)
      SELECT w.id, x.key, x.due, x.due FROM w, json_to_recordset(${p.arm}::json) AS x(key text, due bigint)
      ${create ? '' : 'WHERE x.key NOT IN (SELECT key FROM rearm)'}
      RETURNING complaint_id, key, due_at`,
  });
  if (armedHooks.length > 0) {
    parts.push({ name: 'arm', sql: create ? 'SELECT * FROM newarm' : 'SELECT * FROM rearm UNION ALL SELECT * FROM newarm', select: true });
    armedHooks.forEach((h, i) => parts.push({ name: `hook_armed${i || ''}`, sql: h('arm'), select: true }));
  }
  if (!create) disarmedHooks.forEach((h, i) => parts.push({ name: `hook_disarmed${i || ''}`, sql: h('disarm'), select: true }));
  parts.push({
    // A message inserted as sent keeps no payload (as after delivery).
    name: 'box',
    sql: `INSERT INTO ${n.outbox} (id, complaint_id, version, kind, recipient, payload, created_at, status, attempts, next_attempt_at, available_at, last_error, sent_at)
      SELECT x.id, x."complaintId", x.version, x.kind, x.recipient, CASE WHEN x.status = 'sent' THEN '{}'::json ELSE x.payload END,
        x."createdAt", x.status, x.attempts, x."nextAttemptAt", CASE WHEN x.status = 'pending' THEN x."nextAttemptAt" END, x."lastError", x."sentAt"
      FROM w, json_to_recordset(${p.outbox}::json) AS x(
        id text, "complaintId" text, version integer, kind text, recipient text, payload json, "createdAt" bigint,
        status text, attempts integer, "nextAttemptAt" bigint, "lastError" text, "sentAt" bigint)${outboxHooks.length > 0 ? '\n      RETURNING id, available_at' : ''}`,
  });
  if (!create) {
    parts.push({
      name: 'requeue',
      sql: `UPDATE ${n.outbox} AS o SET status = 'pending', attempts = 0, next_attempt_at = ${p.requeue_at}::bigint,
          available_at = ${p.requeue_at}::bigint, lease_owner = NULL, lease_until = NULL
        FROM w WHERE o.complaint_id = w.id AND o.status <> 'sent'
          AND o.id = ANY (ARRAY(SELECT json_array_elements_text(${p.requeue_ids}::json)))${outboxHooks.length > 0 ? '\n        RETURNING o.id, o.available_at' : ''}`,
    });
  }
  if (outboxHooks.length > 0) {
    parts.push({
      name: 'queued',
      sql: `SELECT id, available_at FROM box WHERE available_at IS NOT NULL${create ? '' : ' UNION ALL SELECT id, available_at FROM requeue'}`,
      select: true,
    });
    outboxHooks.forEach((h, i) => parts.push({ name: `hook_outbox${i || ''}`, sql: h('queued'), select: true }));
  }
  parts.push({
    name: 'idem',
    sql: `INSERT INTO ${n.idempotency} (key, complaint_id, version, result)
      SELECT x.key, x."complaintId", x.version, x.result
      FROM w, json_to_recordset(${p.idempotency}::json) AS x(key text, "complaintId" text, version integer, result json)`,
  });
  return parts;
}

/** The whole statement: the parts as CTEs, then one row saying whether the record was written. */
export function commitStatement(n: Names, create: boolean, hooks: TimerSql | readonly TimerSql[] = []): Compiled {
  const hookList = Array.isArray(hooks) ? hooks : [hooks as TimerSql];
  return compile((p) => {
    const parts = [...recordParts(n, create, p), ...intakeParts(n, create, p), ...restParts(n, create, p, hookList)];
    const selects = parts.filter((x) => x.select).map((x) => `, (SELECT count(*) FROM ${x.name})::integer AS ${x.name}`);
    return `WITH ${parts.map((x) => `${x.name} AS (\n  ${x.sql}\n)`).join(', ')}
SELECT (SELECT count(*) FROM w)::integer AS written${selects.join('')}`;
  });
}

/** The parameter values of a commit (everything encoded for PostgreSQL), and the intake it leaves stored. */
function valuesOf(c: Commit, intakeKnown: string | null | undefined, compress: boolean): { values: CommitValues; intake: string | null } {
  const { record } = c;
  const sum = record.summary;
  const split = splitSnapshot(record.snapshot);
  const intake = 'intake' in split ? toJson(split.intake) : null;
  const text = (v: string | null) => (v === null ? null : encodeText(v));
  // Last arm of a key wins; a key both armed and disarmed ends up armed (as in the memory store).
  const arm = new Map<string, number>();
  for (const t of c.armTimers) arm.set(t.key, t.dueAt);
  const disarm = [...new Set(c.disarmTimers)].filter((k) => !arm.has(k));
  const unchanged = intakeKnown !== undefined && intakeKnown === intake;
  const values: CommitValues = {
    id: encodeText(record.id),
    version: record.version,
    machine_version: record.machineVersion,
    expected: c.expectedVersion,
    // Compressed, the JSON needs no NUL escaping (bytea holds anything).
    snapshot: compress ? null : toJson(split.rest),
    snapshot_z: compress ? packSnapshot(JSON.stringify(split.rest)) : null,
    timers: toJson(record.timers),
    stage: encodeText(sum.stage),
    step: encodeText(sum.step),
    status: sum.status,
    outcome: text(sum.outcome),
    filed_at: sum.filedAt,
    updated_at: sum.updatedAt,
    closed_at: sum.closedAt,
    next_deadline: sum.nextDeadline,
    severity: text(sum.severity),
    categories: toJson(sum.categories),
    department: text(sum.department),
    assignee: text(sum.assignee),
    customer_id: encodeText(sum.customerId),
    channel: encodeText(sum.channel),
    escalation_level: sum.escalationLevel,
    breached: sum.breached,
    at_risk: sum.atRisk,
    intake: unchanged ? null : intake,
    drop_intake: !unchanged && intake === null,
    timeline: c.timeline.length === 0 ? null : toJson(c.timeline.map((e) => [e.version, e.seq, e.at, e.kind, e.type, e.actor.id, e.actor.role, e.data])),
    disarm: disarm.length === 0 ? null : toJson(disarm),
    arm: arm.size === 0 ? null : toJson([...arm].map(([key, due]) => ({ key, due }))),
    outbox: c.outbox.length === 0 ? null : toJson(c.outbox),
    requeue_ids: c.requeueOutbox && c.requeueOutbox.ids.length > 0 ? toJson(c.requeueOutbox.ids) : null,
    requeue_at: c.requeueOutbox ? c.requeueOutbox.at : null,
    idempotency: c.idempotency ? toJson([c.idempotency]) : null,
  };
  return { values, intake };
}

/** What the store needs to commit. */
export interface Committer {
  commit(c: Commit): Promise<void>;
  /** The two statements (create, update), e.g. for a benchmark replaying them. */
  readonly statements: { create: Compiled; update: Compiled };
  /** The statement and parameters a commit would send (no round trip). */
  plan(c: Commit): { text: string; values: unknown[] };
}

/**
 * Builds the commit of one store.
 * @param n - the store's names
 * @param exec - how it talks to the client
 * @param intakes - what it knows of stored intakes (shared with its reads)
 * @param options - `hooks`: extra SQL per armed / disarmed timer; `compress`: store snapshots compressed (default true)
 */
export function committer(n: Names, exec: Executor, intakes: IntakeMemory, options: { hooks?: TimerSql | readonly TimerSql[]; compress?: boolean } = {}): Committer {
  const hooks = options.hooks ?? [];
  const compress = options.compress ?? true;
  const statements = { create: commitStatement(n, true, hooks), update: commitStatement(n, false, hooks) };
  const versionSql = `SELECT version FROM ${n.records} WHERE id = $1`;

  const plan = (c: Commit) => {
    const s = c.expectedVersion === 0 ? statements.create : statements.update;
    const { values, intake } = valuesOf(c, c.expectedVersion === 0 ? undefined : intakes.get(c.record.id, c.expectedVersion), compress);
    return { text: s.text, values: s.names.map((k) => values[k]), intake };
  };

  return {
    statements,
    plan: (c) => {
      const { text, values } = plan(c);
      return { text, values };
    },
    async commit(c) {
      const { record } = c;
      const id = record.id;
      const expectedVersion = c.expectedVersion;
      if (record.version !== expectedVersion + 1) {
        throw new ConflictError(`complaint ${id}: new version must be ${expectedVersion + 1}, not ${record.version}`, { id, expectedVersion });
      }
      const { text, values, intake } = plan(c);
      let written: number;
      try {
        const [row] = await exec.prepared<{ written: number | string }>(text, values);
        written = Number(row?.written ?? 0);
      } catch (e) {
        // A duplicate outbox id or idempotency key, or a serialization failure: the whole commit was refused.
        if (isConflictError(e)) throw new ConflictError(`complaint ${id}: ${e.message}`, { id, expectedVersion });
        throw e;
      }
      if (written !== 1) {
        // Read the version now (the statement's snapshot may predate the writer that beat us).
        const [row] = await exec.prepared<{ version: number | string }>(versionSql, [encodeText(id)]);
        const actualVersion = row === undefined ? undefined : Number(row.version);
        throw new ConflictError(
          actualVersion === undefined
            ? `complaint ${id} does not exist (expected version ${expectedVersion})`
            : expectedVersion === 0
              ? `complaint ${id} already exists (at version ${actualVersion})`
              : `complaint ${id} is at version ${actualVersion}, not ${expectedVersion}`,
          { id, expectedVersion, actualVersion },
        );
      }
      intakes.set(id, record.version, intake);
    },
  };
}
