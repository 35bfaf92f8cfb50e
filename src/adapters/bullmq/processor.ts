// What the BullMQ worker does with one job: check it, fire it through the
// desk, and put it back when it arrived before its instant.
import { DelayedError, UnrecoverableError, type Job } from 'bullmq';
import { type FireTimer, type TimerFireResult, timerJobSchema } from '../../desk/timer-backend.js';
import { describeThrown, isValidationError } from '../../errors.js';

/** Settings the processor needs. */
export interface ProcessorSettings {
  /** Fires the timer through the desk (`desk.fireTimer`). */
  fire: FireTimer;
  /** Minimum re-delay of a job that came before its instant by the desk's clock. */
  earlyRetryMs: number;
  /** True once the backend is stopping: a job that starts now goes back, due at once, for another worker. */
  stopping?: () => boolean;
}

/**
 * The worker's processor. A job whose data is not a timer job fails without
 * retries (`UnrecoverableError`). `fired` and `stale` both complete the job
 * (stale: re-armed, disarmed or fired already — the at-least-once duplicate).
 * A job the desk refuses as not yet due (its clock is behind this process's
 * or Redis's) moves back to the delayed set — no attempt is used up — until
 * its due instant, and at least `earlyRetryMs`. Anything else the desk throws
 * (store unavailable, …) fails the attempt, and BullMQ retries it with the
 * job's backoff; once attempts are spent the desk's sweep fires the timer.
 * A job that starts while the backend stops goes back to the queue, due at
 * once, without firing and without using an attempt.
 *
 * @param settings - the desk's `fireTimer` and the early-delivery re-delay
 * @returns the processor to give a BullMQ `Worker`
 */
export function timerProcessor(settings: ProcessorSettings) {
  return async (job: Job, token?: string): Promise<TimerFireResult> => {
    const parsed = timerJobSchema.safeParse(job.data);
    if (!parsed.success) {
      throw new UnrecoverableError(`not a redress timer job: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'} ${i.message}`).join('; ')}`);
    }
    const timer = parsed.data;
    if (token !== undefined && settings.stopping?.()) {
      await job.moveToDelayed(Date.now(), token);
      throw new DelayedError('redress timer handed back: this worker is stopping');
    }
    try {
      return await settings.fire(timer);
    } catch (e) {
      // The payload passed the same schema, so a ValidationError on dueAt here means "not due yet by the desk's clock".
      if (token !== undefined && isValidationError(e) && e.issues.some((i) => i.path[0] === 'dueAt')) {
        const now = Date.now();
        await job.moveToDelayed(now + Math.max(timer.dueAt - now, settings.earlyRetryMs), token);
        throw new DelayedError(`redress timer not due yet by the desk's clock: ${describeThrown(e)}`);
      }
      throw e;
    }
  };
}
