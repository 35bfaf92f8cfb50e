// Due timers and pending outbox messages, claimed with a lease so that many
// desks (processes, machines) can share one database: the claiming SELECT
// takes row locks with FOR UPDATE SKIP LOCKED (two workers never wait for or
// take the same row), and the lease it writes keeps the row away from other
// workers until it expires — a worker that dies mid-claim frees its work
// when its lease runs out.
import type { Lease, OutboxMessage, OutboxStatus, OutboxUpdate, TimerRecord } from '../types.js';
import type { Query } from './client.js';
import type { Names } from './names.js';
import { decodeText, encodeText, fromJson, toJson } from './text.js';

/** A bigint column as a number: node-postgres returns int8 as a string, PGlite as a number. */
export const num = (v: unknown): number => (typeof v === 'number' ? v : Number(v));

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** `claimDue`: $1 now, $2 limit, $3 owner, $4 lease until. */
export function claimDueSql(n: Names): string {
  return `UPDATE ${n.timers} AS t SET lease_owner = $3, lease_until = $4
    FROM (
      SELECT complaint_id, key FROM ${n.timers}
      WHERE due_at <= $1 AND (lease_until IS NULL OR lease_until <= $1 OR lease_owner = $3)
      ORDER BY due_at, complaint_id, key
      LIMIT $2
      FOR UPDATE SKIP LOCKED
    ) AS c
    WHERE t.complaint_id = c.complaint_id AND t.key = c.key
    RETURNING t.complaint_id, t.key, t.due_at`;
}

/** JSON of an outbox row, as the {@link OutboxMessage} it stores. */
const outboxJson = (alias: string) => `json_build_object(
  'id', ${alias}.id, 'complaintId', ${alias}.complaint_id, 'version', ${alias}.version, 'kind', ${alias}.kind,
  'recipient', ${alias}.recipient, 'payload', ${alias}.payload, 'createdAt', ${alias}.created_at, 'status', ${alias}.status,
  'attempts', ${alias}.attempts, 'nextAttemptAt', ${alias}.next_attempt_at, 'lastError', ${alias}.last_error, 'sentAt', ${alias}.sent_at
)::text`;

/** `claimOutbox`: $1 now, $2 limit, $3 owner, $4 lease until. */
export function claimOutboxSql(n: Names): string {
  return `UPDATE ${n.outbox} AS o SET lease_owner = $3, lease_until = $4
    FROM (
      SELECT id FROM ${n.outbox}
      WHERE status = 'pending' AND next_attempt_at <= $1 AND (lease_until IS NULL OR lease_until <= $1 OR lease_owner = $3)
      ORDER BY next_attempt_at, id
      LIMIT $2
      FOR UPDATE SKIP LOCKED
    ) AS c
    WHERE o.id = c.id
    RETURNING ${outboxJson('o')} AS m`;
}

/** The claim operations of one store. */
export function claims(n: Names) {
  const claimDue = claimDueSql(n);
  const claimOutbox = claimOutboxSql(n);
  const release = `UPDATE ${n.timers} AS t SET lease_owner = NULL, lease_until = NULL
    FROM (SELECT x->>0 AS complaint_id, x->>1 AS key, (x->>2)::bigint AS due_at FROM jsonb_array_elements($2::jsonb) AS x) AS r
    WHERE t.lease_owner = $1 AND t.complaint_id = r.complaint_id AND t.key = r.key AND t.due_at = r.due_at`;
  const nextDue = `SELECT min(due_at) AS due FROM ${n.timers}`;
  const mark = `UPDATE ${n.outbox}
    SET status = $2, attempts = $3, next_attempt_at = $4, last_error = $5, sent_at = $6, lease_owner = NULL, lease_until = NULL
    WHERE id = $1 AND ($7::text IS NULL OR lease_owner = $7)`;

  return {
    async claimDue(q: Query, now: number, limit: number, lease: Lease): Promise<TimerRecord[]> {
      if (limit <= 0) return [];
      const rows = await q<{ complaint_id: string; key: string; due_at: unknown }>(claimDue, [now, Math.floor(limit), encodeText(lease.owner), lease.until]);
      return rows
        .map((r) => ({ complaintId: decodeText(r.complaint_id), key: decodeText(r.key), dueAt: num(r.due_at) }))
        .sort((a, b) => a.dueAt - b.dueAt || byText(a.complaintId, b.complaintId) || byText(a.key, b.key));
    },

    async releaseTimers(q: Query, timers: TimerRecord[], owner: string): Promise<void> {
      if (timers.length === 0) return;
      await q(release, [encodeText(owner), toJson(timers.map((t) => [t.complaintId, t.key, t.dueAt]))]);
    },

    async nextDueAt(q: Query): Promise<number | undefined> {
      const [row] = await q<{ due: unknown }>(nextDue);
      return row?.due === null || row?.due === undefined ? undefined : num(row.due);
    },

    async claimOutbox(q: Query, now: number, limit: number, lease: Lease): Promise<OutboxMessage[]> {
      if (limit <= 0) return [];
      const rows = await q<{ m: string }>(claimOutbox, [now, Math.floor(limit), encodeText(lease.owner), lease.until]);
      return rows.map((r) => fromJson<OutboxMessage>(r.m)).sort((a, b) => a.nextAttemptAt - b.nextAttemptAt || byText(a.id, b.id));
    },

    async markOutbox(q: Query, id: string, u: OutboxUpdate, owner?: string): Promise<void> {
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

    async outbox(q: Query, filter: { status?: OutboxStatus; complaintId?: string } = {}): Promise<OutboxMessage[]> {
      const where: string[] = [];
      const params: unknown[] = [];
      if (filter.status !== undefined) {
        params.push(filter.status);
        where.push(`o.status = $${params.length}`);
      }
      if (filter.complaintId !== undefined) {
        params.push(encodeText(filter.complaintId));
        where.push(`o.complaint_id = $${params.length}`);
      }
      const rows = await q<{ m: string }>(
        `SELECT ${outboxJson('o')} AS m FROM ${n.outbox} AS o ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY o.created_at, o.id`,
        params,
      );
      return rows.map((r) => fromJson<OutboxMessage>(r.m));
    },
  };
}
