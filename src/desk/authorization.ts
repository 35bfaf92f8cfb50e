import { ForbiddenError } from '../errors.js';
import type { Actor } from '../schemas/common.js';
import type { ComplaintEvent, EventType } from '../schemas/events.js';
import type { ComplaintContext } from '../machine/context.js';
import { eventRoles, fileRoles } from '../machine/event-roles.js';
import { canApprove } from '../sla/authority.js';
import type { Policy } from '../sla/policy.js';

export { eventRoles, fileRoles };

const forbid = (actor: Actor, eventType: string, message: string) => new ForbiddenError(message, { role: actor.role, eventType });

/** The rules that hold whatever the complaint's state: the role may send the event, a customer only on their own complaint. */
function checkRole(actor: Actor, eventType: EventType, customerId: string): void {
  const allowed = eventRoles[eventType];
  if (!allowed.includes(actor.role)) throw forbid(actor, eventType, `role ${actor.role} may not send ${eventType} (allowed: ${allowed.join(', ')})`);
  if (actor.role === 'customer' && actor.id !== customerId) throw forbid(actor, eventType, `customer ${actor.id} may act only on their own complaints`);
}

/**
 * Check that `actor` may send `event` on a complaint with this context:
 * the event's roles, a customer only on their own complaint, approval within
 * the approver's authority, and an independent follow-up (by nobody who
 * ever handled the complaint).
 *
 * @throws ForbiddenError saying why not
 */
export function authorize(policy: Policy, actor: Actor, event: ComplaintEvent, ctx: ComplaintContext): void {
  checkRole(actor, event.type, ctx.intake.customer.id);
  if (event.type === 'APPROVE') {
    const amount = ctx.resolution.proposal?.compensation ?? 0;
    if (!canApprove(policy, actor.role, amount)) {
      throw forbid(actor, event.type, `role ${actor.role} may approve up to ${policy.authority[actor.role]}, not ${amount}`);
    }
  }
  if (event.type === 'RECORD_FOLLOW_UP' && (ctx.involved.includes(actor.id) || ctx.routing.assignee === actor.id)) {
    throw forbid(actor, event.type, 'the satisfaction follow-up must be done by someone who never handled the complaint');
  }
}

/** Check that `actor` may file a complaint for `customerId`. @throws ForbiddenError */
export function authorizeFiling(actor: Actor, customerId: string): void {
  if (!fileRoles.includes(actor.role)) throw forbid(actor, 'FILE', `role ${actor.role} may not file complaints`);
  if (actor.role === 'customer' && actor.id !== customerId) throw forbid(actor, 'FILE', `customer ${actor.id} may file only their own complaints`);
}

/** Check that `actor` may read a complaint of `customerId` (staff, or the customer themself). @throws ForbiddenError */
export function authorizeRead(actor: Actor, customerId: string): void {
  if (actor.role === 'customer' && actor.id !== customerId) throw forbid(actor, 'READ', `customer ${actor.id} may read only their own complaints`);
}

/**
 * Check that `actor` may receive the remembered result of an idempotent
 * replay of `eventType` on a complaint of `customerId`: only the rules that
 * do not depend on the complaint's state are checked again; the others held
 * when the event was applied.
 *
 * @throws ForbiddenError saying why not
 */
export function authorizeReplay(actor: Actor, eventType: EventType, customerId: string): void {
  checkRole(actor, eventType, customerId);
}

/**
 * Check, before anything about the complaint's state is looked at (its
 * version, its state), that `actor`'s role may send `eventType` at all and
 * that a customer acts on their own complaint: a stranger learns nothing
 * from the refusal.
 *
 * @throws ForbiddenError saying why not
 */
export function authorizeSender(actor: Actor, eventType: EventType, customerId: string): void {
  checkRole(actor, eventType, customerId);
}

/**
 * The list query `actor` may run: a customer's is always narrowed to their
 * own complaints (`customerId` set to their id); asking for another
 * customer's is refused. Staff queries are unchanged.
 *
 * @param actor - who lists
 * @param query - the validated query
 * @returns the query to run
 * @throws ForbiddenError when a customer names another customer
 */
export function scopeList<Q extends { customerId?: string | undefined }>(actor: Actor, query: Q): Q {
  if (actor.role !== 'customer') return query;
  if (query.customerId !== undefined && query.customerId !== actor.id) {
    throw forbid(actor, 'LIST', `customer ${actor.id} may list only their own complaints`);
  }
  return { ...query, customerId: actor.id };
}
