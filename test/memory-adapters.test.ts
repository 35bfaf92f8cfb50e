import { describe, expect, it } from 'vitest';
import { createDesk, manualClock, memoryNotifier, memoryStore, type MemoryNotifier } from '../src/index.js';
import { describeNotifierContract, describeStoreContract } from '../src/testing/index.js';

describeStoreContract('memoryStore', () => memoryStore(), { describe, it, expect });
describeNotifierContract('memoryNotifier', () => memoryNotifier(), { describe, it, expect }, {
  delivered: (n) => (n as MemoryNotifier).sent,
});

describe('memoryStore indexes follow every commit', () => {
  const T0 = Date.parse('2026-11-23T09:00:00+08:00');
  const intake = (id: string, customerId: string) => ({
    id,
    customer: { id: customerId, name: 'Li Lei', phone: '13800001234' },
    channel: 'phone' as const,
    description: 'The kettle leaks.',
    demand: 'A replacement',
    emotion: 'calm' as const,
    motive: 'compensation' as const,
  });
  const agent = { id: 'agent-1', role: 'agent' as const };
  const supervisor = { id: 'sup-1', role: 'supervisor' as const };

  it('lists by customer and assignee as complaints are filed and reassigned (one, two, then no complaint per value)', async () => {
    const store = memoryStore();
    const desk = createDesk({ store, notifier: memoryNotifier(), clock: manualClock(T0 + 60_000), scheduler: false });
    const ids = async (q: Parameters<typeof store.list>[0]) => (await store.list({ limit: 100, ...q })).items.map((s) => s.id).sort();
    await desk.file(intake('a1', 'cust-a'), { actor: agent });
    expect(await ids({ customerId: 'cust-a' })).toEqual(['a1']);
    await desk.file(intake('a2', 'cust-a'), { actor: agent });
    await desk.file(intake('b1', 'cust-b'), { actor: agent });
    expect(await ids({ customerId: 'cust-a' })).toEqual(['a1', 'a2']);
    expect(await ids({ customerId: 'cust-b' })).toEqual(['b1']);
    for (const id of ['a1', 'a2', 'b1']) {
      await desk.send(id, { type: 'ACKNOWLEDGE' }, { actor: agent });
      await desk.send(id, { type: 'TRIAGE', categories: ['product_quality'], severity: 'general', assignee: 'h1' }, { actor: agent });
    }
    expect(await ids({ assignee: 'h1' })).toEqual(['a1', 'a2', 'b1']);
    await desk.send('a1', { type: 'REASSIGN', assignee: 'h2' }, { actor: supervisor });
    expect(await ids({ assignee: 'h1' })).toEqual(['a2', 'b1']);
    expect(await ids({ assignee: 'h2' })).toEqual(['a1']);
    await desk.send('a2', { type: 'REASSIGN', assignee: 'h2' }, { actor: supervisor });
    await desk.send('b1', { type: 'REASSIGN', assignee: 'h3' }, { actor: supervisor });
    expect(await ids({ assignee: 'h1' })).toEqual([]);
    expect(await ids({ assignee: 'h2' })).toEqual(['a1', 'a2']);
    await desk.send('a1', { type: 'REASSIGN', assignee: 'h3' }, { actor: supervisor });
    expect(await ids({ assignee: 'h2' })).toEqual(['a2']);
    expect(await ids({ stage: 'investigating', assignee: 'h3' })).toEqual(['a1', 'b1']);
    expect(await ids({ customerId: 'cust-a', assignee: 'h3' })).toEqual(['a1']);
  });
});
