// The store contract, part: list.
import type { ComplaintStore } from '../../adapters/types.js';
import type { TestRunner } from '../contract-types.js';
import { T0, create, type MakeStore } from './fixtures.js';

/**
 * `list`: filters, sorts and keyset pagination.
 *
 * @param makeStore - returns a fresh, empty store for each test
 * @param runner - the test runner's `describe`, `it` and `expect`
 * @example
 * describe('my store', () => describeStoreList(() => myStore(), { describe, it, expect }));
 */
export function describeStoreList(makeStore: MakeStore, runner: TestRunner): void {
  const { describe, it, expect } = runner;
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
}
