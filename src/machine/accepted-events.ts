import type { AnyMachineSnapshot } from 'xstate';
import type { Role } from '../schemas/common.js';
import { eventTypes, type EventType } from '../schemas/events.js';
import { eventRoles } from './event-roles.js';

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
 * for, optionally only those `role` may send. Rules that depend on the
 * event's content (authority, dates, the re-open window) are checked when
 * the event is sent (a refusal is a `RuleViolationError`).
 *
 * @param snapshot - a complaint machine snapshot
 * @param role - only the events this role may send (see `eventRoles`)
 * @returns event types, in lifecycle order
 * @example
 * acceptedEvents(snapshot) // ['ACKNOWLEDGE', 'RESOLVE_ON_FIRST_CONTACT', 'WITHDRAW', ...]
 * acceptedEvents(snapshot, 'customer') // ['WITHDRAW']
 */
export function acceptedEvents(snapshot: AnyMachineSnapshot, role?: Role): EventType[] {
  if (snapshot.status !== 'active') return [];
  const found = new Set<string>();
  for (const node of snapshot._nodes) for (const e of publicEventsOf(node)) found.add(e);
  return eventTypes.filter((t) => found.has(t) && (role === undefined || eventRoles[t].includes(role)));
}

const interned = new Map<string, string>();
/** One string instance per distinct step path (stored summaries share it). */
function intern(s: string): string {
  const known = interned.get(s);
  if (known !== undefined) return known;
  if (interned.size < 1000) interned.set(s, s);
  return s;
}

type Value = string | { [k: string]: Value };

/** The stage and step of a state value: `{ open: { investigating: 'verifying' } }` → investigating, investigating.verifying. */
function parts(value: Value): [stage: string, step: string] {
  if (typeof value === 'string') return [value, value];
  const open = value.open;
  if (open === undefined) return [Object.keys(value)[0] ?? 'unknown', Object.keys(value)[0] ?? 'unknown'];
  if (typeof open === 'string') return [open, open];
  const [stage, inner] = Object.entries(open)[0] ?? ['unknown', undefined];
  return typeof inner === 'string' ? [stage, intern(`${stage}.${inner}`)] : [stage, stage];
}

/**
 * A snapshot's state as a dotted path of stage and step, e.g. `investigating.verifying`, `received`, `closed`.
 *
 * @param snapshot - a complaint machine snapshot
 * @returns the stage, or stage and step joined by a dot
 * @example
 * stepPath(snapshot); // 'resolving.awaitingCustomer'
 */
export function stepPath(snapshot: AnyMachineSnapshot): string {
  return parts(snapshot.value as Value)[1];
}

/**
 * The stage of a snapshot: `received`, `triage`, …, `closed`, `archived`.
 *
 * @param snapshot - a complaint machine snapshot
 * @returns the stage name
 * @example
 * stageOf(snapshot); // 'resolving'
 */
export function stageOf(snapshot: AnyMachineSnapshot): string {
  return parts(snapshot.value as Value)[0];
}

/**
 * The stage and step of a state value (for stored values without a snapshot).
 *
 * @param value - a state value as stored, e.g. `{ open: { investigating: 'verifying' } }`
 * @returns `{ stage, step }`; a stage without steps gives its own name for both
 * @example
 * stageAndStep({ open: { investigating: 'verifying' } }); // { stage: 'investigating', step: 'investigating.verifying' }
 * stageAndStep('closed');                                  // { stage: 'closed', step: 'closed' }
 */
export function stageAndStep(value: unknown): { stage: string; step: string } {
  const [stage, step] = parts(value as Value);
  return { stage, step };
}
