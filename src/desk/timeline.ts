import type { Actor } from '../schemas/common.js';
import type { ClockName } from '../schemas/events.js';
import type { TimelineEntry } from '../adapters/types.js';
import type { ComplaintContext } from '../machine/context.js';
import type { SlaClock } from '../sla/clock.js';

type Draft = Omit<TimelineEntry, 'complaintId' | 'version' | 'seq'>;

/** The actor recorded for what the desk does by itself (timers). */
export const systemActor: Actor = { id: 'redress', role: 'system' };

/**
 * Timeline entries for what changed in the SLA clocks between two contexts
 * (start, pause, resume, warn, breach, met, stopped, recomputed, overdue),
 * and an `escalation.reset` when a re-open lowered the level. Escalation
 * steps come from the machine's `record` actions.
 */
export function slaChanges(prev: ComplaintContext | undefined, next: ComplaintContext, actor: Actor): Draft[] {
  const out: Draft[] = [];
  const names = new Set<ClockName>([
    ...(Object.keys(prev?.sla ?? {}) as ClockName[]),
    ...(Object.keys(next.sla) as ClockName[]),
  ]);
  const at = next.now;
  for (const name of names) {
    const a: SlaClock | undefined = prev?.sla[name];
    const b = next.sla[name];
    if (!b) continue;
    const info = { clock: name, rule: b.rule, deadline: b.deadline, calendar: b.calendar };
    const push = (type: string, when = at, data: Record<string, unknown> = info) =>
      out.push({ at: when, kind: 'sla', type, actor, data });
    const ended = b.reportedAt === undefined ? info : { ...info, reportedAt: b.reportedAt };
    if (!a || a.startedAt !== b.startedAt) {
      push('sla.start', b.startedAt);
      if (b.state === 'met' || b.state === 'stopped') push(`sla.${b.state}`, b.endedAt ?? at, ended);
      continue;
    }
    for (let i = a.warnings; i < b.warnings; i++) push('sla.warn');
    // The breached allowance is the previous one: its rule, deadline and calendar (not the re-granted ones).
    for (let i = a.breaches; i < b.breaches; i++) push('sla.breach', at, { ...info, rule: a.rule, deadline: a.deadline, calendar: a.calendar });
    if (a.state !== b.state) {
      if (b.state === 'paused') push('sla.pause');
      else if (a.state === 'paused' && b.state === 'running') push('sla.resume');
      else if (b.state === 'met') push('sla.met', b.endedAt ?? at, ended);
      else if (b.state === 'stopped') push('sla.stopped', b.endedAt ?? at, ended);
      else if (b.state === 'overdue') push('sla.overdue');
    }
    if ((a.rule !== b.rule || a.deadline !== b.deadline) && !(a.state === 'paused' && b.state === 'running')) {
      push('sla.recomputed', at, { ...info, previousRule: a.rule, previousDeadline: a.deadline });
    }
  }
  if (prev && next.escalation.level < prev.escalation.level) {
    out.push({ at, kind: 'escalation', type: 'escalation.reset', actor, data: { from: prev.escalation.level, to: next.escalation.level } });
  }
  return out;
}
