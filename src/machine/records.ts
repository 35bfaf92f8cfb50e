import { ValidationError, type ValidationIssue } from '../errors.js';
import type { ArchiveRecord, ComplaintContext, ComplaintInput, Proposal } from './context.js';
import type { ClockName } from '../schemas/events.js';

/**
 * Thrown when the machine is started without an intake. XState's pure
 * `transition()` builds a throw-away actor without input on every call, so
 * this is one pre-built error: throwing it costs no stack capture.
 */
const missingInput = new ValidationError('input', [
  { code: 'custom', path: [], message: 'the complaint machine needs a validated intake as input', input: undefined } as ValidationIssue,
]);

// The parts of a new complaint's context that are the same for every
// complaint, shared (and frozen): every change to a context copies the part
// it changes, so a part no step has touched yet costs one copy for all open
// complaints instead of one each.
const frozen = <T extends object>(v: T): Readonly<T> => Object.freeze(v);
const NONE: never[] = frozen([]) as never[];
const NO_CLASSIFICATION = frozen({ product: null, cause: null });
const NO_ESCALATION: ComplaintContext['escalation'] = frozen({
  level: 0,
  max: 0,
  count: 0,
  byReason: frozen({ breach: 0, manual: 0, objection: 0, urgent: 0, reopen: 0 }),
  byLevel: NONE,
});
const NO_MILESTONES: ComplaintContext['milestones'] = frozen({ acknowledgedAt: null, contactedAt: null, closedAt: null, reopenUntil: null, archivedAt: null });
const NO_RESOLUTION: ComplaintContext['resolution'] = frozen({ rootCause: null, proposal: null, followUp: null, outcome: null, closingNote: null, decision: null, redressPaid: null });
const countsOf = (backdated: number): ComplaintContext['counts'] =>
  frozen({ infoRequests: 0, proposals: 0, objections: 0, executionIssues: 0, progressReports: 0, reopens: 0, extensions: 0, breaches: frozen(noBreaches()), backdated });
const NO_COUNTS = [countsOf(0), countsOf(1)] as const;

/**
 * The machine's initial context for a validated intake.
 *
 * @param input - a parsed intake (`parseIntake`), with its `filedAt`
 * @returns the context a complaint starts with: no routing, clocks or milestones yet
 * @example
 * const ctx = initialContext(parseIntake({ ...raw, filedAt: Date.now() }));
 * ctx.escalation.level; // 0
 */
export function initialContext(input: ComplaintInput): ComplaintContext {
  if (input === undefined || input === null) throw missingInput;
  const { id, reportedAt: _reported, ...intake } = input;
  const c = input.classification;
  return {
    id: id ?? null,
    intake,
    now: input.filedAt,
    routing: {
      categories: input.categories ? [...input.categories] : NONE,
      severity: null,
      department: null,
      assignee: null,
      classification: c ? { product: c.product ?? null, cause: c.cause ?? null } : NO_CLASSIFICATION,
      vulnerability: input.vulnerability ? [...new Set(input.vulnerability)] : NONE,
    },
    escalation: NO_ESCALATION,
    sla: {},
    milestones: NO_MILESTONES,
    resolution: NO_RESOLUTION,
    counts: NO_COUNTS[input.reportedAt === undefined ? 0 : 1],
    involved: NONE,
  };
}

/**
 * The archive record (machine output) of an archived complaint.
 *
 * @param ctx - the complaint's context
 * @returns what the archive keeps: outcome, milestones, deadlines met and breached, classification, decision, redress paid
 * @example
 * const [archived] = transition(complaintMachine, closedSnapshot, { type: 'xstate.after.reopenWindowEnd.closed' });
 * archiveRecord(archived.context).outcome; // 'resolved'
 */
export function archiveRecord(ctx: ComplaintContext): ArchiveRecord {
  return {
    id: ctx.id,
    customerId: ctx.intake.customer.id,
    channel: ctx.intake.channel,
    categories: ctx.routing.categories,
    severity: ctx.routing.severity,
    department: ctx.routing.department,
    outcome: ctx.resolution.outcome ?? 'resolved',
    filedAt: ctx.intake.filedAt,
    closedAt: ctx.milestones.closedAt ?? ctx.now,
    archivedAt: ctx.milestones.archivedAt ?? ctx.now,
    rootCause: ctx.resolution.rootCause,
    proposal: ctx.resolution.proposal,
    satisfaction: ctx.resolution.followUp?.satisfaction ?? null,
    objections: ctx.counts.objections,
    reopens: ctx.counts.reopens,
    maxEscalationLevel: ctx.escalation.max,
    breaches: { ...ctx.counts.breaches },
    closingNote: ctx.resolution.closingNote,
    classification: ctx.routing.classification,
    decision: ctx.resolution.decision,
    redressPaid: ctx.resolution.redressPaid,
  };
}

/** Zero breaches on every clock (a fixed shape, so that updates never add keys). */
export function noBreaches(): Record<ClockName, number> {
  return {
    acknowledge: 0,
    triage: 0,
    firstContact: 0,
    proposal: 0,
    execution: 0,
    followUp: 0,
    resolution: 0,
    regulatory: 0,
  };
}

/** A proposal written out in full, in one fixed key order (see `clockOf` in sla/clock.ts). */
export function proposalOf(
  p: Omit<Proposal, 'approvedBy' | 'approvedAt' | 'acceptedAt' | 'acceptance'>,
  approvedBy: Proposal['approvedBy'],
  approvedAt: number | undefined,
  acceptedAt: number | undefined,
  acceptance: Proposal['acceptance'],
): Proposal {
  return {
    remedies: p.remedies,
    compensation: p.compensation,
    commitments: p.commitments,
    executeBy: p.executeBy,
    proposedAt: p.proposedAt,
    proposedBy: p.proposedBy,
    approvedBy,
    approvedAt,
    acceptedAt,
    acceptance,
  };
}
