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

/**
 * Optional instrumentation: when set, called after every pure transition
 * (and initial transition) with the milliseconds it took. For benchmarks
 * that report the share of time spent inside XState; unset, it costs one
 * check per transition.
 */
let probe: ((ms: number) => void) | undefined;

/**
 * Time every pure transition (benchmarks). Pass `undefined` to stop.
 *
 * @param fn - receives the duration of each transition in ms
 * @example
 * let ms = 0;
 * setTransitionProbe((d) => { ms += d; });
 */
export function setTransitionProbe(fn: ((ms: number) => void) | undefined): void {
  probe = fn;
}

/**
 * Like XState's `initialTransition(machine, input)` — same `[snapshot,
 * actions]` — but on the machine's reusable inert scope (see
 * {@link createTransitioner}), and timed by the probe when one is set.
 */
export function initialTransitionOf(machine: ComplaintMachine, input: unknown): [AnyMachineSnapshot, PureAction[]] {
  const initial = stepsFor(machine).initial;
  if (!probe) return initial(input);
  const t0 = performance.now();
  const r = initial(input);
  probe(performance.now() - t0);
  return r;
}

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
  return createSteps(machine).step;
}

interface Steps {
  step: Transitioner;
  initial: (input: unknown) => [AnyMachineSnapshot, PureAction[]];
}

function createSteps(machine: ComplaintMachine): Steps {
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
  return {
    step: (snapshot, event) => {
      sink = [];
      if (!probe) return [machine.transition(snapshot as never, event as never, scope as never) as AnyMachineSnapshot, sink];
      const t0 = performance.now();
      const next = machine.transition(snapshot as never, event as never, scope as never) as AnyMachineSnapshot;
      probe(performance.now() - t0);
      return [next, sink];
    },
    // The machine invokes no actors, so the shared scope's system is never written to.
    initial: (input) => {
      sink = [];
      const snapshot = machine.getInitialSnapshot(scope as never, input as never) as AnyMachineSnapshot;
      return [snapshot, sink];
    },
  };
}

const cache = new WeakMap<ComplaintMachine, Steps>();

function stepsFor(machine: ComplaintMachine): Steps {
  let t = cache.get(machine);
  if (!t) {
    t = createSteps(machine);
    cache.set(machine, t);
  }
  return t;
}

/** The cached {@link createTransitioner} of a machine. */
export function transitionerFor(machine: ComplaintMachine): Transitioner {
  return stepsFor(machine).step;
}
