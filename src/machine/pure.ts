// The desk's pure steps: XState's `machine.transition` / `getInitialSnapshot`
// on one reusable inert actor scope per machine instead of the throw-away
// actor (and its initial snapshot) that `transition()` builds on every call.
// The scope mirrors xstate's `createInertActorScope` (xstate is pinned to the
// minor version this was checked against); the model-based test asserts that
// these steps produce exactly what `transition()` / `initialTransition()`
// produce — value, context, status and actions — on every explored edge.
import { createActor, type AnyActorLogic, type AnyMachineSnapshot, type AnyStateMachine } from 'xstate';
import type { MachineEvent } from './setup.js';

/** An action as returned by a pure transition (`type`, resolved `params`). */
export interface PureAction {
  type: string;
  params?: unknown;
}

/** A pure transition function bound to one machine. */
export type Transitioner = (snapshot: AnyMachineSnapshot, event: MachineEvent | { type: string }) => [AnyMachineSnapshot, PureAction[]];

interface Steps {
  step: Transitioner;
  initial: (input: unknown) => [AnyMachineSnapshot, PureAction[]];
}

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

function createSteps(machine: AnyStateMachine): Steps {
  // The constructor computes an initial snapshot without input: the context factory throws a
  // pre-built error, which the actor keeps as an error snapshot. The scope only needs `self`.
  const self = createActor(machine as unknown as AnyActorLogic);
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
  const step: Transitioner = (snapshot, event) => {
    sink = [];
    const next = machine.transition(snapshot as never, event as never, scope as never) as AnyMachineSnapshot;
    return [next, sink];
  };
  // The machine invokes no actors, so the shared scope's system is never written to.
  const initial = (input: unknown): [AnyMachineSnapshot, PureAction[]] => {
    sink = [];
    const snapshot = machine.getInitialSnapshot(scope as never, input as never) as AnyMachineSnapshot;
    return [snapshot, sink];
  };
  return {
    step: (snapshot, event) => {
      if (!probe) return step(snapshot, event);
      const t0 = performance.now();
      const r = step(snapshot, event);
      probe(performance.now() - t0);
      return r;
    },
    initial: (input) => {
      if (!probe) return initial(input);
      const t0 = performance.now();
      const r = initial(input);
      probe(performance.now() - t0);
      return r;
    },
  };
}

const cache = new WeakMap<AnyStateMachine, Steps>();

function stepsFor(machine: AnyStateMachine): Steps {
  let t = cache.get(machine);
  if (!t) {
    t = createSteps(machine);
    cache.set(machine, t);
  }
  return t;
}

/**
 * Like XState's `transition(machine, snapshot, event)`, on the machine's
 * reusable inert scope (the complaint machine, or any machine that invokes
 * no actors: the benchmarks measure a minimal machine the same way).
 */
export function transitionerFor(machine: AnyStateMachine): Transitioner {
  return stepsFor(machine).step;
}

/** Like XState's `initialTransition(machine, input)`, on the machine's reusable inert scope. */
export function initialTransitionOf(machine: AnyStateMachine, input: unknown): [AnyMachineSnapshot, PureAction[]] {
  return stepsFor(machine).initial(input);
}
