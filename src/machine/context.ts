import type { Actor, Category, Role, Severity } from '../schemas/common.js';
import type { ClockName, Remedy, Satisfaction } from '../schemas/events.js';
import type { Intake } from '../schemas/intake.js';
import type { SlaClock } from '../sla/clock.js';

/** How a complaint ended. */
export type Outcome = 'resolved' | 'resolved_on_first_contact' | 'withdrawn' | 'unresolvable';

/** Why the escalation level changed. */
export type EscalationReason = 'breach' | 'manual' | 'objection' | 'urgent' | 'reopen';

/** One change of escalation level. */
export interface EscalationStep {
  at: number;
  from: number;
  to: number;
  reason: EscalationReason;
  /** The clock whose breach caused it. */
  clock?: ClockName;
  /** Who escalated by hand. */
  by?: string;
}

/** A remedy proposal. */
export interface Proposal {
  remedies: Remedy[];
  compensation: number;
  commitments: string[];
  executeBy: number;
  proposedAt: number;
  proposedBy: Actor;
  /** Set when approval was needed and granted. */
  approvedBy?: Actor;
  approvedAt?: number;
  /** Set when the customer accepted. */
  acceptedAt?: number;
}

/** A notification the machine asks the host to deliver (the desk turns it into an outbox message). */
export interface Notification {
  /** What happened, e.g. `sla.breached`, `proposal.sent`. */
  kind: string;
  /** Recipients: `customer:<id>`, `user:<id>`, `department:<name>`, `role:<role>` or a ladder contact. */
  to: string[];
  /** Details for the template. */
  data: Record<string, string | number | boolean | null>;
}

/** The machine's context: plain JSON, small, never read from the wall clock. */
export interface ComplaintContext {
  id: string | null;
  intake: Omit<Intake, 'id'>;
  /** The time of the latest event or timer the machine processed. */
  now: number;
  categories: Category[];
  severity: Severity | null;
  department: string | null;
  assignee: string | null;
  escalation: { level: number; max: number; history: EscalationStep[] };
  sla: Partial<Record<ClockName, SlaClock>>;
  acknowledgedAt: number | null;
  contactedAt: number | null;
  infoRequests: number;
  rootCause: { method: string; cause: string; liability: string; at: number; by: string } | null;
  proposal: Proposal | null;
  proposals: number;
  objections: { at: number; text: string }[];
  executionIssues: number;
  progressReports: number;
  followUp: { satisfaction: Satisfaction; at: number; comment?: string } | null;
  outcome: Outcome | null;
  closedAt: number | null;
  /** Why it closed without remedy (withdrawn, unresolvable) or the first-contact summary. */
  closingNote: string | null;
  /** Until when the customer may re-open (set on closing). */
  reopenUntil: number | null;
  reopens: number;
  extensions: { at: number; clock: ClockName; until: number; reason: string }[];
  notes: { at: number; by: string; role: Role; text: string }[];
  archivedAt: number | null;
  /** Breaches per clock over the complaint's whole life (all rounds). */
  breaches: Partial<Record<ClockName, number>>;
  /** Internal: an `sla.rearm` is queued in the current macrostep. */
  rearmPending: boolean;
}

/** The machine's output once archived: the complaint's archive record. */
export interface ArchiveRecord {
  id: string | null;
  customerId: string;
  channel: Intake['channel'];
  categories: Category[];
  severity: Severity | null;
  department: string | null;
  outcome: Outcome;
  filedAt: number;
  closedAt: number;
  archivedAt: number;
  rootCause: ComplaintContext['rootCause'];
  proposal: Proposal | null;
  satisfaction: Satisfaction | null;
  objections: number;
  reopens: number;
  maxEscalationLevel: number;
  breaches: Partial<Record<ClockName, number>>;
  closingNote: string | null;
}

/** Input of the machine: a validated intake, with the id the host assigned. */
export type ComplaintInput = Intake;
