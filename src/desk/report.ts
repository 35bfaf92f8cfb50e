// Nothing the desk handles by itself is swallowed: every failure goes to the
// host's `onError(error, context)`; by default to a logger, rate-limited per
// distinct error so that a failing dependency does not flood the log.
import { describeThrown, isRedressError } from '../errors.js';
import type { Clock } from '../adapters/types.js';

/** What failed, for `onError`. */
export interface DeskErrorContext {
  /** `timer` (firing a due timer), `dispatch` (delivering a message), `wake` (the scheduler's wake-up), `clock` (an invalid reading), `onCommit` (the commit hook threw), `timerBackend` (the timer backend's afterCommit, start or stop threw). */
  kind: 'timer' | 'dispatch' | 'wake' | 'clock' | 'onCommit' | 'timerBackend';
  complaintId?: string;
  timerKey?: string;
  messageId?: string;
  /** Attempts so far (timers and messages). */
  attempts?: number;
  /** Whether the timer or message is now parked. */
  parked?: boolean;
}

/** Receives every failure the desk handles by itself. It must not throw (if it does, the desk ignores that). */
export type DeskErrorHandler = (error: unknown, context: DeskErrorContext) => void;

/** Where the default error handler writes: `console` fits. */
export interface Logger {
  error(message: string, details?: unknown): void;
  warn?(message: string, details?: unknown): void;
}

/** The last failure reported, for `health()`. */
export interface LastError {
  at: number;
  message: string;
  code: string | undefined;
  context: DeskErrorContext;
}

/** How long the default handler stays quiet about the same error after logging it (ms). */
export const REPORT_INTERVAL_MS = 60_000;

/**
 * The default `onError`: logs each distinct error (kind, code and message)
 * at most once per {@link REPORT_INTERVAL_MS} of wall-clock time, with the
 * number of repeats held back since.
 *
 * @param logger - where to write
 * @param now - wall clock (tests inject one)
 * @returns an error handler
 * @example
 * createDesk({ store, notifier, onError: rateLimitedReporter(pinoLogger) });
 */
export function rateLimitedReporter(logger: Logger, now: () => number = Date.now): DeskErrorHandler {
  const seen = new Map<string, { at: number; suppressed: number }>();
  return (error, context) => {
    const text = describeThrown(error);
    const code = isRedressError(error) ? error.code : undefined;
    const key = `${context.kind}\u0000${code ?? ''}\u0000${text}`;
    const t = now();
    const s = seen.get(key);
    if (s && t - s.at < REPORT_INTERVAL_MS) {
      s.suppressed++;
      return;
    }
    const repeats = s?.suppressed ? ` (${s.suppressed} more like this since ${new Date(s.at).toISOString()})` : '';
    seen.set(key, { at: t, suppressed: 0 });
    if (seen.size > 1000) seen.delete(seen.keys().next().value as string);
    logger.error(`redress desk: ${context.kind} failed: ${text}${repeats}`, context);
  };
}

/** The desk's reporter: calls the host's handler safely and remembers the last error. */
export interface Reporter {
  report(error: unknown, context: DeskErrorContext): void;
  readonly last: LastError | undefined;
}

/**
 * @param handler - the host's `onError`
 * @param clock - the desk clock, for `last.at` (a broken clock gives NaN, not a throw)
 */
export function createReporter(handler: DeskErrorHandler, clock: Clock): Reporter {
  let last: LastError | undefined;
  return {
    report(error, context) {
      let at = Number.NaN;
      try {
        at = clock.now();
      } catch {
        // the clock is what failed, perhaps
      }
      last = { at, message: describeThrown(error), code: isRedressError(error) ? error.code : undefined, context };
      try {
        handler(error, context);
      } catch {
        // a handler that throws must not stop the desk
      }
    },
    get last() {
      return last;
    },
  };
}
