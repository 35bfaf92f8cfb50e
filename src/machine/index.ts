import { createComplaintMachine } from './create-machine.js';

export { createComplaintMachine, defaultDepartments, SLA_TIMER, type MachineEvent, type SlaDueEvent } from './create-machine.js';
export { acceptedEvents, stageOf, stepPath, stageAndStep } from './accepted-events.js';
export { eventRoles, fileRoles } from './event-roles.js';
export { labels, SLA_PAUSED_TAG, OPEN_TAG, type StateMeta } from './labels.js';
export { archiveRecord, initialContext } from './records.js';
export { ruleViolation, type RuleViolation } from './rules.js';
export { escalationReasons } from './context.js';
export {
  toMermaid,
  toJSONDiagram,
  type MermaidOptions,
  type DiagramState,
  type DiagramTransition,
  type DiagramTransitionKind,
} from './diagram.js';
export type * from './context.js';

/** The machine type for a policy. */
export type ComplaintMachine = ReturnType<typeof createComplaintMachine>;

/**
 * The complaint machine with the default (guideline) policy, for the Stately
 * inspector and Studio and for quick starts.
 *
 * @example
 * import { createActor } from 'xstate';
 * createActor(complaintMachine, { input: intake }).start();
 */
export const complaintMachine: ComplaintMachine = createComplaintMachine();
