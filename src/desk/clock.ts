import type { Clock } from '../adapters/types.js';

/** The wall clock. */
export const systemClock: Clock = { now: () => Date.now() };

/** A clock you move by hand: virtual time for tests and simulations. */
export interface ManualClock extends Clock {
  /** Set the time (never backwards). */
  set(t: number): void;
  /** Move forward by `ms`. */
  advance(ms: number): void;
}

/**
 * A virtual clock starting at `start`.
 *
 * @param start - epoch ms
 * @returns the clock
 * @example
 * const clock = manualClock(Date.parse('2026-11-23T09:00:00Z'));
 * clock.advance(60_000);
 */
export function manualClock(start: number): ManualClock {
  let now = start;
  return {
    now: () => now,
    set(t) {
      if (t < now) throw new RangeError(`manual clock cannot go back from ${now} to ${t}`);
      now = t;
    },
    advance(ms) {
      if (ms < 0) throw new RangeError('manual clock cannot go back');
      now += ms;
    },
  };
}
