// Every change of an SLA clock lives here: start, warn, breach, re-grant,
// pause, resume, recompute, extend, meet and stop, plus the operations on a
// complaint's set of clocks. Plain JSON in, plain JSON out; all instants are
// epoch ms. The machine's effects call these and nothing else touches a clock.
import type { ClockName } from '../schemas/events.js';
import type { Severity } from '../schemas/common.js';
import type { Calendar } from './calendar.js';
import type { Duration } from './duration.js';
import type { Policy, Target, TargetName } from './policy.js';
import { targetFor } from './policy.js';
import { addWorkingTime, workingTimeBetween } from './working-time.js';

/**
 * One SLA clock in a complaint's context. Plain JSON; all instants are epoch ms.
 * `state` is the clock's own life; views derive pending / warned /
 * breached / met / paused from it.
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
  /** running: counting; paused: waiting on the customer; met: done (in time or late); overdue: breached at the top of the ladder; stopped: no longer applies. */
  state: 'running' | 'paused' | 'met' | 'overdue' | 'stopped';
  /** Warnings issued so far. */
  warnings: number;
  /** Breaches so far. */
  breaches: number;
  /** Working time (ms, on the clock's calendar) spent paused. */
  pausedWork: number;
  /** When the current pause began. */
  pausedAt?: number | undefined;
  /** When the clock was met or stopped. */
  endedAt?: number | undefined;
  /** When the deadline or rule last changed. */
  changedAt: number;
  /** When the event that met or stopped the clock was reported, if it was dated earlier (backdated). */
  reportedAt?: number | undefined;
}

/** A complaint's clocks, by name. */
export type SlaClocks = Partial<Record<ClockName, SlaClock>>;

/** Is the clock counting towards a deadline (so a timer must be armed)? */
export const isTicking = (c: SlaClock | undefined): c is SlaClock => c !== undefined && c.state === 'running';

/** Has the clock finished (met or no longer applies)? */
export const isEnded = (c: SlaClock): boolean => c.state === 'met' || c.state === 'stopped';

function calendarOf(policy: Policy, name: string): Calendar {
  const cal = policy.calendars[name];
  if (!cal) throw new Error(`policy ${policy.name} has no calendar "${name}"`);
  return cal;
}

/** The warning instants of an allowance from `from` to `deadline` still ahead of `now`. */
function warnInstants(policy: Policy, cal: Calendar, from: number, deadline: number, now: number, within?: Duration): number[] {
  if (policy.warnings.length === 0 || deadline <= from) return [];
  // A working-time allowance is exactly its duration; other kinds are measured on the calendar.
  const allowed =
    within && !('workingDays' in within) && !('days' in within) && !('endOfWorkingDay' in within)
      ? ((within.hours ?? 0) * 60 + (within.minutes ?? 0)) * 60_000
      : workingTimeBetween(cal, from, deadline);
  const out: number[] = [];
  for (const f of policy.warnings) {
    const t = Math.round(addWorkingTime(cal, from, { minutes: (allowed * f) / 60_000 }));
    if (t > now && t < deadline) out.push(t);
  }
  return out;
}

/**
 * A clock written out in full, in one fixed key order. Every change below
 * builds its result with this instead of spreading and adding keys: V8 then
 * gives every clock the same hidden class, and copying one stays cheap.
 */
function clockOf(
  c: SlaClock,
  state: SlaClock['state'],
  pausedAt: number | undefined,
  endedAt: number | undefined,
  reportedAt: number | undefined,
): SlaClock {
  return {
    rule: c.rule,
    calendar: c.calendar,
    startedAt: c.startedAt,
    periodStart: c.periodStart,
    deadline: c.deadline,
    warnAt: c.warnAt,
    state,
    warnings: c.warnings,
    breaches: c.breaches,
    pausedWork: c.pausedWork,
    pausedAt,
    endedAt,
    changedAt: c.changedAt,
    reportedAt,
  };
}

/** The clock with a fresh allowance from `from` to `deadline`, running. */
function allowance(policy: Policy, clock: SlaClock, calendar: string, from: number, deadline: number, rule: string, now: number, within?: Duration): SlaClock {
  return {
    rule,
    calendar,
    startedAt: clock.startedAt,
    periodStart: from,
    deadline,
    warnAt: warnInstants(policy, calendarOf(policy, calendar), from, deadline, now, within),
    state: 'running',
    warnings: clock.warnings,
    breaches: clock.breaches,
    pausedWork: clock.pausedWork,
    pausedAt: undefined,
    endedAt: undefined,
    changedAt: now,
    reportedAt: undefined,
  };
}

/** Start a clock from a target at `at`. */
export function startClock(policy: Policy, target: Target & { rule: string }, at: number): SlaClock {
  const deadline = addWorkingTime(calendarOf(policy, target.calendar), at, target.within);
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
    pausedAt: undefined,
    endedAt: undefined,
    changedAt: at,
    reportedAt: undefined,
  };
  return allowance(policy, blank, target.calendar, at, deadline, target.rule, at, target.within);
}

/** Start the clock for a policy target if the policy sets one. */
export function startTargetClock(policy: Policy, name: TargetName, severity: Severity, at: number): SlaClock | undefined {
  const t = targetFor(policy, name, severity);
  return t ? startClock(policy, t, at) : undefined;
}

/** Start the regulatory clock at `at` if the policy has a regulatory deadline. */
export function startRegulatoryClock(policy: Policy, at: number): SlaClock | undefined {
  const r = policy.regulatory;
  return r ? startClock(policy, { within: r.deadline.within, calendar: r.deadline.calendar, rule: `regulatory.${r.name}` }, at) : undefined;
}

/** A clock whose deadline is a fixed instant (the committed execution date), on the 24×7 calendar. */
export function startFixedClock(policy: Policy, rule: string, at: number, deadline: number): SlaClock {
  const blank = startClock(policy, { within: { minutes: 0 }, calendar: 'always', rule }, at);
  return allowance(policy, blank, 'always', at, Math.max(deadline, at), rule, at);
}

/** Mark a clock met (or stopped) at `at`; `reportedAt` when the event was backdated. */
export function endClock(clock: SlaClock, at: number, how: 'met' | 'stopped', reportedAt?: number): SlaClock {
  if (isEnded(clock)) return clock;
  const c = clockOf(clock, how, undefined, at, reportedAt);
  c.warnAt = [];
  return c;
}

/** Pause a running clock (waiting on the customer). */
export function pauseClock(clock: SlaClock, at: number): SlaClock {
  if (clock.state !== 'running') return clock;
  return clockOf(clock, 'paused', at, undefined, undefined);
}

/** Resume a paused clock: the remaining working time is carried over, paused time does not count. */
export function resumeClock(policy: Policy, clock: SlaClock, at: number): SlaClock {
  if (clock.state !== 'paused' || clock.pausedAt === undefined) return clock;
  const cal = calendarOf(policy, clock.calendar);
  const from = clock.pausedAt;
  const shift = (t: number) => addWorkingTime(cal, at, { minutes: Math.max(0, workingTimeBetween(cal, from, t)) / 60_000 });
  const c = clockOf(clock, 'running', undefined, undefined, undefined);
  c.pausedWork = clock.pausedWork + Math.max(0, workingTimeBetween(cal, from, at));
  c.deadline = shift(clock.deadline);
  c.warnAt = clock.warnAt.map(shift);
  return c;
}

/** A paused clock stays paused through a change made while it waits. */
const keepPaused = (before: SlaClock, after: SlaClock, at: number): SlaClock =>
  before.state === 'paused' ? clockOf(after, 'paused', before.pausedAt ?? at, undefined, undefined) : after;

/**
 * Recompute a running or paused clock after the severity changed or the
 * complaint was re-classified: the new target counts from the clock's start,
 * plus the working time it spent paused.
 */
export function recomputeClock(policy: Policy, clock: SlaClock, target: Target & { rule: string }, at: number): SlaClock {
  if (isEnded(clock) || clock.rule === target.rule) return clock;
  // A breached clock stays breached, and a deadline re-granted after a breach (`escalation.*`) or
  // set by an extension is no longer the target's: recomputing it from the start would breach again.
  const name = target.rule.split('.')[0]!;
  if (clock.state === 'overdue' || (clock.rule !== name && !clock.rule.startsWith(`${name}.`))) return clock;
  const cal = calendarOf(policy, target.calendar);
  let deadline = addWorkingTime(cal, clock.startedAt, target.within);
  if (clock.pausedWork > 0) deadline = addWorkingTime(cal, deadline, { minutes: clock.pausedWork / 60_000 });
  const next = allowance(policy, clock, target.calendar, clock.startedAt, deadline, target.rule, at, clock.pausedWork > 0 ? undefined : target.within);
  return keepPaused(clock, next, at);
}

/** Grant a new allowance after an escalation: `within` on the level's calendar, from `at`. */
export function regrantClock(policy: Policy, clock: SlaClock, at: number, grant: Target, rule: string): SlaClock {
  const deadline = addWorkingTime(calendarOf(policy, grant.calendar), at, grant.within);
  return allowance(policy, clock, grant.calendar, at, deadline, rule, at, grant.within);
}

/** Extend a clock to a fixed date (holding reply, approved extension); a paused clock stays paused. */
export function extendClock(policy: Policy, clock: SlaClock, at: number, until: number): SlaClock {
  return keepPaused(clock, allowance(policy, clock, clock.calendar, at, until, 'extension', at), at);
}

/** Issue the clock's next warning. */
export function warnClock(clock: SlaClock): SlaClock {
  const c = clockOf(clock, clock.state, clock.pausedAt, clock.endedAt, clock.reportedAt);
  c.warnAt = clock.warnAt.slice(1);
  c.warnings = clock.warnings + 1;
  return c;
}

/** Count a breach at the top of the ladder: nothing more is granted, the clock stays overdue. */
export function overdueClock(clock: SlaClock, at: number): SlaClock {
  const c = clockOf(clock, 'overdue', undefined, undefined, undefined);
  c.breaches = clock.breaches + 1;
  c.warnAt = [];
  c.changedAt = at;
  return c;
}

/** Count a breach and grant the next level's time. */
export function breachAndRegrant(policy: Policy, clock: SlaClock, at: number, grant: Target, rule: string): SlaClock {
  const counted = clockOf(clock, clock.state, undefined, undefined, undefined);
  counted.breaches = clock.breaches + 1;
  return regrantClock(policy, counted, at, grant, rule);
}

/** What falls due next on a clock: its next warning, or its deadline. */
export function dueOf(clock: SlaClock): { at: number; kind: 'warning' | 'breach' } {
  const w = clock.warnAt[0];
  return w !== undefined && w < clock.deadline ? { at: w, kind: 'warning' } : { at: clock.deadline, kind: 'breach' };
}

/** The earliest warning or deadline due at or before `at` over all counting clocks (ties: clock name order). */
export function earliestDue(clocks: SlaClocks, at: number): { name: ClockName; clock: SlaClock; at: number; kind: 'warning' | 'breach' } | undefined {
  let best: { name: ClockName; clock: SlaClock; at: number; kind: 'warning' | 'breach' } | undefined;
  for (const name in clocks) {
    const clock = clocks[name as ClockName];
    if (!isTicking(clock)) continue;
    const d = dueOf(clock);
    if (d.at <= at && (!best || d.at < best.at)) best = { name: name as ClockName, clock, at: d.at, kind: d.kind };
  }
  return best;
}

/** The next instant at which one of the clocks needs attention, or undefined when none is counting. */
export function nextCheck(clocks: SlaClocks): number | undefined {
  let next: number | undefined;
  for (const name in clocks) {
    const c = clocks[name as ClockName];
    if (!isTicking(c)) continue;
    const w = c.warnAt[0];
    const t = w !== undefined && w < c.deadline ? w : c.deadline;
    if (next === undefined || t < next) next = t;
  }
  return next;
}

/** Apply `f` to every clock; the same object when nothing changed. */
function mapClocks(clocks: SlaClocks, f: (c: SlaClock, name: ClockName) => SlaClock): SlaClocks {
  let out: SlaClocks | undefined;
  for (const name in clocks) {
    const c = clocks[name as ClockName]!;
    const n = f(c, name as ClockName);
    if (n !== c) {
      out ??= { ...clocks };
      out[name as ClockName] = n;
    }
  }
  return out ?? clocks;
}

/** Stop every clock that is still counting or paused (closing, withdrawal). */
export const stopAll = (clocks: SlaClocks, at: number, reportedAt?: number): SlaClocks =>
  mapClocks(clocks, (c) => (c.state === 'running' || c.state === 'paused' || c.state === 'overdue' ? endClock(c, at, 'stopped', reportedAt) : c));

/**
 * Pause every running clock (waiting on the customer), except the
 * regulatory one unless the policy says it pauses too.
 */
export const pauseAll = (policy: Policy, clocks: SlaClocks, at: number): SlaClocks =>
  mapClocks(clocks, (c, name) => (name === 'regulatory' && !policy.regulatory?.pausesWhileWaiting ? c : pauseClock(c, at)));

/** Resume every paused clock; the paused time does not count. */
export const resumeAll = (policy: Policy, clocks: SlaClocks, at: number): SlaClocks => mapClocks(clocks, (c) => resumeClock(policy, c, at));

/** Recompute the severity-dependent clocks (all but `execution` and `regulatory`) for a new severity. */
export const recomputeAll = (policy: Policy, clocks: SlaClocks, severity: Severity, at: number): SlaClocks =>
  mapClocks(clocks, (c, name) => {
    if (name === 'execution' || name === 'regulatory') return c;
    const t = targetFor(policy, name as TargetName, severity);
    return t ? recomputeClock(policy, c, t, at) : c;
  });

/** The clocks with `name` set to `clock`. */
export function withClock(clocks: SlaClocks, name: ClockName, clock: SlaClock): SlaClocks {
  const out = { ...clocks };
  out[name] = clock;
  return out;
}

/** The clocks with `name` met at `at` (unchanged when absent or already ended). */
export function meetClock(clocks: SlaClocks, name: ClockName, at: number, reportedAt?: number): SlaClocks {
  const c = clocks[name];
  return c && !isEnded(c) ? withClock(clocks, name, endClock(c, at, 'met', reportedAt)) : clocks;
}
