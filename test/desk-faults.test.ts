/**
 * One bad thing never stops the rest: a timer whose complaint cannot be
 * loaded, migrated or applied is quarantined, retried with backoff, then
 * parked and visible, while every other timer fires; any value a notifier
 * throws and a notifier that never answers count as failed attempts; one
 * desk never delivers a message twice; a step that would break the machine
 * is never committed; an invalid clock never fires timers; the scheduler
 * reports failures and backs off; `health()` says what a probe needs.
 *
 * Virtual time throughout (a manual clock, vitest fake timers for the
 * scheduler and the notifier timeout): nothing waits on the wall clock.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  ClockError,
  createDesk,
  definePolicy,
  inProcessScheduler,
  MachineError,
  manualClock,
  memoryNotifier,
  memoryStore,
  presets,
  rateLimitedReporter,
  type Clock,
  type ComplaintRecord,
  type ComplaintStore,
  type DeskErrorContext,
  type Notifier,
  type OutboundMessage,
} from '../src/index.js';
import { agent, DAY, HOUR, intake, MIN, rejection, setup, sh, T0 } from './support/desk.js';

afterEach(() => {
  vi.useRealTimers();
});

/** A store that shows some complaints as another release (or a broken disk) left them. */
function tampered(inner: ComplaintStore, change: Record<string, (r: ComplaintRecord) => ComplaintRecord>): ComplaintStore {
  const fix = (r: ComplaintRecord | undefined) => (r && change[r.id] ? change[r.id]!(r) : r);
  return {
    ...inner,
    load: async (id) => fix(await inner.load(id)),
    loadIfNewer: async (id, v) => {
      const r = await inner.loadIfNewer!(id, v);
      return r === 'unchanged' || r === undefined ? r : fix(r);
    },
  };
}

const newerRelease = (r: ComplaintRecord): ComplaintRecord => ({ ...r, machineVersion: 99 });
const corruptSnapshot = (r: ComplaintRecord): ComplaintRecord => ({ ...r, snapshot: { ...r.snapshot, value: { nowhere: 'at all' } } });

describe('a poison timer is quarantined while every other timer fires', () => {
  it('150 healthy complaints fire 48 h late although two poison records sit at the head of the due list', async () => {
    const inner = memoryStore();
    const errors: [unknown, DeskErrorContext][] = [];
    const t = setup({ store: inner, onError: (e, c) => errors.push([e, c]), timers: { maxAttempts: 3, baseDelayMs: 60_000, maxDelayMs: 10 * 60_000 } });
    // The poison complaints are filed first, so their acknowledge warnings are due first.
    await t.desk.file(intake('P-newer'), { actor: agent });
    await t.desk.file(intake('P-corrupt'), { actor: agent });
    for (let i = 0; i < 150; i++) {
      t.clock.advance(1_000);
      await t.desk.file(intake(`H${i}`), { actor: agent });
    }
    const store = tampered(inner, { 'P-newer': newerRelease, 'P-corrupt': corruptSnapshot });
    // A second desk on the tampered view of the store, 48 h later (acknowledge: 24 h; the 80 % warning,
    // the breach → supervisor (4 working h from Tue 09:00 → 13:30 … ) and more come due).
    const errs: [unknown, DeskErrorContext][] = [];
    const clock = manualClock(T0 + 48 * HOUR);
    const desk = createDesk({ store, notifier: memoryNotifier(), clock, scheduler: false, onError: (e, c) => errs.push([e, c]), timers: { maxAttempts: 3, baseDelayMs: 60_000, maxDelayMs: 10 * 60_000 } });
    const r = await desk.runDue();
    expect(r.failed).toBe(2);
    expect(r.parked).toBe(0);
    // Every healthy complaint moved on: warned and breached acknowledgement, escalated to the supervisor.
    const healthy = (await desk.list({ limit: 1000 })).items.filter((s) => s.id.startsWith('H'));
    expect(healthy).toHaveLength(150);
    expect(healthy.every((s) => s.escalationLevel >= 1 && s.breached)).toBe(true);
    expect(r.fired).toBeGreaterThanOrEqual(300);
    // The two poison timers are quarantined with their errors, and reported.
    const problems = await desk.problems();
    // Listed by failure time, then complaint id.
    expect(problems.timers.map((p) => [p.complaintId, p.status, p.attempts, p.retryAt])).toEqual([
      ['P-corrupt', 'quarantined', 1, T0 + 48 * HOUR + 60_000],
      ['P-newer', 'quarantined', 1, T0 + 48 * HOUR + 60_000],
    ]);
    expect(problems.timers[0]!.lastError).toMatch(/cannot be read/);
    expect(problems.timers[1]!.lastError).toMatch(/machine version 99, newer than this release/);
    // Fired in due order (both due at the same instant: by complaint id).
    expect(errs.map(([e, c]) => [c.kind, c.complaintId, (e as { code?: string }).code, c.attempts, c.parked])).toEqual([
      ['timer', 'P-corrupt', 'CORRUPT_RECORD', 1, false],
      ['timer', 'P-newer', 'MACHINE_VERSION', 1, false],
    ]);
    expect(errors).toEqual([]);
    // Not retried before its backoff is over; retried after it; parked after the third attempt.
    expect((await desk.runDue()).failed).toBe(0);
    clock.advance(60_000);
    expect(await desk.runDue()).toMatchObject({ fired: 0, failed: 2, parked: 0 });
    clock.advance(2 * 60_000);
    expect(await desk.runDue()).toMatchObject({ fired: 0, failed: 0, parked: 2 });
    clock.advance(DAY);
    expect((await desk.runDue()).parked).toBe(0);
    expect((await desk.problems()).timers.map((p) => [p.complaintId, p.status, p.attempts, p.retryAt])).toEqual([
      ['P-corrupt', 'parked', 3, null],
      ['P-newer', 'parked', 3, null],
    ]);
    const health = await desk.health();
    expect(health.timers).toMatchObject({ quarantined: 0, parked: 2 });
    expect(health.ready).toBe(true);
    // A send to a poison complaint fails in its own lane, with a typed error.
    expect(await rejection(desk.send('P-newer', { type: 'ACKNOWLEDGE' }, { actor: agent }))).toMatchObject({ code: 'MACHINE_VERSION', id: 'P-newer' });
    // An operator retries the parked timer once the record is readable again (here: through the untampered store).
    const fixed = createDesk({ store: inner, notifier: memoryNotifier(), clock, scheduler: false });
    expect(await fixed.retryTimer('P-newer', 'sla.due', { actor: { id: 'ops', role: 'supervisor' } })).toBe(true);
    expect((await fixed.runDue()).fired).toBeGreaterThanOrEqual(1);
    expect((await fixed.problems()).timers.map((p) => p.complaintId)).toEqual(['P-corrupt']);
    await expect(fixed.retryTimer('P-corrupt', 'sla.due', { actor: agent })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('a calendar out of range when a deadline is computed quarantines that timer, the complaint stays as it was', async () => {
    // A ladder whose first re-grant lies beyond any calendar: the acknowledge breach cannot be applied.
    const policy = definePolicy({
      name: 'broken-regrant',
      targets: { acknowledge: { within: { hours: 1 }, calendar: 'always' } },
      escalation: { levels: [{ name: 'agent' }, { name: 'supervisor', regrant: { within: { days: 120_000_000 }, calendar: 'always' } }] },
    });
    const t = setup({ policy });
    await t.desk.file(intake('C1'), { actor: agent });
    await t.desk.file(intake('C2'), { actor: agent });
    await t.desk.send('C2', { type: 'ACKNOWLEDGE' }, { actor: agent });
    t.clock.advance(2 * HOUR);
    const r = await t.desk.runDue();
    // C1: the 48 min warning fires, the 60 min breach cannot (out of range): quarantined at the breach.
    expect(r).toMatchObject({ fired: 1, failed: 1 });
    const [p] = (await t.desk.problems()).timers;
    expect(p).toMatchObject({ complaintId: 'C1', key: 'sla.due', dueAt: T0 + HOUR, status: 'quarantined' });
    expect(p!.lastError).toMatch(/out of range/);
    const c1 = await t.desk.get('C1');
    expect(c1.escalationLevel).toBe(0);
    expect(c1.deadlines[0]).toMatchObject({ clock: 'acknowledge', warnings: 1, breaches: 0 });
  });
});

describe('a step that would break the machine is never committed', () => {
  it('filing whose first deadline is out of range is a MachineError and stores nothing', async () => {
    const policy = definePolicy({ name: 'huge', targets: { acknowledge: { within: { days: 120_000_000 }, calendar: 'always' } } });
    const t = setup({ policy });
    const e = await rejection(t.desk.file(intake('C1'), { actor: agent }));
    expect(e).toBeInstanceOf(MachineError);
    expect(e).toMatchObject({ code: 'MACHINE_ERROR' });
    expect(await t.store.load('C1')).toBeUndefined();
  });

  it('an event whose effect is out of range is a MachineError and leaves the complaint unchanged', async () => {
    const policy = definePolicy({
      name: 'huge-triage',
      targets: { acknowledge: { within: { hours: 24 }, calendar: 'always' }, triage: { within: { days: 120_000_000 }, calendar: 'always' } },
    });
    const t = setup({ policy });
    await t.desk.file(intake('C1'), { actor: agent });
    expect(await rejection(t.desk.send('C1', { type: 'ACKNOWLEDGE' }, { actor: agent }))).toMatchObject({ code: 'MACHINE_ERROR', id: 'C1' });
    const stored = await t.store.load('C1');
    expect(stored!.version).toBe(1);
    expect(stored!.snapshot.status).toBe('active');
  });
});

describe('notifier failures', () => {
  const hostile: unknown[] = [
    Object.create(null),
    {
      toString() {
        throw new Error('no string for you');
      },
    },
    Object.defineProperty(new Error(), 'message', {
      get() {
        throw new Error('no message either');
      },
    }),
  ];

  it('any value a notifier throws is a failed attempt; after maxAttempts every message is parked with a readable error', async () => {
    let n = 0;
    const notifier: Notifier = {
      async send() {
        throw hostile[n++ % hostile.length];
      },
    };
    const errors: DeskErrorContext[] = [];
    const t = setup({ notifier, outbox: { maxAttempts: 3, baseDelayMs: 1_000, maxDelayMs: 1_000 }, onError: (_e, c) => errors.push(c) });
    // 7 complaints × (received, acknowledged, assigned) = 21 messages.
    for (let i = 0; i < 7; i++) {
      await t.desk.file(intake(`C${i}`), { actor: agent });
      await t.desk.send(`C${i}`, { type: 'ACKNOWLEDGE' }, { actor: agent });
      await t.desk.send(`C${i}`, { type: 'TRIAGE', categories: ['billing'], severity: 'normal', assignee: 'h1' }, { actor: agent });
    }
    expect(await t.desk.dispatch()).toEqual({ sent: 0, failed: 21, parked: 0 });
    t.clock.advance(1_000);
    expect(await t.desk.dispatch()).toEqual({ sent: 0, failed: 21, parked: 0 });
    t.clock.advance(1_000);
    expect(await t.desk.dispatch()).toEqual({ sent: 0, failed: 0, parked: 21 });
    const parked = await t.desk.outbox({ status: 'parked' });
    expect(parked).toHaveLength(21);
    expect(parked.every((m) => m.attempts === 3 && typeof m.lastError === 'string' && m.lastError.length > 0)).toBe(true);
    expect(new Set(parked.map((m) => m.lastError))).toEqual(new Set(['(an unprintable value was thrown)', '(message unreadable)']));
    expect(errors.filter((c) => c.kind === 'dispatch')).toHaveLength(63);
    expect(errors.filter((c) => c.parked)).toHaveLength(21);
    // The transitions stand.
    expect((await t.desk.get('C6')).stage).toBe('investigating');
  });

  it('a notifier that never answers times out (default 10 s), counts as a failed attempt, and the retry keeps the id', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    let hang = true;
    const seen: OutboundMessage[] = [];
    const notifier: Notifier = {
      send: (m) => {
        seen.push(m);
        return hang ? new Promise<void>(() => {}) : Promise.resolve();
      },
    };
    const t = setup({ notifier, outbox: { baseDelayMs: 1_000 } });
    await t.desk.file(intake('C1'), { actor: agent });
    const run = t.desk.dispatch();
    await vi.advanceTimersByTimeAsync(9_999);
    let done = false;
    void run.then(() => (done = true));
    await Promise.resolve();
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(await run).toEqual({ sent: 0, failed: 1, parked: 0 });
    const [m] = await t.desk.outbox();
    expect(m).toMatchObject({ status: 'pending', attempts: 1, lastError: 'the notifier did not answer within 10000 ms' });
    hang = false;
    t.clock.advance(1_000);
    expect(await t.desk.dispatch()).toEqual({ sent: 1, failed: 0, parked: 0 });
    expect(seen.map((x) => x.id)).toEqual(['C1:1:complaint.received:customer:cu1', 'C1:1:complaint.received:customer:cu1']);
  });

  it('overlapping dispatch() calls on one desk deliver each message once', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const delivered: string[] = [];
    const notifier: Notifier = {
      async send(m) {
        await gate;
        delivered.push(m.id);
      },
    };
    const t = setup({ notifier });
    for (let i = 0; i < 20; i++) await t.desk.file(intake(`C${i}`), { actor: agent });
    const runs = [t.desk.dispatch(), t.desk.dispatch(), t.desk.dispatch()];
    release();
    const results = await Promise.all(runs);
    expect(delivered).toHaveLength(20);
    expect(new Set(delivered).size).toBe(20);
    expect(results.reduce((a, r) => a + r.sent, 0)).toBe(20);
  });
});

describe('the clock', () => {
  const broken = (values: unknown[]): Clock => {
    let i = 0;
    return {
      now() {
        const v = values[Math.min(i++, values.length - 1)];
        if (v instanceof Error) throw v;
        return v as number;
      },
    };
  };

  it('a clock returning NaN, Infinity or a string never fires timers and gives a ClockError', async () => {
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, '2026-11-23', -5]) {
      const store = memoryStore();
      const good = manualClock(T0);
      const ok = createDesk({ store, notifier: memoryNotifier(), clock: good, scheduler: false });
      await ok.file(intake('C1'), { actor: agent });
      const desk = createDesk({ store, notifier: memoryNotifier(), clock: broken([bad]), scheduler: false });
      expect(await rejection(desk.runDue())).toBeInstanceOf(ClockError);
      expect(await rejection(desk.send('C1', { type: 'ACKNOWLEDGE' }, { actor: agent }))).toBeInstanceOf(ClockError);
      expect(await rejection(desk.file(intake('C2'), { actor: agent }))).toBeInstanceOf(ClockError);
      expect((await store.load('C1'))!.version).toBe(1);
      expect(await store.load('C2')).toBeUndefined();
      const h = await desk.health();
      expect(h.ready).toBe(false);
      expect(h.clock.ok).toBe(false);
    }
  });

  it('a clock that goes backwards by more than a second is refused; a small step back is not', async () => {
    const values = [T0 + 10_000, T0 + 9_500, T0 + 7_000];
    const desk = createDesk({ store: memoryStore(), notifier: memoryNotifier(), clock: broken(values), scheduler: false });
    await desk.file(intake('C1'), { actor: agent });
    // 500 ms back: the desk keeps its latest reading.
    const acked = await desk.send('C1', { type: 'ACKNOWLEDGE' }, { actor: agent });
    expect(acked.updatedAt).toBe(T0 + 10_000);
    const e = await rejection(desk.runDue());
    expect(e).toBeInstanceOf(ClockError);
    expect((e as Error).message).toMatch(/went backwards by 3000 ms/);
  });

  it('a clock that throws never crashes the host: the scheduler reports it and backs off', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    vi.setSystemTime(T0);
    const errors: DeskErrorContext[] = [];
    const clock = broken([new Error('NTP daemon gone')]);
    const desk = createDesk({ store: memoryStore(), notifier: memoryNotifier(), clock, scheduler: inProcessScheduler({ clock, errorBackoffMs: 1_000, pollMs: 60_000 }), onError: (_e, c) => errors.push(c) });
    desk.start();
    await vi.advanceTimersByTimeAsync(10_000);
    await desk.stop();
    // Wakes at 0, 1 s, 3 s, 7 s (backoff 1, 2, 4 s): four reports, not a tight loop.
    expect(errors.map((c) => c.kind)).toEqual(['clock', 'clock', 'clock', 'clock']);
  });
});

describe('the scheduler', () => {
  it('reports a failing store through onError and backs off instead of retrying in a tight loop', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    vi.setSystemTime(T0);
    const inner = memoryStore();
    let calls = 0;
    const store: ComplaintStore = {
      ...inner,
      claimDue: async () => {
        calls++;
        throw new Error('connection refused');
      },
    };
    const errors: [unknown, DeskErrorContext][] = [];
    const clock = manualClock(T0);
    const desk = createDesk({ store, notifier: memoryNotifier(), clock, scheduler: inProcessScheduler({ clock, errorBackoffMs: 1_000, pollMs: 60_000 }), onError: (e, c) => errors.push([e, c]) });
    desk.start();
    await vi.advanceTimersByTimeAsync(20_000);
    await desk.stop();
    // 0, 1, 3, 7, 15 s.
    expect(calls).toBe(5);
    expect(errors.map(([e, c]) => [c.kind, (e as Error).message])).toEqual(Array(5).fill(['wake', 'connection refused']));
    expect((await desk.health()).lastError).toMatchObject({ message: 'connection refused', context: { kind: 'wake' } });
  });

  it("sleeps until another desk's lease on the earliest timer ends, not 0 ms", async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    vi.setSystemTime(T0);
    const inner = memoryStore();
    let claims = 0;
    const store: ComplaintStore = { ...inner, claimDue: (...a) => (claims++, inner.claimDue(...a)) };
    const clock = manualClock(T0);
    const desk = createDesk({ store, notifier: memoryNotifier(), clock, scheduler: inProcessScheduler({ clock, pollMs: 30_000 }) });
    await desk.file(intake('C1'), { actor: agent });
    // Another desk holds the (due) timer for 60 s.
    clock.set(T0 + DAY);
    vi.setSystemTime(T0 + DAY);
    expect(await inner.claimDue(T0 + DAY, 10, { owner: 'other-desk', until: T0 + DAY + 60_000 })).toHaveLength(1);
    claims = 0;
    desk.start();
    await vi.advanceTimersByTimeAsync(2_000);
    expect(claims).toBe(1);
    await desk.stop();
  });
});

describe('runDue on a large backlog', () => {
  it('yields to the event loop between batches', async () => {
    const t = setup({ timers: { batch: 10 } });
    for (let i = 0; i < 50; i++) await t.desk.file(intake(`C${i}`), { actor: agent });
    t.clock.advance(20 * HOUR);
    let finished = false;
    let sawUnfinished = false;
    setImmediate(() => {
      sawUnfinished = !finished;
    });
    const r = await t.desk.runDue();
    finished = true;
    expect(r.fired).toBe(50);
    expect(sawUnfinished).toBe(true);
  });
});

describe('the default error report', () => {
  it('logs each distinct error once a minute, then says how many it held back', () => {
    const lines: string[] = [];
    let now = 0;
    const report = rateLimitedReporter({ error: (m) => lines.push(m) }, () => now);
    for (let i = 0; i < 10; i++) report(new Error('SMTP down'), { kind: 'dispatch', messageId: `m${i}` });
    report(new Error('other'), { kind: 'dispatch' });
    now = 61_000;
    report(new Error('SMTP down'), { kind: 'dispatch' });
    expect(lines).toEqual([
      'redress desk: dispatch failed: SMTP down',
      'redress desk: dispatch failed: other',
      'redress desk: dispatch failed: SMTP down (9 more like this since 1970-01-01T00:00:00.000Z)',
    ]);
  });
});

describe('health', () => {
  it('reports due and overdue timers, pending and parked messages, the last wake-up and the last error', async () => {
    const t = setup({ outbox: { maxAttempts: 1 } });
    await t.desk.file(intake('C1'), { actor: agent });
    await t.desk.file(intake('C2'), { actor: agent });
    t.clock.advance(20 * HOUR); // both acknowledge warnings (19.2 h) are due since 48 min
    const h = await t.desk.health();
    expect(h).toMatchObject({
      ready: true,
      now: T0 + 20 * HOUR,
      clock: { ok: true, error: null },
      store: { ok: true, error: null },
      timers: { due: 2, oldestOverdueMs: 48 * MIN, quarantined: 0, parked: 0 },
      outbox: { pending: 2, due: 2, parked: 0, oldestPendingMs: 20 * HOUR },
      scheduling: false,
      lastWakeAt: null,
      lastError: null,
    });
    expect(sh('2026-11-23T09:00')).toBe(T0);
  });
});
