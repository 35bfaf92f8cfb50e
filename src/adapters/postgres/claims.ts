// Due timers and pending outbox messages, claimed with a lease so that many
// desks (processes, machines) can share one database: the claiming SELECT
// takes row locks with FOR UPDATE SKIP LOCKED (two workers never wait for or
// take the same row), and the lease it writes keeps the row away from every
// worker — its owner included — until it expires; a worker that dies
// mid-claim frees its work when its lease runs out.
//
// Each row keeps `available_at`: the earliest instant it can be claimed
// (timers: the latest of due time, retry time and lease end, NULL once
// parked; messages: the latest of next attempt and lease end, NULL unless
// pending). A partial index on it serves claims, `nextDueAt` and
// `nextOutboxAt` (its first entry), and `stats` for the backlog.
import type { Lease, OutboxMessage, OutboxStatus, OutboxUpdate, StoreStats, TimerFailure, TimerProblem, TimerRecord } from '../types.js';
import type { Query } from './client.js';
import type { Names } from './names.js';
import { decodeText, encodeText, fromJson, toJson } from './text.js';

/** A bigint column as a number: node-postgres returns int8 as a string, PGlite as a number. */
export const num = (v: unknown): number => (typeof v === 'number' ? v : Number(v));
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : num(v));

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** `claimDue`: $1 now, $2 limit, $3 owner, $4 lease until. */
export function claimDueSql(n: Names): string {
  return `UPDATE ${n.timers} AS t SET lease_owner = $3::text, lease_until = $4::bigint,
      available_at = greatest(t.due_at, coalesce(t.retry_at, 0), $4::bigint)
    FROM (
      SELECT complaint_id, key FROM ${n.timers}
      WHERE available_at <= $1::bigint
      ORDER BY available_at, complaint_id, key
      LIMIT $2
      FOR UPDATE SKIP LOCKED
    ) AS c
    WHERE t.complaint_id = c.complaint_id AND t.key = c.key
    RETURNING t.complaint_id, t.key, t.due_at, t.attempts`;
}

/** JSON of an outbox row, as the {@link OutboxMessage} it stores. */
const outboxJson = (alias: string) => `json_build_object(
  'id', ${alias}.id, 'complaintId', ${alias}.complaint_id, 'version', ${alias}.version, 'kind', ${alias}.kind,
  'recipient', ${alias}.recipient, 'payload', ${alias}.payload, 'createdAt', ${alias}.created_at, 'status', ${alias}.status,
  'attempts', ${alias}.attempts, 'nextAttemptAt', ${alias}.next_attempt_at, 'lastError', ${alias}.last_error, 'sentAt', ${alias}.sent_at
)::text`;

/** `claimOutbox`: $1 now, $2 limit, $3 owner, $4 lease until. */
export function claimOutboxSql(n: Names): string {
  return `UPDATE ${n.outbox} AS o SET lease_owner = $3::text, lease_until = $4::bigint, available_at = greatest(o.next_attempt_at, $4::bigint)
    FROM (
      SELECT id FROM ${n.outbox}
      WHERE available_at <= $1::bigint
      ORDER BY available_at, id
      LIMIT $2
      FOR UPDATE SKIP LOCKED
    ) AS c
    WHERE o.id = c.id
    RETURNING ${outboxJson('o')} AS m`;
}

/** `stats`: $1 now. Every count is bounded by the backlog it counts (partial indexes), except `armed`. */
export function statsSql(n: Names): string {
  // Due (not parked, due_at <= now) = claimable now (available_at <= now) + the few leased or quarantined ones not claimable yet.
  const busy = `(lease_owner IS NOT NULL OR attempts > 0) AND NOT parked AND available_at > $1::bigint AND due_at <= $1::bigint`;
  return `SELECT
      (SELECT count(*) FROM ${n.timers}) AS armed,
      (SELECT count(*) FROM ${n.timers} WHERE available_at <= $1::bigint) + (SELECT count(*) FROM ${n.timers} WHERE ${busy}) AS due,
      least((SELECT min(due_at) FROM ${n.timers} WHERE available_at <= $1::bigint), (SELECT min(due_at) FROM ${n.timers} WHERE ${busy})) AS oldest_due,
      (SELECT count(*) FROM ${n.timers} WHERE attempts > 0 AND NOT parked) AS quarantined,
      (SELECT count(*) FROM ${n.timers} WHERE attempts > 0 AND parked) AS parked,
      (SELECT count(*) FROM ${n.outbox} WHERE available_at IS NOT NULL) AS pending,
      (SELECT count(*) FROM ${n.outbox} WHERE available_at IS NOT NULL AND next_attempt_at <= $1::bigint) AS pending_due,
      (SELECT min(created_at) FROM ${n.outbox} WHERE available_at IS NOT NULL) AS oldest_pending,
      (SELECT count(*) FROM ${n.outbox} WHERE status = 'parked') AS parked_messages`;
}

/** `timerProblems`: $1 status filter (NULL for both), $2 limit. */
export function timerProblemsSql(n: Names): string {
  return `SELECT complaint_id, key, due_at, parked, attempts, last_error, failed_at, retry_at FROM ${n.timers}
    WHERE attempts > 0 AND ($1::boolean IS NULL OR parked = $1::boolean)
    ORDER BY failed_at, complaint_id, key
    LIMIT $2`;
}

/** The claim operations of one store. `q` runs the store's fixed statements (prepared when it prepares). */
export function claims(n: Names, q: Query, unnamed: Query) {
  const claimDue = claimDueSql(n);
  const claimOutbox = claimOutboxSql(n);
  const stats = statsSql(n);
  const problems = timerProblemsSql(n);
  const release = `UPDATE ${n.timers} AS t SET lease_owner = NULL, lease_until = NULL, available_at = greatest(t.due_at, coalesce(t.retry_at, 0))
    FROM json_to_recordset($2::json) AS r(c text, k text, d bigint)
    WHERE t.lease_owner = $1::text AND t.complaint_id = r.c AND t.key = r.k AND t.due_at = r.d AND NOT t.parked`;
  const fail = `UPDATE ${n.timers} SET attempts = $5::integer, last_error = $6::text, failed_at = $7::bigint,
      retry_at = CASE WHEN $9::boolean THEN NULL ELSE $8::bigint END, parked = $9::boolean,
      lease_owner = NULL, lease_until = NULL,
      available_at = CASE WHEN $9::boolean THEN NULL ELSE greatest(due_at, $8::bigint) END
    WHERE complaint_id = $1::text AND key = $2::text AND due_at = $3::bigint AND lease_owner = $4::text`;
  const retry = `UPDATE ${n.timers} SET attempts = 0, last_error = NULL, failed_at = NULL, retry_at = NULL, parked = false,
      lease_owner = NULL, lease_until = NULL, available_at = due_at
    WHERE complaint_id = $1::text AND key = $2::text AND attempts > 0
    RETURNING 1 AS found`;
  const nextDue = `SELECT min(available_at) AS at FROM ${n.timers} WHERE available_at IS NOT NULL`;
  const nextOutbox = `SELECT min(available_at) AS at FROM ${n.outbox} WHERE available_at IS NOT NULL`;
  // A delivered message keeps its delivery state, not its payload.
  const mark = `UPDATE ${n.outbox}
    SET status = $2::text, attempts = $3::integer, next_attempt_at = $4::bigint, last_error = $5::text, sent_at = $6::bigint,
      lease_owner = NULL, lease_until = NULL,
      available_at = CASE WHEN $2::text = 'pending' THEN $4::bigint END,
      payload = CASE WHEN $2::text = 'sent' THEN '{}'::json ELSE payload END
    WHERE id = $1::text AND ($7::text IS NULL OR lease_owner = $7::text)`;

  const toTimer = (r: { complaint_id: string; key: string; due_at: unknown; attempts: unknown }): TimerRecord => ({
    complaintId: decodeText(r.complaint_id),
    key: decodeText(r.key),
    dueAt: num(r.due_at),
    attempts: num(r.attempts),
  });

  return {
    async claimDue(now: number, limit: number, lease: Lease): Promise<TimerRecord[]> {
      if (limit <= 0) return [];
      const rows = await q<{ complaint_id: string; key: string; due_at: unknown; attempts: unknown }>(claimDue, [now, Math.floor(limit), encodeText(lease.owner), lease.until]);
      return rows.map(toTimer).sort((a, b) => a.dueAt - b.dueAt || byText(a.complaintId, b.complaintId) || byText(a.key, b.key));
    },

    async releaseTimers(timers: TimerRecord[], owner: string): Promise<void> {
      if (timers.length === 0) return;
      await q(release, [encodeText(owner), toJson(timers.map((t) => ({ c: t.complaintId, k: t.key, d: t.dueAt })))]);
    },

    async failTimer(t: TimerRecord, f: TimerFailure, owner: string): Promise<void> {
      await q(fail, [encodeText(t.complaintId), encodeText(t.key), t.dueAt, encodeText(owner), f.attempts, encodeText(f.lastError), f.failedAt, f.retryAt, f.parked]);
    },

    async timerProblems(filter: { status?: TimerProblem['status']; limit?: number } = {}): Promise<TimerProblem[]> {
      const parked = filter.status === undefined ? null : filter.status === 'parked';
      const rows = await q<{ complaint_id: string; key: string; due_at: unknown; parked: boolean; attempts: unknown; last_error: string | null; failed_at: unknown; retry_at: unknown }>(
        problems,
        [parked, Math.max(0, Math.floor(filter.limit ?? 1000))],
      );
      return rows.map((r) => ({
        complaintId: decodeText(r.complaint_id),
        key: decodeText(r.key),
        dueAt: num(r.due_at),
        status: r.parked ? 'parked' : 'quarantined',
        attempts: num(r.attempts),
        lastError: decodeText(r.last_error ?? ''),
        failedAt: numOrNull(r.failed_at) ?? 0,
        retryAt: r.parked ? null : numOrNull(r.retry_at),
      }));
    },

    async retryTimer(complaintId: string, key: string): Promise<boolean> {
      return (await q(retry, [encodeText(complaintId), encodeText(key)])).length > 0;
    },

    async nextDueAt(): Promise<number | undefined> {
      const [row] = await q<{ at: unknown }>(nextDue);
      return numOrNull(row?.at) ?? undefined;
    },

    async nextOutboxAt(): Promise<number | undefined> {
      const [row] = await q<{ at: unknown }>(nextOutbox);
      return numOrNull(row?.at) ?? undefined;
    },

    async claimOutbox(now: number, limit: number, lease: Lease): Promise<OutboxMessage[]> {
      if (limit <= 0) return [];
      const rows = await q<{ m: string }>(claimOutbox, [now, Math.floor(limit), encodeText(lease.owner), lease.until]);
      return rows.map((r) => fromJson<OutboxMessage>(r.m)).sort((a, b) => a.nextAttemptAt - b.nextAttemptAt || byText(a.id, b.id));
    },

    async markOutbox(id: string, u: OutboxUpdate, owner?: string): Promise<void> {
      await q(mark, [
        encodeText(id),
        u.status,
        u.attempts,
        u.nextAttemptAt,
        u.lastError === null ? null : encodeText(u.lastError),
        u.sentAt,
        owner === undefined ? null : encodeText(owner),
      ]);
    },

    async outbox(filter: { status?: OutboxStatus; complaintId?: string; id?: string } = {}): Promise<OutboxMessage[]> {
      const where: string[] = [];
      const params: unknown[] = [];
      if (filter.id !== undefined) {
        params.push(encodeText(filter.id));
        where.push(`o.id = $${params.length}`);
      }
      if (filter.complaintId !== undefined) {
        params.push(encodeText(filter.complaintId));
        where.push(`o.complaint_id = $${params.length}`);
      }
      // Pending and parked messages through their partial indexes; sent ones are the bulk of the table.
      if (filter.status === 'pending') where.push('o.available_at IS NOT NULL');
      else if (filter.status === 'parked') where.push(`o.status = 'parked'`);
      else if (filter.status !== undefined) {
        params.push(filter.status);
        where.push(`o.status = $${params.length}`);
      }
      const rows = await unnamed<{ m: string }>(
        `SELECT ${outboxJson('o')} AS m FROM ${n.outbox} AS o ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY o.created_at, o.id`,
        params,
      );
      return rows.map((r) => fromJson<OutboxMessage>(r.m));
    },

    async stats(now: number): Promise<StoreStats> {
      const [r] = await q<Record<string, unknown>>(stats, [now]);
      const c = (k: string) => num(r?.[k] ?? 0);
      return {
        timers: { armed: c('armed'), due: c('due'), oldestDueAt: numOrNull(r?.oldest_due), quarantined: c('quarantined'), parked: c('parked') },
        outbox: { pending: c('pending'), due: c('pending_due'), oldestPendingAt: numOrNull(r?.oldest_pending), parked: c('parked_messages') },
      };
    },
  };
}
