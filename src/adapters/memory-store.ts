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
  RecordPage,
  StoreStats,
  TimelineEntry,
  TimerProblem,
  TimerRecord,
} from './types.js';
import { MinHeap } from './min-heap.js';
import { compareFor, decodeListCursor, encodeListCursor, matchesQuery, pageLimit, decodeRecordCursor, encodeRecordCursor } from './list-query.js';

/** A timer row: the timer, its lease and its failures; `gen` changes with every change of state. */
interface TimerRow {
  timer: TimerRecord;
  gen: number;
  lease: Lease | undefined;
  attempts: number;
  lastError: string | null;
  failedAt: number | null;
  retryAt: number | null;
  parked: boolean;
}

/** An outbox row: the message's state; the payload only until it is sent. */
interface OutboxRow {
  id: string;
  complaintId: string;
  version: number;
  kind: string;
  recipient: string;
  createdAt: number;
  payload: Record<string, unknown> | undefined;
  status: OutboxStatus;
  attempts: number;
  nextAttemptAt: number;
  lastError: string | null;
  sentAt: number | null;
  lease: Lease | undefined;
  gen: number;
}

interface Stored {
  /** The record as committed (frozen: the store and its callers share it). */
  record: ComplaintRecord;
  /** Timeline entries, one JSON array per commit (compact; parsed only by `timeline`). */
  timeline: readonly string[];
  /** Outbox message ids of this complaint. */
  outbox: readonly string[];
}

/** The complaints with one value of an indexed field: one id, or a set of them. */
type Members = string | Set<string>;

/** Frozen and shared: a complaint's lists start here. */
const NO_STRINGS: readonly string[] = Object.freeze([]);

/**
 * `list` with `item` at the end. Short lists are copied at their exact
 * length (an array grown by push reserves 16 slots at once, and most
 * complaints' lists stay short); longer ones grow in place.
 */
const append = (list: readonly string[], item: string): readonly string[] => {
  if (list.length < 8) return [...list, item];
  (list as string[]).push(item);
  return list;
};

const timerId = (complaintId: string, key: string) => `${complaintId}\u0000${key}`;

/**
 * JSON.stringify builds long strings as trees of parts; reading one character
 * makes V8 flatten it, which frees the parts.
 */
const flat = (s: string): string => {
  s.charCodeAt(0);
  return s;
};

/** Freeze plain data deeply, stopping at what is frozen already (unchanged parts of an earlier record). */
function freeze<T>(v: T): T {
  if (v && typeof v === 'object' && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const k in v) freeze((v as Record<string, unknown>)[k]);
  }
  return v;
}

/** A sorted index of ids by a numeric key (ties by id), for filing order. */
class SortedIndex {
  private readonly keys: number[] = [];
  private readonly ids: string[] = [];

  private position(key: number, id: string): number {
    let lo = 0;
    let hi = this.keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const k = this.keys[mid]!;
      if (k < key || (k === key && this.ids[mid]! < id)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  insert(key: number, id: string): void {
    const i = this.position(key, id);
    this.keys.splice(i, 0, key);
    this.ids.splice(i, 0, id);
  }

  /** Ids after (key, id) in order, or from the start. */
  *from(after: { key: number; id: string } | undefined, desc: boolean): Generator<string> {
    if (!desc) {
      let i = after ? this.position(after.key, after.id) : 0;
      if (after && this.keys[i] === after.key && this.ids[i] === after.id) i++;
      for (; i < this.ids.length; i++) yield this.ids[i]!;
    } else {
      let i = after ? this.position(after.key, after.id) - 1 : this.ids.length - 1;
      for (; i >= 0; i--) yield this.ids[i]!;
    }
  }
}

/**
 * An in-memory {@link ComplaintStore}: the reference implementation, for
 * tests, demos and single-process apps that accept losing data on exit.
 * Records are kept as the (frozen) objects the desk committed; summaries are
 * indexed by stage, status, severity, assignee, department and customer, so
 * `list` never looks at more than the matching complaints. Sent messages
 * keep their delivery state, not their payload.
 *
 * @returns a fresh, empty store
 * @example
 * const desk = createDesk({ store: memoryStore(), notifier: memoryNotifier() });
 */
export function memoryStore(): ComplaintStore {
  const records = new Map<string, Stored>();
  const filed = new SortedIndex();
  // Secondary indexes: field value → ids (one id held as itself: most customers have one complaint).
  const indexes = {
    stage: new Map<string, Members>(),
    status: new Map<string, Members>(),
    severity: new Map<string, Members>(),
    assignee: new Map<string, Members>(),
    department: new Map<string, Members>(),
    customerId: new Map<string, Members>(),
  };
  type Indexed = keyof typeof indexes;
  const indexedFields = Object.keys(indexes) as Indexed[];

  const timers = new Map<string, TimerRow>();
  const timerHeap = new MinHeap<{ tid: string; gen: number }>();
  const outbox = new Map<string, OutboxRow>();
  const outboxHeap = new MinHeap<{ id: string; gen: number }>();
  const idem = new Map<string, string>();
  // One counter for every row's generation: a row deleted and armed again never reuses a generation an old heap entry holds.
  let generation = 0;

  const indexValue = (s: ComplaintSummary, f: Indexed): string | null => s[f];
  const add = (f: Indexed, v: string, id: string) => {
    const m = indexes[f].get(v);
    if (m === undefined) indexes[f].set(v, id);
    else if (typeof m !== 'string') m.add(id);
    else if (m !== id) indexes[f].set(v, new Set([m, id]));
  };
  const index = (s: ComplaintSummary) => {
    for (const f of indexedFields) {
      const v = indexValue(s, f);
      if (v !== null) add(f, v, s.id);
    }
  };
  /** Move the complaint in the indexes whose value changed (most commits change none or one). */
  const reindex = (before: ComplaintSummary, after: ComplaintSummary) => {
    for (const f of indexedFields) {
      const was = indexValue(before, f);
      const now = indexValue(after, f);
      if (was === now) continue;
      if (was !== null) {
        // A value no complaint has any more (an assignee who left) goes, so it costs nothing.
        const m = indexes[f].get(was);
        if (m === before.id) indexes[f].delete(was);
        else if (m !== undefined && typeof m !== 'string') {
          m.delete(before.id);
          if (m.size === 0) indexes[f].delete(was);
        }
      }
      if (now !== null) add(f, now, after.id);
    }
  };

  /** When a timer row may be claimed next, or undefined (parked). */
  const availableAt = (r: TimerRow): number | undefined =>
    r.parked ? undefined : Math.max(r.timer.dueAt, r.retryAt ?? 0, r.lease?.until ?? 0);
  const touchTimer = (tid: string, r: TimerRow) => {
    r.gen = ++generation;
    const at = availableAt(r);
    if (at !== undefined) timerHeap.push(at, tid, { tid, gen: r.gen });
  };
  const outboxAvailableAt = (r: OutboxRow): number | undefined =>
    r.status === 'pending' ? Math.max(r.nextAttemptAt, r.lease?.until ?? 0) : undefined;
  const touchOutbox = (r: OutboxRow) => {
    r.gen = ++generation;
    const at = outboxAvailableAt(r);
    if (at !== undefined) outboxHeap.push(at, r.id, { id: r.id, gen: r.gen });
  };
  /** Drop heap entries that no longer describe their row. */
  const cleanTimerTop = () => {
    for (;;) {
      const top = timerHeap.peek();
      if (!top || timers.get(top.v.tid)?.gen === top.v.gen) return top;
      timerHeap.pop();
    }
  };
  const cleanOutboxTop = () => {
    for (;;) {
      const top = outboxHeap.peek();
      if (!top || outbox.get(top.v.id)?.gen === top.v.gen) return top;
      outboxHeap.pop();
    }
  };

  const toMessage = (r: OutboxRow): OutboxMessage => ({
    id: r.id,
    complaintId: r.complaintId,
    version: r.version,
    kind: r.kind,
    recipient: r.recipient,
    payload: r.payload ?? {},
    createdAt: r.createdAt,
    status: r.status,
    attempts: r.attempts,
    nextAttemptAt: r.nextAttemptAt,
    lastError: r.lastError,
    sentAt: r.sentAt,
  });

  return {
    async load(id) {
      return records.get(id)?.record;
    },

    async loadIfNewer(id, version) {
      const s = records.get(id);
      if (!s) return undefined;
      return s.record.version === version ? 'unchanged' : s.record;
    },

    async commit(c: Commit) {
      const id = c.record.id;
      const current = records.get(id);
      const actual = current?.record.version;
      if (c.expectedVersion === 0 ? current !== undefined : actual !== c.expectedVersion) {
        throw new ConflictError(
          current ? `complaint ${id} is at version ${actual}, not ${c.expectedVersion}` : `complaint ${id} does not exist (expected version ${c.expectedVersion})`,
          { id, expectedVersion: c.expectedVersion, actualVersion: actual },
        );
      }
      if (c.record.version !== c.expectedVersion + 1) {
        throw new ConflictError(`complaint ${id}: new version must be ${c.expectedVersion + 1}`, { id, expectedVersion: c.expectedVersion, actualVersion: actual });
      }
      if (c.idempotency && idem.has(c.idempotency.key)) {
        throw new ConflictError(`idempotency key ${c.idempotency.key} was already used`, { id });
      }
      for (const m of c.outbox) {
        if (outbox.has(m.id)) throw new ConflictError(`outbox message ${m.id} already exists`, { id });
      }
      // Validation done: apply everything (nothing can fail below).
      const record = freeze(c.record);
      let timeline = current?.timeline ?? NO_STRINGS;
      if (c.timeline.length > 0) {
        timeline = append(timeline, flat(JSON.stringify(c.timeline.map((e) => [e.version, e.seq, e.at, e.kind, e.type, e.actor.id, e.actor.role, e.data]))));
      }
      if (current) reindex(current.record.summary, record.summary);
      else {
        filed.insert(record.summary.filedAt, id);
        index(record.summary);
      }
      const stored: Stored = { record, timeline, outbox: current?.outbox ?? NO_STRINGS };
      records.set(id, stored);
      for (const key of c.disarmTimers) timers.delete(timerId(id, key));
      for (const t of c.armTimers) {
        const tid = timerId(id, t.key);
        const row: TimerRow = { timer: { complaintId: id, key: t.key, dueAt: t.dueAt }, gen: ++generation, lease: undefined, attempts: 0, lastError: null, failedAt: null, retryAt: null, parked: false };
        timers.set(tid, row);
        timerHeap.push(t.dueAt, tid, { tid, gen: row.gen });
      }
      for (const m of c.outbox) {
        const row: OutboxRow = {
          id: m.id,
          complaintId: m.complaintId,
          version: m.version,
          kind: m.kind,
          recipient: m.recipient,
          createdAt: m.createdAt,
          payload: m.status === 'sent' ? undefined : freeze(m.payload),
          status: m.status,
          attempts: m.attempts,
          nextAttemptAt: m.nextAttemptAt,
          lastError: m.lastError,
          sentAt: m.sentAt,
          lease: undefined,
          gen: 0,
        };
        outbox.set(m.id, row);
        stored.outbox = append(stored.outbox, m.id);
        touchOutbox(row);
      }
      for (const mid of c.requeueOutbox?.ids ?? []) {
        const row = outbox.get(mid);
        if (!row || row.complaintId !== id || row.status === 'sent') continue;
        row.status = 'pending';
        row.attempts = 0;
        row.nextAttemptAt = c.requeueOutbox!.at;
        row.lease = undefined;
        touchOutbox(row);
      }
      if (c.idempotency) idem.set(c.idempotency.key, JSON.stringify(c.idempotency));
    },

    async claimDue(now, limit, lease) {
      const out: TimerRecord[] = [];
      while (out.length < limit) {
        const top = cleanTimerTop();
        if (!top || top.k > now) break;
        timerHeap.pop();
        const row = timers.get(top.v.tid)!;
        if (availableAt(row)! > now) continue;
        row.lease = { owner: lease.owner, until: lease.until };
        touchTimer(top.v.tid, row);
        out.push({ complaintId: row.timer.complaintId, key: row.timer.key, dueAt: row.timer.dueAt, attempts: row.attempts });
      }
      return out.sort((a, b) => a.dueAt - b.dueAt || (a.complaintId < b.complaintId ? -1 : a.complaintId > b.complaintId ? 1 : a.key < b.key ? -1 : 1));
    },

    async releaseTimers(claimed, owner) {
      for (const t of claimed) {
        const tid = timerId(t.complaintId, t.key);
        const row = timers.get(tid);
        if (row && row.timer.dueAt === t.dueAt && row.lease?.owner === owner) {
          row.lease = undefined;
          touchTimer(tid, row);
        }
      }
    },

    async failTimer(t, failure, owner) {
      const tid = timerId(t.complaintId, t.key);
      const row = timers.get(tid);
      if (!row || row.timer.dueAt !== t.dueAt || row.lease?.owner !== owner) return;
      row.lease = undefined;
      row.attempts = failure.attempts;
      row.lastError = failure.lastError;
      row.failedAt = failure.failedAt;
      row.retryAt = failure.parked ? null : failure.retryAt;
      row.parked = failure.parked;
      touchTimer(tid, row);
    },

    async timerProblems(filter = {}) {
      const out: TimerProblem[] = [];
      for (const r of timers.values()) {
        if (r.attempts === 0) continue;
        const status = r.parked ? 'parked' : 'quarantined';
        if (filter.status && filter.status !== status) continue;
        out.push({ complaintId: r.timer.complaintId, key: r.timer.key, dueAt: r.timer.dueAt, status, attempts: r.attempts, lastError: r.lastError ?? '', failedAt: r.failedAt ?? 0, retryAt: r.retryAt });
      }
      out.sort((a, b) => a.failedAt - b.failedAt || (a.complaintId < b.complaintId ? -1 : 1));
      return out.slice(0, filter.limit ?? 1000);
    },

    async retryTimer(complaintId, key) {
      const tid = timerId(complaintId, key);
      const row = timers.get(tid);
      if (!row || row.attempts === 0) return false;
      row.attempts = 0;
      row.lastError = null;
      row.failedAt = null;
      row.retryAt = null;
      row.parked = false;
      row.lease = undefined;
      touchTimer(tid, row);
      return true;
    },

    async nextDueAt() {
      return cleanTimerTop()?.k;
    },

    async nextOutboxAt() {
      return cleanOutboxTop()?.k;
    },

    async claimOutbox(now, limit, lease) {
      const out: OutboxMessage[] = [];
      while (out.length < limit) {
        const top = cleanOutboxTop();
        if (!top || top.k > now) break;
        outboxHeap.pop();
        const row = outbox.get(top.v.id)!;
        row.lease = { owner: lease.owner, until: lease.until };
        touchOutbox(row);
        out.push(toMessage(row));
      }
      return out;
    },

    async markOutbox(id, update, owner) {
      const row = outbox.get(id);
      if (!row) return;
      if (owner !== undefined && row.lease?.owner !== owner) return;
      row.status = update.status;
      row.attempts = update.attempts;
      row.nextAttemptAt = update.nextAttemptAt;
      row.lastError = update.lastError;
      row.sentAt = update.sentAt;
      row.lease = undefined;
      if (update.status === 'sent') row.payload = undefined;
      touchOutbox(row);
    },

    async outbox(filter = {}) {
      const ids = filter.id !== undefined ? [filter.id] : filter.complaintId !== undefined ? (records.get(filter.complaintId)?.outbox ?? []) : outbox.keys();
      const out: OutboxMessage[] = [];
      for (const id of ids) {
        const r = outbox.get(id);
        if (!r) continue;
        if (filter.status && r.status !== filter.status) continue;
        if (filter.complaintId && r.complaintId !== filter.complaintId) continue;
        out.push(toMessage(r));
      }
      return out.sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1));
    },

    async list(query: ListQuery): Promise<ListPage> {
      const limit = pageLimit(query.limit);
      const sort = query.sort ?? 'filedAt';
      const desc = query.order === 'desc';
      const after = decodeListCursor(query.cursor, sort, desc);
      const cmp = compareFor(sort, desc);
      // The smallest index set that applies, else every complaint.
      let candidates: Iterable<string> | undefined;
      let size = Infinity;
      const consider = (f: Indexed, want: string | string[] | undefined) => {
        if (want === undefined) return;
        const values = Array.isArray(want) ? want : [want];
        const sets = values.map((v) => indexes[f].get(v)).filter((m): m is Members => m !== undefined).map((m) => (typeof m === 'string' ? [m] : m));
        const n = sets.reduce((a, s) => a + (Array.isArray(s) ? s.length : s.size), 0);
        if (n < size) {
          size = n;
          candidates = (function* () {
            for (const s of sets) yield* s;
          })();
        }
      };
      consider('stage', query.stage);
      consider('status', query.status);
      consider('severity', query.severity);
      consider('assignee', query.assignee);
      consider('department', query.department);
      consider('customerId', query.customerId);
      const summaries = function* (ids: Iterable<string>) {
        for (const id of ids) {
          const s = records.get(id)?.record.summary;
          if (s) yield s;
        }
      };
      if (candidates === undefined && sort === 'filedAt') {
        // Filing order is kept sorted: walk it from the cursor, no sort needed.
        const items: ComplaintSummary[] = [];
        let more = false;
        for (const s of summaries(filed.from(after && { key: after.key as number, id: after.id }, desc))) {
          if (!matchesQuery(s, query)) continue;
          if (items.length === limit) {
            more = true;
            break;
          }
          items.push(s);
        }
        const last = items[items.length - 1];
        return more && last ? { items, next: encodeListCursor(last, sort, desc) } : { items };
      }
      // Keep the best `limit + 1` after the cursor (a bounded selection, not a full sort).
      const best: ComplaintSummary[] = [];
      for (const s of summaries(candidates ?? filed.from(undefined, false))) {
        if (!matchesQuery(s, query)) continue;
        if (after && cmp(s, after.summary) <= 0) continue;
        if (best.length <= limit) {
          best.push(s);
          if (best.length === limit + 1) best.sort(cmp);
        } else if (cmp(s, best[limit]!) < 0) {
          best[limit] = s;
          for (let i = limit; i > 0 && cmp(best[i]!, best[i - 1]!) < 0; i--) [best[i], best[i - 1]] = [best[i - 1]!, best[i]!];
        }
      }
      best.sort(cmp);
      const items = best.slice(0, limit);
      const last = items[items.length - 1];
      return best.length > limit && last ? { items, next: encodeListCursor(last, sort, desc) } : { items };
    },

    async timeline(id) {
      const out: TimelineEntry[] = [];
      for (const batch of records.get(id)?.timeline ?? []) {
        for (const [version, seq, at, kind, type, actorId, role, data] of JSON.parse(batch) as [
          number, number, number, TimelineEntry['kind'], string, string, TimelineEntry['actor']['role'], Record<string, unknown>,
        ][]) {
          out.push({ complaintId: id, version, seq, at, kind, type, actor: { id: actorId, role }, data });
        }
      }
      return out;
    },

    async idempotency(key) {
      const j = idem.get(key);
      return j ? (JSON.parse(j) as IdempotencyRecord) : undefined;
    },

    async records(q): Promise<RecordPage> {
      const after = decodeRecordCursor(q.cursor);
      const items: ComplaintRecord[] = [];
      let more = false;
      for (const id of filed.from(after && { key: after.filedAt, id: after.id }, false)) {
        const r = records.get(id)!.record;
        if (q.filedFrom !== undefined && r.summary.filedAt < q.filedFrom) continue;
        if (q.filedTo !== undefined && r.summary.filedAt >= q.filedTo) break;
        if (items.length === q.limit) {
          more = true;
          break;
        }
        items.push(r);
      }
      const last = items[items.length - 1];
      return more && last ? { items, next: encodeRecordCursor(last.summary) } : { items };
    },

    async stats(now): Promise<StoreStats> {
      const s: StoreStats = {
        timers: { armed: 0, due: 0, oldestDueAt: null, quarantined: 0, parked: 0 },
        outbox: { pending: 0, due: 0, oldestPendingAt: null, parked: 0 },
      };
      for (const r of timers.values()) {
        s.timers.armed++;
        if (r.parked) s.timers.parked++;
        else {
          if (r.attempts > 0) s.timers.quarantined++;
          if (r.timer.dueAt <= now) {
            s.timers.due++;
            if (s.timers.oldestDueAt === null || r.timer.dueAt < s.timers.oldestDueAt) s.timers.oldestDueAt = r.timer.dueAt;
          }
        }
      }
      for (const r of outbox.values()) {
        if (r.status === 'parked') s.outbox.parked++;
        else if (r.status === 'pending') {
          s.outbox.pending++;
          if (r.nextAttemptAt <= now) s.outbox.due++;
          if (s.outbox.oldestPendingAt === null || r.createdAt < s.outbox.oldestPendingAt) s.outbox.oldestPendingAt = r.createdAt;
        }
      }
      return s;
    },
  };
}
