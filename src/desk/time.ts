// The desk's clock is the authority for when things happen. This module
// reads it safely and decides what time a caller's command may carry.
import { ClockError, describeThrown, validationIssue } from '../errors.js';
import type { Clock } from '../adapters/types.js';
import { MAX_INSTANT, type Actor, type Role } from '../schemas/common.js';

/** How far a reading may go back before it counts as a broken clock (NTP slews a few ms). */
export const BACKWARDS_TOLERANCE_MS = 1_000;

/** The time rules in force (defaults filled in). */
export interface TimeRules {
  maxSkewMs: number;
  backdating: { roles: readonly Role[]; eventsMs: number; filingMs: number };
}

/** A command's time as the desk accepts it. */
export interface CommandTime {
  /** When it takes effect. */
  at: number;
  /** The desk's clock when it was reported; set only when `at` is backdated. */
  reportedAt: number | undefined;
}

/** Reads the desk clock: a valid, never-decreasing instant, or a ClockError. */
export interface DeskTime {
  /** The desk's now. @throws ClockError */
  now(): number;
  /**
   * The time of a command: `requested` (already parsed to epoch ms) or now.
   * @param what - `at` or `filedAt`, for the error path
   * @throws ValidationError when it lies ahead of the clock, or behind it without the privilege or allowance
   */
  commandTime(requested: number | undefined, actor: Actor, what: 'at' | 'filedAt', now: number): CommandTime;
  /**
   * The time a caller asks `runDue` / `dispatch` to run at: never later than the clock.
   * @throws ValidationError when later than the clock plus the skew
   */
  runTime(requested: number | undefined, what: string, now: number): number;
}

const iso = (t: number) => new Date(t).toISOString();

/**
 * @param clock - the desk's clock
 * @param rules - skew and backdating rules
 * @returns the desk's time authority
 */
export function deskTime(clock: Clock, rules: TimeRules): DeskTime {
  let highest = -Infinity;
  return {
    now() {
      let v: unknown;
      try {
        v = clock.now();
      } catch (e) {
        throw new ClockError(`the desk clock threw: ${describeThrown(e)}`, { cause: e });
      }
      if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > MAX_INSTANT) {
        throw new ClockError(`the desk clock returned ${typeof v === 'number' ? String(v) : typeof v}, not an instant in epoch ms`);
      }
      if (v < highest - BACKWARDS_TOLERANCE_MS) {
        throw new ClockError(`the desk clock went backwards by ${highest - v} ms (from ${iso(highest)} to ${iso(v)})`);
      }
      if (v > highest) highest = v;
      return highest;
    },
    commandTime(requested, actor, what, now) {
      if (requested === undefined) return { at: now, reportedAt: undefined };
      if (requested > now + rules.maxSkewMs) {
        throw validationIssue(what === 'at' ? 'event' : 'intake', [what], `${what} ${iso(requested)} is later than the desk's clock (${iso(now)}) by more than ${rules.maxSkewMs} ms`);
      }
      // Within the skew it is the caller's clock, not a backdating: the desk's time stands.
      if (requested >= now - rules.maxSkewMs) return { at: Math.min(requested, now), reportedAt: undefined };
      const allowance = what === 'at' ? rules.backdating.eventsMs : rules.backdating.filingMs;
      if (actor.role === 'customer' || !rules.backdating.roles.includes(actor.role)) {
        throw validationIssue(what === 'at' ? 'event' : 'intake', [what], `role ${actor.role} may not date ${what === 'at' ? 'an event' : 'a filing'} earlier than now (${iso(now)})`);
      }
      if (requested < now - allowance) {
        throw validationIssue(what === 'at' ? 'event' : 'intake', [what], `${what} ${iso(requested)} is earlier than the backdating allowance (${allowance} ms before ${iso(now)})`);
      }
      return { at: requested, reportedAt: now };
    },
    runTime(requested, what, now) {
      if (requested === undefined) return now;
      if (requested > now + rules.maxSkewMs) {
        throw validationIssue(what, [], `${iso(requested)} is later than the desk's clock (${iso(now)}): timers fire on the desk's time`);
      }
      return Math.min(requested, now);
    },
  };
}
