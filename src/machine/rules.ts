// The business rules behind the guards that can refuse an event the current
// state otherwise accepts. Each rule returns why it refuses, in words, or
// undefined: the guards test `=== undefined`, and the desk reports the
// same words in a RuleViolationError. One owner per rule.
import type { ComplaintEvent, EventOf } from '../schemas/events.js';
import { canApprove } from '../sla/authority.js';
import { isEnded } from '../sla/clock.js';
import type { Policy, Target } from '../sla/policy.js';
import { addWorkingTime } from '../sla/working-time.js';
import type { ComplaintContext } from './context.js';

/** A refused rule: a stable name and what was wrong. */
export interface RuleViolation {
  rule: string;
  message: string;
}

const iso = (t: number) => new Date(t).toISOString();
const deadlineFrom = (policy: Policy, from: number, t: Target) => addWorkingTime(policy.calendars[t.calendar]!, from, t.within);

/** `RESOLVE_ON_FIRST_CONTACT` only within the policy's early-resolution window after filing. */
export function fastPathRule(policy: Policy, ctx: ComplaintContext, at: number): RuleViolation | undefined {
  if (!policy.fastPath) return undefined;
  const end = deadlineFrom(policy, ctx.intake.filedAt, policy.fastPath.within);
  return at <= end ? undefined : { rule: 'fastPathWindow', message: `the first-contact resolution window closed on ${iso(end)}` };
}

/** A proposal's `executeBy` lies after the event. */
export function executeByRule(ctx: ComplaintContext, e: EventOf<'PROPOSE'>): RuleViolation | undefined {
  const at = Math.max(ctx.now, e.at);
  return e.executeBy > at ? undefined : { rule: 'executeByAfterEvent', message: `executeBy (${iso(e.executeBy)}) must be after the event time (${iso(at)})` };
}

/** The approver's authority covers the proposed compensation. */
export function approverRule(policy: Policy, ctx: ComplaintContext, e: EventOf<'APPROVE'>): RuleViolation | undefined {
  const amount = ctx.resolution.proposal?.compensation ?? 0;
  return canApprove(policy, e.actor.role, amount)
    ? undefined
    : { rule: 'approverAuthority', message: `role ${e.actor.role} may approve up to ${policy.authority[e.actor.role]}, not ${amount}` };
}

/** A closed complaint re-opens only within its re-open window. */
export function reopenWindowRule(ctx: ComplaintContext, at: number): RuleViolation | undefined {
  const until = ctx.milestones.reopenUntil;
  if (until === null) return { rule: 'reopenWindow', message: 'the complaint has no re-open window' };
  return at <= until ? undefined : { rule: 'reopenWindow', message: `the re-open window closed on ${iso(until)}` };
}

/** A manual escalation needs a level above the current one. */
export function escalateRule(policy: Policy, ctx: ComplaintContext): RuleViolation | undefined {
  const levels = policy.escalation.levels;
  return ctx.escalation.level < levels.length - 1
    ? undefined
    : { rule: 'belowTopLevel', message: `already at the top of the escalation ladder (${levels[levels.length - 1]!.name})` };
}

/**
 * An extension targets a counting clock and moves its deadline later,
 * within that clock's cap (the policy's `extension` for the resolution
 * clock, the regulatory rule's own for the regulatory clock); past
 * `approvalBeyond` only an approver role may extend.
 */
export function extendRule(policy: Policy, ctx: ComplaintContext, e: EventOf<'EXTEND'>): RuleViolation | undefined {
  const name = e.clock ?? 'resolution';
  const clock = ctx.sla[name];
  if (!clock || isEnded(clock)) return { rule: 'extendCountingClock', message: `the ${name} clock is not counting` };
  const after = Math.max(ctx.now, e.at, clock.deadline);
  if (e.until <= after) return { rule: 'extendLater', message: `until (${iso(e.until)}) must be after ${iso(after)} (the event time and the current deadline)` };
  const ext = name === 'resolution' ? policy.extension : name === 'regulatory' ? policy.regulatory?.extension : undefined;
  if (ext) {
    // Measured from receipt: the clock's start (filing, or the re-opening that restarted it).
    const from = clock.startedAt;
    const cap = deadlineFrom(policy, from, ext.max);
    if (e.until > cap) return { rule: 'extensionCap', message: `until (${iso(e.until)}) must not be later than ${iso(cap)}, the ${name} clock's extension cap` };
    if (ext.approvalBeyond && !ext.approvers.includes(e.actor.role)) {
      const limit = deadlineFrom(policy, from, ext.approvalBeyond);
      if (e.until > limit) {
        return {
          rule: 'extensionApproval',
          message: `an extension of the ${name} clock past ${iso(limit)} needs approval by ${ext.approvers.join(' or ')}, not ${e.actor.role}`,
        };
      }
    }
  }
  return undefined;
}

/**
 * Why the rules refuse `event` in this context, if they do. Events without
 * content-dependent rules are never refused here.
 *
 * @param policy - the machine's policy
 * @param ctx - the complaint's context
 * @param event - the event
 * @returns the violated rule, or undefined
 * @example
 * ruleViolation(policy, snapshot.context, event)?.message // 'the re-open window closed on …'
 */
export function ruleViolation(policy: Policy, ctx: ComplaintContext, event: ComplaintEvent): RuleViolation | undefined {
  switch (event.type) {
    case 'RESOLVE_ON_FIRST_CONTACT':
      return fastPathRule(policy, ctx, event.at);
    case 'PROPOSE':
      return executeByRule(ctx, event);
    case 'APPROVE':
      return approverRule(policy, ctx, event);
    case 'REOPEN':
      return reopenWindowRule(ctx, event.at);
    case 'ESCALATE':
      return escalateRule(policy, ctx);
    case 'EXTEND':
      return extendRule(policy, ctx, event);
    default:
      return undefined;
  }
}
