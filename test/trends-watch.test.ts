/**
 * watchTrends: the desk-side hook. It runs detectTrends over the desk's
 * recent records on the desk's clock and raises each new alert through the
 * outbox (desk.raiseAlert): a spike to the supervisor level, a batch to the
 * director level, with the alert's deterministic id in the message id — so
 * a second run, a later run the same day or another desk on the same store
 * notifies nobody twice.
 */
import { PGlite } from '@electric-sql/pglite';
import { describe, expect, it } from 'vitest';
import { postgresStore } from '../src/adapters/postgres/index.js';
import { ForbiddenError, NotFoundError, ValidationError, createDesk, memoryNotifier, watchTrends, type Actor, type ComplaintStore, type IntakeInput } from '../src/index.js';
import { createTestDesk } from '../src/testing/index.js';

const HOUR = 3_600_000;
const MIN = 60_000;
const DAY = 24 * HOUR;
/** 2026-11-01 00:00 in Shanghai (the guideline's business zone, the default for the days). */
const D0 = Date.parse('2026-11-01T00:00:00+08:00');
const agent: Actor = { id: 'a1', role: 'agent' };

const intake = (n: number, customer: string, product = 'K-100'): IntakeInput => ({
  id: `C${String(n).padStart(3, '0')}`,
  customer: { id: customer, name: 'Someone' },
  channel: 'phone',
  description: 'The kettle leaks.',
  product,
  demand: 'replacement',
  emotion: 'calm',
  motive: 'respect',
  categories: ['billing'],
});

/**
 * 20 days of 2 complaints (10:00 and 11:00, product K-100, billing, phone), then on day 20
 * 11 complaints from 11 customers between 10:00 and 11:40: a spike of the category, the
 * product and the channel (11 > 8, the Poisson(2) limit at α = 0.001: P(X ≤ 7 | 2) = 0.99890,
 * P(X ≤ 8 | 2) = 0.99976) and a batch (11 customers within 3 h > 9, the Poisson(2) limit at
 * α = 0.0001, every complaint falling in the same 3 hours of the day: P(X ≤ 8 | 2) = 0.99976,
 * P(X ≤ 9 | 2) = 0.99995).
 */
async function scenario(store?: ComplaintStore, shape = { days: 20, hours: [10, 11], burst: 11 }) {
  const t = createTestDesk({ start: D0, ...(store ? { store } : {}) });
  let n = 0;
  for (let d = 0; d < shape.days; d++) {
    for (const h of shape.hours) {
      t.clock.set(D0 + d * DAY + h * HOUR);
      n++;
      await t.desk.file(intake(n, `regular-${n}`), { actor: agent });
    }
  }
  for (let i = 0; i < shape.burst; i++) {
    t.clock.set(D0 + shape.days * DAY + 10 * HOUR + i * 10 * MIN);
    await t.desk.file(intake(++n, `batch-${i}`), { actor: agent });
  }
  t.clock.set(D0 + shape.days * DAY + 12 * HOUR);
  return { ...t, last: n };
}

describe('watchTrends', () => {
  it('raises each new alert once, to the ladder level it belongs to, with the alert id in the message id', async () => {
    const t = await scenario();
    const run = await watchTrends(t.desk);
    expect(run.now).toBe(D0 + 20 * DAY + 12 * HOUR);
    // Yesterday and today are notified; the baseline reads the 28 days before yesterday.
    expect(run.alertsFrom).toBe(D0 + 19 * DAY);
    expect(run.readFrom).toBe(D0 + 19 * DAY - 28 * DAY);
    const summary = run.raised.map((a) => (a.kind === 'spike' ? `spike ${a.dimension}=${a.value} ${a.day} ${a.count}>${a.limit}` : `batch ${a.value} ${a.day} ${a.customers}>${a.limit}`));
    expect(summary.sort()).toEqual([
      'batch K-100 2026-11-21 11>9',
      'spike category=billing 2026-11-21 11>8',
      'spike channel=phone 2026-11-21 11>8',
      'spike product=K-100 2026-11-21 11>8',
    ]);
    expect(run.known).toEqual([]);

    await t.desk.dispatch();
    const sent = t.sent().filter((m) => m.kind.startsWith('trend.'));
    expect(sent.map((m) => [m.kind, m.recipient]).sort()).toEqual([
      ['trend.batch', 'role:director'],
      ['trend.spike', 'role:supervisor'],
      ['trend.spike', 'role:supervisor'],
      ['trend.spike', 'role:supervisor'],
    ]);
    for (const m of sent) {
      const alert = run.raised.find((a) => m.id === `${a.id}:${m.recipient}`);
      expect(alert, m.id).toBeDefined();
      expect(m.payload).toMatchObject({ kind: m.kind, alertId: alert!.id, data: { day: '2026-11-21' } });
    }
    const batch = sent.find((m) => m.kind === 'trend.batch')!;
    expect(batch.payload.data).toMatchObject({ customers: 11, complaints: 11, minCustomers: 5, baseline: 2, expected: 2, limit: 9 });
    // Recorded on the complaint that reached the threshold (the 5th of the burst, C045).
    expect(batch.complaintId).toBe('C045');
  });

  it('a second run, a later run the same day and another desk on the same store send nothing new', async () => {
    const t = await scenario();
    const first = await watchTrends(t.desk);
    await t.desk.dispatch();
    const trendMessages = () => t.sent().filter((m) => m.kind.startsWith('trend.'));
    const before = trendMessages().length;
    expect(before).toBe(4);

    const again = await watchTrends(t.desk);
    expect(again.raised).toEqual([]);
    expect(again.known.map((a) => a.id).sort()).toEqual(first.raised.map((a) => a.id).sort());
    await t.desk.dispatch();
    expect(trendMessages()).toHaveLength(before);

    // Two more complaints later that day: the counts grow, the alerts are the same ones.
    for (let i = 0; i < 2; i++) {
      t.clock.set(D0 + 20 * DAY + 14 * HOUR + i * MIN);
      await t.desk.file(intake(100 + i, `late-${i}`), { actor: agent });
    }
    const later = await watchTrends(t.desk);
    expect(later.raised).toEqual([]);
    expect(later.known.filter((a) => a.kind === 'spike').map((a) => a.count)).toEqual([13, 13, 13]);

    // Another desk instance on the same store (another app server).
    const notifier = memoryNotifier();
    const other = createDesk({ store: t.store, notifier, clock: t.clock, scheduler: false });
    expect((await watchTrends(other)).raised).toEqual([]);
    await other.dispatch();
    await t.desk.dispatch();
    // (the late complaints' own receipt messages are all it delivers)
    expect(notifier.sent.filter((m) => m.kind.startsWith('trend.'))).toEqual([]);
    expect(trendMessages()).toHaveLength(before);

    // The next day (lookback 2 covers yesterday): still nothing new.
    t.clock.set(D0 + 21 * DAY + 9 * HOUR);
    expect((await watchTrends(t.desk)).raised).toEqual([]);
    // With a lookback of 1 day, yesterday's alerts are not even looked at.
    expect((await watchTrends(t.desk, { lookbackDays: 1 })).report.alerts).toEqual([]);
  });

  it('records the alert in the complaint timeline, hidden from the customer', async () => {
    const t = await scenario();
    const run = await watchTrends(t.desk);
    const spike = run.raised.find((a) => a.kind === 'spike')!;
    const id = spike.lastComplaintId;
    const entries = await t.desk.timeline(id);
    const alertEntries = entries.filter((e) => e.kind === 'operation' && e.type === 'alert');
    expect(alertEntries.map((e) => e.data.alertId)).toContain(spike.id);
    const customerId = (await t.desk.get(id)).customerId;
    const seen = await t.desk.timeline(id, { as: { id: customerId, role: 'customer' } });
    expect(seen.some((e) => e.type === 'alert')).toBe(false);
    expect(seen.length).toBeGreaterThan(0);
  });

  it('is quiet on steady days', async () => {
    const t = createTestDesk({ start: D0 });
    for (let d = 0; d < 30; d++) {
      for (const h of [10, 11]) {
        t.clock.set(D0 + d * DAY + h * HOUR);
        await t.desk.file(intake(d * 2 + h, `c-${d}-${h}`), { actor: agent });
      }
    }
    const run = await watchTrends(t.desk);
    expect(run.report.judgedDays).toBeGreaterThan(0);
    expect(run.raised).toEqual([]);
  });

  it('takes recipients, an actor and a time; refuses bad options and staff below supervisor', async () => {
    const t = await scenario();
    const run = await watchTrends(t.desk, { recipients: { spike: ['ops@example.com'], batch: ['ops@example.com', 'role:executive'] }, actor: { id: 's1', role: 'supervisor' }, dimensions: ['product'] });
    await t.desk.dispatch();
    expect(t.sent().filter((m) => m.kind.startsWith('trend.')).map((m) => `${m.kind} ${m.recipient}`).sort()).toEqual([
      'trend.batch ops@example.com',
      'trend.batch role:executive',
      'trend.spike ops@example.com',
    ]);
    expect(run.raised).toHaveLength(2);
    // `now` before the burst: nothing to raise yet.
    expect((await watchTrends(t.desk, { now: D0 + 20 * DAY + 9 * HOUR })).raised).toEqual([]);
    await expect(watchTrends(t.desk, { lookbackDays: 0 })).rejects.toBeInstanceOf(ValidationError);
    await expect(watchTrends(t.desk, { method: 'cusum' as never })).rejects.toBeInstanceOf(ValidationError);
    await expect(watchTrends(t.desk, { actor: agent })).rejects.toBeInstanceOf(ForbiddenError);
  });

  it('desk.raiseAlert validates its input and needs the complaint', async () => {
    const t = await scenario();
    const system: Actor = { id: 'sys', role: 'system' };
    await expect(t.desk.raiseAlert({ id: 'x', complaintId: 'nope', kind: 'trend.spike', recipients: ['role:supervisor'], data: {} }, { actor: system })).rejects.toBeInstanceOf(NotFoundError);
    await expect(t.desk.raiseAlert({ id: 'x', complaintId: 'C001', kind: 'Trend Spike', recipients: ['role:supervisor'], data: {} }, { actor: system })).rejects.toBeInstanceOf(ValidationError);
    await expect(t.desk.raiseAlert({ id: 'x', complaintId: 'C001', kind: 'trend.spike', recipients: [], data: {} }, { actor: system })).rejects.toBeInstanceOf(ValidationError);
    const first = await t.desk.raiseAlert({ id: 'manual-1', complaintId: 'C001', kind: 'trend.spike', recipients: ['role:supervisor'], data: { note: 'x' } }, { actor: system });
    expect(first).toEqual({ raised: true, messageIds: ['manual-1:role:supervisor'] });
    // The same id on another complaint is still the same alert.
    expect(await t.desk.raiseAlert({ id: 'manual-1', complaintId: 'C002', kind: 'trend.spike', recipients: ['role:supervisor'], data: {} }, { actor: system })).toEqual({ raised: false, messageIds: ['manual-1:role:supervisor'] });
  });

  it('on the PostgreSQL store (PGlite), two desks running it at once raise each alert once', async () => {
    const db = await PGlite.create();
    try {
      const store = postgresStore(db, { schema: 'redress_trends' });
      await store.migrate();
      // A shorter series (PGlite commits are slower): 8 days of one complaint at 10:00, then 7 from
      // 7 customers; with 7 baseline days, 7 > 5 (the Poisson(1) limit at α = 0.001) for the category,
      // product and channel, and 7 customers > 6 (the Poisson(1) limit at α = 0.0001) for the batch.
      const t = await scenario(store, { days: 8, hours: [10], burst: 7 });
      const other = createDesk({ store: postgresStore(db, { schema: 'redress_trends' }), notifier: memoryNotifier(), clock: t.clock, scheduler: false });
      const options = { poisson: { minBaselineDays: 7 } };
      const [a, b] = await Promise.all([watchTrends(t.desk, options), watchTrends(other, options)]);
      expect(a.raised.length + b.raised.length).toBe(4);
      expect([...a.raised, ...b.raised].map((x) => x.id).sort()).toEqual(a.report.alerts.map((x) => x.id).sort());
      const messages = (await store.outbox()).filter((m) => m.kind.startsWith('trend.'));
      expect(messages).toHaveLength(4);
      expect((await watchTrends(t.desk, options)).raised).toEqual([]);
    } finally {
      await db.close();
    }
  });
});
