import { createComplaintMachine } from './create-machine.js';

export { createComplaintMachine, defaultDepartments, type MachineEvent, type InternalEvent } from './create-machine.js';
export { acceptedEvents, stageOf, stepPath } from './accepted-events.js';
export { labels, SLA_PAUSED_TAG, type StateMeta } from './labels.js';
export { archiveRecord, initialContext } from './records.js';
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
