// Pure context updates behind the machine's named actions. Each returns the
// next context plus what to tell whom and what to record; the actions in
// actions.ts wrap them so that notifications become `notify` actions and
// records become `record` actions. Clock changes go through sla/clock.ts.
import type { Actor } from '../schemas/common.js';
import type { ClockName } from '../schemas/events.js';
import { approverRoles } from '../sla/authority.js';
import {
  breachAndRegrant,
  earliestDue,
  endClock,
  extendClock,
  meetClock,
  overdueClock,
  pauseAll,
  recomputeAll,
  resumeAll,
  startFixedClock,
  startRegulatoryClock,
  startTargetClock,
  stopAll,
  warnClock,
  withClock,
  type SlaClocks,
} from '../sla/clock.js';
import type { Policy, TargetName } from '../sla/policy.js';
import { addWorkingTime } from '../sla/working-time.js';
import type { ComplaintContext, EscalationReason, EscalationStep, Notification, Outcome, Proposal, Routing } from './context.js';
import { proposalOf } from './records.js';

/** A fact for the audit timeline that the context does not keep (an escalation step). */
export interface AuditRecord {
  kind: 'escalation';
  step: EscalationStep;
}

/** The result of an effect: the next context, what to tell whom, what to record. */
export interface Effect {
  context: ComplaintContext;
  notify: Notification[];
  records: AuditRecord[];
}

export const none = (context: ComplaintContext): Effect => ({ context, notify: [], records: [] });

/** Join effects applied one after the other: the last context, every notification and record in order. */
function then(a: Effect, f: (ctx: ComplaintContext) => Effect): Effect {
  const b = f(a.context);
  if (a.notify.length === 0 && a.records.length === 0) return b;
  return { context: b.context, notify: [...a.notify, ...b.notify], records: [...a.records, ...b.records] };
}

/** The effect with one more notification. */
function tell(e: Effect, kind: string, to: string[], data: Notification['data'] = {}): Effect {
  return { context: e.context, notify: [...e.notify, { kind, to, data }], records: e.records };
}

/** Recipients responsible for the complaint now: the assignee, else the department, else the service team. */
export function owners(ctx: ComplaintContext): string[] {
  if (ctx.routing.assignee) return [`user:${ctx.routing.assignee}`];
  if (ctx.routing.department) return [`department:${ctx.routing.department}`];
  return ['role:agent'];
}

/** The customer's recipient address. */
/** The outbox recipient address of customer `customerId` (the one place it is built). */
export const customerAddressFor = (customerId: string): string => `customer:${customerId}`;
export const customerAddress = (ctx: ComplaintContext): string => customerAddressFor(ctx.intake.customer.id);

const withSla = (ctx: ComplaintContext, sla: SlaClocks): ComplaintContext => (sla === ctx.sla ? ctx : { ...ctx, sla });

/** The context at `at`: `now` never goes backwards. */
export const stamp = (ctx: ComplaintContext, at: number): ComplaintContext => (at > ctx.now ? { ...ctx, now: at } : ctx);

/** Add people to those involved in handling the complaint. */
export function involve(ctx: ComplaintContext, ...ids: (string | null | undefined)[]): ComplaintContext {
  let involved: string[] | undefined;
  for (const id of ids) {
    if (id && !(involved ?? ctx.involved).includes(id)) (involved ??= [...ctx.involved]).push(id);
  }
  return involved ? { ...ctx, involved } : ctx;
}

/** Start the policy's clock `name` now (no-op when the policy sets no such target). */
export function startTarget(policy: Policy, ctx: ComplaintContext, name: TargetName): ComplaintContext {
  const clock = startTargetClock(policy, name, ctx.routing.severity ?? 'normal', ctx.now);
  return clock ? withSla(ctx, withClock(ctx.sla, name, clock)) : ctx;
}

/** Start the regulatory clock now (no-op when the policy has no regulatory deadline). */
export function startRegulatory(policy: Policy, ctx: ComplaintContext): ComplaintContext {
  const clock = startRegulatoryClock(policy, ctx.now);
  return clock ? withSla(ctx, withClock(ctx.sla, 'regulatory', clock)) : ctx;
}

/** Mark clock `name` met now. */
export const meet = (ctx: ComplaintContext, name: ClockName, reportedAt?: number): ComplaintContext =>
  withSla(ctx, meetClock(ctx.sla, name, ctx.now, reportedAt));

/** Stop clock `name` now (it no longer applies). */
export function stop(ctx: ComplaintContext, name: ClockName): ComplaintContext {
  const c = ctx.sla[name];
  return c ? withSla(ctx, withClock(ctx.sla, name, endClock(c, ctx.now, 'stopped'))) : ctx;
}

/** Waiting on the customer: the clocks pause (the regulatory one only if its rule says so). */
export const pause = (policy: Policy, ctx: ComplaintContext): ComplaintContext => withSla(ctx, pauseAll(policy, ctx.sla, ctx.now));
export const resume = (policy: Policy, ctx: ComplaintContext): ComplaintContext => withSla(ctx, resumeAll(policy, ctx.sla, ctx.now));

/** Extend clock `name` to `until` (it must exist). */
export function extend(policy: Policy, ctx: ComplaintContext, name: ClockName, until: number): ComplaintContext {
  const clock = ctx.sla[name]!;
  return {
    ...withSla(ctx, withClock(ctx.sla, name, extendClock(policy, clock, ctx.now, until))),
    counts: { ...ctx.counts, extensions: ctx.counts.extensions + 1 },
  };
}

/** Start the execution clock with the committed date of the accepted proposal as its deadline. */
export function startExecution(policy: Policy, ctx: ComplaintContext): ComplaintContext {
  const p = ctx.resolution.proposal;
  return p ? withSla(ctx, withClock(ctx.sla, 'execution', startFixedClock(policy, 'execution.committed', ctx.now, p.executeBy))) : ctx;
}

/** Start the first-contact clock unless the customer was already contacted in this round or it runs. */
export function startFirstContact(policy: Policy, ctx: ComplaintContext): ComplaintContext {
  const c = ctx.sla.firstContact;
  if (ctx.milestones.contactedAt !== null || (c && (c.state === 'running' || c.state === 'paused' || c.state === 'overdue'))) return ctx;
  return startTarget(policy, ctx, 'firstContact');
}

/**
 * Move the escalation level up to `to` (reopening resets it elsewhere),
 * notifying the new level's contacts and recording the step.
 */
export function escalateTo(
  policy: Policy,
  ctx: ComplaintContext,
  to: number,
  reason: EscalationReason,
  at: number,
  extra: { clock?: ClockName; by?: string } = {},
): Effect {
  const top = policy.escalation.levels.length - 1;
  const target = Math.min(Math.max(to, 0), top);
  const e = ctx.escalation;
  if (target <= e.level) return none(ctx);
  const level = policy.escalation.levels[target]!;
  const byLevel = [...e.byLevel];
  while (byLevel.length <= target) byLevel.push(0);
  byLevel[target]!++;
  const step: EscalationStep = { at, from: e.level, to: target, reason, clock: extra.clock, by: extra.by };
  const r = e.byReason;
  const one = (k: EscalationReason) => (k === reason ? 1 : 0);
  return {
    context: {
      ...ctx,
      escalation: {
        level: target,
        max: Math.max(e.max, target),
        count: e.count + 1,
        byReason: {
          breach: r.breach + one('breach'),
          manual: r.manual + one('manual'),
          objection: r.objection + one('objection'),
          urgent: r.urgent + one('urgent'),
          reopen: r.reopen + one('reopen'),
        },
        byLevel,
      },
    },
    notify: [{ kind: 'complaint.escalated', to: [...level.notify], data: { level: target, levelName: level.name, reason, clock: extra.clock ?? null } }],
    records: [{ kind: 'escalation', step }],
  };
}

/**
 * Process every warning and deadline due at or before `at`, earliest first:
 * a warning notifies the owners; a breach escalates one level and re-grants
 * the ladder's time, or, at the top level, leaves the clock overdue.
 */
export function processDue(policy: Policy, ctx0: ComplaintContext, at: number): Effect {
  let e = none(ctx0);
  const top = policy.escalation.levels.length - 1;
  const extra = policy.regulatory?.notify ?? [];
  const recipients = (name: ClockName) => (name === 'regulatory' && extra.length > 0 ? [...owners(e.context), ...extra] : owners(e.context));
  for (let guard = 0; guard < 1000; guard++) {
    const due = earliestDue(e.context.sla, at);
    if (!due) break;
    const ctx = e.context;
    if (due.kind === 'warning') {
      e = tell(
        { ...e, context: withSla(ctx, withClock(ctx.sla, due.name, warnClock(due.clock))) },
        'sla.warning',
        recipients(due.name),
        { clock: due.name, deadline: due.clock.deadline, rule: due.clock.rule },
      );
      continue;
    }
    const breaches = { ...ctx.counts.breaches };
    breaches[due.name] = (breaches[due.name] ?? 0) + 1;
    const counted: ComplaintContext = { ...ctx, counts: { ...ctx.counts, breaches } };
    e = tell({ ...e, context: counted }, 'sla.breached', recipients(due.name), {
      clock: due.name,
      deadline: due.clock.deadline,
      rule: due.clock.rule,
      level: counted.escalation.level,
    });
    // A regulatory deadline is not the ladder's to re-grant: it escalates and stays overdue.
    if (due.name === 'regulatory') {
      const over = withSla(counted, withClock(counted.sla, due.name, overdueClock(due.clock, due.at)));
      e = then({ ...e, context: over }, (c) => escalateTo(policy, c, c.escalation.level + 1, 'breach', due.at, { clock: due.name }));
      continue;
    }
    if (counted.escalation.level >= top) {
      e = { ...e, context: withSla(counted, withClock(counted.sla, due.name, overdueClock(due.clock, due.at))) };
      continue;
    }
    e = then(e, (c) => escalateTo(policy, c, c.escalation.level + 1, 'breach', due.at, { clock: due.name }));
    const up = e.context;
    const level = policy.escalation.levels[up.escalation.level]!;
    const grant = level.regrant ?? { within: { hours: 1 }, calendar: 'always' };
    e = { ...e, context: withSla(up, withClock(up.sla, due.name, breachAndRegrant(policy, due.clock, due.at, grant, `escalation.${level.name}`))) };
  }
  return e.context.now >= at ? e : { ...e, context: { ...e.context, now: at } };
}

/** Classify: categories and severity; the triage clock is met and severity-dependent clocks recomputed. */
export function classify(policy: Policy, ctx: ComplaintContext, categories: Routing['categories'], severity: NonNullable<Routing['severity']>): ComplaintContext {
  const met = meet(ctx, 'triage');
  const routed = { ...met, routing: { ...met.routing, categories: [...categories], severity } };
  return withSla(routed, recomputeAll(policy, routed.sla, severity, ctx.now));
}

/** Route to a department (and an assignee, when named), notifying the new owners. */
export function route(ctx: ComplaintContext, department: string, assignee: string | undefined): Effect {
  const next = involve({ ...ctx, routing: { ...ctx.routing, department, assignee: assignee ?? ctx.routing.assignee } }, assignee);
  return tell(none(next), 'complaint.assigned', owners(next), { department, severity: next.routing.severity });
}

/** Record the proposal of a `PROPOSE` event. */
export function recordProposal(ctx: ComplaintContext, p: Omit<Proposal, 'proposedAt' | 'approvedBy' | 'approvedAt' | 'acceptedAt' | 'acceptance'>): ComplaintContext {
  const proposal = proposalOf(
    { remedies: p.remedies, compensation: p.compensation, commitments: p.commitments, executeBy: p.executeBy, proposedAt: ctx.now, proposedBy: p.proposedBy },
    undefined,
    undefined,
    undefined,
    undefined,
  );
  return {
    ...ctx,
    resolution: { ...ctx.resolution, proposal },
    counts: { ...ctx.counts, proposals: ctx.counts.proposals + 1 },
  };
}

/** Ask the roles whose authority covers the compensation to approve. */
export function requestApproval(policy: Policy, ctx: ComplaintContext): Effect {
  const amount = ctx.resolution.proposal?.compensation ?? 0;
  return tell(none(ctx), 'proposal.approval_requested', approverRoles(policy, amount).map((r) => `role:${r}`), { compensation: amount });
}

/** Send the (approved or within-authority) proposal to the customer; the proposal clock is met. */
export function sendProposal(ctx: ComplaintContext, reportedAt?: number): Effect {
  const p = ctx.resolution.proposal;
  return tell(none(meet(ctx, 'proposal', reportedAt)), 'proposal.sent', [customerAddress(ctx)], {
    compensation: p?.compensation ?? 0,
    executeBy: p?.executeBy ?? null,
  });
}

/** Close with an outcome: every clock stops, the re-open window opens, the customer is told. */
export function close(policy: Policy, ctx: ComplaintContext, outcome: Outcome, note: string | null, reportedAt?: number): Effect {
  const window = policy.reopenWindow;
  const reopenUntil = addWorkingTime(policy.calendars[window.calendar]!, ctx.now, window.within);
  const closed: ComplaintContext = {
    ...ctx,
    sla: stopAll(ctx.sla, ctx.now, reportedAt),
    milestones: { ...ctx.milestones, closedAt: ctx.now, reopenUntil },
    resolution: { ...ctx.resolution, outcome, closingNote: note },
  };
  return tell(none(closed), 'complaint.closed', [customerAddress(ctx)], { outcome, reopenUntil });
}

/**
 * Re-open (by the customer, or after an unsatisfied follow-up): the round's
 * clocks and proposal are done (their breaches stay counted), escalation
 * goes back to the first level, first contact starts again; the resolution
 * clock (and the regulatory one, as for a new complaint) restarts here and
 * triage's when it is entered.
 */
export function reopen(policy: Policy, ctx0: ComplaintContext, reason: string): Effect {
  const ctx: ComplaintContext = {
    ...ctx0,
    sla: {},
    milestones: { ...ctx0.milestones, contactedAt: null, closedAt: null, reopenUntil: null },
    resolution: { ...ctx0.resolution, proposal: null, outcome: null, closingNote: null, decision: null },
    counts: { ...ctx0.counts, reopens: ctx0.counts.reopens + 1 },
    escalation: { ...ctx0.escalation, level: 0 },
  };
  const started = startRegulatory(policy, startTarget(policy, startTarget(policy, ctx, 'resolution'), 'triage'));
  return tell(none(started), 'complaint.reopened', [...owners(started), 'role:supervisor'], { reason });
}

/** The department that handles a category unless triage names one (the guideline's routing). */
export const defaultDepartments: Readonly<Record<string, string>> = {
  product_quality: 'after_sales',
  service_experience: 'customer_service',
  logistics: 'logistics',
  billing: 'finance',
  other: 'customer_service',
};

/** The actor's id when the actor handles the complaint (staff), for {@link involve}. */
export const handlerId = (actor: Actor): string | undefined => (actor.role === 'customer' || actor.role === 'system' ? undefined : actor.id);
