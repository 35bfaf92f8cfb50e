// The one backoff formula of the desk: exponential growth from a base, capped,
// with full jitter for contention (conflict retries between desks) and
// without for scheduled retries (outbox deliveries, quarantined timers).

/**
 * The delay before retry number `attempt` (0 = the first retry).
 *
 * @param attempt - retries so far
 * @param base - the first delay (ms)
 * @param cap - the largest delay (ms)
 * @param jitter - `full`: a uniform random delay in `[0, delay)` (spreads out contending writers); `none`: the delay itself
 * @param random - the random source (tests inject one)
 * @returns milliseconds
 */
export function backoffDelay(attempt: number, base: number, cap: number, jitter: 'full' | 'none', random: () => number = Math.random): number {
  const delay = Math.min(cap, base * 2 ** Math.min(attempt, 40));
  return jitter === 'full' ? Math.floor(random() * delay) : delay;
}

/** Sleep on a timer that keeps the process alive: a command waiting to retry must not let the process exit. */
export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
