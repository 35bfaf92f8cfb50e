// Who may grant how much: the one owner of the approval rule, used by the
// machine's guards, the approval request and the desk's authorization.
import type { Role } from '../schemas/common.js';
import type { Policy } from './policy.js';

/** Roles that approve proposals: staff, never the customer or the system. */
const approvingRoles: readonly Role[] = ['agent', 'handler', 'supervisor', 'director', 'executive'];

/**
 * May `role` grant `amount` of compensation without anyone's approval?
 *
 * @param policy - the policy (its `authority` limits)
 * @param role - the proposer's or approver's role
 * @param amount - the compensation
 * @returns whether the role's authority covers the amount
 * @example
 * canApprove(presets.guideline, 'supervisor', 3000) // true (limit 5000)
 */
export function canApprove(policy: Policy, role: Role, amount: number): boolean {
  return approvingRoles.includes(role) && policy.authority[role] >= amount;
}

/**
 * The roles whose authority covers `amount` (the addressees of an approval request).
 *
 * @param policy - the policy
 * @param amount - the compensation
 * @returns staff roles, lowest first
 * @example
 * approverRoles(presets.guideline, 3000) // ['supervisor', 'director', 'executive']
 */
export function approverRoles(policy: Policy, amount: number): Role[] {
  return approvingRoles.filter((r) => canApprove(policy, r, amount));
}
