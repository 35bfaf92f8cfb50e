// Fixtures shared by the parts of the store contract: records, timeline entries, messages, commits.
import { isConflictError } from '../../errors.js';
import type {
  Commit,
  ComplaintRecord,
  ComplaintStore,
  ComplaintSummary,
  OutboxMessage,
  PersistedComplaintSnapshot,
  TimelineEntry,
} from '../../adapters/types.js';
import type { TestRunner } from '../contract-types.js';

export const T0 = Date.parse('2026-01-05T09:00:00Z');

export function summary(id: string, version: number, over: Partial<ComplaintSummary> = {}): ComplaintSummary {
  return {
    id,
    version,
    stage: 'received',
    step: 'received',
    status: 'open',
    severity: null,
    categories: [],
    department: null,
    assignee: null,
    customerId: `cust-${id}`,
    channel: 'web',
    escalationLevel: 0,
    outcome: null,
    filedAt: T0,
    updatedAt: T0 + version,
    closedAt: null,
    breached: false,
    atRisk: false,
    nextDeadline: null,
    ...over,
  };
}

/** A record whose snapshot is opaque JSON to the store (stores never interpret it). */
export function record(id: string, version: number, over: Partial<ComplaintSummary> = {}, timers: Record<string, number> = {}): ComplaintRecord {
  return {
    id,
    version,
    machineVersion: 2,
    snapshot: {
      status: 'active',
      value: { open: 'received' },
      context: { n: version, text: 'ünïcødé 投诉 \u0000 nul', intake: { description: 'x'.repeat(50) } },
      historyValue: {},
      children: {},
    } as unknown as PersistedComplaintSnapshot,
    summary: summary(id, version, over),
    timers,
  };
}

export function entry(id: string, version: number, seq: number, type = 'EVENT'): TimelineEntry {
  return { complaintId: id, version, seq, at: T0 + version * 1000 + seq, kind: 'event', type, actor: { id: 'a', role: 'agent' }, data: { seq, note: 'ünï \u0000' } };
}

export function message(id: string, version: number, n: string, at = T0): OutboxMessage {
  return {
    id: `${id}:${version}:kind:${n}`,
    complaintId: id,
    version,
    kind: 'kind',
    recipient: n,
    payload: { hello: n },
    createdAt: at,
    status: 'pending',
    attempts: 0,
    nextAttemptAt: at,
    lastError: null,
    sentAt: null,
  };
}

export function create(id: string, over: Partial<Commit> = {}, sum: Partial<ComplaintSummary> = {}): Commit {
  return { expectedVersion: 0, record: record(id, 1, sum), timeline: [entry(id, 1, 0, 'FILED')], armTimers: [], disarmTimers: [], outbox: [], ...over };
}

export function update(id: string, from: number, over: Partial<Commit> = {}, sum: Partial<ComplaintSummary> = {}, timers: Record<string, number> = {}): Commit {
  return { expectedVersion: from, record: record(id, from + 1, sum, timers), timeline: [], armTimers: [], disarmTimers: [], outbox: [], ...over };
}

export async function rejectsConflict(expect: TestRunner['expect'], p: Promise<unknown>): Promise<void> {
  let error: unknown;
  try {
    await p;
  } catch (e) {
    error = e;
  }
  expect(isConflictError(error)).toBe(true);
}

/** A lease held by `owner` until `until`. */
export const lease = (owner: string, until: number) => ({ owner, until });

/** Timers as `complaint/key@offset` (offset from T0), for readable assertions. */
export const keys = (ts: { complaintId: string; key: string; dueAt: number }[]) => ts.map((t) => `${t.complaintId}/${t.key}@${t.dueAt - T0}`);

/** Makes a fresh, empty store for each test. */
export type MakeStore = () => ComplaintStore | Promise<ComplaintStore>;
