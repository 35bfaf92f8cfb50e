import type { Role } from '../schemas/common.js';
import type { EventType } from '../schemas/events.js';

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
