// Pure context updates behind the machine's named actions. Each returns the
// new context plus the notifications it implies; the machine's actions wrap
// them in `enqueueActions` so that notifications become named `notify` actions.
import type { ClockName } from '../schemas/events.js';
import type { Policy, TargetName } from '../sla/policy.js';
import { targetFor } from '../sla/policy.js';
import {
  endClock,
  isTicking,
  nextCheck,
  pauseClock,
  recomputeClock,
  regrantClock,
  resumeClock,
  startFixedClock,
  startTargetClock,
  type SlaClock,
} from '../sla/clock.js';
import type { ComplaintContext, EscalationReason, Notification } from './context.js';

/** The result of an effect: the next context and what to tell whom. */
export interface Effect {
  context: ComplaintContext;
  notify: Notification[];
}

export const none = (context: ComplaintContext): Effect => ({ context, notify: [] });

/** Recipients responsible for the complaint now: the assignee, else the department, else the service team. */
export function owners(ctx: ComplaintContext): string[] {
  if (ctx.assignee) return [`user:${ctx.assignee}`];
  if (ctx.department) return [`department:${ctx.department}`];
  return ['role:agent'];
}

export const customer = (ctx: ComplaintContext): string => `customer:${ctx.intake.customer.id}`;

function setClock(ctx: ComplaintContext, name: ClockName, clock: SlaClock | undefined): ComplaintContext {
  const sla = { ...ctx.sla };
  if (clock) sla[name] = clock;
  else delete sla[name];
  return { ...ctx, sla };
}

/** Start the policy's clock `name` (no-op when the policy sets no such target). */
export function startTarget(policy: Policy, ctx: ComplaintContext, name: TargetName, at: number): ComplaintContext {
  return setClock(ctx, name, startTargetClock(policy, name, ctx.severity ?? 'normal', at));
}

/** Start the execution clock with the committed date as its deadline. */
export function startExecution(policy: Policy, ctx: ComplaintContext, at: number, deadline: number): ComplaintContext {
  return setClock(ctx, 'execution', startFixedClock(policy, 'execution.committed', at, deadline));
}

/** Mark a clock met at `at` (no-op if absent or already ended). */
export function meet(ctx: ComplaintContext, name: ClockName, at: number): ComplaintContext {
  const c = ctx.sla[name];
  return c ? setClock(ctx, name, endClock(c, at, 'met')) : ctx;
}

/** Stop every clock that is still counting (closing, withdrawal). */
export function stopAll(ctx: ComplaintContext, at: number): ComplaintContext {
  const sla = { ...ctx.sla };
  for (const [k, c] of Object.entries(sla) as [ClockName, SlaClock][]) {
    if (c.state === 'running' || c.state === 'paused' || c.state === 'overdue') sla[k] = endClock(c, at, 'stopped');
  }
  return { ...ctx, sla };
}

/** Pause every running clock (waiting on the customer). */
export function pauseAll(ctx: ComplaintContext, at: number): ComplaintContext {
  const sla = { ...ctx.sla };
  for (const [k, c] of Object.entries(sla) as [ClockName, SlaClock][]) sla[k] = pauseClock(c, at);
  return { ...ctx, sla };
}

/** Resume every paused clock; the paused time does not count. */
export function resumeAll(policy: Policy, ctx: ComplaintContext, at: number): ComplaintContext {
  const sla = { ...ctx.sla };
  for (const [k, c] of Object.entries(sla) as [ClockName, SlaClock][]) sla[k] = resumeClock(policy, c, at);
  return { ...ctx, sla };
}

/** Recompute severity-dependent clocks after (re-)classification. */
export function recomputeAll(policy: Policy, ctx: ComplaintContext, at: number): ComplaintContext {
  const sla = { ...ctx.sla };
  for (const [k, c] of Object.entries(sla) as [ClockName, SlaClock][]) {
    if (k === 'execution') continue;
    const t = targetFor(policy, k as TargetName, ctx.severity ?? 'normal');
    if (t) sla[k] = recomputeClock(policy, c, t, at);
  }
  return { ...ctx, sla };
}

/**
 * Move the escalation level to `to` (never down here; reopening resets it),
 * notifying the new level's contacts.
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
  if (target <= ctx.escalation.level) return none(ctx);
  const level = policy.escalation.levels[target]!;
  const step = { at, from: ctx.escalation.level, to: target, reason, ...extra };
  return {
    context: {
      ...ctx,
      escalation: {
        level: target,
        max: Math.max(ctx.escalation.max, target),
        history: [...ctx.escalation.history, step],
      },
    },
    notify: [
      {
        kind: 'complaint.escalated',
        to: [...level.notify],
        data: { level: target, levelName: level.name, reason, clock: extra.clock ?? null },
      },
    ],
  };
}

/**
 * Process every warning and deadline due at or before `at`: warnings notify
 * the owners; a breach escalates one level and re-grants the ladder's time,
 * or, at the top level, leaves the clock overdue.
 */
export function processDue(policy: Policy, ctx0: ComplaintContext, at: number): Effect {
  let ctx = ctx0;
  const notify: Notification[] = [];
  // Each pass handles the earliest due item, so chained items stay in order.
  for (let guard = 0; guard < 1000; guard++) {
    let best: { name: ClockName; clock: SlaClock; t: number; kind: 'warning' | 'breach' } | undefined;
    for (const [name, clock] of Object.entries(ctx.sla) as [ClockName, SlaClock][]) {
      if (!isTicking(clock)) continue;
      const w = clock.warnAt[0];
      const [t, kind] = w !== undefined && w < clock.deadline ? [w, 'warning' as const] : [clock.deadline, 'breach' as const];
      if (t <= at && (!best || t < best.t)) best = { name, clock, t, kind };
    }
    if (!best) break;
    const { name, clock, t } = best;
    if (best.kind === 'warning') {
      ctx = setClock(ctx, name, { ...clock, warnAt: clock.warnAt.slice(1), warnings: clock.warnings + 1 });
      notify.push({ kind: 'sla.warning', to: owners(ctx), data: { clock: name, deadline: clock.deadline, rule: clock.rule } });
      continue;
    }
    const breached: SlaClock = { ...clock, breaches: clock.breaches + 1, warnAt: [] };
    ctx = { ...ctx, breaches: { ...ctx.breaches, [name]: (ctx.breaches[name] ?? 0) + 1 } };
    notify.push({
      kind: 'sla.breached',
      to: owners(ctx),
      data: { clock: name, deadline: clock.deadline, rule: clock.rule, level: ctx.escalation.level },
    });
    const top = policy.escalation.levels.length - 1;
    if (ctx.escalation.level >= top) {
      ctx = setClock(ctx, name, { ...breached, state: 'overdue', changedAt: t });
      continue;
    }
    const up = escalateTo(policy, ctx, ctx.escalation.level + 1, 'breach', t, { clock: name });
    ctx = up.context;
    notify.push(...up.notify);
    const level = policy.escalation.levels[ctx.escalation.level]!;
    const grant = level.regrant ?? { within: { hours: 1 }, calendar: 'always' };
    ctx = setClock(ctx, name, regrantClock(policy, breached, t, grant, `escalation.${level.name}`));
  }
  return { context: { ...ctx, now: Math.max(ctx.now, at) }, notify };
}

/** The instant the SLA timer should fire next, or undefined when no clock is counting. */
export const nextSlaCheck = (ctx: ComplaintContext): number | undefined => nextCheck(ctx.sla);

/** Re-open: reset escalation and the clocks, restart the resolution clock. */
export function reopen(policy: Policy, ctx0: ComplaintContext, at: number): ComplaintContext {
  // The previous round's clocks are done (their breaches are counted in `breaches`); triage's clock
  // starts when the complaint enters triage, the resolution clock restarts here.
  const ctx: ComplaintContext = {
    ...ctx0,
    sla: {},
    outcome: null,
    closedAt: null,
    closingNote: null,
    reopenUntil: null,
    // The unsatisfied follow-up stays on record until the next one replaces it.
    proposal: null,
    // Round two starts with first contact again.
    contactedAt: null,
    reopens: ctx0.reopens + 1,
    escalation: { ...ctx0.escalation, level: 0 },
  };
  return startTarget(policy, ctx, 'resolution', at);
}
