/**
 * Restarts: timers live in the store, so a desk that goes away loses
 * nothing. A new desk over the same store, at a later virtual time, fires
 * every deadline that passed while nothing was running — exactly once and,
 * per complaint, in due order — with the escalations and notifications they
 * imply. And the in-process scheduler: long deadlines never fire early, and
 * `stop()` leaves no timer behind.
 *
 * Times are local Asia/Shanghai (UTC+8, no DST); 2026-11-23 is a Monday.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  ARCHIVE_TIMER,
  createDesk,
  definePolicy,
  inProcessScheduler,
  manualClock,
  MAX_TIMEOUT_MS,
  memoryNotifier,
  memoryStore,
  type Actor,
  type Commit,
  type ComplaintCommand,
  type ComplaintStore,
  type Desk,
} from '../src/index.js';
import { agent, DAY, handler, HOUR, MIN, sh } from './support/desk.js';

const intake = (id: string, customerId: string) => ({
  id,
  customer: { id: customerId, name: 'Wang Fang', phone: '13900004321' },
  channel: 'web' as const,
  description: 'The parcel arrived damaged.',
  demand: 'refund',
  emotion: 'anxious' as const,
  motive: 'compensation' as const,
});

/** A store that forwards to `inner` and reports every commit it accepted. */
function observed(inner: ComplaintStore, onCommit: (c: Commit) => void): ComplaintStore {
  return {
    ...inner,
    async commit(c) {
      await inner.commit(c);
      onCommit(c);
    },
  };
}

/** A store whose commits, once `crashAfter(n)` was called, hang forever after n more: the process "died". */
function crashable(inner: ComplaintStore) {
  let left = Infinity;
  let crashed!: () => void;
  const down = new Promise<void>((r) => (crashed = r));
  const store: ComplaintStore = {
    ...inner,
    async commit(c) {
      if (left <= 0) {
        crashed();
        return new Promise<void>(() => {}); // never settles, never reaches the store
      }
      left--;
      return inner.commit(c);
    },
  };
  return { store, crashAfter: (n: number) => void (left = n), down };
}

describe('restart', () => {
  it('a new desk fires every deadline that passed while none ran: once each, in due order per complaint', async () => {
    const N = 1000;
    const t0 = sh('2026-11-23T09:00');
    const inner = memoryStore();
    const notifier = memoryNotifier();
    const crash = crashable(inner);
    const clock1 = manualClock(t0);
    const desk1 = createDesk({ store: crash.store, notifier, clock: clock1, scheduler: false, retry: { sleep: async () => {} } });

    // Files every 7 minutes (Mon 09:00 → Sat 05:33: nights, lunch breaks and a weekend), each driven to one of
    // eight situations within its first 6 minutes; desk 1 runs due timers and the outbox every 25 filings.
    const kinds = ['received', 'triage', 'investigating', 'urgent', 'awaitingInfo', 'resolving', 'executing', 'withdrawn'] as const;
    const ids: string[] = [];
    for (let i = 0; i < N; i++) {
      const f = t0 + i * 7 * MIN;
      clock1.set(f);
      if (i % 25 === 0) {
        await desk1.runDue();
        await desk1.dispatch();
      }
      const id = `R${String(i).padStart(4, '0')}`;
      const me: Actor = { id: `cu${i}`, role: 'customer' };
      ids.push(id);
      await desk1.file(intake(id, me.id), { actor: agent });
      const kind = kinds[i % 8]!;
      const send = (k: number, e: ComplaintCommand, actor: Actor = agent) => {
        clock1.set(f + k * MIN);
        return desk1.send(id, e, { actor });
      };
      if (kind === 'received') continue;
      await send(1, { type: 'ACKNOWLEDGE' });
      if (kind === 'triage') continue;
      if (kind === 'withdrawn') {
        await send(2, { type: 'WITHDRAW', reason: 'Sorted it out myself' }, me);
        continue;
      }
      const severity = kind === 'urgent' ? 'urgent' : kind === 'awaitingInfo' ? 'normal' : 'general';
      await send(2, { type: 'TRIAGE', categories: ['logistics'], severity });
      if (kind === 'investigating' || kind === 'urgent') continue;
      await send(3, { type: 'CONTACT_CUSTOMER' }, handler);
      if (kind === 'awaitingInfo') {
        await send(4, { type: 'REQUEST_INFO', request: 'Photos of the box' }, handler);
        continue;
      }
      await send(4, { type: 'RECORD_ROOT_CAUSE', method: 'rca', cause: 'Crushed in transit', liability: 'logistics_partner' }, handler);
      if (kind === 'resolving') continue;
      await send(5, { type: 'PROPOSE', remedies: ['refund'], compensation: 100, executeBy: f + 3 * DAY }, handler);
      await send(6, { type: 'ACCEPT' }, me);
    }

    // Desk 1 dies in the middle of a runDue: its 21st commit never happens, its claims are never released.
    const crashAt = t0 + (N - 1) * 7 * MIN + HOUR;
    clock1.set(crashAt);
    crash.crashAfter(20);
    void desk1.runDue();
    await crash.down;

    // Forty days later a new desk opens over the same store.
    const later = crashAt + 40 * DAY;
    // Expected, from the stored records alone: the armed timers (complaint → key → due instant) and each record's version.
    const armed = new Map<string, Map<string, number>>();
    const versionAtRestart = new Map<string, number>();
    let armedAtRestart = 0;
    let passedAtRestart = 0;
    let reopenWindows = 0;
    for (const id of ids) {
      const r = (await inner.load(id))!;
      armed.set(id, new Map(Object.entries(r.timers)));
      versionAtRestart.set(id, r.version);
      armedAtRestart += Object.keys(r.timers).length;
      passedAtRestart += Object.values(r.timers).filter((t) => t <= later).length;
      if (ARCHIVE_TIMER in r.timers) reopenWindows++;
    }
    // Forty days on, everything armed has passed; among it the 30-day re-open window of every withdrawn
    // complaint (the last one withdrawn an hour before the crash): 125.
    expect(passedAtRestart).toBe(armedAtRestart);
    expect(reopenWindows).toBe(125);

    // Follow every commit of the new desk against that model: a firing must match an armed (key, due) that has
    // passed; a passed timer may leave the model only by firing.
    const fired = new Map<string, { key: string; dueAt: number }[]>();
    let armedDuringRun = 0;
    const problems: string[] = [];
    const store2 = observed(inner, (c) => {
      const id = c.record.id;
      const model = armed.get(id)!;
      const now = c.timeline.filter((e) => e.kind === 'timer').map((e) => ({ key: e.type, dueAt: e.data.dueAt as number }));
      for (const t of now) {
        if (model.get(t.key) !== t.dueAt || t.dueAt > later) problems.push(`${id}: fired ${t.key}@${t.dueAt} not armed/passed`);
      }
      const after = new Map(model);
      for (const k of c.disarmTimers) after.delete(k);
      for (const t of c.armTimers) after.set(t.key, t.dueAt);
      for (const [k, due] of model) {
        if (due <= later && after.get(k) !== due && !now.some((t) => t.key === k && t.dueAt === due)) problems.push(`${id}: ${k}@${due} dropped unfired`);
      }
      for (const t of c.armTimers) if (t.dueAt <= later) armedDuringRun++;
      armed.set(id, after);
      fired.set(id, [...(fired.get(id) ?? []), ...now]);
    });
    const desk2 = createDesk({ store: store2, notifier, clock: manualClock(later), scheduler: false, retry: { sleep: async () => {} } });

    const result = await desk2.runDue();
    expect(problems).toEqual([]);
    const total = [...fired.values()].reduce((n, l) => n + l.length, 0);
    // One timer per complaint at a time, so each run commit fires exactly one.
    expect(result).toEqual({ fired: total, stale: 0, failed: 0, parked: 0 });
    expect(total).toBe(passedAtRestart + armedDuringRun);
    // Nothing passed is left armed.
    for (const [id, model] of armed) for (const [k, due] of model) if (due <= later) problems.push(`${id}: ${k}@${due} left armed`);
    expect(problems).toEqual([]);

    // The timelines agree: after the restart exactly the firings seen above, in due order; no (key, due) twice ever.
    for (const id of ids) {
      const timers = (await desk2.timeline(id)).filter((e) => e.kind === 'timer');
      const since = timers.filter((e) => e.version > versionAtRestart.get(id)!).map((e) => ({ key: e.type, dueAt: e.data.dueAt as number }));
      expect(since).toEqual(fired.get(id) ?? []);
      const dues = timers.map((e) => e.data.dueAt as number);
      expect(dues).toEqual([...dues].sort((a, b) => a - b));
      expect(new Set(timers.map((e) => `${e.type}@${String(e.data.dueAt)}`)).size).toBe(timers.length);
    }

    // By hand: 40 days on, every running clock has breached through the ladder (agent → supervisor → director
    // → executive) and stays overdue; withdrawn complaints are archived after their 30-day window; complaints
    // waiting on the customer have no running clock. Nothing is armed any more.
    expect(await inner.nextDueAt()).toBeUndefined();
    const count = async (q: Parameters<Desk['list']>[0]) => (await desk2.list({ ...q, limit: 1000 })).items.length;
    expect(await count({ escalationLevel: 3 })).toBe(750); // received, triage, investigating, urgent, resolving, executing: 6 × 125
    expect(await count({ stage: 'archived' })).toBe(125);
    expect(await count({ stage: 'investigating', escalationLevel: 1 })).toBe(250); // general and urgent; awaitingInfo stays at 0
    expect(await count({ breached: true })).toBe(750);

    // Every notification goes out once: ids unique, all delivered, all marked sent.
    await desk2.dispatch();
    const outbox = await desk2.outbox();
    expect(outbox.every((m) => m.status === 'sent')).toBe(true);
    const sentIds = notifier.sent.map((m) => m.id);
    expect(new Set(sentIds).size).toBe(sentIds.length);
    expect(new Set(sentIds)).toEqual(new Set(outbox.map((m) => m.id)));
    // Escalation notices: 5 × 125 complaints climb 0→1→2→3 (3 each); 125 urgent ones start at director (1) and
    // breach to executive (1): 1875 + 250.
    expect(notifier.sent.filter((m) => m.kind === 'complaint.escalated').length).toBe(2125);
    expect(notifier.sent.filter((m) => m.kind === 'complaint.escalated' && m.recipient === 'role:executive').length).toBe(750);
  });
});

describe('in-process scheduler on fake timers', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  // acknowledge within 40 calendar days, no warnings: the only timer is 40 days out, beyond setTimeout's
  // 2^31−1 ms (24.8 days) limit — a longer delay would fire at once (fake timers do the same as Node).
  const forty = definePolicy({ name: 'forty days', targets: { acknowledge: { within: { days: 40 }, calendar: 'always' } }, warnings: [] });
  const start = sh('2026-11-23T09:00');

  for (const [name, pollMs] of [['polling every 24.8 days', MAX_TIMEOUT_MS], ['default polling', undefined]] as const) {
    it(`a deadline 40 days out fires on time, not early, and stop() leaves no timer (${name})`, async () => {
      vi.useFakeTimers({ now: start });
      const clock = { now: () => Date.now() };
      const store = memoryStore();
      const notifier = memoryNotifier();
      const scheduler = pollMs === undefined ? undefined : inProcessScheduler({ clock, pollMs });
      const desk = createDesk({ store, notifier, clock, policy: forty, ...(scheduler ? { scheduler } : {}) });
      desk.start();
      await desk.file(intake('F1', 'cu1'), { actor: agent });
      const timers = async () => (await desk.timeline('F1')).filter((e) => e.kind === 'timer');

      await vi.advanceTimersByTimeAsync(30 * DAY);
      expect(await timers()).toEqual([]);
      expect((await desk.get('F1')).escalationLevel).toBe(0);
      // The filing notice went out on the first wake-up.
      expect(notifier.sent.map((m) => m.id)).toEqual(['F1:1:complaint.received:customer:cu1']);

      await vi.advanceTimersByTimeAsync(10 * DAY - MIN);
      expect(await timers()).toEqual([]);

      await vi.advanceTimersByTimeAsync(2 * MIN);
      const fired = await timers();
      expect(fired.map((e) => [e.at, e.data.dueAt])).toEqual([[start + 40 * DAY, start + 40 * DAY]]);
      expect((await desk.get('F1')).escalationLevel).toBe(1);
      // The breach notices were dispatched by the same wake-up.
      expect(notifier.sent.map((m) => m.kind)).toEqual(['complaint.received', 'complaint.escalated', 'sla.breached']);

      await desk.stop();
      expect(vi.getTimerCount()).toBe(0);
      await vi.advanceTimersByTimeAsync(DAY);
      expect(vi.getTimerCount()).toBe(0);
    });
  }
});
