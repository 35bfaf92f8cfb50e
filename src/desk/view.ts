import type { AnyMachineSnapshot, StateValue } from 'xstate';
import type { ComplaintSummary, DeadlineStatus, DeadlineView } from '../adapters/types.js';
import type { ComplaintContext } from '../machine/context.js';
import { acceptedEvents, stageOf, stepPath } from '../machine/accepted-events.js';
import type { ClockName, EventType } from '../schemas/events.js';
import type { SlaClock } from '../sla/clock.js';
import type { Policy } from '../sla/policy.js';

/** What the desk returns for a complaint: plain, serialisable. */
export interface ComplaintView extends ComplaintSummary {
  /** The XState state value. */
  state: StateValue;
  /** Name of the escalation level (e.g. `supervisor`). */
  escalationName: string;
  /** Every SLA clock the complaint has, with its status. */
  deadlines: DeadlineView[];
  /** Event types the current state accepts. */
  accepted: EventType[];
  /** State tags (e.g. `slaPaused`). */
  tags: string[];
  /** `done` once archived. */
  status: 'active' | 'done';
}

/** The status shown for a clock. */
export function deadlineStatus(c: SlaClock): DeadlineStatus {
  switch (c.state) {
    case 'paused':
      return 'paused';
    case 'met':
      return 'met';
    case 'stopped':
      return 'stopped';
    case 'overdue':
      return 'breached';
    default:
      return c.breaches > 0 ? 'breached' : c.warnings > 0 ? 'warned' : 'pending';
  }
}

function deadlines(ctx: ComplaintContext): DeadlineView[] {
  return (Object.entries(ctx.sla) as [ClockName, SlaClock][]).map(([clock, c]) => ({
    clock,
    rule: c.rule,
    deadline: c.deadline,
    status: deadlineStatus(c),
    warnings: c.warnings,
    breaches: c.breaches,
    endedAt: c.endedAt ?? null,
  }));
}

/** The searchable summary of a snapshot. */
export function summarize(id: string, version: number, snapshot: AnyMachineSnapshot): ComplaintSummary {
  const ctx = snapshot.context as ComplaintContext;
  let breached = false;
  let warned = false;
  let nextDeadline: number | null = null;
  for (const c of Object.values(ctx.sla)) {
    if (!c || c.state === 'met' || c.state === 'stopped') continue;
    if (c.breaches > 0 || c.state === 'overdue') breached = true;
    else if (c.warnings > 0) warned = true;
    if (c.state === 'running' && (nextDeadline === null || c.deadline < nextDeadline)) nextDeadline = c.deadline;
  }
  return {
    id,
    version,
    stage: stageOf(snapshot),
    step: stepPath(snapshot),
    severity: ctx.severity,
    categories: ctx.categories,
    department: ctx.department,
    assignee: ctx.assignee,
    customerId: ctx.intake.customer.id,
    channel: ctx.intake.channel,
    escalationLevel: ctx.escalation.level,
    outcome: ctx.outcome,
    filedAt: ctx.intake.filedAt,
    updatedAt: ctx.now,
    closedAt: ctx.closedAt,
    breached,
    atRisk: warned && !breached,
    nextDeadline,
  };
}

/** The full view of a snapshot. */
export function viewOf(
  policy: Policy,
  id: string,
  version: number,
  snapshot: AnyMachineSnapshot,
  summary: ComplaintSummary = summarize(id, version, snapshot),
): ComplaintView {
  const ctx = snapshot.context as ComplaintContext;
  return {
    ...summary,
    state: snapshot.value,
    escalationName: policy.escalation.levels[ctx.escalation.level]?.name ?? String(ctx.escalation.level),
    deadlines: deadlines(ctx),
    accepted: acceptedEvents(snapshot),
    tags: [...snapshot.tags].sort(),
    status: snapshot.status === 'done' ? 'done' : 'active',
  };
}
