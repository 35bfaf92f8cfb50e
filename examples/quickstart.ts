/**
 * Quick start: two complaints on virtual time.
 *
 * Live XState actors of the complaint machine (guideline policy, Shanghai
 * business hours) run on XState's SimulatedClock. Virtual time moves one
 * minute at a time (SimulatedClock does not cascade chained timers inside one
 * `increment`), and every event carries `at` = the simulated now. The
 * machine's `notify` action is provided to print warnings, breaches and
 * escalations as they happen.
 *
 *   npm run demo
 */
import { TZDate } from '@date-fns/tz';
import { format, formatISO } from 'date-fns';
import { createActor, SimulatedClock, type Actor as XActor } from 'xstate';
import {
  archiveRecord,
  complaintMachine,
  labels,
  SLA_PAUSED_TAG,
  parseEvent,
  parseIntake,
  stepPath,
  type Actor,
  type ClockName,
  type ComplaintContext,
  type Notification,
} from '../src/index.js';

const ZONE = 'Asia/Shanghai';
const MINUTE = 60_000;
/** Local wall time in Shanghai, e.g. `2026-11-23 09:00`, as an instant. */
const local = (wall: string): number => Date.parse(`${wall.replace(' ', 'T')}:00+08:00`);
const iso = (t: number): string => formatISO(new TZDate(t, ZONE));
const when = (t: number): string => format(new TZDate(t, ZONE), 'EEE HH:mm');

const clock = new SimulatedClock();
clock.set(local('2026-11-23 09:00')); // a Monday

// People
const agent: Actor = { id: 'wang.fang', role: 'agent' };
const handler: Actor = { id: 'zhao.lei', role: 'handler' };
const supervisor: Actor = { id: 'chen.jing', role: 'supervisor' };
/** The satisfaction follow-up is independent: someone who never handled the complaint. */
const reviewer: Actor = { id: 'qa.sun', role: 'supervisor' };
const liLei: Actor = { id: 'li.lei', role: 'customer' };
const hanMei: Actor = { id: 'han.meimei', role: 'customer' };

/** Print the notifications a person would care about, at the machine's own time. */
const notify = ({ context }: { context: ComplaintContext }, n: Notification): void => {
  const d = n.data;
  const who = n.to.join(', ');
  let line: string | undefined;
  if (n.kind === 'sla.warning') line = `warning: ${d.clock} due ${iso(Number(d.deadline))} → ${who}`;
  else if (n.kind === 'sla.breached') line = `BREACH: ${d.clock} was due ${iso(Number(d.deadline))}`;
  else if (n.kind === 'complaint.escalated') line = `escalated to ${d.levelName} (${d.reason}) → ${who}`;
  else if (n.kind === 'complaint.assigned') line = `assigned (${d.severity}) → ${who}`;
  else if (n.kind === 'proposal.approval_requested') line = `approval requested for ${d.compensation} → ${who}`;
  if (line) console.log(`${when(context.now)}  ${context.id}   ! ${line}`);
};
const machine = complaintMachine.provide({ actions: { notify } });

/** The clock that times the current stage (the stage's `meta.timeLimit`). */
function stageDeadline(ctx: ComplaintContext, stage: string): string {
  const name = (labels as Record<string, { timeLimit?: string }>)[stage]?.timeLimit as ClockName | undefined;
  const c = name ? ctx.sla[name] : undefined;
  if (!name || !c || (c.state !== 'running' && c.state !== 'paused')) return '';
  return `${name} due ${iso(c.deadline)}${c.state === 'paused' ? ' (paused)' : ''}`;
}

type Complaint = XActor<typeof machine>;
function file(id: string, customer: Actor, description: string, channel: 'phone' | 'web'): Complaint {
  const intake = parseIntake({
    id,
    customer: { id: customer.id, name: customer.id === liLei.id ? 'Li Lei' : 'Han Meimei' },
    channel,
    description,
    demand: 'replacement or refund',
    emotion: 'angry',
    motive: 'compensation',
    filedAt: clock.now(),
  });
  const actor = createActor(machine, { input: intake, clock });
  let last = '';
  actor.subscribe((s) => {
    const path = stepPath(s);
    if (path === last) return;
    last = path;
    const stage = path.split('.')[0]!;
    const lvl = s.context.escalation.level;
    const paused = s.hasTag(SLA_PAUSED_TAG) ? 'SLA clocks paused' : '';
    const extra = [stageDeadline(s.context, stage), paused, lvl > 0 ? `level ${lvl}` : ''].filter(Boolean).join(', ');
    console.log(`${when(s.context.now)}  ${id}   ${path.padEnd(30)} ${extra}`.trimEnd());
  });
  actor.start();
  return actor;
}

// What people do, and when (local time). Timers fire on their own in between.
type Step = [wall: string, key: 'A' | 'B', event: Record<string, unknown>];
const script: Step[] = [
  ['2026-11-23 09:05', 'A', { type: 'ACKNOWLEDGE', actor: agent }],
  ['2026-11-23 09:15', 'A', { type: 'TRIAGE', actor: agent, categories: ['product_quality'], severity: 'urgent', department: 'after_sales' }],
  ['2026-11-23 09:40', 'B', { type: 'ACKNOWLEDGE', actor: agent }],
  ['2026-11-23 10:10', 'A', { type: 'CONTACT_CUSTOMER', actor: handler }],
  ['2026-11-23 10:30', 'A', { type: 'RECORD_ROOT_CAUSE', actor: handler, method: 'five_whys', cause: 'faulty seal batch', liability: 'supplier' }],
  ['2026-11-23 11:00', 'B', { type: 'TRIAGE', actor: agent, categories: ['logistics'], severity: 'normal' }],
  ['2026-11-23 11:00', 'A', { type: 'PROPOSE', actor: handler, remedies: ['replace'], compensation: 300, executeBy: local('2026-11-25 18:00') }],
  ['2026-11-23 11:30', 'A', { type: 'ACCEPT', actor: liLei }],
  ['2026-11-23 14:00', 'B', { type: 'CONTACT_CUSTOMER', actor: agent }],
  ['2026-11-23 14:10', 'B', { type: 'REQUEST_INFO', actor: agent, request: 'a photo of the damaged parcel' }],
  ['2026-11-24 10:00', 'B', { type: 'PROVIDE_INFO', actor: hanMei, info: 'photo attached' }],
  ['2026-11-24 10:30', 'B', { type: 'RECORD_ROOT_CAUSE', actor: agent, method: 'rca', cause: 'crushed in transit', liability: 'logistics_partner' }],
  ['2026-11-24 15:00', 'A', { type: 'COMPLETE_EXECUTION', actor: handler }],
  ['2026-11-25 10:00', 'A', { type: 'RECORD_FOLLOW_UP', actor: reviewer, satisfaction: 'satisfied' }],
  ['2026-11-25 11:00', 'B', { type: 'PROPOSE', actor: agent, remedies: ['voucher'], compensation: 50, executeBy: local('2026-11-27 18:00') }],
  ['2026-11-25 11:20', 'B', { type: 'OBJECT', actor: hanMei, objection: 'I want my money back' }],
  ['2026-11-25 14:00', 'B', { type: 'PROPOSE', actor: handler, remedies: ['refund'], compensation: 1500, executeBy: local('2026-11-27 18:00') }],
  ['2026-11-25 14:30', 'B', { type: 'APPROVE', actor: supervisor }],
  ['2026-11-25 15:00', 'B', { type: 'ACCEPT', actor: hanMei }],
  ['2026-11-26 10:00', 'B', { type: 'COMPLETE_EXECUTION', actor: agent }],
  ['2026-11-27 10:00', 'B', { type: 'RECORD_FOLLOW_UP', actor: reviewer, satisfaction: 'basically_satisfied' }],
];

console.log(`Two complaints on virtual time (guideline policy, ${ZONE} business hours)\n`);
const complaints = {
  A: file('A', liLei, 'The new kettle leaks boiling water at the seam', 'phone'),
  B: undefined as Complaint | undefined,
};

const end = local('2026-11-27 12:00');
let next = 0;
for (let now = clock.now(); now <= end; now += MINUTE) {
  clock.set(now); // fires every timer due by now
  if (now === local('2026-11-23 09:30')) complaints.B = file('B', hanMei, 'Parcel arrived crushed, blender broken', 'web');
  while (next < script.length && local(script[next]![0]) === now) {
    const [, key, event] = script[next++]!;
    complaints[key]!.send(parseEvent({ ...event, at: clock.now() }));
  }
}

console.log('');
for (const [key, actor] of Object.entries(complaints)) {
  const ctx = actor!.getSnapshot().context;
  const record = archiveRecord(ctx);
  const breaches = Object.entries(record.breaches).filter(([, n]) => n > 0).map(([clock, n]) => `${clock}×${n}`);
  console.log(
    `${key}: ${record.outcome}, severity ${record.severity}, highest level ${record.maxEscalationLevel}, ` +
      `breaches ${breaches.join(' ') || 'none'}, re-open until ${iso(ctx.milestones.reopenUntil!)}`,
  );
  actor!.stop();
}
