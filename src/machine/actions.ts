// The machine's named actions. Each transition runs one of them: it checks
// that it got the event it was wired to (assertEvent), computes the next
// context with the pure effects, and enqueues one assign, the notifications,
// the audit records and — when the next SLA check moved — the timer change
// (cancel `sla.due`, raise it again with the `slaDue` delay).
import { assertEvent } from 'xstate';
import { nextCheck } from '../sla/clock.js';
import type { Policy } from '../sla/policy.js';
import type { ComplaintContext } from './context.js';
import {
  classify,
  close,
  defaultDepartments,
  escalateTo,
  extend,
  handlerId,
  involve,
  meet,
  none,
  pause,
  processDue,
  recordProposal,
  reopen,
  requestApproval,
  resume,
  route,
  sendProposal,
  stamp,
  startExecution,
  startFirstContact,
  startRegulatory,
  startTarget,
  stop,
  customerAddress,
  owners,
  type Effect,
} from './effects.js';
import { proposalOf } from './records.js';
import { machineSetup, SLA_TIMER, type MachineEvent } from './setup.js';

type Of<T extends MachineEvent['type']> = Extract<MachineEvent, { type: T }>;

/** An effect with a notification appended. */
const tell = (e: Effect, kind: string, to: string[], data: Record<string, string | number | boolean | null> = {}): Effect => ({
  context: e.context,
  notify: [...e.notify, { kind, to, data }],
  records: e.records,
});
const fx = (context: ComplaintContext): Effect => none(context);

/**
 * An action bound to the event types it handles: stamps the time, applies
 * the effect, counts a backdated event, and enqueues what the step implies.
 */
function act<T extends MachineEvent['type']>(types: T | readonly T[], f: (ctx: ComplaintContext, event: Of<T>) => Effect) {
  return machineSetup.enqueueActions(({ context, event, enqueue }) => {
    assertEvent(event, types as T);
    const e = event as unknown as Of<T>;
    const before = nextCheck(context.sla);
    let start = 'at' in e ? stamp(context, e.at) : context;
    if ('reportedAt' in e && e.reportedAt !== undefined) start = { ...start, counts: { ...start.counts, backdated: start.counts.backdated + 1 } };
    const r = f(start, e);
    if (r.context !== context) enqueue.assign(r.context);
    for (const n of r.notify) enqueue({ type: 'notify', params: n });
    for (const rec of r.records) enqueue({ type: 'record', params: rec });
    const after = nextCheck(r.context.sla);
    if (after !== before) {
      if (before !== undefined) enqueue.cancel(SLA_TIMER);
      if (after !== undefined) enqueue.raise({ type: SLA_TIMER }, { id: SLA_TIMER, delay: 'slaDue' });
    }
  });
}

/**
 * The named actions of the machine for a policy.
 *
 * @param policy - the SLA policy
 * @returns action implementations keyed by name
 */
export function actionsFor(policy: Policy) {
  const deptFor = (ctx: ComplaintContext, e: Of<'TRIAGE'>) =>
    e.department ?? defaultDepartments[e.categories[0] ?? ctx.routing.categories[0] ?? 'other'] ?? 'customer_service';
  /** Classify, route, and (entering investigating) start the first-contact clock. */
  const triage = (ctx: ComplaintContext, e: Of<'TRIAGE'>, department: string, urgent: boolean): Effect => {
    let r = fx(classify(policy, coded(ctx, e), e.categories, e.severity));
    if (urgent) {
      const up = escalateTo(policy, r.context, policy.escalation.urgentStartLevel, 'urgent', r.context.now);
      r = up;
    }
    const routed = route(r.context, department, e.assignee);
    return { context: startFirstContact(policy, routed.context), notify: [...r.notify, ...routed.notify], records: r.records };
  };
  const customer = (ctx: ComplaintContext) => [customerAddress(ctx)];
  /** Triage's product and cause codes and vulnerability drivers, where it gives them. */
  const coded = (ctx: ComplaintContext, e: Of<'TRIAGE'>): ComplaintContext => {
    if (e.classification === undefined && e.vulnerability === undefined) return ctx;
    const was = ctx.routing.classification;
    return {
      ...ctx,
      routing: {
        ...ctx.routing,
        classification: { product: e.classification?.product ?? was.product, cause: e.classification?.cause ?? was.cause },
        vulnerability: e.vulnerability ? [...new Set(e.vulnerability)] : ctx.routing.vulnerability,
      },
    };
  };
  /** The firm's decision and redress paid, where the event gives them. */
  const decided = (ctx: ComplaintContext, decision: ComplaintContext['resolution']['decision'] | undefined, paid?: number): ComplaintContext =>
    decision === undefined && paid === undefined
      ? ctx
      : {
          ...ctx,
          resolution: {
            ...ctx.resolution,
            decision: decision ?? ctx.resolution.decision,
            redressPaid: paid === undefined ? ctx.resolution.redressPaid : (ctx.resolution.redressPaid ?? 0) + paid,
          },
        };
  const outcome = (ctx: ComplaintContext, outcome: NonNullable<ComplaintContext['resolution']['outcome']>, note: string | null): ComplaintContext => ({
    ...ctx,
    resolution: { ...ctx.resolution, outcome, closingNote: note },
  });

  return {
    /** Entering `received` (filing): the acknowledge, resolution and regulatory clocks start; the customer is told. */
    receive: machineSetup.enqueueActions(({ context, enqueue }) => {
      const ctx = startRegulatory(policy, startTarget(policy, startTarget(policy, context, 'acknowledge'), 'resolution'));
      enqueue.assign(ctx);
      enqueue({ type: 'notify', params: { kind: 'complaint.received', to: customer(ctx), data: { channel: ctx.intake.channel } } });
      if (nextCheck(ctx.sla) !== undefined) enqueue.raise({ type: SLA_TIMER }, { id: SLA_TIMER, delay: 'slaDue' });
    }),
    /** Acknowledged to the customer; triage's clock starts. */
    acknowledge: act('ACKNOWLEDGE', (c, e) => {
      const met = meet(c, 'acknowledge', e.reportedAt);
      const ctx = startTarget(policy, { ...met, milestones: { ...met.milestones, acknowledgedAt: c.now } }, 'triage');
      return tell(fx(ctx), 'complaint.acknowledged', customer(c));
    }),
    /** Settled on first contact: acknowledge, triage, resolution and the regulatory deadline are met. */
    resolveOnFirstContact: act('RESOLVE_ON_FIRST_CONTACT', (c, e) => {
      const met = meet(meet(meet(meet(c, 'acknowledge', e.reportedAt), 'triage', e.reportedAt), 'resolution', e.reportedAt), 'regulatory', e.reportedAt);
      return fx(outcome(decided(met, e.decision, e.redressPaid), 'resolved_on_first_contact', e.summary));
    }),
    /** Urgent: escalated at once to the policy's urgent level and routed; first contact starts. */
    routeUrgent: act('TRIAGE', (c, e) => triage(c, e, deptFor(c, e), true)),
    /** General: routed to the category's responsible department; first contact starts. */
    routeToDepartment: act('TRIAGE', (c, e) => triage(c, e, deptFor(c, e), false)),
    /** Normal: handled by the service team itself; first contact starts. */
    routeToServiceTeam: act('TRIAGE', (c, e) => triage(c, e, e.department ?? 'customer_service', false)),
    /** First contact made: its clock is met. */
    recordContact: act('CONTACT_CUSTOMER', (c, e) => {
      const met = meet(c, 'firstContact', e.reportedAt);
      return fx(involve({ ...met, milestones: { ...met.milestones, contactedAt: c.now } }, handlerId(e.actor)));
    }),
    /** Evidence requested from the customer: the clocks pause (the regulatory one only if its rule says so). */
    requestInfo: act('REQUEST_INFO', (c, e) => {
      const ctx = involve(pause(policy, { ...c, counts: { ...c.counts, infoRequests: c.counts.infoRequests + 1 } }), handlerId(e.actor));
      return tell(fx(ctx), 'info.requested', customer(c), { request: e.request });
    }),
    /** Evidence received: the paused clocks resume (paused time does not count). */
    receiveInfo: act('PROVIDE_INFO', (c) => fx(resume(policy, c))),
    /** Root cause and liability recorded; entering resolving starts the proposal clock. */
    recordRootCause: act('RECORD_ROOT_CAUSE', (c, e) => {
      const ctx = { ...c, resolution: { ...c.resolution, rootCause: { method: e.method, cause: e.cause, liability: e.liability, at: c.now, by: e.actor.id } } };
      return fx(startTarget(policy, involve(ctx, handlerId(e.actor)), 'proposal'));
    }),
    /** A proposal above the proposer's authority: the roles that may approve it are asked. */
    requestApproval: act('PROPOSE', (c, e) => {
      const ctx = recordProposal(involve(c, handlerId(e.actor)), {
        remedies: [...e.remedies],
        compensation: e.compensation ?? 0,
        commitments: [...(e.commitments ?? [])],
        executeBy: e.executeBy,
        proposedBy: e.actor,
      });
      return requestApproval(policy, decided(ctx, e.decision));
    }),
    /** A proposal within the proposer's authority goes to the customer; the proposal clock is met. */
    sendProposal: act('PROPOSE', (c, e) => {
      const ctx = recordProposal(involve(c, handlerId(e.actor)), {
        remedies: [...e.remedies],
        compensation: e.compensation ?? 0,
        commitments: [...(e.commitments ?? [])],
        executeBy: e.executeBy,
        proposedBy: e.actor,
      });
      return sendProposal(decided(ctx, e.decision), e.reportedAt);
    }),
    /** Approved by a role whose authority covers it: the proposal goes to the customer. */
    approveProposal: act('APPROVE', (c, e) => {
      const p = c.resolution.proposal;
      const ctx = p ? { ...c, resolution: { ...c.resolution, proposal: proposalOf(p, e.actor, c.now, p.acceptedAt, p.acceptance) } } : c;
      return sendProposal(involve(ctx, handlerId(e.actor)), e.reportedAt);
    }),
    /** Declined: back to drafting; the owners are told why. */
    declineProposal: act('DECLINE', (c, e) => tell(fx(involve(c, handlerId(e.actor))), 'proposal.declined', owners(c), { reason: e.reason })),
    /**
     * The customer accepted (their confirmation and its channel recorded): the
     * resolution and regulatory clocks are met and the execution clock runs
     * to the committed date.
     */
    acceptProposal: act('ACCEPT', (c, e) => {
      const met = meet(meet(c, 'resolution', e.reportedAt), 'regulatory', e.reportedAt);
      const p = met.resolution.proposal;
      const acceptance = { by: e.actor, channel: e.confirmation?.channel ?? null, reference: e.confirmation?.reference ?? null };
      const ctx = p ? { ...met, resolution: { ...met.resolution, proposal: proposalOf(p, p.approvedBy, p.approvedAt, c.now, acceptance) } } : met;
      return fx(startExecution(policy, ctx));
    }),
    /** The customer objected: recorded, escalated one level, the proposal clock restarts for a new draft. */
    recordObjection: act('OBJECT', (c) => {
      const counted = { ...c, counts: { ...c.counts, objections: c.counts.objections + 1 } };
      const up = escalateTo(policy, counted, counted.escalation.level + 1, 'objection', c.now);
      return { ...up, context: startTarget(policy, up.context, 'proposal') };
    }),
    /** The demand cannot be met (with the reason): the resolution and regulatory clocks are met and the complaint closes. */
    declareUnresolvable: act('DECLARE_UNRESOLVABLE', (c, e) =>
      fx(outcome(decided(meet(meet(c, 'resolution', e.reportedAt), 'regulatory', e.reportedAt), e.decision), 'unresolvable', e.reason)),
    ),
    /** Progress reported to the customer. */
    recordProgress: act('REPORT_PROGRESS', (c, e) => {
      const ctx = involve({ ...c, counts: { ...c.counts, progressReports: c.counts.progressReports + 1 } }, handlerId(e.actor));
      return tell(fx(ctx), 'execution.progress', customer(c), { progress: e.progress });
    }),
    /** An execution problem: the customer is told; back to resolving, whose proposal clock starts. */
    recordExecutionIssue: act('REPORT_EXECUTION_ISSUE', (c, e) => {
      const stopped = stop({ ...c, counts: { ...c.counts, executionIssues: c.counts.executionIssues + 1 } }, 'execution');
      const ctx = startTarget(policy, involve(stopped, handlerId(e.actor)), 'proposal');
      return tell(fx(ctx), 'execution.issue', customer(c), { issue: e.issue });
    }),
    /** Executed (the redress paid recorded: as given, else the accepted compensation): the execution clock is met; the follow-up clock starts. */
    completeExecution: act('COMPLETE_EXECUTION', (c, e) => {
      const paid = decided(c, undefined, e.redressPaid ?? c.resolution.proposal?.compensation ?? 0);
      const ctx = startTarget(policy, involve(meet(paid, 'execution', e.reportedAt), handlerId(e.actor)), 'followUp');
      return tell(fx(ctx), 'execution.completed', customer(c));
    }),
    /** Unsatisfied at follow-up: recorded, and the complaint re-opens at triage (second round). */
    reopenUnsatisfied: act('RECORD_FOLLOW_UP', (c, e) => {
      const met = meet(c, 'followUp', e.reportedAt);
      const ctx = { ...met, resolution: { ...met.resolution, followUp: followUpOf(c, e) } };
      return reopen(policy, ctx, 'unsatisfied at follow-up');
    }),
    /** Satisfied (or basically satisfied): recorded, and the complaint closes as resolved. */
    recordSatisfaction: act('RECORD_FOLLOW_UP', (c, e) => {
      const met = meet(c, 'followUp', e.reportedAt);
      return fx(outcome({ ...met, resolution: { ...met.resolution, followUp: followUpOf(c, e) } }, 'resolved', null));
    }),
    /** The customer (or staff for them) withdrew. */
    withdraw: act('WITHDRAW', (c, e) => fx(outcome(c, 'withdrawn', e.reason ?? null))),
    /** Entering `closed`: every clock stops, the re-open window opens, the customer is told. */
    close: machineSetup.enqueueActions(({ context, event, enqueue }) => {
      const r = close(policy, context, context.resolution.outcome ?? 'resolved', context.resolution.closingNote, 'reportedAt' in event ? event.reportedAt : undefined);
      enqueue.assign(r.context);
      for (const n of r.notify) enqueue({ type: 'notify', params: n });
      if (nextCheck(context.sla) !== undefined) enqueue.cancel(SLA_TIMER);
    }),
    /** Re-opened by the customer within the window: a second round starts at triage. */
    reopen: act('REOPEN', (c, e) => reopen(policy, c, e.reason)),
    /** Archived early by a manager (or the host). */
    archive: act('ARCHIVE', (c) => fx({ ...c, milestones: { ...c.milestones, archivedAt: c.now } })),
    /** The re-open window ended: archived at its end. */
    archiveAtWindowEnd: machineSetup.assign(({ context }) => {
      const at = Math.max(context.now, context.milestones.reopenUntil ?? context.now);
      return { now: at, milestones: { ...context.milestones, archivedAt: at } };
    }),
    /** A note: its text is in the timeline, the context does not change. */
    addNote: () => {},
    /** New assignee and/or department; the new owners are told. */
    reassign: act('REASSIGN', (c, e) => {
      const routing = { ...c.routing, assignee: e.assignee ?? c.routing.assignee, department: e.department ?? c.routing.department };
      const ctx = involve({ ...c, routing }, handlerId(e.actor), e.assignee);
      return tell(fx(ctx), 'complaint.assigned', owners(ctx), { department: routing.department, severity: routing.severity });
    }),
    /** Escalated by hand one level up. */
    escalateManually: act('ESCALATE', (c, e) => escalateTo(policy, c, c.escalation.level + 1, 'manual', c.now, { by: e.actor.id })),
    /** A holding reply or approved extension: the clock gets a new deadline (a paused clock stays paused). */
    extend: act('EXTEND', (c, e) => {
      const name = e.clock ?? 'resolution';
      return tell(fx(extend(policy, c, name, e.until)), 'sla.extended', customer(c), { clock: name, until: e.until, reason: e.reason });
    }),
    /** An extension while waiting on the customer: the clock gets its new deadline and stays paused. */
    extendWhileWaiting: act('EXTEND', (c, e) => {
      const name = e.clock ?? 'resolution';
      return tell(fx(pause(policy, extend(policy, c, name, e.until))), 'sla.extended', customer(c), { clock: name, until: e.until, reason: e.reason });
    }),
    /** The SLA timer: every warning and deadline due now fires, in order. */
    fireDueClocks: act(SLA_TIMER, (c) => processDue(policy, c, Math.max(c.now, nextCheck(c.sla) ?? c.now))),
  };
}

const followUpOf = (c: ComplaintContext, e: Of<'RECORD_FOLLOW_UP'>) => ({ satisfaction: e.satisfaction, at: c.now, by: e.actor.id, comment: e.comment });

/** The names of the machine's policy-dependent actions. */
export type ActionName = keyof ReturnType<typeof actionsFor>;
