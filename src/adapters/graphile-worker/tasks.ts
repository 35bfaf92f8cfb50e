// The two graphile-worker tasks: fire a timer through the desk, deliver the outbox.
import type { JobHelpers, Task } from 'graphile-worker';
import { describeThrown } from '../../errors.js';
import type { ComplaintStore } from '../types.js';
import { timerJobSchema, type FireTimer, type TimerBackendDesk } from '../../desk/timer-backend.js';
import { decodeText } from '../postgres/text.js';
import type { WorkerSettings } from './options.js';

/**
 * The timer task: the payload (as the commit wrote it: strings encoded by the
 * store) is validated and fired; `stale` (disarmed, re-armed, fired already) is
 * success. A malformed payload is logged and dropped (no retry can mend it; the
 * stored timer, if any, is fired by the desk's sweep). What firing throws fails
 * the job, and graphile-worker retries it with backoff.
 */
export function timerTask(fire: FireTimer): Task {
  return async (payload: unknown, helpers: JobHelpers) => {
    const p = payload as { complaintId?: unknown; key?: unknown } | null;
    const decoded =
      p && typeof p === 'object'
        ? { ...p, complaintId: typeof p.complaintId === 'string' ? decodeText(p.complaintId) : p.complaintId, key: typeof p.key === 'string' ? decodeText(p.key) : p.key }
        : p;
    const job = timerJobSchema.safeParse(decoded);
    if (!job.success) {
      helpers.logger.error(`redress: dropped malformed timer job ${helpers.job.id}: ${job.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
      return;
    }
    await fire(job.data);
  };
}

/**
 * The dispatch task: deliver every due message, then, if messages wait for a
 * later attempt (a retry, or another instance's lease), queue one more
 * dispatch job for then (`preserve_run_at`: an earlier one queued meanwhile
 * by a commit keeps its time).
 */
export function dispatchTask(desk: TimerBackendDesk, store: ComplaintStore, s: WorkerSettings): Task {
  return async (_payload: unknown, helpers: JobHelpers) => {
    await desk.dispatch();
    let next: number | undefined;
    try {
      next = await store.nextOutboxAt?.();
    } catch (e) {
      helpers.logger.warn(`redress: could not read the next outbox time: ${describeThrown(e)}`);
      return;
    }
    if (next === undefined) return;
    await helpers.addJob(s.dispatchTask, {}, { queueName: s.dispatchTask, runAt: new Date(Math.max(next, Date.now() + 1_000)), jobKey: `${s.keyPrefix}:dispatch:later`, jobKeyMode: 'preserve_run_at' });
  };
}
