import type { Actor, Category, Severity } from '../schemas/common.js';
import type { ClockName, Liability, Remedy, RootCauseMethod, Satisfaction } from '../schemas/events.js';
import type { Decision, VulnerabilityDriver } from '../schemas/classification.js';
import type { Channel, Intake } from '../schemas/intake.js';
import type { SlaClock } from '../sla/clock.js';

/** How a complaint ended. */
export type Outcome = 'resolved' | 'resolved_on_first_contact' | 'withdrawn' | 'unresolvable';

/** Why the escalation level changed. */
export type EscalationReason = 'breach' | 'manual' | 'objection' | 'urgent' | 'reopen';

/** Every escalation reason, in a fixed order. */
export const escalationReasons: readonly EscalationReason[] = ['breach', 'manual', 'objection', 'urgent', 'reopen'];

/**
 * One change of escalation level. Kept in the timeline (entries of kind
 * `escalation`), not in the context: the context keeps counts only.
 */
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
  approvedBy?: Actor | undefined;
  approvedAt?: number | undefined;
  /** Set when the customer accepted. */
  acceptedAt?: number | undefined;
  /** Who recorded the acceptance and how the customer confirmed it (方案确认书). */
  acceptance?: Acceptance | undefined;
}

/** The customer's side of an accepted proposal. */
export interface Acceptance {
  /** Who sent `ACCEPT`: the customer, or staff recording the customer's confirmation. */
  by: Actor;
  /** The channel the confirmation came through, when given. */
  channel: Channel | null;
  /** A reference to the signed form, recording or message, when given. */
  reference: string | null;
}

/** The recorded root cause of a complaint. */
export interface RootCause {
  method: RootCauseMethod;
  cause: string;
  liability: Liability;
  at: number;
  by: string;
}

/** The satisfaction follow-up of the latest round. */
export interface FollowUpRecord {
  satisfaction: Satisfaction;
  at: number;
  /** Who recorded it (absent on complaints migrated from machine version 1). */
  by?: string;
  comment?: string;
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

/** Who handles the complaint: classification and responsibility. */
export interface Routing {
  categories: Category[];
  severity: Severity | null;
  department: string | null;
  assignee: string | null;
  /** Product and cause codes for returns (from intake, set or corrected at triage). */
  classification: { product: string | null; cause: string | null };
  /** Drivers of the customer's vulnerability (sensitive). */
  vulnerability: VulnerabilityDriver[];
}

/** The escalation ladder position and its lifetime counts. */
export interface Escalation {
  /** Current level (0 = the first rung, `agent` by default). */
  level: number;
  /** Highest level reached over the complaint's whole life. */
  max: number;
  /** Level changes upwards over the whole life. */
  count: number;
  /** Level changes upwards by reason. */
  byReason: Record<EscalationReason, number>;
  /** How often each level was reached (index = level). */
  byLevel: number[];
}

/** When the complaint passed its milestones (epoch ms, latest round). */
export interface Milestones {
  acknowledgedAt: number | null;
  contactedAt: number | null;
  closedAt: number | null;
  /** Until when the customer may re-open (set on closing). */
  reopenUntil: number | null;
  archivedAt: number | null;
}

/** What the investigation and the remedy found and agreed (latest round). */
export interface Resolution {
  rootCause: RootCause | null;
  /** The current (latest) proposal. */
  proposal: Proposal | null;
  followUp: FollowUpRecord | null;
  outcome: Outcome | null;
  /** Why it closed without remedy (withdrawn, unresolvable) or the first-contact summary. */
  closingNote: string | null;
  /** The firm's decision (upheld or not), as given with the proposal, a first-contact resolution or an unresolvable declaration. */
  decision: Decision | null;
  /** Redress actually paid: given at execution or first-contact resolution, else the accepted compensation once executed. */
  redressPaid: number | null;
}

/** Lifetime counters. The events themselves (texts, who, when) are in the timeline. */
export interface Counts {
  infoRequests: number;
  proposals: number;
  objections: number;
  executionIssues: number;
  progressReports: number;
  reopens: number;
  extensions: number;
  /** Breaches per clock over the complaint's whole life (all rounds). */
  breaches: Record<ClockName, number>;
  /** Events applied with a time earlier than when they were reported (a backdating privilege). */
  backdated: number;
}

/**
 * The machine's context: plain JSON, bounded in size, never read from the
 * wall clock. Ten top-level keys, grouped by concern, so that the copy each
 * step makes stays cheap. Unbounded history (notes, progress reports,
 * objections, extensions, escalation steps) lives in the desk's timeline.
 */
export interface ComplaintContext {
  id: string | null;
  /** The intake as filed; never changes. */
  intake: Omit<Intake, 'id'>;
  /** The time of the latest change the machine recorded. */
  now: number;
  routing: Routing;
  escalation: Escalation;
  sla: Partial<Record<ClockName, SlaClock>>;
  milestones: Milestones;
  resolution: Resolution;
  counts: Counts;
  /**
   * Ids of everyone who handled the complaint at any time: every assignee,
   * and whoever contacted the customer, asked for information, recorded the
   * root cause, proposed, approved or declined, reported progress or an
   * execution issue, completed the execution, or reassigned it. The
   * satisfaction follow-up must be done by someone else.
   */
  involved: string[];
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
  rootCause: RootCause | null;
  proposal: Proposal | null;
  satisfaction: Satisfaction | null;
  objections: number;
  reopens: number;
  maxEscalationLevel: number;
  breaches: Record<ClockName, number>;
  closingNote: string | null;
  /** Product and cause codes. */
  classification: { product: string | null; cause: string | null };
  decision: Decision | null;
  redressPaid: number | null;
}

/** Input of the machine: a validated intake, with the id the host assigned. */
export type ComplaintInput = Intake;
