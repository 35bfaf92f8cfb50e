// Firing due timers. Each claimed timer is fired on its own: a timer whose
// complaint cannot be loaded, migrated or applied is quarantined (retried
// with backoff, then parked and visible) while every other timer fires.
// Batches are claimed one at a time and the loop yields to the event loop
// between them, so a million due timers run in bounded memory.
import { describeThrown } from '../errors.js';
import type { ComplaintStore, TimerRecord } from '../adapters/types.js';
import { backoffDelay } from './backoff.js';
import type { Reporter } from './report.js';

/** Result of {@link Desk.runDue}. */
export interface RunDueResult {
  /** Timers fired. */
  fired: number;
  /** Claimed timers that turned out stale (re-armed or disarmed meanwhile). */
  stale: number;
  /** Timers that failed and were quarantined for a retry. */
  failed: number;
  /** Timers parked by this run (too many failures). */
  parked: number;
}

/** Timer settings (defaults filled in). */
export interface TimerConfig {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  leaseMs: number;
  batch: number;
}

const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));
const keyOf = (t: TimerRecord) => `${t.complaintId}\u0000${t.key}\u0000${t.dueAt}`;

export function createTimerRunner(deps: {
  store: ComplaintStore;
  config: TimerConfig;
  instanceId: string;
  reporter: Reporter;
  /** Fire one claimed timer; throws when its complaint cannot be used. */
  fire: (timer: TimerRecord) => Promise<'fired' | 'stale'>;
  /** The desk clock (validated). */
  now: () => number;
}) {
  const { store, config, instanceId, reporter } = deps;
  let running: Promise<RunDueResult> | undefined;
  let again: Promise<RunDueResult> | undefined;
  let nextAt: number | undefined;

  async function runOnce(until: number): Promise<RunDueResult> {
    const result: RunDueResult = { fired: 0, stale: 0, failed: 0, parked: 0 };
    // A stale timer the store hands out again in the same run means a store that keeps rows it
    // should not: stop rather than loop (only stale timers are remembered, so memory stays bounded).
    const staleSeen = new Set<string>();
    for (let batchNo = 0; ; batchNo++) {
      if (batchNo > 0) await yieldToLoop();
      const lease = { owner: instanceId, until: Math.max(deps.now(), until) + config.leaseMs };
      const claimed = await store.claimDue(until, config.batch, lease);
      if (claimed.length === 0) return result;
      const release: TimerRecord[] = [];
      let repeated = false;
      for (const timer of claimed) {
        if (staleSeen.has(keyOf(timer))) {
          repeated = true;
          release.push(timer);
          continue;
        }
        // A store that hands out a timer not yet due must not make it fire early.
        if (timer.dueAt > until) {
          result.stale++;
          release.push(timer);
          continue;
        }
        try {
          if ((await deps.fire(timer)) === 'fired') result.fired++;
          else {
            result.stale++;
            staleSeen.add(keyOf(timer));
            release.push(timer);
          }
        } catch (e) {
          const attempts = (timer.attempts ?? 0) + 1;
          const parked = attempts >= config.maxAttempts;
          try {
            await store.failTimer(
              timer,
              { attempts, lastError: describeThrown(e), failedAt: until, retryAt: until + backoffDelay(attempts - 1, config.baseDelayMs, config.maxDelayMs, 'none'), parked },
              instanceId,
            );
          } catch (storeError) {
            // Recording the failure failed too (store down): the lease will expire and the timer be tried again.
            reporter.report(storeError, { kind: 'timer', complaintId: timer.complaintId, timerKey: timer.key });
          }
          if (parked) result.parked++;
          else result.failed++;
          reporter.report(e, { kind: 'timer', complaintId: timer.complaintId, timerKey: timer.key, attempts, parked });
        }
      }
      if (release.length > 0) await store.releaseTimers(release, instanceId);
      if (repeated) return result;
    }
  }

  /** Fire every timer due at or before `until`, joining a run already going (one more run follows it). */
  function runDue(until: number): Promise<RunDueResult> {
    if (!running) {
      running = runOnce(until).finally(() => {
        running = undefined;
      });
      return running;
    }
    nextAt = Math.max(nextAt ?? until, until);
    again ??= running
      .catch(() => undefined)
      .then(() => {
        const t = nextAt ?? until;
        again = undefined;
        nextAt = undefined;
        return runDue(t);
      });
    return again;
  }

  return { runDue };
}
