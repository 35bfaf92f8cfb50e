import type { Clock, Scheduler } from '../adapters/types.js';
import { systemClock } from './clock.js';

/** Node's setTimeout fires at once for delays above this (about 24.8 days). */
export const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/** Options of {@link inProcessScheduler}. */
export interface InProcessSchedulerOptions {
  /** Time source (default: wall clock). */
  clock?: Clock;
  /** Look at the store at least this often, for timers written by other instances (default 30 s). */
  pollMs?: number;
}

/**
 * The default scheduler: one in-process `setTimeout` on the next due instant,
 * capped at `pollMs` (and always below Node's 24.8-day limit, so long delays
 * never fire early), `unref`'d so it never keeps the process alive.
 *
 * @param options - clock and poll interval
 * @returns a {@link Scheduler}
 * @example
 * createDesk({ store, notifier, scheduler: inProcessScheduler({ pollMs: 5_000 }) });
 */
export function inProcessScheduler(options: InProcessSchedulerOptions = {}): Scheduler {
  const clock = options.clock ?? systemClock;
  const pollMs = Math.min(Math.max(options.pollMs ?? 30_000, 1), MAX_TIMEOUT_MS);
  let wake: (() => Promise<number | undefined>) | undefined;
  let handle: ReturnType<typeof setTimeout> | undefined;
  let target = Infinity;
  let running = false;
  let busy = false;

  const arm = (at: number | undefined) => {
    if (!wake) return;
    const now = clock.now();
    const want = at === undefined ? now + pollMs : Math.min(at, now + pollMs);
    if (handle !== undefined && want >= target) return;
    if (handle !== undefined) clearTimeout(handle);
    target = want;
    const delay = Math.min(Math.max(want - now, 0), MAX_TIMEOUT_MS);
    handle = setTimeout(tick, delay);
    handle.unref?.();
  };

  const tick = async () => {
    handle = undefined;
    target = Infinity;
    if (!wake || busy) return;
    busy = true;
    let next: number | undefined;
    try {
      next = await wake();
    } catch {
      next = undefined; // the next poll tries again
    } finally {
      busy = false;
    }
    if (running) arm(next);
  };

  return {
    start(w) {
      wake = w;
      running = true;
      arm(clock.now());
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
