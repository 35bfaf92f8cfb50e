import { ConflictError } from '../errors.js';
import type {
  Commit,
  ComplaintRecord,
  ComplaintStore,
  ComplaintSummary,
  OutboxMessage,
  TimelineEntry,
} from '../adapters/types.js';
import type { TestRunner } from './contract-types.js';

const T0 = Date.parse('2026-01-05T09:00:00Z');

function summary(id: string, version: number, over: Partial<ComplaintSummary> = {}): ComplaintSummary {
  return {
    id,
    version,
    stage: 'received',
    step: 'received.registered',
    severity: null,
    categories: [],
    department: null,
    assignee: null,
    customerId: `cust-${id}`,
    channel: 'web',
    escalationLevel: 0,
    outcome: null,
    filedAt: T0,
    updatedAt: T0,
    closedAt: null,
    breached: false,
    atRisk: false,
    nextDeadline: null,
    ...over,
  };
}

function record(id: string, version: number, over: Partial<ComplaintSummary> = {}, timers: Record<string, number> = {}): ComplaintRecord {
  return {
    id,
    version,
    machineVersion: 1,
    snapshot: { status: 'active', value: { received: { step: 'registered' } }, context: { n: version, text: 'ünïcødé 投诉' } },
    summary: summary(id, version, over),
    timers,
  };
}

function entry(id: string, version: number, seq: number, type = 'EVENT'): TimelineEntry {
  return { complaintId: id, version, seq, at: T0 + version * 1000 + seq, kind: 'event', type, actor: { id: 'a', role: 'agent' }, data: { seq } };
}

function message(id: string, version: number, n: string, at = T0): OutboxMessage {
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

function create(id: string, over: Partial<Commit> = {}, sum: Partial<ComplaintSummary> = {}): Commit {
  return { expectedVersion: 0, record: record(id, 1, sum), timeline: [entry(id, 1, 0, 'FILED')], armTimers: [], disarmTimers: [], outbox: [], ...over };
}

async function rejectsConflict(expect: TestRunner['expect'], p: Promise<unknown>): Promise<void> {
  let error: unknown;
  try {
    await p;
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(ConflictError);
}

/**
 * The conformance suite every {@link ComplaintStore} must pass: atomic,
 * version-guarded commits; timers and outbox claimed in order with leases;
 * idempotency; list filters and keyset pagination; isolation of returned data.
 *
 * @param name - suite name
 * @param makeStore - returns a fresh, empty store for each test
 * @param runner - the test runner's `describe`, `it` and `expect`
 * @example
 * import { describe, it, expect } from 'vitest';
 * import { describeStoreContract } from 'redress/testing';
 * describeStoreContract('my store', () => myStore(), { describe, it, expect });
 */
export function describeStoreContract(
  name: string,
  makeStore: () => ComplaintStore | Promise<ComplaintStore>,
  runner: TestRunner,
): void {
  const { describe, it, expect } = runner;
  describe(`ComplaintStore contract: ${name}`, () => {
    it('loads nothing for an unknown id and round-trips a created record', async () => {
      const s = await makeStore();
      expect(await s.load('nope')).toBeUndefined();
      const c = create('c1');
      await s.commit(c);
      expect(await s.load('c1')).toEqual(c.record);
      expect(await s.timeline('c1')).toEqual(c.timeline);
    });

    it('returns copies: mutating what it returned does not change the store', async () => {
      const s = await makeStore();
      await s.commit(create('c1'));
      const r = await s.load('c1');
      (r!.summary as { stage: string }).stage = 'tampered';
      (r!.snapshot as { context: { n: number } }).context.n = 99;
      const again = await s.load('c1');
      expect(again!.summary.stage).toBe('received');
      expect((again!.snapshot as { context: { n: number } }).context.n).toBe(1);
    });

    it('answers loadIfNewer, when it implements it, with "unchanged" for the current version and the record otherwise', async () => {
      const s = await makeStore();
      if (!s.loadIfNewer) return;
      expect(await s.loadIfNewer('nope', 1)).toBeUndefined();
      await s.commit(create('c1'));
      expect(await s.loadIfNewer('c1', 1)).toBe('unchanged');
      await s.commit({ ...create('c1'), expectedVersion: 1, record: record('c1', 2, { stage: 'triage' }), timeline: [] });
      expect(await s.loadIfNewer('c1', 1)).toEqual(record('c1', 2, { stage: 'triage' }));
      expect(await s.loadIfNewer('c1', 2)).toBe('unchanged');
    });

    it('refuses to create a record twice', async () => {
      const s = await makeStore();
      await s.commit(create('c1'));
      await rejectsConflict(expect, s.commit(create('c1')));
      expect(await s.timeline('c1')).toHaveLength(1);
    });

    it('refuses a stale expected version and applies nothing of that commit', async () => {
      const s = await makeStore();
      await s.commit(create('c1'));
      const next: Commit = {
        expectedVersion: 1,
        record: record('c1', 2, {}, { k1: T0 + 10 }),
        timeline: [entry('c1', 2, 0)],
        armTimers: [{ complaintId: 'c1', key: 'k1', dueAt: T0 + 10 }],
        disarmTimers: [],
        outbox: [message('c1', 2, 'a')],
        idempotency: { key: 'idem-1', complaintId: 'c1', version: 2, result: { ok: 1 } },
      };
      await s.commit(next);
      const stale: Commit = {
        ...next,
        record: record('c1', 2, { stage: 'triage' }, { k2: T0 }),
        timeline: [entry('c1', 2, 0, 'STALE')],
        armTimers: [{ complaintId: 'c1', key: 'k2', dueAt: T0 }],
        outbox: [message('c1', 2, 'b')],
        idempotency: { key: 'idem-2', complaintId: 'c1', version: 2, result: {} },
      };
      await rejectsConflict(expect, s.commit(stale));
      expect((await s.load('c1'))!.summary.stage).toBe('received');
      expect((await s.timeline('c1')).map((e) => e.type)).toEqual(['FILED', 'EVENT']);
      expect((await s.claimDue(T0 + 100, 10, { owner: 'w', until: T0 + 1000 })).map((t) => t.key)).toEqual(['k1']);
      expect((await s.outbox()).map((m) => m.recipient)).toEqual(['a']);
      expect(await s.idempotency('idem-2')).toBeUndefined();
      expect(await s.idempotency('idem-1')).toEqual(next.idempotency);
    });

    it('refuses a commit whose idempotency key was already used', async () => {
      const s = await makeStore();
      await s.commit(create('c1', { idempotency: { key: 'k', complaintId: 'c1', version: 1, result: 1 } }));
      await rejectsConflict(expect, s.commit(create('c2', { idempotency: { key: 'k', complaintId: 'c2', version: 1, result: 2 } })));
      expect(await s.load('c2')).toBeUndefined();
    });

    it('lets exactly one of two concurrent commits on the same version win', async () => {
      const s = await makeStore();
      await s.commit(create('c1'));
      const a = s.commit({ ...create('c1'), expectedVersion: 1, record: record('c1', 2, { stage: 'a' }), timeline: [entry('c1', 2, 0, 'A')] });
      const b = s.commit({ ...create('c1'), expectedVersion: 1, record: record('c1', 2, { stage: 'b' }), timeline: [entry('c1', 2, 0, 'B')] });
      const results = await Promise.allSettled([a, b]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
      expect(rejected.reason).toBeInstanceOf(ConflictError);
      const tl = await s.timeline('c1');
      expect(tl).toHaveLength(2);
      expect((await s.load('c1'))!.summary.stage).toBe(tl[1]!.type.toLowerCase());
    });

    it('claims due timers earliest first, re-arms by key, disarms, and reports the next due time', async () => {
      const s = await makeStore();
      await s.commit(create('c1', { armTimers: [{ complaintId: 'c1', key: 'late', dueAt: T0 + 300 }, { complaintId: 'c1', key: 'early', dueAt: T0 + 100 }] }));
      await s.commit(create('c2', { armTimers: [{ complaintId: 'c2', key: 'mid', dueAt: T0 + 200 }, { complaintId: 'c2', key: 'future', dueAt: T0 + 10_000 }] }));
      expect(await s.nextDueAt()).toBe(T0 + 100);
      const due = await s.claimDue(T0 + 300, 10, { owner: 'w', until: T0 + 1000 });
      expect(due.map((t) => `${t.complaintId}/${t.key}@${t.dueAt - T0}`)).toEqual(['c1/early@100', 'c2/mid@200', 'c1/late@300']);
      await s.releaseTimers(due, 'w');
      // Re-arm `early` later and disarm `late` in one commit.
      await s.commit({
        expectedVersion: 1,
        record: record('c1', 2),
        timeline: [],
        armTimers: [{ complaintId: 'c1', key: 'early', dueAt: T0 + 5_000 }],
        disarmTimers: ['late'],
        outbox: [],
      });
      expect(await s.nextDueAt()).toBe(T0 + 200);
      const again = await s.claimDue(T0 + 6_000, 10, { owner: 'w', until: T0 + 1000 });
      expect(again.map((t) => `${t.complaintId}/${t.key}@${t.dueAt - T0}`)).toEqual(['c2/mid@200', 'c1/early@5000']);
    });

    it('respects the limit and leases claimed timers to one owner until released or expired', async () => {
      const s = await makeStore();
      await s.commit(create('c1', { armTimers: [1, 2, 3].map((i) => ({ complaintId: 'c1', key: `k${i}`, dueAt: T0 + i })) }));
      const a = await s.claimDue(T0 + 10, 2, { owner: 'A', until: T0 + 1000 });
      expect(a.map((t) => t.key)).toEqual(['k1', 'k2']);
      const b = await s.claimDue(T0 + 10, 10, { owner: 'B', until: T0 + 1000 });
      expect(b.map((t) => t.key)).toEqual(['k3']);
      await s.releaseTimers([a[0]!], 'A');
      const b2 = await s.claimDue(T0 + 10, 10, { owner: 'B', until: T0 + 1000 });
      expect(b2.map((t) => t.key)).toEqual(['k1', 'k3']);
      // After A's lease on k2 expires, B may take it.
      const b3 = await s.claimDue(T0 + 2000, 10, { owner: 'B', until: T0 + 3000 });
      expect(b3.map((t) => t.key)).toEqual(['k1', 'k2', 'k3']);
    });

    it('claims pending outbox messages, retries them after their next attempt, and keeps parked ones visible', async () => {
      const s = await makeStore();
      await s.commit(create('c1', { outbox: [message('c1', 1, 'x', T0), message('c1', 1, 'y', T0 + 5)] }));
      expect((await s.claimOutbox(T0 + 1, 10, { owner: 'A', until: T0 + 100 })).map((m) => m.recipient)).toEqual(['x']);
      expect(await s.claimOutbox(T0 + 1, 10, { owner: 'B', until: T0 + 100 })).toEqual([]);
      const both = await s.claimOutbox(T0 + 10, 10, { owner: 'A', until: T0 + 100 });
      expect(both.map((m) => m.recipient)).toEqual(['x', 'y']);
      await s.markOutbox(both[0]!.id, { status: 'sent', attempts: 1, nextAttemptAt: T0, lastError: null, sentAt: T0 + 10 });
      await s.markOutbox(both[1]!.id, { status: 'pending', attempts: 1, nextAttemptAt: T0 + 500, lastError: 'boom', sentAt: null });
      expect(await s.claimOutbox(T0 + 100, 10, { owner: 'A', until: T0 + 1000 })).toEqual([]);
      const retry = await s.claimOutbox(T0 + 500, 10, { owner: 'A', until: T0 + 1000 });
      expect(retry.map((m) => `${m.recipient}:${m.attempts}:${m.lastError}`)).toEqual(['y:1:boom']);
      await s.markOutbox(retry[0]!.id, { status: 'parked', attempts: 5, nextAttemptAt: T0 + 500, lastError: 'gave up', sentAt: null });
      expect(await s.claimOutbox(T0 + 100_000, 10, { owner: 'A', until: T0 + 200_000 })).toEqual([]);
      const parked = await s.outbox({ status: 'parked' });
      expect(parked.map((m) => `${m.recipient}:${m.lastError}`)).toEqual(['y:gave up']);
      expect((await s.outbox({ status: 'sent' })).map((m) => m.sentAt)).toEqual([T0 + 10]);
      expect(await s.outbox({ complaintId: 'other' })).toEqual([]);
    });

    it('ignores the outcome from a worker whose outbox lease was taken over', async () => {
      const s = await makeStore();
      await s.commit(create('c1', { outbox: [message('c1', 1, 'x', T0)] }));
      const [a] = await s.claimOutbox(T0, 10, { owner: 'A', until: T0 + 100 });
      // A's lease runs out; B claims the message and delivers it.
      const [b] = await s.claimOutbox(T0 + 200, 10, { owner: 'B', until: T0 + 300 });
      expect(b!.id).toBe(a!.id);
      await s.markOutbox(a!.id, { status: 'pending', attempts: 1, nextAttemptAt: T0 + 5_000, lastError: 'A timed out', sentAt: null }, 'A');
      await s.markOutbox(b!.id, { status: 'sent', attempts: 1, nextAttemptAt: T0, lastError: null, sentAt: T0 + 250 }, 'B');
      // A late report from A changes nothing either.
      await s.markOutbox(a!.id, { status: 'parked', attempts: 5, nextAttemptAt: T0, lastError: 'A gave up', sentAt: null }, 'A');
      const [m] = await s.outbox({ complaintId: 'c1' });
      expect([m!.status, m!.lastError, m!.sentAt]).toEqual(['sent', null, T0 + 250]);
    });

    it('refuses a duplicate outbox message id', async () => {
      const s = await makeStore();
      await s.commit(create('c1', { outbox: [message('c1', 1, 'x')] }));
      await rejectsConflict(expect, s.commit(create('c2', { outbox: [message('c1', 1, 'x')] })));
      expect(await s.load('c2')).toBeUndefined();
    });

    it('lists with filters and keyset pagination, every match exactly once', async () => {
      const s = await makeStore();
      for (let i = 0; i < 25; i++) {
        await s.commit(
          create(`c${String(i).padStart(2, '0')}`, {}, {
            filedAt: T0 + Math.floor(i / 2) * 60_000,
            severity: i % 3 === 0 ? 'urgent' : 'normal',
            stage: i % 2 === 0 ? 'triage' : 'investigating',
            categories: i % 4 === 0 ? ['billing', 'other'] : ['logistics'],
            department: i % 5 === 0 ? 'finance' : 'logistics',
            escalationLevel: i % 4,
            breached: i % 6 === 0,
            atRisk: i % 7 === 0,
          }),
        );
      }
      const all: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await s.list({ limit: 4, ...(cursor ? { cursor } : {}) });
        expect(page.items.length <= 4).toBe(true);
        all.push(...page.items.map((x) => x.id));
        cursor = page.next;
      } while (cursor);
      expect(all).toHaveLength(25);
      expect(new Set(all).size).toBe(25);
      const expectIds = (pred: (i: number) => boolean) =>
        Array.from({ length: 25 }, (_, i) => i).filter(pred).map((i) => `c${String(i).padStart(2, '0')}`);
      const ids = async (q: Parameters<ComplaintStore['list']>[0]) => (await s.list({ limit: 1000, ...q })).items.map((x) => x.id);
      expect(await ids({ severity: 'urgent' })).toEqual(expectIds((i) => i % 3 === 0));
      expect(await ids({ stage: 'triage', category: 'billing' })).toEqual(expectIds((i) => i % 2 === 0 && i % 4 === 0));
      expect(await ids({ department: 'finance' })).toEqual(expectIds((i) => i % 5 === 0));
      expect(await ids({ escalationLevel: 2 })).toEqual(expectIds((i) => i % 4 >= 2));
      expect(await ids({ breached: true })).toEqual(expectIds((i) => i % 6 === 0));
      expect(await ids({ atRisk: true })).toEqual(expectIds((i) => i % 7 === 0));
      expect(await ids({ stage: ['triage', 'investigating'], severity: ['normal'] })).toEqual(expectIds((i) => i % 3 !== 0));
      expect(await ids({ filedFrom: T0 + 2 * 60_000, filedTo: T0 + 4 * 60_000 })).toEqual(expectIds((i) => i >= 4 && i < 8));
    });
  });
}
