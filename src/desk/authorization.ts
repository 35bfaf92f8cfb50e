import { ForbiddenError } from '../errors.js';
import type { Actor, Role } from '../schemas/common.js';
import type { ComplaintEvent, EventType } from '../schemas/events.js';
import type { ComplaintContext } from '../machine/context.js';
import type { Policy } from '../sla/policy.js';

const staff: Role[] = ['agent', 'handler', 'supervisor', 'director', 'executive'];
const managers: Role[] = ['supervisor', 'director', 'executive'];

/**
 * Who may send each event. `customer` may act only on their own complaint;
 * `system` is the desk itself (timers) and automation.
 */
export const eventRoles: Readonly<Record<EventType, readonly Role[]>> = {
  ACKNOWLEDGE: [...staff, 'system'],
  RESOLVE_ON_FIRST_CONTACT: staff,
  TRIAGE: staff,
  CONTACT_CUSTOMER: staff,
  REQUEST_INFO: staff,
  PROVIDE_INFO: ['customer', ...staff],
  RECORD_ROOT_CAUSE: staff,
  PROPOSE: staff,
  APPROVE: ['handler', ...managers],
  DECLINE: ['handler', ...managers],
  ACCEPT: ['customer', ...staff],
  OBJECT: ['customer', ...staff],
  DECLARE_UNRESOLVABLE: managers,
  REPORT_PROGRESS: staff,
  REPORT_EXECUTION_ISSUE: staff,
  COMPLETE_EXECUTION: staff,
  RECORD_FOLLOW_UP: staff,
  EXTEND: managers,
  WITHDRAW: ['customer', ...staff],
  REOPEN: ['customer', ...managers],
  ESCALATE: staff,
  REASSIGN: managers,
  ADD_NOTE: [...staff, 'system'],
  ARCHIVE: [...managers, 'system'],
};

/** Who may file a complaint. */
export const fileRoles: readonly Role[] = ['customer', ...staff, 'system'];

/**
 * Check that `actor` may send `event` on a complaint with this context.
 *
 * @throws ForbiddenError saying why not
 */
export function authorize(policy: Policy, actor: Actor, event: ComplaintEvent, ctx: ComplaintContext): void {
  const allowed = eventRoles[event.type];
  if (!allowed.includes(actor.role)) {
    throw new ForbiddenError(`role ${actor.role} may not send ${event.type} (allowed: ${allowed.join(', ')})`);
  }
  if (actor.role === 'customer' && actor.id !== ctx.intake.customer.id) {
    throw new ForbiddenError(`customer ${actor.id} may act only on their own complaints`);
  }
  if (event.type === 'APPROVE') {
    const amount = ctx.proposal?.compensation ?? 0;
    if (policy.authority[actor.role] < amount) {
      throw new ForbiddenError(
        `role ${actor.role} may approve up to ${policy.authority[actor.role]}, not ${amount}`,
      );
    }
  }
  if (event.type === 'RECORD_FOLLOW_UP' && ctx.assignee !== null && actor.id === ctx.assignee) {
    throw new ForbiddenError('the satisfaction follow-up must be done by someone other than the assignee');
  }
}

/** Check that `actor` may file a complaint for `customerId`. @throws ForbiddenError */
export function authorizeFiling(actor: Actor, customerId: string): void {
  if (!fileRoles.includes(actor.role)) throw new ForbiddenError(`role ${actor.role} may not file complaints`);
  if (actor.role === 'customer' && actor.id !== customerId) {
    throw new ForbiddenError(`customer ${actor.id} may file only their own complaints`);
  }
}

/**
 * Check that `actor` may receive the remembered result of an idempotent
 * replay of `eventType` on a complaint of `customerId`. Only the rules that
 * do not depend on the complaint's state (role, the customer's own
 * complaint) are checked again: the others held when the event was applied.
 *
 * @throws ForbiddenError saying why not
 */
export function authorizeReplay(actor: Actor, eventType: EventType, customerId: string): void {
  const allowed = eventRoles[eventType];
  if (!allowed.includes(actor.role)) {
    throw new ForbiddenError(`role ${actor.role} may not send ${eventType} (allowed: ${allowed.join(', ')})`);
  }
  if (actor.role === 'customer' && actor.id !== customerId) {
    throw new ForbiddenError(`customer ${actor.id} may act only on their own complaints`);
  }
}
