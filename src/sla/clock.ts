import type { ClockName } from '../schemas/events.js';
import type { Severity } from '../schemas/common.js';
import type { Calendar } from './calendar.js';
import type { Duration } from './duration.js';
import type { Policy, Target, TargetName } from './policy.js';
import { targetFor } from './policy.js';
import { addWorkingTime, workingTimeBetween } from './working-time.js';

/**
 * One SLA clock in a complaint's context. Plain JSON; all instants are epoch ms.
 * `state` is the clock's own life; the desk derives pending / warned /
 * breached / met / paused from it for views.
 */
export interface SlaClock {
  /** Which policy rule set the current deadline, e.g. `firstContact.urgent`, `escalation.supervisor`, `extension`. */
  rule: string;
  /** The calendar name the clock counts on. */
  calendar: string;
  /** When the clock started. */
  startedAt: number;
  /** When the current allowance began (start, re-grant, extension, recompute). */
  periodStart: number;
  /** Current deadline. */
  deadline: number;
  /** Warning instants still to come in the current allowance, ascending. */
  warnAt: number[];
  /** running: counting; paused: waiting on the customer; met: done in time or late; overdue: breached at the top of the ladder; stopped: no longer applies. */
  state: 'running' | 'paused' | 'met' | 'overdue' | 'stopped';
  /** Warnings issued so far. */
  warnings: number;
  /** Breaches so far. */
  breaches: number;
  /** Working time (ms, on the clock's calendar) spent paused. */
  pausedWork: number;
  /** When the current pause began. */
  pausedAt?: number;
  /** When the clock was met or stopped. */
  endedAt?: number;
  /** When the deadline or rule last changed. */
  changedAt: number;
}

/** What happened to a clock at a due check. */
export type ClockDue = { clock: ClockName; kind: 'warning' | 'breach'; at: number; deadline: number };

/** Is the clock counting towards a deadline (so timers must be armed)? */
export const isTicking = (c: SlaClock | undefined): c is SlaClock => c !== undefined && c.state === 'running';

function calendarOf(policy: Policy, name: string): Calendar {
  const cal = policy.calendars[name];
  if (!cal) throw new Error(`policy ${policy.name} has no calendar "${name}"`);
  return cal;
}

function warnInstants(policy: Policy, cal: Calendar, from: number, deadline: number, now: number): number[] {
  if (policy.warnings.length === 0 || deadline <= from) return [];
  const allowed = workingTimeBetween(cal, from, deadline);
  const out: number[] = [];
  for (const f of policy.warnings) {
    const t = Math.round(addWorkingTime(cal, from, { minutes: (allowed * f) / 60_000 }));
    if (t > now && t < deadline) out.push(t);
  }
  return out;
}

/** A fresh allowance from `from` to `deadline`. */
function allowance(policy: Policy, clock: SlaClock, from: number, deadline: number, rule: string, now: number): SlaClock {
  const cal = calendarOf(policy, clock.calendar);
  return {
    ...clock,
    rule,
    periodStart: from,
    deadline,
    warnAt: warnInstants(policy, cal, from, deadline, now),
    state: 'running',
    changedAt: now,
  };
}

/**
 * Start a clock from a target at `at`.
 *
 * @returns the running clock
 */
export function startClock(policy: Policy, target: Target & { rule: string }, at: number): SlaClock {
  const cal = calendarOf(policy, target.calendar);
  const deadline = addWorkingTime(cal, at, target.within);
  const blank: SlaClock = {
    rule: target.rule,
    calendar: target.calendar,
    startedAt: at,
    periodStart: at,
    deadline,
    warnAt: [],
    state: 'running',
    warnings: 0,
    breaches: 0,
    pausedWork: 0,
    changedAt: at,
  };
  return allowance(policy, blank, at, deadline, target.rule, at);
}

/** Start the clock for a policy target if the policy sets one. */
export function startTargetClock(policy: Policy, name: TargetName, severity: Severity, at: number): SlaClock | undefined {
  const t = targetFor(policy, name, severity);
  return t ? startClock(policy, t, at) : undefined;
}

/** A clock whose deadline is a fixed instant (the committed execution date). */
export function startFixedClock(policy: Policy, rule: string, at: number, deadline: number): SlaClock {
  const blank = startClock(policy, { within: { minutes: 0 }, calendar: 'always', rule }, at);
  return allowance(policy, blank, at, Math.max(deadline, at), rule, at);
}

/** Mark a clock met (or stopped) at `at`. */
export function endClock(clock: SlaClock, at: number, how: 'met' | 'stopped'): SlaClock {
  if (clock.state === 'met' || clock.state === 'stopped') return clock;
  return { ...clock, state: how, endedAt: at, warnAt: [] };
}

/** Pause a running clock (waiting on the customer). */
export function pauseClock(clock: SlaClock, at: number): SlaClock {
  if (clock.state !== 'running') return clock;
  return { ...clock, state: 'paused', pausedAt: at };
}

/** Resume a paused clock: the remaining working time is carried over, paused time does not count. */
export function resumeClock(policy: Policy, clock: SlaClock, at: number): SlaClock {
  if (clock.state !== 'paused' || clock.pausedAt === undefined) return clock;
  const cal = calendarOf(policy, clock.calendar);
  const from = clock.pausedAt;
  const shift = (t: number) => addWorkingTime(cal, at, { minutes: Math.max(0, workingTimeBetween(cal, from, t)) / 60_000 });
  const { pausedAt: _drop, ...rest } = clock;
  return {
    ...rest,
    state: 'running',
    pausedWork: clock.pausedWork + Math.max(0, workingTimeBetween(cal, from, at)),
    deadline: shift(clock.deadline),
    warnAt: clock.warnAt.map(shift),
  };
}

/**
 * Recompute a running or paused clock after the severity changed or the
 * complaint was re-classified: the new target counts from the clock's start,
 * plus the working time it spent paused.
 */
export function recomputeClock(
  policy: Policy,
  clock: SlaClock,
  target: Target & { rule: string },
  at: number,
): SlaClock {
  if (clock.state === 'met' || clock.state === 'stopped' || clock.rule === target.rule) return clock;
  // A breached clock stays breached, and a deadline re-granted after a breach (`escalation.*`) or
  // set by an extension is no longer the target's: recomputing it from the start would breach again.
  const name = target.rule.split('.')[0]!;
  if (clock.state === 'overdue' || (clock.rule !== name && !clock.rule.startsWith(`${name}.`))) return clock;
  const cal = calendarOf(policy, target.calendar);
  let deadline = addWorkingTime(cal, clock.startedAt, target.within);
  if (clock.pausedWork > 0) deadline = addWorkingTime(cal, deadline, { minutes: clock.pausedWork / 60_000 });
  const next = allowance(policy, { ...clock, calendar: target.calendar, breaches: clock.breaches }, clock.startedAt, deadline, target.rule, at);
  return clock.state === 'paused' ? { ...next, state: 'paused', pausedAt: clock.pausedAt ?? at } : next;
}

/** Grant a new allowance (after an escalation, or an extension to a fixed date). */
export function regrantClock(
  policy: Policy,
  clock: SlaClock,
  at: number,
  grant: { within: Duration; calendar: string } | { until: number },
  rule: string,
): SlaClock {
  const deadline =
    'until' in grant ? grant.until : addWorkingTime(calendarOf(policy, grant.calendar), at, grant.within);
  const calendar = 'until' in grant ? clock.calendar : grant.calendar;
  return allowance(policy, { ...clock, calendar }, at, deadline, rule, at);
}

/** The next instant at which one of the clocks needs attention, or undefined. */
export function nextCheck(clocks: Partial<Record<ClockName, SlaClock>>): number | undefined {
  let next: number | undefined;
  for (const c of Object.values(clocks)) {
    if (!isTicking(c)) continue;
    const t = c.warnAt.length > 0 ? Math.min(c.warnAt[0]!, c.deadline) : c.deadline;
    if (next === undefined || t < next) next = t;
  }
  return next;
}
