import { isConflictError } from '../errors.js';
import type {
  Commit,
  ComplaintRecord,
  ComplaintStore,
  ComplaintSummary,
  OutboxMessage,
  PersistedComplaintSnapshot,
  TimelineEntry,
} from '../adapters/types.js';
import type { TestRunner } from './contract-types.js';

const T0 = Date.parse('2026-01-05T09:00:00Z');

function summary(id: string, version: number, over: Partial<ComplaintSummary> = {}): ComplaintSummary {
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
function record(id: string, version: number, over: Partial<ComplaintSummary> = {}, timers: Record<string, number> = {}): ComplaintRecord {
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

function entry(id: string, version: number, seq: number, type = 'EVENT'): TimelineEntry {
  return { complaintId: id, version, seq, at: T0 + version * 1000 + seq, kind: 'event', type, actor: { id: 'a', role: 'agent' }, data: { seq, note: 'ünï \u0000' } };
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

function update(id: string, from: number, over: Partial<Commit> = {}, sum: Partial<ComplaintSummary> = {}, timers: Record<string, number> = {}): Commit {
  return { expectedVersion: from, record: record(id, from + 1, sum, timers), timeline: [], armTimers: [], disarmTimers: [], outbox: [], ...over };
}

async function rejectsConflict(expect: TestRunner['expect'], p: Promise<unknown>): Promise<void> {
  let error: unknown;
  try {
    await p;
  } catch (e) {
    error = e;
  }
  expect(isConflictError(error)).toBe(true);
}

/** Optional capabilities of a store (see {@link ComplaintStore}); the suite tests those it has and reports the others. */
export type StoreCapability = 'loadIfNewer' | 'records' | 'stats' | 'nextOutboxAt';

/**
 * The conformance suite every {@link ComplaintStore} must pass, by
 * capability: core (atomic, version-guarded commits, timeline, idempotency,
 * isolation of returned data), timers (claims in due order with leases,
 * quarantine and parking), outbox (claims, retries, leases), list (filters,
 * sorts, keyset pagination). The optional capabilities (`loadIfNewer`,
 * `records`, `stats`, `nextOutboxAt`) are tested when the store has them;
 * for each one it lacks, the suite reports a test named "… not provided by
 * this store" that checks it is really absent, so nothing passes silently.
 *
 * @param name - suite name
 * @param makeStore - returns a fresh, empty store for each test
 * @param runner - the test runner's `describe`, `it` and `expect`
 * @example
 * import { describe, it, expect } from 'vitest';
 * import { describeStoreContract } from 'redress/testing';
 * describeStoreContract('my store', () => myStore(), { describe, it, expect });
 */
export function describeStoreContract(name: string, makeStore: () => ComplaintStore | Promise<ComplaintStore>, runner: TestRunner): void {
  const { describe, it, expect } = runner;
  const lease = (owner: string, until: number) => ({ owner, until });
  const keys = (ts: { complaintId: string; key: string; dueAt: number }[]) => ts.map((t) => `${t.complaintId}/${t.key}@${t.dueAt - T0}`);

  describe(`ComplaintStore contract: ${name}`, () => {
    describe('core', () => {
      it('loads nothing for an unknown id and round-trips a created record, its timeline and odd text', async () => {
        const s = await makeStore();
        expect(await s.load('nope')).toBeUndefined();
        const c = create('c1');
        await s.commit(c);
        expect(await s.load('c1')).toEqual(c.record);
        expect(await s.timeline('c1')).toEqual(c.timeline);
      });

      it('never lets a caller change what is stored through what it returned', async () => {
        const s = await makeStore();
        await s.commit(create('c1'));
        const r = await s.load('c1');
        try {
          (r!.summary as { stage: string }).stage = 'tampered';
          (r!.snapshot.context as unknown as { n: number }).n = 99;
        } catch {
          // a store may hand out frozen objects: refusing the change is fine too
        }
        const again = await s.load('c1');
        expect(again!.summary.stage).toBe('received');
        expect((again!.snapshot.context as unknown as { n: number }).n).toBe(1);
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
        const next = update('c1', 1, {
          timeline: [entry('c1', 2, 0)],
          armTimers: [{ complaintId: 'c1', key: 'k1', dueAt: T0 + 10 }],
          outbox: [message('c1', 2, 'a')],
          idempotency: { key: 'idem-1', complaintId: 'c1', version: 2, result: { ok: 1 } },
        }, {}, { k1: T0 + 10 });
        await s.commit(next);
        const stale = update('c1', 1, {
          timeline: [entry('c1', 2, 0, 'STALE')],
          armTimers: [{ complaintId: 'c1', key: 'k2', dueAt: T0 }],
          outbox: [message('c1', 2, 'b')],
          idempotency: { key: 'idem-2', complaintId: 'c1', version: 2, result: {} },
        }, { stage: 'triage' }, { k2: T0 });
        await rejectsConflict(expect, s.commit(stale));
        expect((await s.load('c1'))!.summary.stage).toBe('received');
        expect((await s.timeline('c1')).map((e) => e.type)).toEqual(['FILED', 'EVENT']);
        expect((await s.claimDue(T0 + 100, 10, lease('w', T0 + 1000))).map((t) => t.key)).toEqual(['k1']);
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
        const a = s.commit(update('c1', 1, { timeline: [entry('c1', 2, 0, 'A')] }, { stage: 'triage' }));
        const b = s.commit(update('c1', 1, { timeline: [entry('c1', 2, 0, 'B')] }, { stage: 'closed' }));
        const results = await Promise.allSettled([a, b]);
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
        expect(isConflictError(rejected.reason)).toBe(true);
        const tl = await s.timeline('c1');
        expect(tl).toHaveLength(2);
        expect((await s.load('c1'))!.summary.stage).toBe(tl[1]!.type === 'A' ? 'triage' : 'closed');
      });
    });

    describe('timers', () => {
      it('claims due timers earliest first, re-arms by key, disarms, and reports the next due time', async () => {
        const s = await makeStore();
        await s.commit(create('c1', { armTimers: [{ complaintId: 'c1', key: 'late', dueAt: T0 + 300 }, { complaintId: 'c1', key: 'early', dueAt: T0 + 100 }] }));
        await s.commit(create('c2', { armTimers: [{ complaintId: 'c2', key: 'mid', dueAt: T0 + 200 }, { complaintId: 'c2', key: 'future', dueAt: T0 + 10_000 }] }));
        expect(await s.nextDueAt()).toBe(T0 + 100);
        const due = await s.claimDue(T0 + 300, 10, lease('w', T0 + 1000));
        expect(keys(due)).toEqual(['c1/early@100', 'c2/mid@200', 'c1/late@300']);
        expect(due.map((t) => t.attempts ?? 0)).toEqual([0, 0, 0]);
        await s.releaseTimers(due, 'w');
        await s.commit(update('c1', 1, { armTimers: [{ complaintId: 'c1', key: 'early', dueAt: T0 + 5_000 }], disarmTimers: ['late'] }));
        expect(await s.nextDueAt()).toBe(T0 + 200);
        expect(keys(await s.claimDue(T0 + 6_000, 10, lease('w', T0 + 7000)))).toEqual(['c2/mid@200', 'c1/early@5000']);
      });

      it('leases claimed timers to one owner, never handing them out again before the lease ends — not even to that owner', async () => {
        const s = await makeStore();
        await s.commit(create('c1', { armTimers: [1, 2, 3].map((i) => ({ complaintId: 'c1', key: `k${i}`, dueAt: T0 + i })) }));
        const a = await s.claimDue(T0 + 10, 2, lease('A', T0 + 1000));
        expect(a.map((t) => t.key)).toEqual(['k1', 'k2']);
        expect((await s.claimDue(T0 + 10, 10, lease('A', T0 + 1000))).map((t) => t.key)).toEqual(['k3']);
        expect(await s.claimDue(T0 + 10, 10, lease('B', T0 + 1000))).toEqual([]);
        // The earliest instant anything can be claimed is the end of the leases.
        expect(await s.nextDueAt()).toBe(T0 + 1000);
        await s.releaseTimers([a[0]!], 'A');
        expect((await s.claimDue(T0 + 10, 10, lease('B', T0 + 1000))).map((t) => t.key)).toEqual(['k1']);
        // After A's lease on k2 expires, B may take it.
        expect((await s.claimDue(T0 + 2000, 10, lease('B', T0 + 3000))).map((t) => t.key)).toEqual(['k1', 'k2', 'k3']);
      });

      it('quarantines a failed timer until its retry time, counts attempts, parks it, and retries it by hand', async () => {
        const s = await makeStore();
        await s.commit(create('c1', { armTimers: [{ complaintId: 'c1', key: 'poison', dueAt: T0 }, { complaintId: 'c1', key: 'ok', dueAt: T0 + 1 }] }));
        const [p] = await s.claimDue(T0 + 10, 1, lease('A', T0 + 100));
        expect(p!.key).toBe('poison');
        await s.failTimer(p!, { attempts: 1, lastError: 'boom', failedAt: T0 + 10, retryAt: T0 + 500, parked: false }, 'A');
        // Another owner's failure report for a timer it does not hold is ignored.
        await s.failTimer(p!, { attempts: 9, lastError: 'not mine', failedAt: T0 + 10, retryAt: T0 + 1, parked: true }, 'B');
        expect(keys(await s.claimDue(T0 + 20, 10, lease('A', T0 + 100_000)))).toEqual(['c1/ok@1']);
        await s.commit(update('c1', 1, { disarmTimers: ['ok'] }));
        expect(await s.claimDue(T0 + 499, 10, lease('A', T0 + 600))).toEqual([]);
        const problems = await s.timerProblems();
        expect(problems.map((x) => [x.key, x.status, x.attempts, x.lastError, x.retryAt])).toEqual([['poison', 'quarantined', 1, 'boom', T0 + 500]]);
        const [again] = await s.claimDue(T0 + 500, 10, lease('A', T0 + 600));
        expect([again!.key, again!.attempts]).toEqual(['poison', 1]);
        await s.failTimer(again!, { attempts: 2, lastError: 'boom again', failedAt: T0 + 500, retryAt: T0 + 900, parked: true }, 'A');
        expect(await s.claimDue(T0 + 1_000_000, 10, lease('A', T0 + 2_000_000))).toEqual([]);
        expect((await s.timerProblems({ status: 'parked' })).map((x) => [x.key, x.attempts, x.retryAt])).toEqual([['poison', 2, null]]);
        expect(await s.timerProblems({ status: 'quarantined' })).toEqual([]);
        expect(await s.retryTimer('c1', 'ok')).toBe(false);
        expect(await s.retryTimer('c1', 'poison')).toBe(true);
        expect(await s.timerProblems()).toEqual([]);
        const [retried] = await s.claimDue(T0 + 1_000_000, 10, lease('A', T0 + 2_000_000));
        expect([retried!.key, retried!.attempts ?? 0]).toEqual(['poison', 0]);
      });

      it('claims a timer disarmed and armed again only at its new due instant', async () => {
        const s = await makeStore();
        await s.commit(create('c1', { armTimers: [{ complaintId: 'c1', key: 't', dueAt: T0 }] }));
        await s.commit(update('c1', 1, { disarmTimers: ['t'] }));
        await s.commit(update('c1', 2, { armTimers: [{ complaintId: 'c1', key: 't', dueAt: T0 + 5_000 }] }));
        expect(await s.nextDueAt()).toBe(T0 + 5_000);
        expect(await s.claimDue(T0 + 4_999, 10, lease('A', T0 + 10_000))).toEqual([]);
        expect(keys(await s.claimDue(T0 + 5_000, 10, lease('A', T0 + 10_000)))).toEqual(['c1/t@5000']);
      });

      it('starts a re-armed timer afresh and ignores a failure reported for an earlier due instant', async () => {
        const s = await makeStore();
        await s.commit(create('c1', { armTimers: [{ complaintId: 'c1', key: 't', dueAt: T0 }] }));
        const [t] = await s.claimDue(T0, 10, lease('A', T0 + 100));
        await s.commit(update('c1', 1, { armTimers: [{ complaintId: 'c1', key: 't', dueAt: T0 + 50 }] }));
        await s.failTimer(t!, { attempts: 1, lastError: 'late', failedAt: T0, retryAt: T0 + 10_000, parked: false }, 'A');
        expect(await s.timerProblems()).toEqual([]);
        expect(keys(await s.claimDue(T0 + 50, 10, lease('B', T0 + 100)))).toEqual(['c1/t@50']);
      });
    });

    describe('outbox', () => {
      it('claims pending messages, retries them after their next attempt, and keeps parked ones visible', async () => {
        const s = await makeStore();
        await s.commit(create('c1', { outbox: [message('c1', 1, 'x', T0), message('c1', 1, 'y', T0 + 5)] }));
        expect((await s.claimOutbox(T0 + 1, 10, lease('A', T0 + 100))).map((m) => m.recipient)).toEqual(['x']);
        expect(await s.claimOutbox(T0 + 1, 10, lease('B', T0 + 100))).toEqual([]);
        // The owner of a live lease does not get the message again either.
        expect((await s.claimOutbox(T0 + 10, 10, lease('A', T0 + 100))).map((m) => m.recipient)).toEqual(['y']);
        const [x] = await s.outbox({ id: message('c1', 1, 'x').id });
        await s.markOutbox(x!.id, { status: 'sent', attempts: 1, nextAttemptAt: T0, lastError: null, sentAt: T0 + 10 }, 'A');
        await s.markOutbox(message('c1', 1, 'y').id, { status: 'pending', attempts: 1, nextAttemptAt: T0 + 500, lastError: 'boom', sentAt: null }, 'A');
        expect(await s.claimOutbox(T0 + 100, 10, lease('A', T0 + 1000))).toEqual([]);
        const retry = await s.claimOutbox(T0 + 500, 10, lease('A', T0 + 1000));
        expect(retry.map((m) => `${m.recipient}:${m.attempts}:${m.lastError}`)).toEqual(['y:1:boom']);
        await s.markOutbox(retry[0]!.id, { status: 'parked', attempts: 5, nextAttemptAt: T0 + 500, lastError: 'gave up', sentAt: null }, 'A');
        expect(await s.claimOutbox(T0 + 100_000, 10, lease('A', T0 + 200_000))).toEqual([]);
        expect((await s.outbox({ status: 'parked' })).map((m) => `${m.recipient}:${m.lastError}`)).toEqual(['y:gave up']);
        expect((await s.outbox({ status: 'sent' })).map((m) => m.sentAt)).toEqual([T0 + 10]);
        expect(await s.outbox({ complaintId: 'other' })).toEqual([]);
        expect((await s.outbox({ complaintId: 'c1' })).map((m) => m.recipient)).toEqual(['x', 'y']);
      });

      it('ignores the outcome from a worker whose lease was taken over', async () => {
        const s = await makeStore();
        await s.commit(create('c1', { outbox: [message('c1', 1, 'x', T0)] }));
        const [a] = await s.claimOutbox(T0, 10, lease('A', T0 + 100));
        const [b] = await s.claimOutbox(T0 + 200, 10, lease('B', T0 + 300));
        expect(b!.id).toBe(a!.id);
        await s.markOutbox(a!.id, { status: 'pending', attempts: 1, nextAttemptAt: T0 + 5_000, lastError: 'A timed out', sentAt: null }, 'A');
        await s.markOutbox(b!.id, { status: 'sent', attempts: 1, nextAttemptAt: T0, lastError: null, sentAt: T0 + 250 }, 'B');
        await s.markOutbox(a!.id, { status: 'parked', attempts: 5, nextAttemptAt: T0, lastError: 'A gave up', sentAt: null }, 'A');
        const [m] = await s.outbox({ complaintId: 'c1' });
        expect([m!.status, m!.lastError, m!.sentAt]).toEqual(['sent', null, T0 + 250]);
      });

      it('queues parked messages of the complaint again with a commit (attempts reset), never a sent one', async () => {
        const s = await makeStore();
        await s.commit(create('c1', { outbox: [message('c1', 1, 'x', T0), message('c1', 1, 'y', T0)] }));
        const claimed = await s.claimOutbox(T0, 10, lease('A', T0 + 100));
        await s.markOutbox(claimed[0]!.id, { status: 'parked', attempts: 5, nextAttemptAt: T0, lastError: 'gave up', sentAt: null }, 'A');
        await s.markOutbox(claimed[1]!.id, { status: 'sent', attempts: 1, nextAttemptAt: T0, lastError: null, sentAt: T0 + 1 }, 'A');
        await s.commit(update('c1', 1, { requeueOutbox: { ids: [claimed[0]!.id, claimed[1]!.id], at: T0 + 50 } }));
        const [x, y] = await s.outbox({ complaintId: 'c1' });
        expect([x!.status, x!.attempts, x!.nextAttemptAt]).toEqual(['pending', 0, T0 + 50]);
        expect(y!.status).toBe('sent');
        expect((await s.claimOutbox(T0 + 50, 10, lease('A', T0 + 100))).map((m) => m.id)).toEqual([x!.id]);
      });

      it('refuses a duplicate message id', async () => {
        const s = await makeStore();
        await s.commit(create('c1', { outbox: [message('c1', 1, 'x')] }));
        await rejectsConflict(expect, s.commit(create('c2', { outbox: [message('c1', 1, 'x')] })));
        expect(await s.load('c2')).toBeUndefined();
      });
    });

    describe('list', () => {
      const fill = async (s: ComplaintStore) => {
        for (let i = 0; i < 25; i++) {
          await s.commit(
            create(`c${String(i).padStart(2, '0')}`, {}, {
              filedAt: T0 + Math.floor(i / 2) * 60_000,
              updatedAt: T0 + ((i * 7) % 25) * 1000,
              nextDeadline: i % 5 === 4 ? null : T0 + ((i * 11) % 25) * 1000,
              severity: i % 3 === 0 ? 'urgent' : 'normal',
              stage: i % 2 === 0 ? 'triage' : 'investigating',
              status: 'open',
              categories: i % 4 === 0 ? ['billing', 'other'] : ['logistics'],
              department: i % 5 === 0 ? 'finance' : 'logistics',
              assignee: i % 3 === 1 ? 'h1' : null,
              escalationLevel: i % 4,
              breached: i % 6 === 0,
              atRisk: i % 7 === 0,
            }),
          );
        }
      };
      const ids = (n: number[]) => n.map((i) => `c${String(i).padStart(2, '0')}`);
      const all = Array.from({ length: 25 }, (_, i) => i);

      it('filters, every match exactly once', async () => {
        const s = await makeStore();
        await fill(s);
        const got = async (q: Parameters<ComplaintStore['list']>[0]) => (await s.list({ limit: 1000, ...q })).items.map((x) => x.id);
        expect(await got({ severity: 'urgent' })).toEqual(ids(all.filter((i) => i % 3 === 0)));
        expect(await got({ stage: 'triage', category: 'billing' })).toEqual(ids(all.filter((i) => i % 2 === 0 && i % 4 === 0)));
        expect(await got({ department: 'finance' })).toEqual(ids(all.filter((i) => i % 5 === 0)));
        expect(await got({ assignee: 'h1' })).toEqual(ids(all.filter((i) => i % 3 === 1)));
        expect(await got({ escalationLevel: 2 })).toEqual(ids(all.filter((i) => i % 4 >= 2)));
        expect(await got({ breached: true })).toEqual(ids(all.filter((i) => i % 6 === 0)));
        expect(await got({ atRisk: true })).toEqual(ids(all.filter((i) => i % 7 === 0)));
        expect(await got({ stage: ['triage', 'investigating'], severity: ['normal'] })).toEqual(ids(all.filter((i) => i % 3 !== 0)));
        expect(await got({ filedFrom: T0 + 2 * 60_000, filedTo: T0 + 4 * 60_000 })).toEqual(ids(all.filter((i) => i >= 4 && i < 8)));
        expect(await got({ status: 'closed' })).toEqual([]);
      });

      it('sorts by filing, update and next deadline, both ways, and pages through each order with its cursor', async () => {
        const s = await makeStore();
        await fill(s);
        const page = async (q: Parameters<ComplaintStore['list']>[0]) => {
          const out: string[] = [];
          let cursor: string | undefined;
          do {
            const p = await s.list({ ...q, limit: 4, ...(cursor ? { cursor } : {}) });
            expect(p.items.length <= 4).toBe(true);
            out.push(...p.items.map((x) => x.id));
            cursor = p.next;
          } while (cursor);
          return out;
        };
        const by = (key: (i: number) => number) => ids([...all].sort((a, b) => key(a) - key(b) || a - b));
        const filed = (i: number) => Math.floor(i / 2);
        const updated = (i: number) => (i * 7) % 25;
        const deadline = (i: number) => (i % 5 === 4 ? Number.MAX_SAFE_INTEGER : (i * 11) % 25);
        expect(await page({})).toEqual(by(filed));
        expect(await page({ order: 'desc' })).toEqual(by(filed).reverse());
        expect(await page({ sort: 'updatedAt' })).toEqual(by(updated));
        expect(await page({ sort: 'updatedAt', order: 'desc' })).toEqual(by(updated).reverse());
        expect(await page({ sort: 'nextDeadline' })).toEqual(by(deadline));
        expect(await page({ sort: 'nextDeadline', order: 'desc' })).toEqual(by(deadline).reverse());
        expect(await page({ sort: 'nextDeadline', stage: 'triage' })).toEqual(by(deadline).filter((id) => Number(id.slice(1)) % 2 === 0));
      });
    });

    describe('optional capabilities', () => {
      it('loadIfNewer: "unchanged" for the current version, the record otherwise (or not provided by this store)', async () => {
        const s = await makeStore();
        if (!s.loadIfNewer) {
          expect(s.loadIfNewer).toBeUndefined();
          return;
        }
        expect(await s.loadIfNewer('nope', 1)).toBeUndefined();
        await s.commit(create('c1'));
        expect(await s.loadIfNewer('c1', 1)).toBe('unchanged');
        await s.commit(update('c1', 1, {}, { stage: 'triage' }));
        expect(await s.loadIfNewer('c1', 1)).toEqual(record('c1', 2, { stage: 'triage' }));
        expect(await s.loadIfNewer('c1', 2)).toBe('unchanged');
      });

      it('records: complete records in filing order, a page at a time, within a filing range (or not provided by this store)', async () => {
        const s = await makeStore();
        if (!s.records) {
          expect(s.records).toBeUndefined();
          return;
        }
        for (let i = 0; i < 7; i++) await s.commit(create(`r${i}`, {}, { filedAt: T0 + (6 - i) * 1000 }));
        const seen: string[] = [];
        let cursor: string | undefined;
        do {
          const p = await s.records({ limit: 3, filedFrom: T0 + 1000, filedTo: T0 + 6000, ...(cursor ? { cursor } : {}) });
          expect(p.items.length <= 3).toBe(true);
          seen.push(...p.items.map((r) => r.id));
          for (const r of p.items) expect(r).toEqual(record(r.id, 1, { filedAt: r.summary.filedAt }));
          cursor = p.next;
        } while (cursor);
        expect(seen).toEqual(['r5', 'r4', 'r3', 'r2', 'r1']);
      });

      it('stats: counts of due, quarantined and parked timers and of pending and parked messages (or not provided by this store)', async () => {
        const s = await makeStore();
        if (!s.stats) {
          expect(s.stats).toBeUndefined();
          return;
        }
        await s.commit(create('c1', {
          armTimers: [{ complaintId: 'c1', key: 'a', dueAt: T0 }, { complaintId: 'c1', key: 'b', dueAt: T0 + 5 }, { complaintId: 'c1', key: 'c', dueAt: T0 + 10_000 }],
          outbox: [message('c1', 1, 'x', T0), message('c1', 1, 'y', T0 + 20_000)],
        }));
        const [a] = await s.claimDue(T0, 1, lease('A', T0 + 10));
        await s.failTimer(a!, { attempts: 5, lastError: 'x', failedAt: T0, retryAt: T0, parked: true }, 'A');
        const [b] = await s.claimDue(T0 + 5, 1, lease('A', T0 + 10));
        await s.failTimer(b!, { attempts: 1, lastError: 'y', failedAt: T0 + 5, retryAt: T0 + 50, parked: false }, 'A');
        const st = await s.stats(T0 + 100);
        expect(st.timers).toEqual({ armed: 3, due: 1, oldestDueAt: T0 + 5, quarantined: 1, parked: 1 });
        expect(st.outbox).toEqual({ pending: 2, due: 1, oldestPendingAt: T0, parked: 0 });
      });

      it('nextOutboxAt: the earliest instant a pending message can be claimed (or not provided by this store)', async () => {
        const s = await makeStore();
        if (!s.nextOutboxAt) {
          expect(s.nextOutboxAt).toBeUndefined();
          return;
        }
        expect(await s.nextOutboxAt()).toBeUndefined();
        await s.commit(create('c1', { outbox: [message('c1', 1, 'x', T0 + 30), message('c1', 1, 'y', T0 + 10)] }));
        expect(await s.nextOutboxAt()).toBe(T0 + 10);
        await s.claimOutbox(T0 + 10, 1, lease('A', T0 + 100));
        expect(await s.nextOutboxAt()).toBe(T0 + 30);
      });
    });
  });
}
