// Shared inputs: a realistic intake, the actors, and the complaint walked to the
// snapshots the benchmarks start from.
import { initialTransition, transition, type AnyMachineSnapshot } from 'xstate';
import { complaintMachine, parseIntake, type Actor, type ComplaintEvent } from '../src/index.js';

/** Monday 2026-11-23 09:00 in Shanghai. */
export const T0 = Date.parse('2026-11-23T09:00:00+08:00');
const MIN = 60_000;

export const agent: Actor = { id: 'agent-0042', role: 'agent' };
export const handler: Actor = { id: 'handler-0007', role: 'handler' };
export const customer: Actor = { id: 'cust-88123', role: 'customer' };

/** A typical intake: full customer record, a few sentences of description. */
export const intake = parseIntake({
  id: 'CMP-2026-000123',
  customer: { id: customer.id, name: 'Li Lei', phone: '+86 138 0000 1234', email: 'li.lei@example.com' },
  channel: 'phone',
  description:
    'The KT-200 kettle bought on 12 November leaks at the seam after two days of use; the base is wet and the plug got warm. ' +
    'The customer is worried about safety and has stopped using it.',
  product: 'KT-200 electric kettle',
  order: 'SO-2026-1112-0457',
  demand: 'A replacement kettle and compensation for the trouble',
  emotion: 'anxious',
  motive: 'compensation',
  filedAt: T0,
});

/** Each snapshot along a typical lifecycle, keyed by step. */
export interface Walk {
  registered: AnyMachineSnapshot;
  classifying: AnyMachineSnapshot;
  contacting: AnyMachineSnapshot;
  verifying: AnyMachineSnapshot;
  drafting: AnyMachineSnapshot;
  awaitingCustomer: AnyMachineSnapshot;
  inProgress: AnyMachineSnapshot;
}

export const events = {
  acknowledge: { type: 'ACKNOWLEDGE', at: T0 + 10 * MIN, actor: agent },
  triage: { type: 'TRIAGE', at: T0 + 30 * MIN, actor: agent, categories: ['product_quality'], severity: 'general', department: 'quality', assignee: handler.id },
  contact: { type: 'CONTACT_CUSTOMER', at: T0 + 90 * MIN, actor: handler, summary: 'Called the customer; photos of the leak received by e-mail.' },
  rootCause: { type: 'RECORD_ROOT_CAUSE', at: T0 + 240 * MIN, actor: handler, method: 'five_whys', cause: 'Seal from supplier batch 2026-41 out of tolerance.', liability: 'supplier' },
  propose: { type: 'PROPOSE', at: T0 + 300 * MIN, actor: handler, remedies: ['replace', 'voucher'], compensation: 100, commitments: ['Recall check on batch 2026-41'], executeBy: T0 + 3 * 24 * 60 * MIN },
  accept: { type: 'ACCEPT', at: T0 + 360 * MIN, actor: customer },
} satisfies Record<string, ComplaintEvent>;

/** Walk the default machine through acknowledge, triage, contact, root cause, proposal, acceptance. */
export function walk(): Walk {
  const m = complaintMachine;
  const [registered] = initialTransition(m, intake);
  const [classifying] = transition(m, registered, events.acknowledge);
  const [contacting] = transition(m, classifying, events.triage);
  const [verifying] = transition(m, contacting, events.contact);
  const [drafting] = transition(m, verifying, events.rootCause);
  const [awaitingCustomer] = transition(m, drafting, events.propose);
  const [inProgress] = transition(m, awaitingCustomer, events.accept);
  return { registered, classifying, contacting, verifying, drafting, awaitingCustomer, inProgress };
}
