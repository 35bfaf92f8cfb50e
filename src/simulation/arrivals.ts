// Arrivals: a Poisson process whose rate follows the hour-of-day profile.
import { localHour } from './days.js';
import type { Random } from './random.js';

const HOUR = 3_600_000;

/**
 * Arrival instants in [from, to), ascending: in each hour the rate is
 * `perDay × weight(local hour) / Σ weights` per hour, and arrivals are
 * exponential gaps at that rate (a non-homogeneous Poisson process).
 *
 * @param rng - the arrivals stream
 * @returns whole-millisecond instants
 */
export function arrivalsBetween(
  rng: Random,
  from: number,
  to: number,
  perDay: number,
  profile: readonly number[],
  timeZone: string,
): number[] {
  const total = profile.reduce((a, b) => a + b, 0);
  const out: number[] = [];
  if (perDay <= 0 || total <= 0) return out;
  for (let slot = from; slot < to; slot += HOUR) {
    const end = Math.min(slot + HOUR, to);
    const perMs = (perDay * profile[localHour(slot, timeZone)]!) / total / HOUR;
    if (perMs <= 0) continue;
    let t = slot;
    for (;;) {
      t += rng.exponential(1 / perMs);
      if (t >= end) break;
      out.push(Math.floor(t));
    }
  }
  return out;
}
