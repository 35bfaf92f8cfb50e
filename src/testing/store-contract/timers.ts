// The store contract, part: timers.
import type { TestRunner } from '../contract-types.js';
import { T0, create, update, lease, keys, type MakeStore } from './fixtures.js';

/**
 * Timers: claimed in due order under leases, re-armed by key, disarmed,
 * quarantined and parked.
 *
 * @param makeStore - returns a fresh, empty store for each test
 * @param runner - the test runner's `describe`, `it` and `expect`
 * @example
 * describe('my store', () => describeStoreTimers(() => myStore(), { describe, it, expect }));
 */
export function describeStoreTimers(makeStore: MakeStore, runner: TestRunner): void {
  const { describe, it, expect } = runner;
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
}
