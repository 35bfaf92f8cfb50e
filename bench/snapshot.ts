// (c) Size of a typical persisted snapshot mid-lifecycle.
import { complaintMachine } from '../src/index.js';
import { walk } from './fixtures.js';

export interface SnapshotBench {
  /** UTF-8 bytes of JSON.stringify(machine.getPersistedSnapshot(snapshot)). */
  bytes: number;
  /** … of which the context. */
  contextBytes: number;
  /** … of which the intake inside the context. */
  intakeBytes: number;
  /** … of which the SLA clocks. */
  slaBytes: number;
  step: string;
}

const size = (x: unknown): number => Buffer.byteLength(JSON.stringify(x), 'utf8');

/** After acknowledge, triage, contact, root cause and proposal: waiting for the customer to accept. */
export function benchSnapshot(): SnapshotBench {
  const s = walk().awaitingCustomer;
  const persisted = complaintMachine.getPersistedSnapshot(s) as unknown as { context: { intake: unknown; sla: unknown } };
  return {
    bytes: size(persisted),
    contextBytes: size(persisted.context),
    intakeBytes: size(persisted.context.intake),
    slaBytes: size(persisted.context.sla),
    step: JSON.stringify(s.value),
  };
}
