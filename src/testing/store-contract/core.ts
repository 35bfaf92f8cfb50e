// The store contract, part: core.
import type { TestRunner } from '../contract-types.js';
import { isConflictError } from '../../errors.js';
import { T0, entry, message, create, update, rejectsConflict, lease, type MakeStore } from './fixtures.js';

/**
 * What every store must do: atomic, version-guarded commits, the timeline,
 * idempotency records, and returned data isolated from the store's own.
 *
 * @param makeStore - returns a fresh, empty store for each test
 * @param runner - the test runner's `describe`, `it` and `expect`
 * @example
 * describe('my store', () => describeStoreCore(() => myStore(), { describe, it, expect }));
 */
export function describeStoreCore(makeStore: MakeStore, runner: TestRunner): void {
  const { describe, it, expect } = runner;
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
}
