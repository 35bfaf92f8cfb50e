import { ConflictError } from '../errors.js';
import type {
  Commit,
  ComplaintRecord,
  ComplaintStore,
  ComplaintSummary,
  IdempotencyRecord,
  Lease,
  ListPage,
  ListQuery,
  OutboxMessage,
  OutboxStatus,
  OutboxUpdate,
  TimelineEntry,
  TimerRecord,
} from './types.js';
import { MinHeap } from './min-heap.js';
import { decodeCursor, encodeCursor, matchesQuery, pageLimit } from './list-query.js';

interface Stored {
  /** The record without its summary as JSON: compact, and callers never share our objects. */
  json: string;
  version: number;
  filedAt: number;
  /** The summary as JSON (parsed only by `list`). */
  summary: string;
  /** Timeline entries as JSON, without the repeated complaint id. */
  timeline: string[];
}


const decode = (s: Stored): ComplaintRecord => ({
  ...(JSON.parse(s.json) as Omit<ComplaintRecord, 'summary'>),
  summary: JSON.parse(s.summary) as ComplaintSummary,
});

const timerId = (complaintId: string, key: string) => `${complaintId}\u0000${key}`;

/**
 * JSON.stringify builds long strings as trees of parts; reading one character
 * makes V8 flatten it, which frees the parts (about 10–15 % of the string).
 */
const flat = (s: string): string => {
  s.charCodeAt(0);
  return s;
};
const toJson = (v: unknown): string => flat(JSON.stringify(v));

/**
 * An in-memory {@link ComplaintStore}: the reference implementation, for
 * tests, demos and single-process apps that accept losing data on exit.
 * Records are kept as JSON strings (about 1.5–3 KB per open complaint).
 *
 * @returns a fresh, empty store
 * @example
 * const desk = createDesk({ store: memoryStore(), notifier: memoryNotifier() });
 */
export function memoryStore(): ComplaintStore {
  const records = new Map<string, Stored>();
  const timers = new Map<string, { timer: TimerRecord; lease?: Lease }>();
  const dueHeap = new MinHeap<TimerRecord>();
  const outbox = new Map<string, { json: string; status: OutboxStatus; nextAttemptAt: number; lease?: Lease }>();
  const outboxHeap = new MinHeap<string>();
  const idem = new Map<string, string>();

  const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

  return {
    async load(id) {
      const s = records.get(id);
      if (!s) return undefined;
      return decode(s);
    },

    async loadIfNewer(id, version) {
      const s = records.get(id);
      if (!s) return undefined;
      return s.version === version ? 'unchanged' : decode(s);
    },

    async commit(c: Commit) {
      const id = c.record.id;
      const current = records.get(id);
      if (c.expectedVersion === 0 ? current !== undefined : current?.version !== c.expectedVersion) {
        throw new ConflictError(
          current
            ? `complaint ${id} is at version ${current.version}, not ${c.expectedVersion}`
            : `complaint ${id} does not exist (expected version ${c.expectedVersion})`,
        );
      }
      if (c.record.version !== c.expectedVersion + 1) {
        throw new ConflictError(`complaint ${id}: new version must be ${c.expectedVersion + 1}`);
      }
      if (c.idempotency && idem.has(c.idempotency.key)) {
        throw new ConflictError(`idempotency key ${c.idempotency.key} was already used`);
      }
      for (const m of c.outbox) {
        if (outbox.has(m.id)) throw new ConflictError(`outbox message ${m.id} already exists`);
      }
      // Validation done: apply everything (nothing can fail below).
      const summary = c.record.summary;
      const timeline = current?.timeline ?? [];
      for (const e of c.timeline) timeline.push(toJson([e.version, e.seq, e.at, e.kind, e.type, e.actor.id, e.actor.role, e.data]));
      records.set(id, {
        json: toJson({ ...c.record, summary: undefined }),
        version: c.record.version,
        filedAt: summary.filedAt,
        summary: toJson(summary),
        timeline,
      });
      for (const key of c.disarmTimers) timers.delete(timerId(id, key));
      for (const t of c.armTimers) {
        const timer = { complaintId: id, key: t.key, dueAt: t.dueAt };
        const tid = timerId(id, t.key);
        timers.set(tid, { timer });
        dueHeap.push(t.dueAt, tid, timer);
      }
      for (const m of c.outbox) {
        outbox.set(m.id, { json: toJson(m), status: m.status, nextAttemptAt: m.nextAttemptAt });
        outboxHeap.push(m.nextAttemptAt, m.id, m.id);
      }
      if (c.idempotency) idem.set(c.idempotency.key, toJson(c.idempotency));
    },

    async claimDue(now, limit, lease) {
      const out: TimerRecord[] = [];
      const putBack: TimerRecord[] = [];
      while (out.length < limit) {
        const top = dueHeap.peek();
        if (!top || top.k > now) break;
        dueHeap.pop();
        const t = top.v;
        const live = timers.get(timerId(t.complaintId, t.key));
        if (!live || live.timer !== t) continue; // disarmed or re-armed since: stale heap entry
        if (live.lease && live.lease.until > now && live.lease.owner !== lease.owner) {
          putBack.push(t);
          continue;
        }
        live.lease = { ...lease };
        putBack.push(t);
        out.push({ ...t });
      }
      for (const t of putBack) dueHeap.push(t.dueAt, timerId(t.complaintId, t.key), t);
      return out;
    },

    async releaseTimers(list, owner) {
      for (const t of list) {
        const live = timers.get(timerId(t.complaintId, t.key));
        if (live?.lease?.owner === owner) delete live.lease;
      }
    },

    async nextDueAt() {
      for (;;) {
        const top = dueHeap.peek();
        if (!top) return undefined;
        const live = timers.get(timerId(top.v.complaintId, top.v.key));
        if (live && live.timer === top.v) return top.k;
        dueHeap.pop();
      }
    },

    async claimOutbox(now, limit, lease) {
      const out: OutboxMessage[] = [];
      const putBack: { k: number; id: string }[] = [];
      // A message retried with an unchanged nextAttemptAt (zero backoff) has two heap entries: take it once.
      const popped = new Set<string>();
      while (out.length < limit) {
        const top = outboxHeap.peek();
        if (!top || top.k > now) break;
        outboxHeap.pop();
        const entry = outbox.get(top.v);
        if (!entry || entry.status !== 'pending' || entry.nextAttemptAt !== top.k || popped.has(top.v)) continue;
        popped.add(top.v);
        putBack.push({ k: top.k, id: top.v });
        if (entry.lease && entry.lease.until > now && entry.lease.owner !== lease.owner) continue;
        entry.lease = { ...lease };
        out.push(JSON.parse(entry.json) as OutboxMessage);
      }
      for (const p of putBack) outboxHeap.push(p.k, p.id, p.id);
      return out;
    },

    async markOutbox(id, update: OutboxUpdate, owner?: string) {
      const entry = outbox.get(id);
      if (!entry) return;
      if (owner !== undefined && entry.lease?.owner !== owner) return; // taken over (or settled) meanwhile
      const msg = { ...(JSON.parse(entry.json) as OutboxMessage), ...update };
      // A delivered message's payload is no longer needed: keep its metadata only (memory per complaint).
      entry.json = toJson(msg.status === 'sent' ? { ...msg, payload: {} } : msg);
      entry.status = msg.status;
      entry.nextAttemptAt = msg.nextAttemptAt;
      delete entry.lease;
      if (update.status === 'pending') outboxHeap.push(update.nextAttemptAt, id, id);
    },

    async outbox(filter = {}) {
      const out: OutboxMessage[] = [];
      for (const entry of outbox.values()) {
        if (filter.status && entry.status !== filter.status) continue;
        const msg = JSON.parse(entry.json) as OutboxMessage;
        if (filter.complaintId && msg.complaintId !== filter.complaintId) continue;
        out.push(msg);
      }
      return out.sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1));
    },

    async list(query: ListQuery): Promise<ListPage> {
      const limit = pageLimit(query.limit);
      const after = decodeCursor(query.cursor);
      const matches: ComplaintSummary[] = [];
      for (const [id, s] of records) {
        if (after && (s.filedAt < after.filedAt || (s.filedAt === after.filedAt && id <= after.id))) continue;
        const sum = JSON.parse(s.summary) as ComplaintSummary;
        if (matchesQuery(sum, query)) matches.push(sum);
      }
      matches.sort((a, b) => a.filedAt - b.filedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      const items = matches.slice(0, limit);
      const last = items[items.length - 1];
      return matches.length > limit && last ? { items, next: encodeCursor(last) } : { items };
    },

    async timeline(id) {
      return (records.get(id)?.timeline ?? []).map((j) => {
        const [version, seq, at, kind, type, actorId, role, data] = JSON.parse(j) as [
          number, number, number, TimelineEntry['kind'], string, string, TimelineEntry['actor']['role'], Record<string, unknown>,
        ];
        return { complaintId: id, version, seq, at, kind, type, actor: { id: actorId, role }, data };
      });
    },

    async idempotency(key) {
      const j = idem.get(key);
      return j ? (JSON.parse(j) as IdempotencyRecord) : undefined;
    },
  };
}
