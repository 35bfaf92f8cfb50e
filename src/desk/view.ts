// What the desk returns: the searchable summary (list), the view of a
// complaint's state (file / send), and the details with its content and
// history (get). All plain, serialisable JSON; instants in epoch ms.
import type { AnyMachineSnapshot, StateValue } from 'xstate';
import type { ComplaintStatus, ComplaintSummary, DeadlineStatus, DeadlineView, PersistedComplaintSnapshot, Stage, TimelineEntry } from '../adapters/types.js';
import type { ComplaintContext, Counts, EscalationStep, FollowUpRecord, Milestones, Outcome, Proposal, RootCause, Routing } from '../machine/context.js';
import { acceptedEvents, stageAndStep } from '../machine/accepted-events.js';
import { SLA_PAUSED_TAG } from '../machine/labels.js';
import type { Decision } from '../schemas/classification.js';
import type { Actor, Role } from '../schemas/common.js';
import type { ClockName, EventType } from '../schemas/events.js';
import type { Customer, Intake } from '../schemas/intake.js';
import type { SlaClock } from '../sla/clock.js';
import type { Policy } from '../sla/policy.js';

/** What `file` and `send` return: the complaint's state, deadlines and what can happen next. */
export interface ComplaintView extends ComplaintSummary {
  /** The XState state value, e.g. `{ open: { investigating: 'verifying' } }`. */
  state: StateValue;
  /** Name of the escalation level (e.g. `supervisor`). */
  escalationName: string;
  /** Every SLA clock the complaint has, with its status. */
  deadlines: DeadlineView[];
  /** Event types the current state takes, for the role asking (all roles when none). */
  accepted: EventType[];
  /** State tags (`open`, `slaPaused`). */
  tags: string[];
  /** The SLA clocks are paused (waiting on the customer). */
  paused: boolean;
}

/** One dated entry of a complaint's history, from the timeline. */
export interface HistoryEntry<T> {
  at: number;
  by: Actor;
  /** When it was reported, if it was dated earlier (backdated). */
  reportedAt?: number;
  value: T;
}

/** History only staff see: internal notes, the escalation steps and who handled the complaint. */
export interface InternalDetails {
  notes: HistoryEntry<string>[];
  escalations: EscalationStep[];
  /** Everyone who handled the complaint (they may not record the satisfaction follow-up). */
  involved: string[];
}

/**
 * What `get` returns: the view plus the complaint's content — customer,
 * intake, routing, milestones, root cause, proposal, follow-up, outcome,
 * counts — and its history from the timeline (objections, progress,
 * extensions …). `internal` is there for staff only.
 */
export interface ComplaintDetails extends ComplaintView {
  customer: Customer;
  intake: Omit<Intake, 'id' | 'customer' | 'reportedAt'>;
  routing: Routing;
  milestones: Milestones;
  rootCause: RootCause | null;
  /** The current proposal. */
  proposal: Proposal | null;
  followUp: FollowUpRecord | null;
  closingNote: string | null;
  /** The firm's decision (upheld, partially upheld, not upheld), when given. */
  decision: Decision | null;
  /** Redress paid so far (all rounds), when any was recorded. */
  redressPaid: number | null;
  counts: Counts;
  history: {
    /** Every proposal made, oldest first. */
    proposals: HistoryEntry<{ remedies: string[]; compensation: number; commitments: string[]; executeBy: number }>[];
    objections: HistoryEntry<string>[];
    infoRequests: HistoryEntry<string>[];
    infoProvided: HistoryEntry<{ info: string; attachments: string[] }>[];
    progress: HistoryEntry<string>[];
    executionIssues: HistoryEntry<{ issue: string; kind: string | null }>[];
    /** Extensions, with the channel the customer was told through when the event named it. */
    extensions: HistoryEntry<{ clock: ClockName; until: number; reason: string; notice: string | null }>[];
    followUps: HistoryEntry<{ satisfaction: string; comment: string | null }>[];
    reopens: HistoryEntry<string>[];
    reassignments: HistoryEntry<{ assignee: string | null; department: string | null; reason: string | null }>[];
  };
  /** Staff only (absent when a customer asks). */
  internal?: InternalDetails;
}

/** The status shown for a clock. */
export function deadlineStatus(c: SlaClock): DeadlineStatus {
  switch (c.state) {
    case 'paused':
      return 'paused';
    case 'met':
      return 'met';
    case 'stopped':
      return 'stopped';
    case 'overdue':
      return 'breached';
    default:
      return c.breaches > 0 ? 'breached' : c.warnings > 0 ? 'warned' : 'pending';
  }
}

function deadlines(ctx: ComplaintContext): DeadlineView[] {
  const out: DeadlineView[] = [];
  for (const clock in ctx.sla) {
    const c = ctx.sla[clock as ClockName]!;
    out.push({ clock: clock as ClockName, rule: c.rule, deadline: c.deadline, status: deadlineStatus(c), warnings: c.warnings, breaches: c.breaches, endedAt: c.endedAt ?? null });
  }
  return out;
}

const statusOf = (stage: string): ComplaintStatus => (stage === 'archived' ? 'archived' : stage === 'closed' ? 'closed' : 'open');

/** The searchable summary of a snapshot (live or persisted). `updatedAt` is the latest change recorded. */
export function summarize(id: string, version: number, snapshot: Pick<AnyMachineSnapshot, 'value' | 'context'> | PersistedComplaintSnapshot, updatedAt: number): ComplaintSummary {
  const ctx = snapshot.context as ComplaintContext;
  const { stage, step } = stageAndStep(snapshot.value);
  let breached = false;
  let warned = false;
  let nextDeadline: number | null = null;
  for (const name in ctx.sla) {
    const c = ctx.sla[name as ClockName]!;
    if (c.state === 'met' || c.state === 'stopped') continue;
    if (c.breaches > 0 || c.state === 'overdue') breached = true;
    else if (c.warnings > 0) warned = true;
    if (c.state === 'running' && (nextDeadline === null || c.deadline < nextDeadline)) nextDeadline = c.deadline;
  }
  return {
    id,
    version,
    stage: stage as Stage,
    step,
    status: statusOf(stage),
    severity: ctx.routing.severity,
    categories: ctx.routing.categories,
    department: ctx.routing.department,
    assignee: ctx.routing.assignee,
    customerId: ctx.intake.customer.id,
    channel: ctx.intake.channel,
    escalationLevel: ctx.escalation.level,
    outcome: ctx.resolution.outcome as Outcome | null,
    filedAt: ctx.intake.filedAt,
    updatedAt,
    closedAt: ctx.milestones.closedAt,
    breached,
    atRisk: warned && !breached,
    nextDeadline,
  };
}

/** The view of a snapshot, with the events `role` may send (all when no role). */
export function viewOf(policy: Policy, summary: ComplaintSummary, snapshot: AnyMachineSnapshot, role?: Role): ComplaintView {
  const ctx = snapshot.context as ComplaintContext;
  const tags = [...snapshot.tags].sort();
  return {
    id: summary.id,
    version: summary.version,
    stage: summary.stage,
    step: summary.step,
    status: summary.status,
    severity: summary.severity,
    categories: summary.categories,
    department: summary.department,
    assignee: summary.assignee,
    customerId: summary.customerId,
    channel: summary.channel,
    escalationLevel: summary.escalationLevel,
    outcome: summary.outcome,
    filedAt: summary.filedAt,
    updatedAt: summary.updatedAt,
    closedAt: summary.closedAt,
    breached: summary.breached,
    atRisk: summary.atRisk,
    nextDeadline: summary.nextDeadline,
    state: snapshot.value,
    escalationName: policy.escalation.levels[ctx.escalation.level]?.name ?? String(ctx.escalation.level),
    deadlines: deadlines(ctx),
    accepted: acceptedEvents(snapshot, role),
    tags,
    paused: tags.includes(SLA_PAUSED_TAG),
  };
}

const entry = <T>(e: TimelineEntry, value: T): HistoryEntry<T> =>
  typeof e.data.reportedAt === 'number' ? { at: e.at, by: e.actor, reportedAt: e.data.reportedAt, value } : { at: e.at, by: e.actor, value };
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const strOrNull = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/**
 * The details of a complaint: its view, content and history.
 *
 * @param view - the complaint's view
 * @param snapshot - its snapshot
 * @param timeline - its timeline
 * @param staff - whether the reader is staff (internal history included)
 */
export function detailsOf(view: ComplaintView, snapshot: AnyMachineSnapshot, timeline: readonly TimelineEntry[], staff: boolean): ComplaintDetails {
  const ctx = snapshot.context as ComplaintContext;
  const { customer, reportedAt: _r, ...intake } = ctx.intake;
  const h: ComplaintDetails['history'] = {
    proposals: [],
    objections: [],
    infoRequests: [],
    infoProvided: [],
    progress: [],
    executionIssues: [],
    extensions: [],
    followUps: [],
    reopens: [],
    reassignments: [],
  };
  const notes: HistoryEntry<string>[] = [];
  const escalations: EscalationStep[] = [];
  for (const e of timeline) {
    const d = e.data;
    if (e.kind === 'escalation' && e.type === 'escalation') {
      escalations.push(d as unknown as EscalationStep);
      continue;
    }
    if (e.kind !== 'event') continue;
    switch (e.type) {
      case 'PROPOSE':
        h.proposals.push(entry(e, { remedies: (d.remedies as string[]) ?? [], compensation: Number(d.compensation ?? 0), commitments: (d.commitments as string[]) ?? [], executeBy: Number(d.executeBy) }));
        break;
      case 'OBJECT':
        h.objections.push(entry(e, str(d.objection)));
        break;
      case 'REQUEST_INFO':
        h.infoRequests.push(entry(e, str(d.request)));
        break;
      case 'PROVIDE_INFO':
        h.infoProvided.push(entry(e, { info: str(d.info), attachments: (d.attachments as string[]) ?? [] }));
        break;
      case 'REPORT_PROGRESS':
        h.progress.push(entry(e, str(d.progress)));
        break;
      case 'REPORT_EXECUTION_ISSUE':
        h.executionIssues.push(entry(e, { issue: str(d.issue), kind: strOrNull(d.kind) }));
        break;
      case 'EXTEND':
        h.extensions.push(
          entry(e, {
            clock: (d.clock as ClockName | undefined) ?? 'resolution',
            until: Number(d.until),
            reason: str(d.reason),
            notice: strOrNull((d.notice as { channel?: unknown } | undefined)?.channel),
          }),
        );
        break;
      case 'RECORD_FOLLOW_UP':
        h.followUps.push(entry(e, { satisfaction: str(d.satisfaction), comment: strOrNull(d.comment) }));
        break;
      case 'REOPEN':
        h.reopens.push(entry(e, str(d.reason)));
        break;
      case 'REASSIGN':
        h.reassignments.push(entry(e, { assignee: strOrNull(d.assignee), department: strOrNull(d.department), reason: strOrNull(d.reason) }));
        break;
      case 'ADD_NOTE':
        notes.push(entry(e, str(d.note)));
        break;
    }
  }
  const details: ComplaintDetails = {
    ...view,
    customer,
    intake,
    routing: ctx.routing,
    milestones: ctx.milestones,
    rootCause: ctx.resolution.rootCause,
    proposal: ctx.resolution.proposal,
    followUp: ctx.resolution.followUp,
    closingNote: ctx.resolution.closingNote,
    decision: ctx.resolution.decision,
    redressPaid: ctx.resolution.redressPaid,
    counts: ctx.counts,
    history: h,
  };
  if (staff) details.internal = { notes, escalations, involved: [...ctx.involved] };
  return details;
}
