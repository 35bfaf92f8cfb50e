// (a) Pure transition throughput: the complaint machine on a realistic
// mid-lifecycle event mix vs a minimal 3-state machine, both through XState's
// transition() and through the desk's own step (a reused inert actor scope).
import { createMachine, initialTransition, transition, type AnyMachineSnapshot, type EventObject } from 'xstate';
import { complaintMachine } from '../src/index.js';
import { transitionerFor } from '../src/machine/pure.js';
import { agent, customer, handler, T0, walk } from './fixtures.js';
import { compare, measure, type Measurement } from './measure.js';

const MIN = 60_000;

/** The event mix: half housekeeping on open complaints, half stage and step changes, plus an SLA timer. */
export function complaintMix(): { name: string; snapshot: AnyMachineSnapshot; event: EventObject }[] {
  const s = walk();
  const at = T0 + 100 * MIN;
  const mix = [
    { name: 'ADD_NOTE', snapshot: s.verifying, event: { type: 'ADD_NOTE', at, actor: handler, note: 'Customer called again, asked for an update.' } },
    { name: 'REASSIGN', snapshot: s.contacting, event: { type: 'REASSIGN', at, actor: { id: 'sup-1', role: 'supervisor' }, assignee: 'handler-0011', reason: 'workload' } },
    { name: 'ADD_NOTE', snapshot: s.drafting, event: { type: 'ADD_NOTE', at: T0 + 250 * MIN, actor: handler, note: 'Supplier confirmed the batch issue.' } },
    { name: 'TRIAGE → investigating', snapshot: s.classifying, event: { type: 'TRIAGE', at: T0 + 30 * MIN, actor: agent, categories: ['product_quality'], severity: 'general' } },
    { name: 'CONTACT_CUSTOMER', snapshot: s.contacting, event: { type: 'CONTACT_CUSTOMER', at: T0 + 90 * MIN, actor: handler } },
    { name: 'RECORD_ROOT_CAUSE → resolving', snapshot: s.verifying, event: { type: 'RECORD_ROOT_CAUSE', at: T0 + 240 * MIN, actor: handler, method: 'five_whys', cause: 'Seal out of tolerance.', liability: 'supplier' } },
    { name: 'PROPOSE', snapshot: s.drafting, event: { type: 'PROPOSE', at: T0 + 300 * MIN, actor: handler, remedies: ['replace'], compensation: 100, executeBy: T0 + 3 * 24 * 60 * MIN } },
    { name: 'ACCEPT → executing', snapshot: s.awaitingCustomer, event: { type: 'ACCEPT', at: T0 + 360 * MIN, actor: customer } },
    { name: 'REPORT_PROGRESS', snapshot: s.inProgress, event: { type: 'REPORT_PROGRESS', at: T0 + 400 * MIN, actor: handler, progress: 'Replacement shipped.' } },
    { name: 'SLA timer (warning)', snapshot: s.contacting, event: { type: 'sla.due' } },
  ];
  // Every event must do something, or the benchmark measures rejections.
  for (const m of mix) {
    const [next, actions] = transition(complaintMachine, m.snapshot, m.event as never);
    if (actions.length === 0 && next === m.snapshot) {
      throw new Error(`bench mix: ${m.name} is not accepted in ${JSON.stringify(m.snapshot.value)}`);
    }
  }
  return mix;
}

/** A minimal machine: three states in a cycle, one event. */
export const trafficLight = createMachine({
  id: 'light',
  initial: 'green',
  states: {
    green: { on: { NEXT: 'yellow' } },
    yellow: { on: { NEXT: 'red' } },
    red: { on: { NEXT: 'green' } },
  },
});

export interface TransitionBench {
  /** XState's transition(): the complaint machine on the event mix vs the 3-state machine. */
  complaint: Measurement;
  minimal: Measurement;
  ratio: number;
  /** The desk's own step (src/machine/pure.ts, one reused inert scope per machine), the same comparison. */
  step: Measurement;
  minimalStep: Measurement;
  stepRatio: number;
  /** The desk's step per event of the mix. */
  perEvent: { name: string; nsPerOp: number }[];
}

/** The 3-state machine's snapshots, one per state, and its one event. */
export function lights(): { snapshots: AnyMachineSnapshot[]; next: EventObject } {
  const [green] = initialTransition(trafficLight);
  const [yellow] = transition(trafficLight, green, { type: 'NEXT' });
  const [red] = transition(trafficLight, yellow, { type: 'NEXT' });
  return { snapshots: [green, yellow, red], next: { type: 'NEXT' } };
}

export function benchTransition(): TransitionBench {
  const mix = complaintMix();
  const { snapshots: ls, next } = lights();
  const { a: complaint, b: minimal, ratio } = compare(
    (i) => {
      const m = mix[i % mix.length]!;
      return transition(complaintMachine, m.snapshot, m.event as never);
    },
    (i) => transition(trafficLight, ls[i % 3]!, next as never),
  );

  const step = transitionerFor(complaintMachine);
  const lightStep = transitionerFor(trafficLight);
  const { a: deskStep, b: minimalStep, ratio: stepRatio } = compare(
    (i) => {
      const m = mix[i % mix.length]!;
      return step(m.snapshot, m.event);
    },
    (i) => lightStep(ls[i % 3]!, next),
  );

  const perEvent = mix.map((m) => ({
    name: m.name,
    nsPerOp: measure(() => step(m.snapshot, m.event), { warmup: 1_000, roundMs: 120, rounds: 3 }).nsPerOp,
  }));
  return { complaint, minimal, ratio, step: deskStep, minimalStep, stepRatio, perEvent };
}
