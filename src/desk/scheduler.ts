import type { Clock, Scheduler } from '../adapters/types.js';
import { backoffDelay } from './backoff.js';
import { systemClock } from './clock.js';

/** Node's setTimeout fires at once for delays above this (about 24.8 days). */
export const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/** Options of {@link inProcessScheduler}. */
export interface InProcessSchedulerOptions {
  /** Time source (default: wall clock). */
  clock?: Clock;
  /** Look at the store at least this often, for timers written by other instances (default 30 s). */
  pollMs?: number;
  /** Never wake again sooner than this after a wake-up (default 25 ms): a store that keeps reporting work now cannot spin the loop. */
  minIntervalMs?: number;
  /** After a failed wake-up, wait 1 s, 2 s, 4 s … up to `pollMs` before the next (default base 1,000 ms). */
  errorBackoffMs?: number;
}

/**
 * The default scheduler: one in-process `setTimeout` on the next instant the
 * desk can act (a due timer, the end of another desk's lease, a retry),
 * capped at `pollMs` and below Node's 24.8-day limit so long delays never
 * fire early, `unref`'d so it never keeps the process alive. A wake-up that
 * fails backs off exponentially (the desk reports the error through
 * `onError`); a wake-up that finds work due now is repeated after
 * `minIntervalMs`, never in a tight loop.
 *
 * @param options - clock, poll interval, minimum interval, error backoff
 * @returns a {@link Scheduler}
 * @example
 * createDesk({ store, notifier, scheduler: inProcessScheduler({ pollMs: 5_000 }) });
 */
export function inProcessScheduler(options: InProcessSchedulerOptions = {}): Scheduler {
  const clock = options.clock ?? systemClock;
  const pollMs = Math.min(Math.max(options.pollMs ?? 30_000, 1), MAX_TIMEOUT_MS);
  const minInterval = Math.max(options.minIntervalMs ?? 25, 0);
  const errorBase = Math.max(options.errorBackoffMs ?? 1_000, 1);
  let wake: (() => Promise<number | undefined>) | undefined;
  let handle: ReturnType<typeof setTimeout> | undefined;
  let target = Infinity;
  let running = false;
  let busy = false;
  let pending = false;
  let failures = 0;
  let earliestNext = -Infinity;

  const readClock = (): number => {
    try {
      const t = clock.now();
      return Number.isFinite(t) ? t : Date.now();
    } catch {
      return Date.now();
    }
  };

  const arm = (at: number | undefined) => {
    if (!wake || !running) return;
    const now = readClock();
    let want = at === undefined || !Number.isFinite(at) ? now + pollMs : Math.min(at, now + pollMs);
    want = Math.max(want, earliestNext);
    if (handle !== undefined && want >= target) return;
    if (handle !== undefined) clearTimeout(handle);
    target = want;
    handle = setTimeout(tick, Math.min(Math.max(want - now, 0), MAX_TIMEOUT_MS));
    handle.unref?.();
  };

  const tick = async () => {
    handle = undefined;
    target = Infinity;
    if (!wake) return;
    if (busy) {
      pending = true;
      return;
    }
    busy = true;
    let next: number | undefined;
    try {
      next = await wake();
      failures = 0;
      earliestNext = readClock() + minInterval;
    } catch {
      // The desk has reported it; wait longer after each failure in a row.
      earliestNext = readClock() + backoffDelay(failures++, errorBase, pollMs, 'none');
      next = earliestNext;
    } finally {
      busy = false;
    }
    if (!running) return;
    if (pending) {
      pending = false;
      arm(readClock());
    }
    arm(next);
  };

  return {
    start(w) {
      wake = w;
      running = true;
      failures = 0;
      earliestNext = -Infinity;
      arm(readClock());
    },
    schedule(at) {
      if (running) arm(at);
    },
    stop() {
      running = false;
      wake = undefined;
      if (handle !== undefined) clearTimeout(handle);
      handle = undefined;
      target = Infinity;
    },
  };
}
