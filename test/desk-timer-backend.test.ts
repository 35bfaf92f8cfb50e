/**
 * The timer-backend port: a job engine delivers timers to `desk.fireTimer`,
 * the store stays the truth (a stale or duplicate job changes nothing), a
 * backend fed after the commit sees exactly what was armed and disarmed,
 * a failing backend never fails a command, and the desk's own sweep fires
 * what the backend missed once the grace has passed.
 *
 * Virtual time: a manual clock, and vitest fake timers for the scheduler.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  createDesk,
  inProcessScheduler,
  manualClock,
  memoryNotifier,
  memoryStore,
  presets,
  SLA_TIMER,
  ValidationError,
  type DeskErrorContext,
  type DisarmedTimer,
  type FireTimer,
  type TimerBackend,
  type TimerJob,
} from '../src/index.js';
import { agent, HOUR, intake, MIN, rejection, T0 } from './support/desk.js';

afterEach(() => {
  vi.useRealTimers();
});

/** A backend that records what the desk tells it and lets the test deliver jobs. */
function recordingBackend(opts: { failAfterCommit?: boolean; sweepGraceMs?: number } = {}) {
  const armed: TimerJob[] = [];
  const disarmed: DisarmedTimer[] = [];
  let fire: FireTimer | undefined;
  let stopped = 0;
  const backend: TimerBackend = {
    name: 'recording',
    ...(opts.sweepGraceMs === undefined ? {} : { sweepGraceMs: opts.sweepGraceMs }),
    async afterCommit(change) {
      if (opts.failAfterCommit) throw new Error('queue unreachable');
      armed.push(...change.armed);
      disarmed.push(...change.disarmed);
    },
    start(f) {
      fire = f;
    },
    async stop() {
      stopped++;
    },
  };
  return { backend, armed, disarmed, fire: () => fire, stopped: () => stopped };
}

function deskWith(backend: TimerBackend, extra: { onError?: (e: unknown, c: DeskErrorContext) => void; scheduler?: ReturnType<typeof inProcessScheduler> | false } = {}) {
  const clock = manualClock(T0);
  const store = memoryStore();
  const notifier = memoryNotifier();
  const desk = createDesk({ store, notifier, clock, policy: presets.guideline, scheduler: extra.scheduler ?? false, timerBackend: backend, ...(extra.onError ? { onError: extra.onError } : {}) });
  return { desk, clock, store, notifier };
}

describe('desk.fireTimer', () => {
  it('fires the stored timer once; a duplicate, a re-armed or a disarmed job is stale and changes nothing', async () => {
    const r = recordingBackend();
    const { desk, clock, store } = deskWith(r.backend);
    await desk.start();
    expect(r.fire()).toBe(desk.fireTimer);
    await desk.file(intake('C1'), { actor: agent });
    const job = r.armed.find((j) => j.complaintId === 'C1' && j.key === SLA_TIMER)!;
    expect(job).toBeDefined();
    const stored = await store.load('C1');
    expect(stored!.timers[SLA_TIMER]).toBe(job.dueAt);

    clock.set(job.dueAt);
    const before = (await store.load('C1'))!.version;
    expect(await desk.fireTimer(job)).toBe('fired');
    const after = await store.load('C1');
    expect(after!.version).toBe(before + 1);
    // The firing re-armed the clock for its next instant, and told the backend.
    const next = after!.timers[SLA_TIMER]!;
    expect(next).toBeGreaterThan(job.dueAt);
    expect(r.armed.at(-1)).toEqual({ complaintId: 'C1', key: SLA_TIMER, dueAt: next });
    // … and its old generation ended.
    expect(r.disarmed).toContainEqual({ complaintId: 'C1', key: SLA_TIMER, dueAt: job.dueAt });

    // At-least-once delivery: the same job again is a no-op.
    expect(await desk.fireTimer(job)).toBe('stale');
    expect((await store.load('C1'))!.version).toBe(before + 1);
    // A job for an instant the store never armed is a no-op too.
    clock.set(next);
    expect(await desk.fireTimer({ ...job, dueAt: next - 1 })).toBe('stale');
    expect(await desk.fireTimer({ complaintId: 'nobody', key: SLA_TIMER, dueAt: next })).toBe('stale');
    expect((await store.load('C1'))!.version).toBe(before + 1);
    await desk.stop();
    expect(r.stopped()).toBe(1);
  });

  it('a closed complaint disarms its SLA timer: the backend is told and the old job is stale', async () => {
    const r = recordingBackend();
    const { desk, clock } = deskWith(r.backend);
    await desk.file(intake('C2'), { actor: agent });
    const job = r.armed.find((j) => j.complaintId === 'C2' && j.key === SLA_TIMER)!;
    clock.advance(MIN);
    await desk.send('C2', { type: 'WITHDRAW', reason: 'sorted it out myself' }, { actor: { id: 'cu1', role: 'customer' } });
    expect(r.disarmed).toContainEqual({ complaintId: 'C2', key: SLA_TIMER, dueAt: job.dueAt });
    clock.set(job.dueAt + HOUR);
    expect(await desk.fireTimer(job)).toBe('stale');
  });

  it('refuses a malformed job and a job not yet due by the desk clock, with a ValidationError naming the field', async () => {
    const r = recordingBackend();
    const { desk } = deskWith(r.backend);
    await desk.file(intake('C3'), { actor: agent });
    const job = r.armed.find((j) => j.complaintId === 'C3')!;
    const early = await rejection(desk.fireTimer(job));
    expect(early).toBeInstanceOf(ValidationError);
    expect((early as ValidationError).issues[0]!.path).toEqual(['dueAt']);
    const bad = await rejection(desk.fireTimer({ complaintId: 'C3', key: '', dueAt: Number.NaN } as TimerJob));
    expect(bad).toBeInstanceOf(ValidationError);
    const paths = (bad as ValidationError).issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['key', 'dueAt']));
  });
});

describe('a backend fed after the commit', () => {
  it('a failing afterCommit is reported (kind timerBackend) and never fails the command; the commit stands', async () => {
    const r = recordingBackend({ failAfterCommit: true });
    const errors: DeskErrorContext[] = [];
    const { desk, store } = deskWith(r.backend, { onError: (_e, c) => errors.push(c) });
    const v = await desk.file(intake('C4'), { actor: agent });
    expect(v.version).toBe(1);
    expect((await store.load('C4'))!.timers[SLA_TIMER]).toBeGreaterThan(T0);
    expect(errors).toContainEqual({ kind: 'timerBackend', complaintId: 'C4' });
    expect((await desk.health()).timerBackend).toBe('recording');
  });

  it('the sweep fires a timer the backend never delivered once the grace has passed, not before', async () => {
    vi.useFakeTimers({ now: T0 });
    const r = recordingBackend({ failAfterCommit: true, sweepGraceMs: 5 * MIN });
    const clock = manualClock(T0);
    const store = memoryStore();
    const desk = createDesk({
      store,
      notifier: memoryNotifier(),
      clock,
      policy: presets.guideline,
      scheduler: inProcessScheduler({ clock, pollMs: MIN }),
      timerBackend: r.backend,
      onError: () => {},
    });
    await desk.start();
    await desk.file(intake('C5'), { actor: agent });
    const dueAt = (await store.load('C5'))!.timers[SLA_TIMER]!;
    const version = (await store.load('C5'))!.version;

    // Due, but within the grace: the backend's job is expected, the desk does not fire it.
    clock.set(dueAt + 4 * MIN);
    await vi.advanceTimersByTimeAsync(2 * MIN);
    expect((await store.load('C5'))!.version).toBe(version);

    // Past the grace: the sweep fires it.
    clock.set(dueAt + 6 * MIN);
    await vi.advanceTimersByTimeAsync(2 * MIN);
    const after = await store.load('C5');
    expect(after!.version).toBeGreaterThan(version);
    expect(after!.timers[SLA_TIMER]).not.toBe(dueAt);
    await desk.stop();
  });
});
