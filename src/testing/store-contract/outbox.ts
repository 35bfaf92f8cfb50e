// The store contract, part: outbox.
import type { TestRunner } from '../contract-types.js';
import { T0, message, create, update, rejectsConflict, lease, type MakeStore } from './fixtures.js';

/**
 * The outbox: pending messages claimed under leases, retried after their
 * next attempt, parked ones kept visible.
 *
 * @param makeStore - returns a fresh, empty store for each test
 * @param runner - the test runner's `describe`, `it` and `expect`
 * @example
 * describe('my store', () => describeStoreOutbox(() => myStore(), { describe, it, expect }));
 */
export function describeStoreOutbox(makeStore: MakeStore, runner: TestRunner): void {
  const { describe, it, expect } = runner;
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
}
