import { ValidationError, type ValidationIssue } from '../errors.js';
import type { ArchiveRecord, ComplaintContext, ComplaintInput } from './context.js';

/**
 * Thrown when the machine is started without an intake. XState's pure
 * `transition()` builds a throw-away actor without input on every call, so
 * this is one pre-built error: throwing it costs no stack capture.
 */
const missingInput = new ValidationError('input', [
  { code: 'custom', path: [], message: 'the complaint machine needs a validated intake as input', input: undefined } as ValidationIssue,
]);

/** The machine's initial context for a validated intake. */
export function initialContext(input: ComplaintInput): ComplaintContext {
  if (input === undefined || input === null) throw missingInput;
  const { id, ...intake } = input;
  return {
    id: id ?? null,
    intake,
    now: input.filedAt,
    categories: input.categories ? [...input.categories] : [],
    severity: null,
    department: null,
    assignee: null,
    escalation: { level: 0, max: 0, history: [] },
    sla: {},
    acknowledgedAt: null,
    contactedAt: null,
    infoRequests: 0,
    rootCause: null,
    proposal: null,
    proposals: 0,
    objections: [],
    executionIssues: 0,
    progressReports: 0,
    followUp: null,
    outcome: null,
    closedAt: null,
    closingNote: null,
    reopenUntil: null,
    reopens: 0,
    extensions: [],
    notes: [],
    archivedAt: null,
    breaches: {},
    rearmPending: false,
  };
}

/** The archive record (machine output) of an archived complaint. */
export function archiveRecord(ctx: ComplaintContext): ArchiveRecord {
  return {
    id: ctx.id,
    customerId: ctx.intake.customer.id,
    channel: ctx.intake.channel,
    categories: ctx.categories,
    severity: ctx.severity,
    department: ctx.department,
    outcome: ctx.outcome ?? 'resolved',
    filedAt: ctx.intake.filedAt,
    closedAt: ctx.closedAt ?? ctx.now,
    archivedAt: ctx.archivedAt ?? ctx.now,
    rootCause: ctx.rootCause,
    proposal: ctx.proposal,
    satisfaction: ctx.followUp?.satisfaction ?? null,
    objections: ctx.objections.length,
    reopens: ctx.reopens,
    maxEscalationLevel: ctx.escalation.max,
    breaches: { ...ctx.breaches },
    closingNote: ctx.closingNote,
  };
}
