// Pure application of events and timers to a persisted snapshot, collecting
// everything one commit needs: the new snapshot, timeline entries, timer
// changes and notifications. No I/O here.
import type { AnyMachineSnapshot } from 'xstate';
import { initialTransitionOf, transitionerFor } from '../machine/pure.js';
import type { Actor } from '../schemas/common.js';
import type { ComplaintEvent } from '../schemas/events.js';
import type { ComplaintInput, ComplaintContext, Notification } from '../machine/context.js';
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
  /** Did any step change the snapshot? */
  changed: boolean;
}

interface ActionLike {
  type: string;
  params?: unknown;
}

function applyActions(applied: Applied, actions: readonly ActionLike[], base: number): void {
  for (const a of actions) {
    const p = (a.params ?? {}) as Record<string, unknown>;
    if (a.type === 'xstate.raise' && typeof p.delay === 'number' && typeof p.id === 'string') {
      applied.timers[p.id] = base + p.delay;
    } else if (a.type === 'xstate.cancel' && typeof p.sendId === 'string') {
      delete applied.timers[p.sendId];
    } else if (a.type === 'notify') {
      applied.notifications.push(p as unknown as Notification);
    }
  }
}

const ctxOf = (s: AnyMachineSnapshot) => s.context as ComplaintContext;

/** File: the initial snapshot of a new complaint. */
export function applyFiling(machine: ComplaintMachine, input: ComplaintInput, actor: Actor): Applied {
  const [snapshot, actions] = initialTransitionOf(machine, input);
  const applied: Applied = { snapshot, timeline: [], timers: {}, notifications: [], changed: true };
  const ctx = ctxOf(snapshot);
  applied.timeline.push({
    at: ctx.now,
    kind: 'filed',
    type: 'FILED',
    actor,
    data: { channel: ctx.intake.channel, customerId: ctx.intake.customer.id },
  });
  applied.timeline.push(...slaChanges(undefined, ctx, systemActor));
  applyActions(applied, actions as readonly ActionLike[], ctx.now);
  return applied;
}

/** Start from a stored snapshot and its armed timers. */
export function startFrom(snapshot: AnyMachineSnapshot, timers: Record<string, number>): Applied {
  return { snapshot, timeline: [], timers: { ...timers }, notifications: [], changed: false };
}

/**
 * Fire armed timers due at or before `until`, earliest first, including
 * timers armed by earlier firings. Returns how many fired.
 */
export function fireDue(machine: ComplaintMachine, applied: Applied, until: number): number {
  let fired = 0;
  for (;;) {
    let key: string | undefined;
    let due = Infinity;
    for (const [k, t] of Object.entries(applied.timers)) {
      if (t <= until && (t < due || (t === due && key !== undefined && k < key))) {
        key = k;
        due = t;
      }
    }
    if (key === undefined) return fired;
    fireOne(machine, applied, key, due);
    fired++;
    if (fired > 10_000) throw new Error('runaway timer chain');
  }
}

/** Fire one timer by key (its armed due instant is `due`). */
export function fireOne(machine: ComplaintMachine, applied: Applied, key: string, due: number): void {
  const prev = applied.snapshot;
  delete applied.timers[key];
  const [next, actions] = transitionerFor(machine)(prev, { type: key });
  if (next === prev) return; // the state that armed it is gone: nothing to do
  applied.snapshot = next;
  applied.changed = true;
  const ctx = ctxOf(next);
  applied.timeline.push({ at: Math.max(due, ctxOf(prev).now), kind: 'timer', type: key, actor: systemActor, data: { dueAt: due } });
  applied.timeline.push(...slaChanges(ctxOf(prev), ctx, systemActor));
  applyActions(applied, actions as readonly ActionLike[], ctx.now);
}

/**
 * Apply one public event. Returns false (and changes nothing) when the
 * current state does not accept it.
 */
export function applyEvent(machine: ComplaintMachine, applied: Applied, event: ComplaintEvent): boolean {
  const prev = applied.snapshot;
  const [next, actions] = transitionerFor(machine)(prev, event);
  if (next === prev) return false;
  applied.snapshot = next;
  applied.changed = true;
  const ctx = ctxOf(next);
  const { type, at, actor, ...data } = event;
  // The machine never moves its clock back: an event dated before the complaint's last one takes effect
  // at that later time, and the timeline says so (keeping the date it was reported with).
  const effective = Math.max(at, ctxOf(prev).now);
  applied.timeline.push({ at: effective, kind: 'event', type, actor, data: effective === at ? data : { ...data, reportedAt: at } });
  applied.timeline.push(...slaChanges(ctxOf(prev), ctx, actor));
  applyActions(applied, actions as readonly ActionLike[], ctx.now);
  return true;
}
