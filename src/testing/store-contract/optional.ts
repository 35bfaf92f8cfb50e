// The store contract, part: the optional capabilities of a store. Each has
// its own suite; describeStoreContract runs those a store declares and, for
// each one it does not, a test that the store really lacks it.
import type { TestRunner } from '../contract-types.js';
import { T0, record, message, create, update, lease, type MakeStore } from './fixtures.js';

/** Optional capabilities of a store (see {@link ComplaintStore}). */
export type StoreCapability = 'loadIfNewer' | 'records' | 'stats' | 'nextOutboxAt';

/** Every optional capability, in the order the suites run. */
export const storeCapabilities: readonly StoreCapability[] = ['loadIfNewer', 'records', 'stats', 'nextOutboxAt'];

const missing = (capability: StoreCapability): Error =>
  new Error(`this store has no ${capability}(): pass the capabilities it has to describeStoreContract (options.capabilities)`);

/**
 * `loadIfNewer(id, version)`: "unchanged" for the current version, the record otherwise (the desk's snapshot cache reads through it).
 *
 * @param makeStore - returns a fresh, empty store for each test
 * @param runner - the test runner's `describe`, `it` and `expect`
 * @example
 * describe('my store', () => describeStoreLoadIfNewer(() => myStore(), { describe, it, expect }));
 */
export function describeStoreLoadIfNewer(makeStore: MakeStore, runner: TestRunner): void {
  const { describe, it, expect } = runner;
  describe('loadIfNewer', () => {
    it('"unchanged" for the current version, the record otherwise', async () => {
      const s = await makeStore();
      if (!s.loadIfNewer) throw missing('loadIfNewer');
      expect(await s.loadIfNewer('nope', 1)).toBeUndefined();
      await s.commit(create('c1'));
      expect(await s.loadIfNewer('c1', 1)).toBe('unchanged');
      await s.commit(update('c1', 1, {}, { stage: 'triage' }));
      expect(await s.loadIfNewer('c1', 1)).toEqual(record('c1', 2, { stage: 'triage' }));
      expect(await s.loadIfNewer('c1', 2)).toBe('unchanged');
    });
  });
}

/**
 * `records(query)`: complete records in filing order, a page at a time, within a filing range (`desk.records` streams them).
 *
 * @param makeStore - returns a fresh, empty store for each test
 * @param runner - the test runner's `describe`, `it` and `expect`
 * @example
 * describe('my store', () => describeStoreRecords(() => myStore(), { describe, it, expect }));
 */
export function describeStoreRecords(makeStore: MakeStore, runner: TestRunner): void {
  const { describe, it, expect } = runner;
  describe('records', () => {
    it('complete records in filing order, a page at a time, within a filing range', async () => {
      const s = await makeStore();
      if (!s.records) throw missing('records');
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
  });
}

/**
 * `stats(now)`: counts of due, quarantined and parked timers and of pending and parked messages (`desk.health`).
 *
 * @param makeStore - returns a fresh, empty store for each test
 * @param runner - the test runner's `describe`, `it` and `expect`
 * @example
 * describe('my store', () => describeStoreStats(() => myStore(), { describe, it, expect }));
 */
export function describeStoreStats(makeStore: MakeStore, runner: TestRunner): void {
  const { describe, it, expect } = runner;
  describe('stats', () => {
    it('counts of due, quarantined and parked timers and of pending and parked messages', async () => {
      const s = await makeStore();
      if (!s.stats) throw missing('stats');
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
  });
}

/**
 * `nextOutboxAt()`: the earliest instant a pending message can be claimed (the scheduler wakes for it).
 *
 * @param makeStore - returns a fresh, empty store for each test
 * @param runner - the test runner's `describe`, `it` and `expect`
 * @example
 * describe('my store', () => describeStoreNextOutboxAt(() => myStore(), { describe, it, expect }));
 */
export function describeStoreNextOutboxAt(makeStore: MakeStore, runner: TestRunner): void {
  const { describe, it, expect } = runner;
  describe('nextOutboxAt', () => {
    it('the earliest instant a pending message can be claimed', async () => {
      const s = await makeStore();
      if (!s.nextOutboxAt) throw missing('nextOutboxAt');
      expect(await s.nextOutboxAt()).toBeUndefined();
      await s.commit(create('c1', { outbox: [message('c1', 1, 'x', T0 + 30), message('c1', 1, 'y', T0 + 10)] }));
      expect(await s.nextOutboxAt()).toBe(T0 + 10);
      await s.claimOutbox(T0 + 10, 1, lease('A', T0 + 100));
      expect(await s.nextOutboxAt()).toBe(T0 + 30);
    });
  });
}

/** The suite of each optional capability. */
export const capabilitySuites: Readonly<Record<StoreCapability, (makeStore: MakeStore, runner: TestRunner) => void>> = {
  loadIfNewer: describeStoreLoadIfNewer,
  records: describeStoreRecords,
  stats: describeStoreStats,
  nextOutboxAt: describeStoreNextOutboxAt,
};
