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
  /** The record without its summary, as JSON: compact, and callers never share our objects. */
  json: string;
  summary: ComplaintSummary;
  timeline: string[];
}

const timerId = (complaintId: string, key: string) => `${complaintId}\u0000${key}`;

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
  const outbox = new Map<string, { msg: OutboxMessage; lease?: Lease }>();
  const outboxHeap = new MinHeap<string>();
  const idem = new Map<string, string>();

  const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

  return {
    async load(id) {
      const s = records.get(id);
      if (!s) return undefined;
      const rest = JSON.parse(s.json) as Omit<ComplaintRecord, 'summary'>;
      return { ...rest, summary: clone(s.summary) };
    },

    async commit(c: Commit) {
      const id = c.record.id;
      const current = records.get(id);
      if (c.expectedVersion === 0 ? current !== undefined : current?.summary.version !== c.expectedVersion) {
        throw new ConflictError(
          current
            ? `complaint ${id} is at version ${current.summary.version}, not ${c.expectedVersion}`
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
      const { summary, ...rest } = c.record;
      const timeline = current?.timeline ?? [];
      for (const e of c.timeline) timeline.push(JSON.stringify(e));
      records.set(id, { json: JSON.stringify(rest), summary: clone(summary), timeline });
      for (const key of c.disarmTimers) timers.delete(timerId(id, key));
      for (const t of c.armTimers) {
        const timer = { complaintId: id, key: t.key, dueAt: t.dueAt };
        timers.set(timerId(id, t.key), { timer });
        dueHeap.push(t.dueAt, timerId(id, t.key), timer);
      }
      for (const m of c.outbox) {
        outbox.set(m.id, { msg: clone(m) });
        outboxHeap.push(m.nextAttemptAt, m.id, m.id);
      }
      if (c.idempotency) idem.set(c.idempotency.key, JSON.stringify(c.idempotency));
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
      while (out.length < limit) {
        const top = outboxHeap.peek();
        if (!top || top.k > now) break;
        outboxHeap.pop();
        const entry = outbox.get(top.v);
        if (!entry || entry.msg.status !== 'pending' || entry.msg.nextAttemptAt !== top.k) continue;
        putBack.push({ k: top.k, id: top.v });
        if (entry.lease && entry.lease.until > now && entry.lease.owner !== lease.owner) continue;
        entry.lease = { ...lease };
        out.push(clone(entry.msg));
      }
      for (const p of putBack) outboxHeap.push(p.k, p.id, p.id);
      return out;
    },

    async markOutbox(id, update: OutboxUpdate) {
      const entry = outbox.get(id);
      if (!entry) return;
      entry.msg = { ...entry.msg, ...update };
      delete entry.lease;
      if (update.status === 'pending') outboxHeap.push(update.nextAttemptAt, id, id);
    },

    async outbox(filter = {}) {
      const out: OutboxMessage[] = [];
      for (const { msg } of outbox.values()) {
        if (filter.status && msg.status !== (filter.status as OutboxStatus)) continue;
        if (filter.complaintId && msg.complaintId !== filter.complaintId) continue;
        out.push(clone(msg));
      }
      return out.sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1));
    },

    async list(query: ListQuery): Promise<ListPage> {
      const limit = pageLimit(query.limit);
      const after = decodeCursor(query.cursor);
      const matches: ComplaintSummary[] = [];
      for (const s of records.values()) {
        const sum = s.summary;
        if (after && (sum.filedAt < after.filedAt || (sum.filedAt === after.filedAt && sum.id <= after.id))) continue;
        if (matchesQuery(sum, query)) matches.push(sum);
      }
      matches.sort((a, b) => a.filedAt - b.filedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      const items = matches.slice(0, limit).map(clone);
      const last = items[items.length - 1];
      return matches.length > limit && last ? { items, next: encodeCursor(last) } : { items };
    },

    async timeline(id) {
      return (records.get(id)?.timeline ?? []).map((j) => JSON.parse(j) as TimelineEntry);
    },

    async idempotency(key) {
      const j = idem.get(key);
      return j ? (JSON.parse(j) as IdempotencyRecord) : undefined;
    },
  };
}
