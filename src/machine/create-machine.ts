import type { Policy } from '../sla/policy.js';
import { guidelinePolicy } from '../sla/presets/guideline.js';
import { actionsFor } from './actions.js';
import { complaintChart } from './chart.js';
import { guardsFor } from './guards.js';
import { machineSetup } from './setup.js';

export { defaultDepartments } from './effects.js';
export { SLA_TIMER, type MachineEvent, type SlaDueEvent } from './setup.js';

/**
 * Build the complaint statechart for a policy.
 *
 * The open stages (received → triage → investigating → resolving →
 * executing → followUp) sit inside `open`, which also holds the one SLA
 * timer `sla.due`: the actions arm it for the next warning or deadline of
 * any counting clock and disarm it when nothing counts, so `transition()`
 * returns it as an `xstate.raise` with `id: 'sla.due'` and a `delay`, or an
 * `xstate.cancel`. Deadlines are absolute instants in `context.sla`,
 * computed by the policy's business calendars; every event carries its time
 * (`at`), and the machine never reads the wall clock.
 *
 * @param policy - the SLA policy (see `definePolicy` and `presets`)
 * @returns an XState v5 machine whose input is a validated intake
 * @example
 * import { createActor } from 'xstate';
 * const machine = createComplaintMachine(presets.guideline);
 * const actor = createActor(machine, { input: parseIntake(raw) }).start();
 */
export function createComplaintMachine(policy: Policy = guidelinePolicy) {
  return machineSetup.extend({ actions: actionsFor(policy), guards: guardsFor(policy) }).createMachine(complaintChart);
}
