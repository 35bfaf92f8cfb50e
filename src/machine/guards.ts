// The machine's named guards. Routing guards choose between branches; the
// others are business rules (rules.ts) that can refuse an event.
import { assertEvent } from 'xstate';
import { canApprove } from '../sla/authority.js';
import type { Policy } from '../sla/policy.js';
import type { ComplaintContext } from './context.js';
import { approverRule, escalateRule, executeByRule, extendRule, fastPathRule, reopenWindowRule } from './rules.js';
import type { MachineEvent } from './setup.js';

type GuardArgs = { context: ComplaintContext; event: MachineEvent };

/**
 * The named guards of the machine for a policy.
 *
 * @param policy - the SLA policy
 * @returns guard implementations keyed by name
 */
export function guardsFor(policy: Policy) {
  return {
    /** `RESOLVE_ON_FIRST_CONTACT` within the policy's early-resolution window. */
    withinFastPath: ({ context, event }: GuardArgs) => {
      assertEvent(event, 'RESOLVE_ON_FIRST_CONTACT');
      return fastPathRule(policy, context, event.at) === undefined;
    },
    /** Triage says urgent (media, safety, key account, batch). */
    triagedUrgent: ({ event }: GuardArgs) => {
      assertEvent(event, 'TRIAGE');
      return event.severity === 'urgent';
    },
    /** Triage says general (the responsible department handles it). */
    triagedGeneral: ({ event }: GuardArgs) => {
      assertEvent(event, 'TRIAGE');
      return event.severity === 'general';
    },
    /** A valid proposal above the proposer's authority. */
    proposalNeedsApproval: ({ context, event }: GuardArgs) => {
      assertEvent(event, 'PROPOSE');
      return executeByRule(context, event) === undefined && !canApprove(policy, event.actor.role, event.compensation ?? 0);
    },
    /** A valid proposal within the proposer's authority. */
    proposalWithinAuthority: ({ context, event }: GuardArgs) => {
      assertEvent(event, 'PROPOSE');
      return executeByRule(context, event) === undefined && canApprove(policy, event.actor.role, event.compensation ?? 0);
    },
    /** The approver's authority covers the compensation. */
    approverHasAuthority: ({ context, event }: GuardArgs) => {
      assertEvent(event, 'APPROVE');
      return approverRule(policy, context, event) === undefined;
    },
    /** The follow-up found the customer unsatisfied (the complaint re-opens). */
    unsatisfied: ({ event }: GuardArgs) => {
      assertEvent(event, 'RECORD_FOLLOW_UP');
      return event.satisfaction === 'unsatisfied';
    },
    /** The re-open window is still open. */
    withinReopenWindow: ({ context, event }: GuardArgs) => {
      assertEvent(event, 'REOPEN');
      return reopenWindowRule(context, event.at) === undefined;
    },
    /** There is a level above the current one. */
    belowTopLevel: ({ context }: GuardArgs) => escalateRule(policy, context) === undefined,
    /** The extension targets a counting clock, moves its deadline later, within the cap. */
    canExtend: ({ context, event }: GuardArgs) => {
      assertEvent(event, 'EXTEND');
      return extendRule(policy, context, event) === undefined;
    },
  };
}
