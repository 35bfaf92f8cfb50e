// Pure application of events and timers to a complaint's snapshot,
// collecting everything one commit needs: the new snapshot, timeline
// entries, timer changes and notifications. No I/O here.
import type { AnyMachineSnapshot } from 'xstate';
import { describeThrown, MachineError } from '../errors.js';
import { initialTransitionOf, transitionerFor, type PureAction } from '../machine/pure.js';
import type { Actor } from '../schemas/common.js';
import type { ComplaintEvent } from '../schemas/events.js';
import type { ComplaintInput, ComplaintContext, Notification } from '../machine/context.js';
import type { AuditRecord } from '../machine/effects.js';
import type { ComplaintMachine } from '../machine/index.js';
import type { TimelineEntry } from '../adapters/types.js';
import { slaChanges, systemActor } from './timeline.js';

type Draft = Omit<TimelineEntry, 'complaintId' | 'version' | 'seq'>;

/** Everything one commit will write, accumulated over one or more steps. */
export interface Applied {
  snapshot: AnyMachineSnapshot;
  timeline: Draft[];
  /** Armed timers after the steps: key → due instant. */
  timers: Record<string, number>;
  notifications: Notification[];
  /** Did any step change anything? */
  changed: boolean;
  /** The time of the latest step (event or timer). */
  latest: number;
}

const ctxOf = (s: AnyMachineSnapshot) => s.context as ComplaintContext;

/** Run one pure step; what the machine throws (a calendar out of range, a broken context) becomes a MachineError. */
function step(machine: ComplaintMachine, id: string, snapshot: AnyMachineSnapshot, event: { type: string }): [AnyMachineSnapshot, PureAction[]] {
  try {
    return transitionerFor(machine)(snapshot, event);
  } catch (e) {
    throw new MachineError(id, `complaint ${id}: ${event.type} failed in the machine: ${describeThrown(e)}`, { cause: e });
  }
}

/** A snapshot in XState's `error` status must never be committed. */
function checkStatus(id: string, s: AnyMachineSnapshot): void {
  if (s.status === 'error') {
    const cause = (s as { error?: unknown }).error;
    throw new MachineError(id, `the step would leave complaint ${id} in the machine's error status: ${describeThrown(cause)}`, { cause });
  }
}

function applyActions(applied: Applied, actions: readonly PureAction[], base: number, actor: Actor): void {
  for (const a of actions) {
    const p = (a.params ?? {}) as Record<string, unknown>;
    if (a.type === 'xstate.raise' && typeof p.delay === 'number' && typeof p.id === 'string') {
      applied.timers[p.id] = base + p.delay;
    } else if (a.type === 'xstate.cancel' && typeof p.sendId === 'string') {
      delete applied.timers[p.sendId];
    } else if (a.type === 'notify') {
      applied.notifications.push(p as unknown as Notification);
    } else if (a.type === 'record') {
      const r = p as unknown as AuditRecord;
      applied.timeline.push({ at: r.step.at, kind: 'escalation', type: 'escalation', actor, data: { ...r.step } });
    }
  }
}

/** File: the initial snapshot of a new complaint. */
export function applyFiling(machine: ComplaintMachine, input: ComplaintInput, actor: Actor): Applied {
  const [snapshot, actions] = initialTransitionOf(machine, input);
  checkStatus(input.id ?? '(new)', snapshot);
  const ctx = ctxOf(snapshot);
  const applied: Applied = { snapshot, timeline: [], timers: {}, notifications: [], changed: true, latest: ctx.now };
  const data: Record<string, unknown> = { channel: ctx.intake.channel, customerId: ctx.intake.customer.id };
  if (input.reportedAt !== undefined) data.reportedAt = input.reportedAt;
  applied.timeline.push({ at: ctx.now, kind: 'filed', type: 'FILED', actor, data });
  applied.timeline.push(...slaChanges(undefined, ctx, systemActor));
  applyActions(applied, actions, ctx.now, systemActor);
  return applied;
}

/** Start from a stored snapshot and its armed timers. */
export function startFrom(snapshot: AnyMachineSnapshot, timers: Record<string, number>, latest: number): Applied {
  return { snapshot, timeline: [], timers: { ...timers }, notifications: [], changed: false, latest };
}

/**
 * Fire armed timers due at or before `until`, earliest first (ties by key),
 * including timers armed by earlier firings. Returns how many fired.
 */
export function fireDue(machine: ComplaintMachine, id: string, applied: Applied, until: number): number {
  let fired = 0;
  for (;;) {
    let key: string | undefined;
    let due = Infinity;
    for (const k in applied.timers) {
      const t = applied.timers[k]!;
      if (t <= until && (t < due || (t === due && key !== undefined && k < key))) {
        key = k;
        due = t;
      }
    }
    if (key === undefined) return fired;
    fireOne(machine, id, applied, key, due);
    fired++;
    if (fired > 10_000) throw new MachineError(id, `complaint ${id}: more than 10,000 timers fell due in one step (a runaway timer chain)`);
  }
}

/** Fire one timer by key (its armed due instant is `due`). */
export function fireOne(machine: ComplaintMachine, id: string, applied: Applied, key: string, due: number): void {
  const prev = applied.snapshot;
  delete applied.timers[key];
  const [next, actions] = step(machine, id, prev, { type: key });
  if (next === prev && actions.length === 0) return; // the state that armed it is gone: nothing to do
  checkStatus(id, next);
  applied.snapshot = next;
  applied.changed = true;
  const ctx = ctxOf(next);
  const at = Math.max(due, ctxOf(prev).now);
  applied.latest = Math.max(applied.latest, at);
  applied.timeline.push({ at, kind: 'timer', type: key, actor: systemActor, data: { dueAt: due } });
  applied.timeline.push(...slaChanges(ctxOf(prev), ctx, systemActor));
  applyActions(applied, actions, ctx.now, systemActor);
}

/**
 * Apply one public event. Returns false (and changes nothing) when the
 * current state does not take it (no transition is enabled).
 */
export function applyEvent(machine: ComplaintMachine, id: string, applied: Applied, event: ComplaintEvent): boolean {
  const prev = applied.snapshot;
  const [next, actions] = step(machine, id, prev, event);
  if (next === prev && actions.length === 0) return false;
  checkStatus(id, next);
  applied.snapshot = next;
  applied.changed = true;
  const ctx = ctxOf(next);
  const { type, at, actor, reportedAt, ...data } = event;
  applied.latest = Math.max(applied.latest, at);
  applied.timeline.push({ at, kind: 'event', type, actor, data: reportedAt === undefined ? data : { ...data, reportedAt } });
  applied.timeline.push(...slaChanges(ctxOf(prev), ctx, actor));
  applyActions(applied, actions, ctx.now, actor);
  return true;
}
