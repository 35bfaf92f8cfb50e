// The machine's types and its policy-independent implementations: the
// `notify` and `record` actions the host interprets, and the two named
// delays. Actions and guards that depend on the policy extend this setup.
import { setup } from 'xstate';
import type { ComplaintEvent } from '../schemas/events.js';
import { nextCheck } from '../sla/clock.js';
import type { ArchiveRecord, ComplaintContext, ComplaintInput, Notification } from './context.js';
import type { AuditRecord } from './effects.js';

/** The id and event type of the one SLA timer: it fires at the next warning or deadline of any counting clock. */
export const SLA_TIMER = 'sla.due';

/** The SLA timer's event (sent by the host when the timer is due). */
export interface SlaDueEvent {
  type: typeof SLA_TIMER;
}

/** Every event the machine handles: the public events and the SLA timer. */
export type MachineEvent = ComplaintEvent | SlaDueEvent;

/** The base setup: types, the host-interpreted actions and the named delays. */
export const machineSetup = setup({
  types: {
    context: {} as ComplaintContext,
    events: {} as MachineEvent,
    input: {} as ComplaintInput,
    output: {} as ArchiveRecord,
  },
  actions: {
    /** Delivered by the host (the desk turns it into an outbox message). */
    notify: (_args, _params: Notification) => {},
    /** Recorded by the host (the desk writes it to the timeline). */
    record: (_args, _params: AuditRecord) => {},
  },
  delays: {
    /** Until the next warning or deadline of any counting clock. */
    slaDue: ({ context }) => Math.max(0, (nextCheck(context.sla) ?? context.now) - context.now),
    /** Until the re-open window closes and the complaint is archived. */
    reopenWindowEnd: ({ context }) => Math.max(0, (context.milestones.reopenUntil ?? context.now) - context.now),
  },
});
