/**
 * redress/bullmq: the desk's timers as delayed BullMQ jobs.
 *
 * Without a server (always run): job ids BullMQ accepts, option validation,
 * the worker's processor on a stand-in job (fired, stale, early, malformed,
 * failing), a Redis that cannot be reached (the command stands, the failure
 * is reported, the desk's sweep fires the timer once the grace has passed,
 * stop() ends and a process exits on its own).
 *
 * On the real Redis at REDIS_URL (run when it is set, and FAIL when it is
 * set but unreachable; when unset, one test records that — nothing is
 * skipped): an armed timer is a delayed job named for its generation with
 * its delay; re-arming and disarming remove the old generation (the delayed
 * jobs are exactly the store's armed timers); a re-sent generation is
 * ignored; a worker fires a due job through the desk once, puts back a job
 * that came before its instant by the desk's clock, completes a duplicate as
 * stale and fails a malformed one without retries; a process that used a
 * live worker exits on its own after desk.stop().
 *
 * Time: manual desk clocks. BullMQ's delays run on real time, so the desk
 * tests that meet a live worker set the manual clock to real Date.now()
 * values and use delays of a few hundred ms; they wait for outcomes with
 * polling loops bounded by a deadline, never fixed sleeps.
 */
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { DelayedError, Queue, UnrecoverableError, type Job } from 'bullmq';
import { afterAll, describe, expect, it } from 'vitest';
import { bullmqTimerBackend, DEFAULT_TIMER_JOB_OPTIONS, TIMER_JOB_NAME, timerJobId, type BullmqErrorContext } from '../src/adapters/bullmq/index.js';
import { timerProcessor } from '../src/adapters/bullmq/processor.js';
import {
  createDesk,
  manualClock,
  memoryNotifier,
  memoryStore,
  presets,
  SLA_TIMER,
  ValidationError,
  type DeskErrorContext,
  type FireTimer,
  type Scheduler,
  type TimerBackend,
  type TimerJob,
} from '../src/index.js';
import { agent, intake, MIN, rejection, T0 } from './support/desk.js';
import { assertRedisReachable, redisConnection, uniqueName, until } from './support/redis.js';

const REDIS_URL = process.env.REDIS_URL;
const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const run = promisify(execFile);

/** Runs test/fixtures/bullmq-child.ts; resolves with its exit code and output once it exits on its own (bounded). */
async function child(mode: 'live' | 'down'): Promise<{ code: number; out: Record<string, unknown> }> {
  try {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'test/fixtures/bullmq-child.ts', mode], { cwd: ROOT, timeout: 60_000, env: process.env });
    return { code: 0, out: JSON.parse(stdout) as Record<string, unknown> };
  } catch (e) {
    const err = e as { code?: number; killed?: boolean; stderr?: string; stdout?: string };
    throw new Error(`bullmq child (${mode}) did not exit cleanly (code ${String(err.code)}, killed ${String(err.killed)}): ${err.stderr ?? ''} ${err.stdout ?? ''}`);
  }
}

/** A scheduler the test drives: it keeps the desk's wake-up so the test can run the sweep at chosen clock readings. */
function drivenScheduler() {
  let wake: (() => Promise<number | undefined>) | undefined;
  const scheduler: Scheduler = {
    start: (w) => {
      wake = w;
    },
    schedule: () => undefined,
    stop: () => {
      wake = undefined;
    },
  };
  return { scheduler, wake: () => wake!() };
}

/** How far after filing the first SLA timer comes (80 % of the 24 h acknowledgement limit, 24×7), read off a probe desk. */
async function firstTimerLead(): Promise<number> {
  const clock = manualClock(T0);
  const store = memoryStore();
  const desk = createDesk({ store, notifier: memoryNotifier(), clock, policy: presets.guideline, scheduler: false });
  await desk.file(intake('probe'), { actor: agent });
  return (await store.load('probe'))!.timers[SLA_TIMER]! - T0;
}

describe('timerJobId', () => {
  it('names one timer generation with an id BullMQ accepts (never an integer, no ":"), distinct per complaint, key and instant', () => {
    const base: TimerJob = { complaintId: 'C-1', key: SLA_TIMER, dueAt: 1_795_510_800_000 };
    expect(timerJobId(base)).toBe('t|C-1|sla.due|1795510800000');
    const tricky: TimerJob[] = [
      base,
      { ...base, dueAt: base.dueAt + 1 },
      { ...base, key: 'xstate.after.reopenWindowEnd.closed' },
      { ...base, complaintId: 'tenant:42:C-1' },
      { ...base, complaintId: 'a|b' },
      { complaintId: 'a', key: 'b|c', dueAt: base.dueAt },
      { complaintId: 'a|b', key: 'c', dueAt: base.dueAt },
      { complaintId: '12345', key: '678', dueAt: 9 },
      { complaintId: '投诉-7', key: SLA_TIMER, dueAt: base.dueAt },
    ];
    const ids = tricky.map(timerJobId);
    expect(new Set(ids).size).toBe(tricky.length);
    for (const id of ids) {
      expect(id).not.toContain(':');
      expect(`${Number.parseInt(id, 10)}`).not.toBe(id);
    }
    expect(timerJobId(tricky[3]!)).toBe('t|tenant%3A42%3AC-1|sla.due|1795510800000');
  });
});

describe('bullmqTimerBackend options', () => {
  const connection = { host: '127.0.0.1', port: 6379 };
  const issuePaths = (f: () => unknown): string[] => {
    try {
      f();
    } catch (e) {
      expect(e).toBeInstanceOf(ValidationError);
      return (e as ValidationError).issues.map((i) => i.path.join('.'));
    }
    throw new Error('expected a ValidationError');
  };

  it('refuses a queue name with ":", a zero concurrency, a negative grace, an unknown option and a missing connection, naming each', () => {
    expect(issuePaths(() => bullmqTimerBackend({ connection, queueName: 'a:b' }))).toEqual(['queueName']);
    expect(issuePaths(() => bullmqTimerBackend({ connection, concurrency: 0 }))).toEqual(['concurrency']);
    expect(issuePaths(() => bullmqTimerBackend({ connection, sweepGraceMs: -1 }))).toEqual(['sweepGraceMs']);
    expect(issuePaths(() => bullmqTimerBackend({ connection, queuename: 'x' } as never))).toEqual(['']);
    expect(issuePaths(() => bullmqTimerBackend({} as never))).toEqual(['connection']);
  });

  it('defaults: name bullmq, queue redress-timers, a 60 s sweep grace; nothing connects before it is used', async () => {
    const b = bullmqTimerBackend({ connection, sweepGraceMs: 30_000 });
    expect(b.name).toBe('bullmq');
    expect(b.queueName).toBe('redress-timers');
    expect(b.sweepGraceMs).toBe(30_000);
    expect(bullmqTimerBackend({ connection }).sweepGraceMs).toBe(60_000);
    await b.close();
  });
});

describe('the worker processor', () => {
  const timer: TimerJob = { complaintId: 'C1', key: SLA_TIMER, dueAt: Date.parse('2026-11-24T09:00:00Z') };
  /** A stand-in for a BullMQ job: its data and a recorded moveToDelayed. */
  const jobOf = (data: unknown) => {
    const moved: { timestamp: number; token: string | undefined }[] = [];
    const job = {
      data,
      moveToDelayed: async (timestamp: number, token?: string) => {
        moved.push({ timestamp, token });
      },
    } as unknown as Job;
    return { job, moved };
  };

  it('fires the job through the desk and completes with fired or stale', async () => {
    const seen: TimerJob[] = [];
    let answer: 'fired' | 'stale' = 'fired';
    const fire: FireTimer = async (j) => {
      seen.push(j);
      return answer;
    };
    const p = timerProcessor({ fire, earlyRetryMs: 1000 });
    expect(await p(jobOf({ ...timer }).job, 'tok')).toBe('fired');
    answer = 'stale';
    expect(await p(jobOf({ ...timer }).job, 'tok')).toBe('stale');
    expect(seen).toEqual([timer, timer]);
  });

  it('a job the desk refuses as not yet due goes back to the delayed set until its instant, at least earlyRetryMs, without using an attempt', async () => {
    const fire: FireTimer = async () => {
      throw new ValidationError('timer job', [{ code: 'custom', path: ['dueAt'], message: 'not due yet', input: undefined } as never]);
    };
    const p = timerProcessor({ fire, earlyRetryMs: 250 });
    // Due long after now by this process's clock: back until the due instant.
    const future = { ...timer, dueAt: Date.now() + 10 * MIN };
    const a = jobOf(future);
    expect(await rejection(p(a.job, 'tok-1'))).toBeInstanceOf(DelayedError);
    expect(a.moved).toEqual([{ timestamp: future.dueAt, token: 'tok-1' }]);
    // Due already by this process's clock (the desk's clock is behind): back for earlyRetryMs.
    const b = jobOf({ ...timer, dueAt: 1000 });
    const before = Date.now();
    expect(await rejection(p(b.job, 'tok-2'))).toBeInstanceOf(DelayedError);
    expect(b.moved).toHaveLength(1);
    expect(b.moved[0]!.timestamp).toBeGreaterThanOrEqual(before + 250);
    expect(b.moved[0]!.timestamp).toBeLessThanOrEqual(Date.now() + 250);
  });

  it('a malformed job fails without retries; any other failure of the desk is rethrown for BullMQ to retry', async () => {
    let fired = 0;
    const p = timerProcessor({
      fire: async () => {
        fired++;
        throw new Error('store unavailable');
      },
      earlyRetryMs: 1000,
    });
    const bad = await rejection(p(jobOf({ complaintId: 'C1', key: '', dueAt: 'soon' }).job, 'tok'));
    expect(bad).toBeInstanceOf(UnrecoverableError);
    expect((bad as Error).message).toMatch(/not a redress timer job: .*key.*dueAt/);
    expect(fired).toBe(0);
    const failing = jobOf({ ...timer });
    expect(((await rejection(p(failing.job, 'tok'))) as Error).message).toBe('store unavailable');
    expect(failing.moved).toEqual([]);
    expect(fired).toBe(1);
  });
});

describe('a Redis that cannot be reached', () => {
  it('never fails a command: the enqueue failure is reported (kind timerBackend), and the sweep fires the timer once the grace has passed, not before', async () => {
    const backendErrors: BullmqErrorContext[] = [];
    const timers = bullmqTimerBackend({
      connection: { host: '127.0.0.1', port: 1 },
      queueName: 'unreachable',
      worker: false,
      sweepGraceMs: 5 * MIN,
      enqueueTimeoutMs: 150,
      closeTimeoutMs: 200,
      onError: (_e, c) => backendErrors.push(c),
    });
    const reported: { kind: string; message: string }[] = [];
    const clock = manualClock(T0);
    const store = memoryStore();
    const driven = drivenScheduler();
    const desk = createDesk({
      store,
      notifier: memoryNotifier(),
      clock,
      policy: presets.guideline,
      scheduler: driven.scheduler,
      timerBackend: timers,
      onError: (e, c: DeskErrorContext) => reported.push({ kind: c.kind, message: (e as Error).message }),
    });
    await desk.start();
    const v = await desk.file(intake('R1'), { actor: agent });
    expect(v.version).toBe(1);
    expect(reported).toEqual([{ kind: 'timerBackend', message: expect.stringMatching(/no answer from Redis within 150 ms/) }]);
    const dueAt = (await store.load('R1'))!.timers[SLA_TIMER]!;

    // Due, but within the grace: the desk leaves it to the backend.
    clock.set(dueAt + MIN);
    await driven.wake();
    expect((await store.load('R1'))!.timers[SLA_TIMER]).toBe(dueAt);
    // Past the grace: the sweep fires it, once.
    clock.set(dueAt + 5 * MIN + 1);
    await driven.wake();
    const after = await store.load('R1');
    expect(after!.version).toBe(2);
    expect(after!.timers[SLA_TIMER]).toBeGreaterThan(dueAt);
    expect((await store.timeline('R1')).filter((e) => e.kind === 'timer')).toHaveLength(1);
    await driven.wake();
    expect((await store.load('R1'))!.version).toBe(2);
    await desk.stop();
    expect(backendErrors.every((c) => c.stage === 'queue')).toBe(true);
  });

  it('a process whose worker never connected and whose enqueue failed exits on its own after desk.stop()', async () => {
    const { code, out } = await child('down');
    expect(code).toBe(0);
    expect(out).toEqual({ mode: 'down', startFailed: true, version: 1, reported: ['timerBackend', 'timerBackend'] });
  });
});

function liveSuite(url: string) {
  const connection = redisConnection(url);
  const queues: Queue[] = [];
  const backends: { close(): Promise<void> }[] = [];
  /** A backend on a queue of its own; everything it leaves in Redis is removed after the suite. */
  const backendFor = (what: string, extra: Partial<Parameters<typeof bullmqTimerBackend>[0]> = {}) => {
    const name = uniqueName(what);
    const errors: { error: unknown; context: BullmqErrorContext }[] = [];
    const b = bullmqTimerBackend({ connection, queueName: name, prefix: 'redress-test', onError: (error, context) => errors.push({ error, context }), ...extra });
    const q = new Queue(name, { connection, prefix: 'redress-test' });
    queues.push(q);
    backends.push(b);
    return { backend: b, queue: q, errors };
  };
  afterAll(async () => {
    await Promise.all(backends.map((b) => b.close()));
    for (const q of queues) {
      await q.obliterate({ force: true });
      await q.close();
    }
  });

  /** The ids of the queue's delayed jobs. */
  const delayedIds = async (q: Queue) => (await q.getDelayed()).map((j) => j.id).sort();

  describe('bullmqTimerBackend on the Redis at REDIS_URL', () => {
    it('an armed timer becomes a delayed job named for its generation, with the timer as data and its delay', async () => {
      await assertRedisReachable(url);
      const { backend, queue } = backendFor('armed', { worker: false });
      const clock = manualClock(Date.now());
      const store = memoryStore();
      const desk = createDesk({ store, notifier: memoryNotifier(), clock, policy: presets.guideline, scheduler: false, timerBackend: backend });
      const before = Date.now();
      await desk.file(intake('A1'), { actor: agent });
      const after = Date.now();
      const dueAt = (await store.load('A1'))!.timers[SLA_TIMER]!;
      const timer = { complaintId: 'A1', key: SLA_TIMER, dueAt };
      const job = await queue.getJob(timerJobId(timer));
      expect(job).toBeDefined();
      expect(await job!.getState()).toBe('delayed');
      expect(job!.name).toBe(TIMER_JOB_NAME);
      expect(job!.data).toEqual(timer);
      expect(job!.delay).toBeGreaterThanOrEqual(dueAt - after);
      expect(job!.delay).toBeLessThanOrEqual(dueAt - before);
      expect(job!.opts.removeOnComplete).toEqual(DEFAULT_TIMER_JOB_OPTIONS.removeOnComplete);
      expect(job!.opts.attempts).toBe(5);
      expect(await delayedIds(queue)).toEqual([timerJobId(timer)]);
    });

    it('re-arming and disarming remove the old generation: the delayed jobs are exactly the timers the store holds', async () => {
      await assertRedisReachable(url);
      const { backend, queue } = backendFor('rearm', { worker: false });
      const clock = manualClock(Date.now());
      const store = memoryStore();
      const desk = createDesk({ store, notifier: memoryNotifier(), clock, policy: presets.guideline, scheduler: false, timerBackend: backend });
      const armedIds = async (ids: string[]) => {
        const ts: TimerJob[] = [];
        for (const id of ids) for (const [key, dueAt] of Object.entries((await store.load(id))!.timers)) ts.push({ complaintId: id, key, dueAt });
        return ts.map(timerJobId).sort();
      };
      await desk.file(intake('B1'), { actor: agent });
      await desk.file(intake('B2'), { actor: agent });
      const first = (await store.load('B1'))!.timers[SLA_TIMER]!;
      expect(await delayedIds(queue)).toEqual(await armedIds(['B1', 'B2']));

      // Acknowledged: the SLA timer is re-armed for the triage deadline; the old job goes.
      clock.advance(MIN);
      await desk.send('B1', { type: 'ACKNOWLEDGE' }, { actor: agent });
      const second = (await store.load('B1'))!.timers[SLA_TIMER]!;
      expect(second).not.toBe(first);
      expect(await queue.getJob(timerJobId({ complaintId: 'B1', key: SLA_TIMER, dueAt: first }))).toBeUndefined();
      expect(await delayedIds(queue)).toEqual(await armedIds(['B1', 'B2']));

      // Withdrawn: the SLA timer is disarmed (a re-open window may be armed instead); its job goes.
      clock.advance(MIN);
      await desk.send('B2', { type: 'WITHDRAW', reason: 'sorted it out myself' }, { actor: { id: 'cu1', role: 'customer' } });
      expect((await store.load('B2'))!.timers[SLA_TIMER]).toBeUndefined();
      expect(await delayedIds(queue)).toEqual(await armedIds(['B1', 'B2']));
      expect((await delayedIds(queue)).filter((id) => id?.startsWith('t|B2|sla.due|'))).toEqual([]);
    });

    it('a re-sent generation is ignored: the job stays as first added', async () => {
      await assertRedisReachable(url);
      const { backend, queue } = backendFor('dup', { worker: false });
      const timer: TimerJob = { complaintId: 'D1', key: SLA_TIMER, dueAt: Date.now() + 3_600_000 };
      await backend.afterCommit!({ armed: [timer], disarmed: [] });
      const first = await queue.getJob(timerJobId(timer));
      await backend.afterCommit!({ armed: [timer], disarmed: [] });
      await backend.afterCommit!({ armed: [timer, timer], disarmed: [] });
      const again = await queue.getJob(timerJobId(timer));
      expect(again!.timestamp).toBe(first!.timestamp);
      expect(again!.delay).toBe(first!.delay);
      expect(await queue.getDelayedCount()).toBe(1);
      // Removing a generation that has no job (never enqueued, or removed already) is fine.
      await backend.afterCommit!({ armed: [], disarmed: [{ ...timer, dueAt: timer.dueAt + 1 }] });
      await backend.afterCommit!({ armed: [], disarmed: [timer] });
      await backend.afterCommit!({ armed: [], disarmed: [timer] });
      expect(await queue.getDelayedCount()).toBe(0);
      // A commit after close() (a request still draining at shutdown) opens the queue again.
      await backend.close();
      await backend.afterCommit!({ armed: [timer], disarmed: [] });
      expect(await (await queue.getJob(timerJobId(timer)))!.getState()).toBe('delayed');
    });

    it('a worker fires a due job through the desk once, puts back one that came early by the desk clock, completes a duplicate as stale and fails a malformed one', async () => {
      await assertRedisReachable(url);
      const lead = await firstTimerLead();
      const { backend, queue, errors } = backendFor('worker', { earlyRetryMs: 50, concurrency: 2 });
      const outcomes: { job: TimerJob; result: string }[] = [];
      // The same backend, with the desk's fireTimer observed.
      const observed: TimerBackend = {
        ...backend,
        start: (fire, d) =>
          backend.start!(async (job) => {
            try {
              const r = await fire(job);
              outcomes.push({ job, result: r });
              return r;
            } catch (e) {
              outcomes.push({ job, result: e instanceof ValidationError ? `early:${e.issues[0]!.path.join('.')}` : `error:${String(e)}` });
              throw e;
            }
          }, d),
      };
      // File so that the first SLA timer is due 300 ms from now (real time); the desk's clock stays at the filing.
      const clock = manualClock(Date.now() - lead + 300);
      const store = memoryStore();
      const desk = createDesk({ store, notifier: memoryNotifier(), clock, policy: presets.guideline, scheduler: false, timerBackend: observed });
      await desk.start();
      await desk.file(intake('W1'), { actor: agent });
      const dueAt = (await store.load('W1'))!.timers[SLA_TIMER]!;
      const timer = { complaintId: 'W1', key: SLA_TIMER, dueAt };

      // BullMQ delivers it on time, but by the desk's clock it is 19 hours early: refused, put back.
      await until(() => (outcomes.some((o) => o.result === 'early:dueAt') ? true : undefined), 15_000, 'an early delivery');
      expect((await store.load('W1'))!.version).toBe(1);
      // The desk's clock catches up: the next delivery fires it.
      clock.set(Date.now());
      await until(() => (outcomes.some((o) => o.result === 'fired') ? true : undefined), 15_000, 'the firing');
      const job = await queue.getJob(timerJobId(timer));
      await until(async () => ((await job!.getState()) === 'completed' ? true : undefined), 15_000, 'the job to complete');
      expect((await queue.getJob(timerJobId(timer)))!.returnvalue).toBe('fired');
      const fired = await store.load('W1');
      expect(fired!.version).toBe(2);
      const next = fired!.timers[SLA_TIMER]!;
      expect(next).toBeGreaterThan(dueAt);
      // The firing armed the next generation: a delayed job of its own.
      expect(await (await queue.getJob(timerJobId({ ...timer, dueAt: next })))!.getState()).toBe('delayed');

      // At-least-once delivery: the same timer again under another id is stale and changes nothing.
      await queue.add(TIMER_JOB_NAME, timer, { jobId: 'dup|W1' });
      await until(async () => ((await (await queue.getJob('dup|W1'))?.getState()) === 'completed' ? true : undefined), 15_000, 'the duplicate');
      expect((await queue.getJob('dup|W1'))!.returnvalue).toBe('stale');
      expect((await store.load('W1'))!.version).toBe(2);
      expect((await store.timeline('W1')).filter((e) => e.kind === 'timer')).toHaveLength(1);

      // Not a timer job: failed at once, no retries, reported.
      await queue.add(TIMER_JOB_NAME, { complaintId: 'W1' }, { jobId: 'bad|W1' });
      await until(async () => ((await (await queue.getJob('bad|W1'))?.getState()) === 'failed' ? true : undefined), 15_000, 'the malformed job to fail');
      const bad = await queue.getJob('bad|W1');
      expect(bad!.attemptsMade).toBe(1);
      expect(bad!.failedReason).toMatch(/not a redress timer job/);
      expect(errors.map((e) => e.context)).toEqual([{ stage: 'job', jobId: 'bad|W1' }]);
      await desk.stop();
      expect((await store.load('W1'))!.version).toBe(2);
    });

    it('a process that ran a live worker exits on its own after desk.stop()', async () => {
      await assertRedisReachable(url);
      const { code, out } = await child('live');
      expect(code).toBe(0);
      expect(out).toEqual({ mode: 'live', fired: true, errors: [] });
    });
  });
}

if (REDIS_URL) {
  liveSuite(REDIS_URL);
} else {
  describe('bullmqTimerBackend on the Redis at REDIS_URL', () => {
    it('needs REDIS_URL for the tests on a real Redis (not set here)', () => expect(process.env.REDIS_URL).toBeUndefined());
  });
}
