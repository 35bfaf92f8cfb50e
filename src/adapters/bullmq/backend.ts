// redress/bullmq: the desk's timers as delayed BullMQ jobs, fed after each commit.
import { Queue, Worker, type ConnectionOptions } from 'bullmq';
import type { DisarmedTimer, FireTimer, TimerBackend, TimerJob } from '../../desk/timer-backend.js';
import { closeWithin, within } from './bounded.js';
import { TIMER_JOB_NAME, timerJobId } from './job-id.js';
import { resolveOptions, type BullmqTimerBackendOptions } from './options.js';
import { timerProcessor } from './processor.js';

/** A {@link TimerBackend} on BullMQ, with its queue for operators and `close()`. */
export interface BullmqTimerBackend extends TimerBackend {
  readonly name: 'bullmq';
  readonly sweepGraceMs: number;
  /** The queue's name in Redis (open it with BullMQ's `Queue` for a dashboard or an operator's look). */
  readonly queueName: string;
  /** Close the worker (after its running jobs) and the queue; the same as `stop()`, for hosts that never call `desk.start()`. */
  close(): Promise<void>;
}

/**
 * Timers as delayed BullMQ jobs, for teams that run Redis and BullMQ. After
 * each commit the desk hands over what it armed and disarmed: every armed
 * timer becomes a delayed job (delay = due instant − now, at least 0) whose
 * id names the timer generation ({@link timerJobId}), so a re-send is a no-op;
 * every ended generation's job is removed (one already running or done is
 * left alone: its firing is stale). `desk.start()` starts a Worker that fires
 * each job through `desk.fireTimer`, which checks it against the store, so a
 * stale or duplicate job changes nothing.
 *
 * BullMQ cannot join the store's transaction. A crash (or a Redis outage)
 * between the commit and the enqueue loses the job, not the timer: the
 * store keeps it, and the desk's sweep fires every timer overdue by more than
 * `sweepGraceMs` (default 60 s) — so such a timer fires late by at most the
 * grace plus the scheduler's poll, once.
 *
 * @param options - the Redis connection, queue name, key prefix, worker concurrency, timeouts and job options
 * @returns the backend for `createDesk({ timerBackend })`
 * @throws ValidationError when an option is invalid
 * @example
 * import { createDesk, memoryNotifier, memoryStore } from 'redress';
 * import { bullmqTimerBackend } from 'redress/bullmq';
 *
 * const timers = bullmqTimerBackend({ connection: { host: '127.0.0.1', port: 6379 } });
 * const desk = createDesk({ store: memoryStore(), notifier: memoryNotifier(), timerBackend: timers });
 * await desk.start(); // the BullMQ worker runs
 * // … on shutdown:
 * await desk.stop(); // the worker finishes its jobs; connections close
 */
export function bullmqTimerBackend(options: BullmqTimerBackendOptions): BullmqTimerBackend {
  const o = resolveOptions(options);
  // The public option is structural (no bullmq types in our declarations); BullMQ takes it as its own.
  const base = { connection: o.connection as ConnectionOptions, ...(o.prefix === undefined ? {} : { prefix: o.prefix }) };
  let queue: Queue | undefined;
  let worker: Worker | undefined;
  let stopping = false;
  /** Enqueues and job processing in flight: stop() lets them finish first. */
  const pending = new Set<Promise<unknown>>();
  const running = new Set<Promise<unknown>>();
  const track = <T>(set: Set<Promise<unknown>>, p: Promise<T>): Promise<T> => {
    set.add(p);
    p.then(
      () => set.delete(p),
      () => set.delete(p),
    );
    return p;
  };

  const theQueue = (): Queue => {
    if (!queue) {
      const q = new Queue(o.queueName, { ...base, defaultJobOptions: o.jobOptions });
      q.on('error', (e) => o.onError(e, { stage: 'queue' }));
      queue = q;
    }
    return queue;
  };

  async function enqueue(armed: readonly TimerJob[], disarmed: readonly DisarmedTimer[]): Promise<void> {
    const q = theQueue();
    const now = Date.now();
    const adds =
      armed.length === 0
        ? undefined
        : q.addBulk(
            armed.map((t) => ({
              name: TIMER_JOB_NAME,
              data: { complaintId: t.complaintId, key: t.key, dueAt: t.dueAt },
              opts: { jobId: timerJobId(t), delay: Math.max(0, t.dueAt - now) },
            })),
          );
    // Remove returns 0 for a job that is running (its firing will be stale); a missing job is fine too.
    const removes = disarmed.map((t) => q.remove(timerJobId(t)));
    await Promise.all([adds, ...removes]);
  }

  async function stopAll(): Promise<void> {
    const w = worker;
    const q = queue;
    worker = undefined;
    queue = undefined;
    if (w) {
      // Jobs that start from now on go back to the queue; the running ones finish (bounded), then the
      // worker closes without waiting (BullMQ's graceful close never ends on a connection that never came).
      stopping = true;
      try {
        await within(Promise.allSettled([...running]), o.closeTimeoutMs, 'bullmq jobs in flight').catch(() => undefined);
        await closeWithin(w, o.closeTimeoutMs, true);
      } finally {
        stopping = false;
      }
    }
    // Let enqueues in flight land (each is bounded by enqueueTimeoutMs) before the queue closes.
    await Promise.allSettled([...pending]);
    if (q) await closeWithin(q, o.closeTimeoutMs);
  }

  return {
    name: 'bullmq',
    sweepGraceMs: o.sweepGraceMs,
    queueName: o.queueName,
    async afterCommit({ armed, disarmed }) {
      await track(pending, within(enqueue(armed, disarmed), o.enqueueTimeoutMs, `bullmq enqueue on ${o.queueName}`));
    },
    async start(fire: FireTimer) {
      if (!o.worker || worker) return;
      const processJob = timerProcessor({ fire, earlyRetryMs: o.earlyRetryMs, stopping: () => stopping });
      const w = new Worker(o.queueName, (job, token) => track(running, processJob(job, token)), { ...base, concurrency: o.concurrency });
      w.on('error', (e) => o.onError(e, { stage: 'worker' }));
      w.on('failed', (job, e) => o.onError(e, { stage: 'job', ...(job?.id === undefined ? {} : { jobId: job.id }) }));
      worker = w;
      try {
        await within(w.waitUntilReady(), o.connectTimeoutMs, `bullmq worker on ${o.queueName}`);
      } catch (e) {
        worker = undefined;
        await closeWithin(w, o.closeTimeoutMs, true);
        throw e;
      }
    },
    stop: stopAll,
    close: stopAll,
  };
}
