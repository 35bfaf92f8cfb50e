import type { AnyMachineSnapshot } from 'xstate';
import { eventTypes, type EventType } from '../schemas/events.js';

const publicTypes = new Set<string>(eventTypes);
/** A node's public events never change: compute them once per node. */
const nodeEvents = new WeakMap<object, readonly string[]>();
function publicEventsOf(node: AnyMachineSnapshot['_nodes'][number]): readonly string[] {
  let events = nodeEvents.get(node);
  if (!events) {
    events = node.ownEvents.filter((e) => publicTypes.has(e));
    nodeEvents.set(node, events);
  }
  return events;
}

/**
 * The public event types the snapshot's current states have a transition
 * for. Guards that depend on the event's content (authority, dates, the
 * re-open window) are checked when the event is sent.
 *
 * @param snapshot - a complaint machine snapshot
 * @returns event types, in lifecycle order
 * @example
 * acceptedEvents(actor.getSnapshot()) // ['ACKNOWLEDGE', 'RESOLVE_ON_FIRST_CONTACT', 'WITHDRAW', ...]
 */
export function acceptedEvents(snapshot: AnyMachineSnapshot): EventType[] {
  if (snapshot.status !== 'active') return [];
  const found = new Set<string>();
  for (const node of snapshot._nodes) for (const e of publicEventsOf(node)) found.add(e);
  return eventTypes.filter((t) => found.has(t));
}

const interned = new Map<string, string>();
/** One string instance per distinct step path (stored summaries share it). */
function intern(s: string): string {
  const known = interned.get(s);
  if (known !== undefined) return known;
  if (interned.size < 1000) interned.set(s, s);
  return s;
}

/** A snapshot's state value as a dotted path of its step, e.g. `investigating.verifying`. */
export function stepPath(snapshot: AnyMachineSnapshot): string {
  const v = snapshot.value as string | Record<string, unknown>;
  if (typeof v === 'string') return v;
  const [stage, inner] = Object.entries(v)[0] ?? ['unknown', undefined];
  const step = (inner as Record<string, unknown> | undefined)?.step;
  return typeof step === 'string' ? intern(`${stage}.${step}`) : stage;
}

/** The top-level stage of a snapshot: `received`, `triage`, …, `archived`. */
export function stageOf(snapshot: AnyMachineSnapshot): string {
  const v = snapshot.value as string | Record<string, unknown>;
  return typeof v === 'string' ? v : (Object.keys(v)[0] ?? 'unknown');
}
