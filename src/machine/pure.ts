import { createActor, type AnyMachineSnapshot } from 'xstate';
import type { ComplaintMachine } from './index.js';
import type { MachineEvent } from './create-machine.js';

/** An action as returned by a pure transition (`type`, resolved `params`). */
export interface PureAction {
  type: string;
  params?: unknown;
}

/** A pure transition function bound to one machine. */
export type Transitioner = (snapshot: AnyMachineSnapshot, event: MachineEvent | { type: string }) => [AnyMachineSnapshot, PureAction[]];

const placeholder = {
  customer: { id: 'placeholder', name: 'placeholder' },
  channel: 'web',
  description: 'placeholder',
  demand: 'placeholder',
  emotion: 'calm',
  motive: 'vent',
  filedAt: 0,
} as const;

/**
 * Like XState's `transition(machine, snapshot, event)` — same semantics, same
 * `[snapshot, actions]` result, nothing executed — but reusing one inert actor
 * scope instead of constructing a throw-away actor (and its initial state) on
 * every call, which is most of the cost of `transition()` for small steps.
 *
 * @param machine - a complaint machine
 * @returns the transition function
 * @example
 * const step = createTransitioner(complaintMachine);
 * const [next, actions] = step(snapshot, event);
 */
export function createTransitioner(machine: ComplaintMachine): Transitioner {
  const self = createActor(machine, { input: placeholder });
  let sink: PureAction[] = [];
  const scope = {
    self,
    id: '',
    sessionId: '',
    system: self.system,
    logger: () => {},
    defer: () => {},
    stopChild: () => {},
    emit: () => {},
    actionExecutor: (action: PureAction) => {
      sink.push(action);
    },
  };
  return (snapshot, event) => {
    sink = [];
    const next = machine.transition(snapshot as never, event as never, scope as never) as AnyMachineSnapshot;
    return [next, sink];
  };
}

const cache = new WeakMap<ComplaintMachine, Transitioner>();

/** The cached {@link createTransitioner} of a machine. */
export function transitionerFor(machine: ComplaintMachine): Transitioner {
  let t = cache.get(machine);
  if (!t) {
    t = createTransitioner(machine);
    cache.set(machine, t);
  }
  return t;
}
