/**
 * Scenario tests of the complaint statechart, driven with the pure
 * `initialTransition` / `transition` functions, the way the desk runs it.
 *
 * Timers are data: the `Run` helper below records every `xstate.raise` that
 * carries a `delay` (keyed by its id, a later raise with the same id replaces
 * it) and forgets it on `xstate.cancel`; before each event it fires the due
 * timers in order by sending `{ type: id }`. There are two timers: the one
 * SLA timer `sla.due` (armed while open, at the next warning or deadline of
 * any counting clock) and `xstate.after.reopenWindowEnd.closed`.
 *
 * Escalation steps are not kept in the context: the machine emits each one as
 * a `record` action (`{ kind: 'escalation', step }`), which `Run` collects.
 *
 * Every expected instant is worked out by hand in the comments (local times;
 * Asia/Shanghai is UTC+8 all year, Europe/Brussels is UTC+1 until the DST
 * switch on Sunday 2026-03-29, UTC+2 after).
 */
import { initialTransition, transition, type SnapshotFrom } from 'xstate';
import { describe, expect, it } from 'vitest';
import {
  acceptedEvents,
  ARCHIVE_TIMER,
  complaintMachine,
  createComplaintMachine,
  definePolicy,
  parseIntake,
  presets,
  SLA_TIMER,
  type ArchiveRecord,
  type ComplaintEvent,
  type ComplaintMachine,
  type EscalationStep,
  type IntakeInput,
  type MachineEvent,
  type Notification,
  type Policy,
  type PolicyInput,
  type Role,
} from '../src/index.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const t = (iso: string): number => Date.parse(iso);

type Snap = SnapshotFrom<ComplaintMachine>;
type Action = { type: string; params?: unknown };

/** The window timer of `closed` (XState's id for its `after: { reopenWindowEnd }`). */
const WINDOW = 'xstate.after.reopenWindowEnd.closed';

/** A complaint driven with pure transitions, its timers kept as data. */
class Run {
  snapshot: Snap;
  /** Armed timers: id → due instant. */
  readonly timers = new Map<string, number>();
  /** Timers fired so far, in order. */
  readonly fired: { id: string; at: number }[] = [];
  /** Actions of the last `send` (without those of timers fired before it). */
  actions: Action[] = [];
  /** Every escalation step the machine recorded (`record` actions of kind `escalation`), in order. */
  readonly escalations: EscalationStep[] = [];

  constructor(
    readonly machine: ComplaintMachine,
    input: IntakeInput,
  ) {
    const [s, a] = initialTransition(machine, parseIntake(input));
    this.snapshot = s;
    this.actions = a as Action[];
    this.track(this.actions);
  }

  private track(actions: Action[]): void {
    for (const a of actions) {
      const p = (a.params ?? {}) as { id?: string; delay?: number; sendId?: string };
      if (a.type === 'xstate.raise' && typeof p.delay === 'number' && p.id) {
        // The machine computes delays as `instant - context.now`.
        this.timers.set(p.id, this.snapshot.context.now + p.delay);
      } else if (a.type === 'xstate.cancel' && p.sendId) {
        this.timers.delete(p.sendId);
      } else if (a.type === 'record') {
        const r = a.params as { kind: string; step: EscalationStep };
        if (r.kind === 'escalation') this.escalations.push(r.step);
      }
    }
  }

  private step(event: MachineEvent | { type: string }): Action[] {
    const [s, a] = transition(this.machine, this.snapshot, event as MachineEvent);
    this.snapshot = s;
    this.track(a as Action[]);
    return a as Action[];
  }

  /** Fire, in order, every timer due at or before `until`; returns the notifications they produced. */
  advance(until: number): Notification[] {
    const out: Notification[] = [];
    for (;;) {
      let next: [string, number] | undefined;
      for (const [id, due] of this.timers) if (due <= until && (!next || due < next[1])) next = [id, due];
      if (!next) return out;
      this.timers.delete(next[0]);
      this.fired.push({ id: next[0], at: next[1] });
      out.push(...notifications(this.step({ type: next[0] })));
    }
  }

  /** Fire the due timers, then send the event. */
  send(event: ComplaintEvent): Snap {
    this.advance(event.at);
    this.actions = this.step(event);
    return this.snapshot;
  }

  /** Send without firing due timers first (to test a guard at a given instant). */
  sendRaw(event: ComplaintEvent): [Snap, Action[]] {
    const [s, a] = transition(this.machine, this.snapshot, event);
    return [s, a as Action[]];
  }

  get ctx() {
    return this.snapshot.context;
  }

  /** The one SLA timer `sla.due` (undefined when not armed). */
  slaTimer(): number | undefined {
    return this.timers.get(SLA_TIMER);
  }
}

const notifications = (actions: Action[]): Notification[] =>
  actions.filter((a) => a.type === 'notify').map((a) => a.params as Notification);
/** The escalation steps recorded by `actions`. */
const escalationsIn = (actions: Action[]): EscalationStep[] =>
  actions.filter((a) => a.type === 'record' && (a.params as { kind: string }).kind === 'escalation').map((a) => (a.params as { step: EscalationStep }).step);
/** Zero breaches on every clock. */
const noBreaches = { acknowledge: 0, triage: 0, firstContact: 0, proposal: 0, execution: 0, followUp: 0, resolution: 0, regulatory: 0 };

const actor = (role: Role, id = `${role}-1`) => ({ id, role });
const agent = actor('agent');
const customer = { id: 'cu1', role: 'customer' as const };

const intake = (filedAt: number, extra: Partial<IntakeInput> = {}): IntakeInput => ({
  id: 'C-1',
  customer: { id: 'cu1', name: 'Li Lei', phone: '13800000000' },
  channel: 'phone',
  description: 'The kettle leaks after two days.',
  demand: 'Replace it',
  emotion: 'anxious',
  motive: 'compensation',
  filedAt,
  ...extra,
});

/** Every field of ArchiveRecord; `satisfies` makes the compiler flag a field added to the type but not here. */
const archiveFields = Object.keys({
  id: true,
  customerId: true,
  channel: true,
  categories: true,
  severity: true,
  department: true,
  outcome: true,
  filedAt: true,
  closedAt: true,
  archivedAt: true,
  rootCause: true,
  proposal: true,
  satisfaction: true,
  objections: true,
  reopens: true,
  maxEscalationLevel: true,
  breaches: true,
  closingNote: true,
  classification: true,
  decision: true,
  redressPaid: true,
} satisfies Record<keyof ArchiveRecord, true>) as (keyof ArchiveRecord)[];

function expectCompleteRecord(output: unknown): ArchiveRecord {
  expect(output).toBeDefined();
  const record = output as ArchiveRecord;
  expect(Object.keys(record).sort()).toEqual([...archiveFields].sort());
  for (const f of archiveFields) expect(record[f], f).not.toBeUndefined();
  return record;
}

/** Drive a normal complaint from intake to `resolving.drafting`; the root cause is recorded at `rootCauseAt`. */
function toDrafting(run: Run, from: number, rootCauseAt: number): void {
  run.send({ type: 'ACKNOWLEDGE', at: from + 1 * MIN, actor: agent });
  run.send({ type: 'TRIAGE', at: from + 2 * MIN, actor: agent, categories: ['product_quality'], severity: 'normal' });
  run.send({ type: 'CONTACT_CUSTOMER', at: from + 3 * MIN, actor: agent });
  run.send({ type: 'RECORD_ROOT_CAUSE', at: rootCauseAt, actor: agent, method: 'five_whys', cause: 'bad seal', liability: 'supplier' });
}

// ---------------------------------------------------------------------------

/** The guideline policy again, but its business calendar knows the 2026 National Day holidays. */
function guidelineWithHolidays(): Policy {
  const g = presets.guideline;
  const input: PolicyInput = {
    name: 'guideline-cn-2026',
    calendars: {
      business: {
        ...g.calendars.business!.spec,
        holidays: ['2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05', '2026-10-06', '2026-10-07'],
      },
    },
    targets: g.targets as PolicyInput['targets'],
    warnings: [...g.warnings],
    escalation: {
      levels: g.escalation.levels.map((l) => ({ name: l.name, notify: [...l.notify], ...(l.regrant ? { regrant: l.regrant } : {}) })),
      urgentStartLevel: g.escalation.levels[g.escalation.urgentStartLevel]!.name,
    },
    authority: Object.fromEntries(
      Object.entries(g.authority).map(([role, v]) => [role, v === Number.POSITIVE_INFINITY ? 'unlimited' : v]),
    ) as PolicyInput['authority'],
    reopenWindow: g.reopenWindow,
  };
  return definePolicy(input);
}

describe('(a) urgent media complaint filed at 17:50 on the eve of the National Day holidays', () => {
  const policy = guidelineWithHolidays();
  const machine = createComplaintMachine(policy);
  // Wednesday 2026-09-30 17:50 in Shanghai; 2026-10-01..07 are holidays.
  const filed = t('2026-09-30T17:50:00+08:00');

  it('escalates at once to director, then executive, and leaves the clock overdue at the top', () => {
    const run = new Run(machine, intake(filed, { channel: 'social', emotion: 'angry', motive: 'respect' }));
    expect(run.snapshot.value).toEqual({ open: 'received' });
    // acknowledge: 24 h on the 24×7 calendar → Thu 10-01 17:50; warning at 80 % = 19 h 12 min → Thu 13:02.
    expect(run.ctx.sla.acknowledge).toMatchObject({ calendar: 'always', deadline: t('2026-10-01T17:50:00+08:00') });
    expect(run.slaTimer()).toBe(t('2026-10-01T13:02:00+08:00'));

    run.send({ type: 'ACKNOWLEDGE', at: t('2026-09-30T17:52:00+08:00'), actor: agent });
    // triage: 2 working hours from 17:52: 8 min left on Sep 30 (until 18:00), Oct 1–7 are holidays,
    // then 112 min from Thu Oct 8 09:00 → 10:52. Warning at 80 % = 96 min: 8 + 88 → Oct 8 10:28.
    expect(run.ctx.sla.triage).toMatchObject({
      calendar: 'business',
      deadline: t('2026-10-08T10:52:00+08:00'),
      warnAt: [t('2026-10-08T10:28:00+08:00')],
    });
    // The raw timer: Sep 30 17:52 → Oct 8 10:28 = 8 days − 7 h 24 min = 11 520 − 444 = 11 076 min.
    const raise = run.actions.filter((a) => a.type === 'xstate.raise' && (a.params as { delay?: number }).delay !== undefined).at(-1);
    expect(raise?.params).toMatchObject({ id: SLA_TIMER, event: { type: SLA_TIMER }, delay: 11_076 * MIN });
    // … replacing the acknowledge clock's timer: cancelled first, then raised again.
    expect(run.actions.filter((a) => a.type.startsWith('xstate.')).map((a) => a.type)).toEqual(['xstate.cancel', 'xstate.raise']);
    expect(run.actions.find((a) => a.type === 'xstate.cancel')?.params).toEqual({ sendId: SLA_TIMER });

    run.send({ type: 'TRIAGE', at: t('2026-09-30T17:55:00+08:00'), actor: agent, categories: ['service_experience'], severity: 'urgent', note: 'media' });
    expect(run.snapshot.value).toEqual({ open: { investigating: 'contacting' } });
    expect(run.ctx.escalation.level).toBe(2); // director
    // The step is recorded (for the timeline), the context keeps the counts.
    expect(escalationsIn(run.actions)).toEqual([{ at: t('2026-09-30T17:55:00+08:00'), from: 0, to: 2, reason: 'urgent' }]);
    expect(run.escalations).toEqual([{ at: t('2026-09-30T17:55:00+08:00'), from: 0, to: 2, reason: 'urgent' }]);
    expect(run.ctx.escalation).toMatchObject({ level: 2, max: 2, count: 1, byReason: { urgent: 1, breach: 0 }, byLevel: [0, 0, 1] });
    expect(notifications(run.actions)).toContainEqual(expect.objectContaining({ kind: 'complaint.escalated', to: ['role:director'] }));
    expect(run.ctx.sla.triage?.state).toBe('met');
    // first contact: urgent = 30 min on the 24×7 calendar → 18:25; warning at 80 % = 24 min → 18:19.
    expect(run.ctx.sla.firstContact).toMatchObject({
      rule: 'firstContact.urgent',
      calendar: 'always',
      startedAt: t('2026-09-30T17:55:00+08:00'),
      deadline: t('2026-09-30T18:25:00+08:00'),
      warnAt: [t('2026-09-30T18:19:00+08:00')],
    });
    expect(run.slaTimer()).toBe(t('2026-09-30T18:19:00+08:00'));

    // 18:19: the warning goes to the owners; the timer moves to the deadline (6 min later).
    let out = run.advance(t('2026-09-30T18:20:00+08:00'));
    expect(out).toEqual([expect.objectContaining({ kind: 'sla.warning', data: expect.objectContaining({ clock: 'firstContact' }) })]);
    expect(run.ctx.sla.firstContact?.warnings).toBe(1);
    expect(run.slaTimer()).toBe(t('2026-09-30T18:25:00+08:00'));

    // 18:25: breach → executive (level 3), which grants 1 h on the 24×7 calendar → 19:25; warning at 48 min → 19:13.
    out = run.advance(t('2026-09-30T18:25:00+08:00'));
    expect(out.map((n) => n.kind)).toEqual(['sla.breached', 'complaint.escalated']);
    expect(out[1]!.to).toEqual(['role:executive']);
    expect(run.ctx.escalation.level).toBe(3);
    expect(run.escalations.at(-1)).toEqual({ at: t('2026-09-30T18:25:00+08:00'), from: 2, to: 3, reason: 'breach', clock: 'firstContact' });
    expect(run.escalations).toHaveLength(2);
    expect(run.ctx.escalation).toMatchObject({ level: 3, max: 3, count: 2, byReason: { urgent: 1, breach: 1 } });
    expect(run.ctx.counts.breaches.firstContact).toBe(1);
    expect(run.ctx.sla.firstContact).toMatchObject({
      rule: 'escalation.executive',
      calendar: 'always',
      periodStart: t('2026-09-30T18:25:00+08:00'),
      deadline: t('2026-09-30T19:25:00+08:00'),
      warnAt: [t('2026-09-30T19:13:00+08:00')],
      state: 'running',
      breaches: 1,
    });
    expect(run.slaTimer()).toBe(t('2026-09-30T19:13:00+08:00'));

    // 19:13 warning, 19:25 breach at the top: overdue, no escalation, no timer left.
    out = run.advance(t('2026-09-30T23:00:00+08:00'));
    expect(out.map((n) => n.kind)).toEqual(['sla.warning', 'sla.breached']);
    expect(run.ctx.escalation.level).toBe(3);
    expect(run.ctx.sla.firstContact).toMatchObject({ state: 'overdue', breaches: 2, deadline: t('2026-09-30T19:25:00+08:00') });
    expect(run.timers.size).toBe(0);
    expect(run.snapshot.value).toEqual({ open: { investigating: 'contacting' } });
    expect(run.fired.map((f) => f.at)).toEqual([
      t('2026-09-30T18:19:00+08:00'),
      t('2026-09-30T18:25:00+08:00'),
      t('2026-09-30T19:13:00+08:00'),
      t('2026-09-30T19:25:00+08:00'),
    ]);
  });

  it('without the holidays the same triage clock ends the next morning', () => {
    const run = new Run(complaintMachine, intake(filed));
    run.send({ type: 'ACKNOWLEDGE', at: t('2026-09-30T17:52:00+08:00'), actor: agent });
    // 8 min on Wed, then 112 min from Thu Oct 1 09:00 → 10:52.
    expect(run.ctx.sla.triage?.deadline).toBe(t('2026-10-01T10:52:00+08:00'));
  });
});

describe('(b) a normal complaint resolved on first contact', () => {
  it('closes from received with outcome resolved_on_first_contact, then archives with a full record', () => {
    const filed = t('2026-11-23T09:00:00+08:00'); // Monday
    const run = new Run(complaintMachine, intake(filed, { categories: ['logistics'] }));
    run.send({ type: 'RESOLVE_ON_FIRST_CONTACT', at: filed + 10 * MIN, actor: agent, summary: 'Explained the delivery delay; customer happy.' });
    expect(run.snapshot.value).toBe('closed');
    expect(run.ctx.resolution.outcome).toBe('resolved_on_first_contact');
    expect(run.ctx.resolution.closingNote).toBe('Explained the delivery delay; customer happy.');
    expect(run.ctx.milestones.closedAt).toBe(filed + 10 * MIN);
    expect(run.ctx.sla.acknowledge).toMatchObject({ state: 'met', endedAt: filed + 10 * MIN });
    // re-open window: 30 calendar days on the 24×7 (UTC) calendar → 09:10 on Wed 2026-12-23.
    expect(run.ctx.milestones.reopenUntil).toBe(t('2026-12-23T09:10:00+08:00'));
    expect([...run.timers]).toEqual([[WINDOW, t('2026-12-23T09:10:00+08:00')]]);
    expect(ARCHIVE_TIMER).toBe(WINDOW); // the id the desk's migration arms for closed complaints
    expect(acceptedEvents(run.snapshot)).toEqual(['REOPEN', 'ADD_NOTE', 'ARCHIVE']);

    run.send({ type: 'ARCHIVE', at: filed + HOUR, actor: actor('supervisor') });
    expect(run.snapshot.value).toBe('archived');
    expect(run.snapshot.status).toBe('done');
    expect(run.timers.size).toBe(0);
    expect(acceptedEvents(run.snapshot)).toEqual([]);
    const record = expectCompleteRecord(run.snapshot.output);
    expect(record).toEqual({
      id: 'C-1',
      customerId: 'cu1',
      channel: 'phone',
      categories: ['logistics'],
      severity: null,
      department: null,
      outcome: 'resolved_on_first_contact',
      filedAt: filed,
      closedAt: filed + 10 * MIN,
      archivedAt: filed + HOUR,
      rootCause: null,
      proposal: null,
      satisfaction: null,
      objections: 0,
      reopens: 0,
      maxEscalationLevel: 0,
      breaches: noBreaches,
      closingNote: 'Explained the delivery delay; customer happy.',
      classification: { product: null, cause: null },
      decision: null,
      redressPaid: null,
    });
  });
});

describe('(c) a refund above the agent’s authority', () => {
  it('waits for approval; an agent cannot approve, a supervisor can', () => {
    const filed = t('2026-11-23T09:00:00+08:00');
    const run = new Run(complaintMachine, intake(filed));
    toDrafting(run, filed, t('2026-11-23T10:00:00+08:00'));
    expect(run.snapshot.value).toEqual({ open: { resolving: 'drafting' } });
    expect(acceptedEvents(run.snapshot)).toEqual(['PROPOSE', 'DECLARE_UNRESOLVABLE', 'EXTEND', 'WITHDRAW', 'ESCALATE', 'REASSIGN', 'ADD_NOTE']);

    const executeBy = t('2026-11-27T18:00:00+08:00');
    run.send({ type: 'PROPOSE', at: t('2026-11-23T10:30:00+08:00'), actor: agent, remedies: ['refund'], compensation: 500, executeBy });
    expect(run.snapshot.value).toEqual({ open: { resolving: 'awaitingApproval' } });
    expect(run.ctx.resolution.proposal).toMatchObject({ compensation: 500, proposedBy: agent, executeBy });
    // 500 > agent's 200; handler (1000), supervisor, director and executive may approve.
    expect(notifications(run.actions)).toEqual([
      {
        kind: 'proposal.approval_requested',
        to: ['role:handler', 'role:supervisor', 'role:director', 'role:executive'],
        data: { compensation: 500 },
      },
    ]);
    expect(run.ctx.sla.proposal?.state).toBe('running'); // not yet communicated
    expect(acceptedEvents(run.snapshot)).toEqual(['APPROVE', 'DECLINE', 'EXTEND', 'WITHDRAW', 'ESCALATE', 'REASSIGN', 'ADD_NOTE']);

    const before = run.snapshot;
    const [refused, refusedActions] = run.sendRaw({ type: 'APPROVE', at: t('2026-11-23T10:40:00+08:00'), actor: actor('agent', 'a-2') });
    expect(refused).toBe(before);
    expect(refusedActions).toEqual([]);

    const supervisor = actor('supervisor');
    run.send({ type: 'APPROVE', at: t('2026-11-23T10:45:00+08:00'), actor: supervisor });
    expect(run.snapshot.value).toEqual({ open: { resolving: 'awaitingCustomer' } });
    expect(run.ctx.resolution.proposal).toMatchObject({ approvedBy: supervisor, approvedAt: t('2026-11-23T10:45:00+08:00') });
    expect(run.ctx.sla.proposal).toMatchObject({ state: 'met', endedAt: t('2026-11-23T10:45:00+08:00') });
    expect(notifications(run.actions).map((n) => n.kind)).toEqual(['proposal.sent']);
    expect(run.slaTimer()).toBeUndefined();
    expect(acceptedEvents(run.snapshot)).toEqual(['ACCEPT', 'OBJECT', 'DECLARE_UNRESOLVABLE', 'EXTEND', 'WITHDRAW', 'ESCALATE', 'REASSIGN', 'ADD_NOTE']);
  });

  it('a proposal whose execution date is not in the future is ignored', () => {
    const filed = t('2026-11-23T09:00:00+08:00');
    const run = new Run(complaintMachine, intake(filed));
    toDrafting(run, filed, t('2026-11-23T10:00:00+08:00'));
    const before = run.snapshot;
    const [s] = run.sendRaw({ type: 'PROPOSE', at: t('2026-11-23T10:30:00+08:00'), actor: agent, remedies: ['apology'], executeBy: t('2026-11-23T10:30:00+08:00') });
    expect(s).toBe(before);
  });
});

describe('(d) two objections, then agreement', () => {
  it('records each objection, escalates one level, restarts the proposal clock; acceptance starts execution', () => {
    const filed = t('2026-11-23T09:00:00+08:00'); // Monday
    const run = new Run(complaintMachine, intake(filed));
    toDrafting(run, filed, t('2026-11-23T10:00:00+08:00'));
    // proposal: 1 working day from Mon 10:00 → Tue 10:00. Allowed working time: 10–12 (120) + 13:30–18 (270)
    // + Tue 9–10 (60) = 450 min; warning at 80 % = 360 min → 120 + 240 → Mon 17:30.
    expect(run.ctx.sla.proposal).toMatchObject({
      deadline: t('2026-11-24T10:00:00+08:00'),
      warnAt: [t('2026-11-23T17:30:00+08:00')],
    });

    run.send({ type: 'PROPOSE', at: t('2026-11-23T10:30:00+08:00'), actor: agent, remedies: ['replace'], compensation: 100, executeBy: t('2026-11-27T18:00:00+08:00') });
    expect(run.snapshot.value).toEqual({ open: { resolving: 'awaitingCustomer' } });

    run.send({ type: 'OBJECT', at: t('2026-11-23T11:00:00+08:00'), actor: customer, objection: 'I want a refund too' });
    expect(run.snapshot.value).toEqual({ open: { resolving: 'drafting' } });
    // The objection's text goes to the timeline; the context counts it.
    expect(run.ctx.counts.objections).toBe(1);
    expect(run.ctx.escalation.level).toBe(1);
    expect(escalationsIn(run.actions)).toEqual([{ at: t('2026-11-23T11:00:00+08:00'), from: 0, to: 1, reason: 'objection' }]);
    expect(notifications(run.actions)).toContainEqual(expect.objectContaining({ kind: 'complaint.escalated', to: ['role:supervisor'] }));
    // restarted: 1 working day from Mon 11:00 → Tue 11:00; allowed 60 + 270 + 120 = 450 min, 80 % = 360:
    // 60 (→12:00) + 270 (→18:00) = 330, then 30 more → Tue 09:30.
    expect(run.ctx.sla.proposal).toMatchObject({
      state: 'running',
      startedAt: t('2026-11-23T11:00:00+08:00'),
      deadline: t('2026-11-24T11:00:00+08:00'),
      warnAt: [t('2026-11-24T09:30:00+08:00')],
    });
    expect(run.slaTimer()).toBe(t('2026-11-24T09:30:00+08:00'));

    const supervisor = actor('supervisor');
    run.send({ type: 'PROPOSE', at: t('2026-11-23T14:00:00+08:00'), actor: supervisor, remedies: ['replace', 'refund'], compensation: 300, executeBy: t('2026-11-27T18:00:00+08:00') });
    expect(run.snapshot.value).toEqual({ open: { resolving: 'awaitingCustomer' } }); // 300 ≤ 5000
    run.send({ type: 'OBJECT', at: t('2026-11-23T15:00:00+08:00'), actor: customer, objection: 'Still not enough' });
    expect(run.ctx.counts.objections).toBe(2);
    expect(run.ctx.escalation.level).toBe(2);
    expect(escalationsIn(run.actions)).toEqual([{ at: t('2026-11-23T15:00:00+08:00'), from: 1, to: 2, reason: 'objection' }]);
    expect(run.ctx.escalation.byReason.objection).toBe(2);
    // 1 working day from Mon 15:00 → Tue 15:00.
    expect(run.ctx.sla.proposal).toMatchObject({ startedAt: t('2026-11-23T15:00:00+08:00'), deadline: t('2026-11-24T15:00:00+08:00') });

    const director = actor('director');
    const executeBy = t('2026-11-27T18:00:00+08:00'); // Friday 18:00
    run.send({ type: 'PROPOSE', at: t('2026-11-23T16:00:00+08:00'), actor: director, remedies: ['replace', 'refund'], compensation: 800, commitments: ['Check the seal supplier'], executeBy });
    run.send({ type: 'ACCEPT', at: t('2026-11-23T16:30:00+08:00'), actor: customer });
    expect(run.snapshot.value).toEqual({ open: 'executing' });
    expect(run.ctx.counts.proposals).toBe(3);
    expect(run.ctx.resolution.proposal).toMatchObject({ compensation: 800, proposedBy: director, acceptedAt: t('2026-11-23T16:30:00+08:00') });
    // execution: deadline = the committed date, on the 24×7 calendar. Allowed Mon 16:30 → Fri 18:00
    // = 4 days 1.5 h = 97.5 h; warning at 80 % = 78 h → Thu 22:30.
    expect(run.ctx.sla.execution).toMatchObject({
      rule: 'execution.committed',
      calendar: 'always',
      startedAt: t('2026-11-23T16:30:00+08:00'),
      deadline: executeBy,
      warnAt: [t('2026-11-26T22:30:00+08:00')],
      state: 'running',
    });
    expect(run.slaTimer()).toBe(t('2026-11-26T22:30:00+08:00'));
    expect(acceptedEvents(run.snapshot)).toEqual([
      'REPORT_PROGRESS',
      'REPORT_EXECUTION_ISSUE',
      'COMPLETE_EXECUTION',
      'EXTEND',
      'WITHDRAW',
      'ESCALATE',
      'REASSIGN',
      'ADD_NOTE',
    ]);
  });
});

/** Drive a complaint to follow-up, with one objection on the way (escalation level 1). */
function toFollowUp(run: Run, filed: number): void {
  toDrafting(run, filed, filed + HOUR); // root cause Mon 10:00
  run.send({ type: 'PROPOSE', at: filed + 90 * MIN, actor: agent, remedies: ['replace'], executeBy: filed + 3 * DAY });
  run.send({ type: 'OBJECT', at: filed + 100 * MIN, actor: customer, objection: 'too slow' });
  run.send({ type: 'PROPOSE', at: filed + 110 * MIN, actor: agent, remedies: ['replace'], executeBy: filed + 2 * DAY });
  run.send({ type: 'ACCEPT', at: filed + 120 * MIN, actor: customer });
  run.send({ type: 'COMPLETE_EXECUTION', at: filed + DAY + HOUR, actor: agent });
}

describe('(e) follow-up, re-open and the re-open window', () => {
  const filed = t('2026-11-23T09:00:00+08:00'); // Monday

  it('an unsatisfied follow-up re-opens at triage; a satisfied one closes', () => {
    const run = new Run(complaintMachine, intake(filed));
    toFollowUp(run, filed);
    expect(run.snapshot.value).toEqual({ open: 'followUp' });
    // follow-up: 3 working days from Tue 10:00 → Fri 10:00.
    expect(run.ctx.sla.followUp).toMatchObject({ startedAt: t('2026-11-24T10:00:00+08:00'), deadline: t('2026-11-27T10:00:00+08:00') });
    expect(run.ctx.escalation.level).toBe(1);

    const reopenAt = t('2026-11-25T11:00:00+08:00'); // Wednesday
    run.send({ type: 'RECORD_FOLLOW_UP', at: reopenAt, actor: actor('handler'), satisfaction: 'unsatisfied', comment: 'still leaks' });
    expect(run.snapshot.value).toEqual({ open: 'triage' });
    expect(run.ctx.counts.reopens).toBe(1);
    expect(run.ctx.escalation.level).toBe(0);
    expect(run.ctx.escalation.max).toBe(1);
    expect(run.ctx.resolution.proposal).toBeNull();
    expect(notifications(run.actions)).toContainEqual(expect.objectContaining({ kind: 'complaint.reopened' }));
    // a new triage clock: 2 working hours from Wed 11:00 → 11:00–12:00 (60) + 13:30–14:30 (60) → 14:30.
    // The previous round's clocks are gone.
    expect(Object.keys(run.ctx.sla)).toEqual(['triage']);
    expect(run.ctx.sla.triage).toMatchObject({ state: 'running', startedAt: reopenAt, deadline: t('2026-11-25T14:30:00+08:00'), breaches: 0 });
    // The one SLA timer now waits for the new triage clock's warning at 80 % = 96 min: 60 (→ 12:00) + 36 → 14:06;
    // nothing of the follow-up clock is left armed.
    expect([...run.timers]).toEqual([[SLA_TIMER, t('2026-11-25T14:06:00+08:00')]]);

    // second round, satisfied this time
    const r2 = t('2026-11-25T13:40:00+08:00');
    run.send({ type: 'TRIAGE', at: r2, actor: agent, categories: ['product_quality'], severity: 'general' });
    run.send({ type: 'CONTACT_CUSTOMER', at: r2 + MIN, actor: agent });
    run.send({ type: 'RECORD_ROOT_CAUSE', at: r2 + 2 * MIN, actor: agent, method: 'fishbone', cause: 'batch defect', liability: 'company' });
    run.send({ type: 'PROPOSE', at: r2 + 3 * MIN, actor: agent, remedies: ['refund'], compensation: 150, executeBy: r2 + DAY });
    run.send({ type: 'ACCEPT', at: r2 + 4 * MIN, actor: customer });
    run.send({ type: 'COMPLETE_EXECUTION', at: r2 + 5 * MIN, actor: agent });
    run.send({ type: 'RECORD_FOLLOW_UP', at: r2 + 6 * MIN, actor: actor('handler'), satisfaction: 'satisfied' });
    expect(run.snapshot.value).toBe('closed');
    expect(run.ctx.resolution.outcome).toBe('resolved');
    expect(run.ctx.resolution.followUp).toMatchObject({ satisfaction: 'satisfied' });
    for (const clock of Object.values(run.ctx.sla)) expect(['met', 'stopped']).toContain(clock.state);
  });

  it('REOPEN within the window re-opens; after it, REOPEN is refused and the window timer archives', () => {
    const run = new Run(complaintMachine, intake(filed));
    run.send({ type: 'RESOLVE_ON_FIRST_CONTACT', at: filed + 5 * MIN, actor: agent, summary: 'sorted' });
    // window: 30 days from Mon 11-23 09:05 → Wed 12-23 09:05.
    expect(run.ctx.milestones.reopenUntil).toBe(t('2026-12-23T09:05:00+08:00'));

    // 29 days later: inside the window.
    const reopenAt = t('2026-12-22T09:05:00+08:00');
    run.send({ type: 'REOPEN', at: reopenAt, actor: customer, reason: 'It broke again' });
    expect(run.snapshot.value).toEqual({ open: 'triage' });
    expect(run.ctx.counts.reopens).toBe(1);
    expect(run.ctx.resolution.outcome).toBeNull();
    expect(run.ctx.milestones.reopenUntil).toBeNull();
    expect(run.timers.has(WINDOW)).toBe(false);

    // closed again (withdrawn) on Tue 12-22 10:00; new window ends Thu 2027-01-21 10:00.
    const closedAt = t('2026-12-22T10:00:00+08:00');
    run.send({ type: 'WITHDRAW', at: closedAt, actor: customer, reason: 'bought a new one' });
    expect(run.ctx.milestones.reopenUntil).toBe(t('2027-01-21T10:00:00+08:00'));
    expect(run.timers.get(WINDOW)).toBe(t('2027-01-21T10:00:00+08:00'));

    // exactly at the end of the window the customer may still re-open …
    const [atEdge] = run.sendRaw({ type: 'REOPEN', at: t('2027-01-21T10:00:00+08:00'), actor: customer, reason: 'again' });
    expect(atEdge.value).toEqual({ open: 'triage' });
    // … one minute later it is refused: nothing changes.
    const before = run.snapshot;
    const [late, lateActions] = run.sendRaw({ type: 'REOPEN', at: t('2027-01-21T10:01:00+08:00'), actor: customer, reason: 'again' });
    expect(late).toBe(before);
    expect(lateActions).toEqual([]);

    // the window timer archives at the window's end
    run.advance(t('2027-01-21T10:01:00+08:00'));
    expect(run.fired.at(-1)).toEqual({ id: WINDOW, at: t('2027-01-21T10:00:00+08:00') });
    expect(run.snapshot.value).toBe('archived');
    const record = expectCompleteRecord(run.snapshot.output);
    expect(record).toMatchObject({
      outcome: 'withdrawn',
      reopens: 1,
      closedAt: closedAt,
      archivedAt: t('2027-01-21T10:00:00+08:00'),
      closingNote: 'bought a new one',
    });
  });
});

describe('(f) withdrawal mid-execution', () => {
  it('closes with outcome withdrawn and stops every clock', () => {
    const filed = t('2026-11-23T09:00:00+08:00');
    const run = new Run(createComplaintMachine(presets.nfra2020), intake(filed));
    toDrafting(run, filed, filed + HOUR);
    run.send({ type: 'PROPOSE', at: filed + 2 * HOUR, actor: agent, remedies: ['repair'], executeBy: filed + 5 * DAY });
    run.send({ type: 'ACCEPT', at: filed + 3 * HOUR, actor: customer });
    expect(run.snapshot.value).toEqual({ open: 'executing' });
    run.send({ type: 'REPORT_PROGRESS', at: filed + DAY, actor: agent, progress: 'technician booked' });
    expect(run.ctx.sla.execution?.state).toBe('running');

    const at = filed + 2 * DAY;
    run.send({ type: 'WITHDRAW', at, actor: customer, reason: 'fixed it myself' });
    expect(run.snapshot.value).toBe('closed');
    expect(run.ctx.resolution.outcome).toBe('withdrawn');
    expect(run.ctx.resolution.closingNote).toBe('fixed it myself');
    expect(run.ctx.sla.execution).toMatchObject({ state: 'stopped', endedAt: at, warnAt: [] });
    for (const clock of Object.values(run.ctx.sla)) expect(['met', 'stopped']).toContain(clock.state);
    // NFRA's resolution clock (15 days) was met when the customer accepted.
    expect(run.ctx.sla.resolution?.state).toBe('met');
    expect([...run.timers.keys()]).toEqual([WINDOW]);
  });
});

describe('waiting for the customer’s evidence', () => {
  // EU PSD2: 15 business days (Mon–Fri, whole days, Brussels), up to 35 with a holding reply.
  const machine = createComplaintMachine(presets.psd2);
  const filed = t('2026-03-02T10:00:00+01:00'); // Monday

  function toVerifying(): Run {
    const run = new Run(machine, intake(filed));
    run.send({ type: 'ACKNOWLEDGE', at: filed + MIN, actor: agent });
    run.send({ type: 'TRIAGE', at: filed + 2 * MIN, actor: agent, categories: ['billing'], severity: 'normal' });
    run.send({ type: 'CONTACT_CUSTOMER', at: filed + 3 * MIN, actor: agent });
    return run;
  }

  it('REQUEST_INFO pauses every clock, PROVIDE_INFO resumes and the deadline moves by the paused working time', () => {
    const run = toVerifying();
    expect(run.snapshot.value).toEqual({ open: { investigating: 'verifying' } });
    // 15 business days from Mon 03-02 10:00 → Mon 03-23 10:00; warning after 12 of them → Wed 03-18 10:00.
    expect(run.ctx.sla.resolution).toMatchObject({
      deadline: t('2026-03-23T10:00:00+01:00'),
      warnAt: [t('2026-03-18T10:00:00+01:00')],
      state: 'running',
    });
    expect(run.snapshot.hasTag('slaPaused')).toBe(false);

    const pausedAt = t('2026-03-04T10:00:00+01:00'); // Wednesday
    run.send({ type: 'REQUEST_INFO', at: pausedAt, actor: agent, request: 'Bank statement please' });
    expect(run.snapshot.value).toEqual({ open: { investigating: 'awaitingInfo' } });
    expect(run.snapshot.hasTag('slaPaused')).toBe(true);
    const counting = Object.values(run.ctx.sla).filter((c) => c.state === 'running');
    expect(counting).toEqual([]);
    expect(run.ctx.sla.resolution).toMatchObject({ state: 'paused', pausedAt });
    expect(run.slaTimer()).toBeUndefined();
    expect(run.timers.size).toBe(0);
    expect(acceptedEvents(run.snapshot)).toEqual(['TRIAGE', 'PROVIDE_INFO', 'EXTEND', 'WITHDRAW', 'ESCALATE', 'REASSIGN', 'ADD_NOTE']);

    // Nothing fires while waiting, however long.
    expect(run.advance(t('2026-04-30T00:00:00+02:00'))).toEqual([]);

    const resumedAt = t('2026-03-09T10:00:00+01:00'); // next Monday
    run.send({ type: 'PROVIDE_INFO', at: resumedAt, actor: customer, info: 'attached' });
    expect(run.snapshot.value).toEqual({ open: { investigating: 'verifying' } });
    expect(run.snapshot.hasTag('slaPaused')).toBe(false);
    // Paused Wed 10:00 → Mon 10:00 = 14 h (Wed) + 24 h (Thu) + 24 h (Fri) + 10 h (Mon) = 72 working hours;
    // the remaining 13 business days (Wed 03-04 → Mon 03-23) now count from Mon 03-09 10:00 → Thu 03-26 10:00
    // (still before the DST switch). The warning moves by the same 3 business days: Wed 03-18 → Mon 03-23.
    expect(run.ctx.sla.resolution).toMatchObject({
      state: 'running',
      pausedWork: 72 * HOUR,
      deadline: t('2026-03-26T10:00:00+01:00'),
      warnAt: [t('2026-03-23T10:00:00+01:00')],
    });
    expect(run.ctx.sla.resolution?.pausedAt).toBeUndefined();
    expect(run.slaTimer()).toBe(t('2026-03-23T10:00:00+01:00'));
  });

  it('EXTEND of the resolution clock is capped at 35 business days from filing', () => {
    const run = toVerifying();
    // cap: 35 business days = 7 weeks from Mon 03-02 10:00 → Mon 04-20 10:00, now summer time (UTC+2).
    const cap = t('2026-04-20T10:00:00+02:00');
    const at = t('2026-03-10T10:00:00+01:00');
    const before = run.snapshot;
    const [refused] = run.sendRaw({ type: 'EXTEND', at, actor: actor('supervisor'), until: cap + 1, reason: 'holding reply' });
    expect(refused).toBe(before);
    // not later than the current deadline → refused too
    const [notLater] = run.sendRaw({ type: 'EXTEND', at, actor: actor('supervisor'), until: t('2026-03-23T10:00:00+01:00'), reason: 'holding reply' });
    expect(notLater).toBe(before);

    run.send({ type: 'EXTEND', at, actor: actor('supervisor'), until: cap, reason: 'holding reply' });
    // The extension is a fresh allowance with its own 80 % warning: Tue 03-10 10:00 → Mon 04-20 10:00 is
    // 29 business days (5 weeks = 25 to Tue 04-14, + Wed, Thu, Fri, Mon) = 696 h; 80 % = 556.8 h = 23 business
    // days + 4.8 h: Tue 03-10 + 20 → Tue 04-07, + 3 → Fri 04-10 10:00, + 4 h 48 min → 14:48 (UTC+2).
    const warning = t('2026-04-10T14:48:00+02:00');
    expect(run.ctx.sla.resolution).toMatchObject({ rule: 'extension', deadline: cap, warnAt: [warning], state: 'running' });
    // The extension's details go to the timeline (and the customer, below); the context counts it.
    expect(run.ctx.counts.extensions).toBe(1);
    expect(notifications(run.actions)).toEqual([
      { kind: 'sla.extended', to: ['customer:cu1'], data: { clock: 'resolution', until: cap, reason: 'holding reply' } },
    ]);
    expect(run.slaTimer()).toBe(warning);
  });

  it('an extension granted while waiting does not start counting before the customer answers', () => {
    const run = toVerifying();
    // Push the complaint to the top of the ladder, so that the resolution breach leaves it overdue.
    for (let i = 1; i <= 3; i++) run.send({ type: 'ESCALATE', at: filed + (3 + i) * MIN, actor: actor('supervisor'), reason: 'key account' });
    run.advance(t('2026-03-23T10:00:00+01:00')); // warning Wed 03-18, breach Mon 03-23 at the top
    expect(run.ctx.sla.resolution).toMatchObject({ state: 'overdue', breaches: 1 });
    run.send({ type: 'REQUEST_INFO', at: t('2026-03-24T10:00:00+01:00'), actor: agent, request: 'statement' });
    expect(run.snapshot.hasTag('slaPaused')).toBe(true);

    const extendAt = t('2026-03-25T10:00:00+01:00'); // Wednesday
    const until = t('2026-04-15T10:00:00+02:00'); // Wednesday, within the cap (04-20)
    run.send({ type: 'EXTEND', at: extendAt, actor: actor('supervisor'), until, reason: 'holding reply' });
    expect(run.snapshot.hasTag('slaPaused')).toBe(true);
    expect(run.snapshot.value).toEqual({ open: { investigating: 'awaitingInfo' } });
    expect(run.ctx.sla.resolution).toMatchObject({ rule: 'extension', state: 'paused', pausedAt: extendAt, deadline: until });
    expect(run.timers.size).toBe(0);

    // Answer on Fri 03-27 10:00. Remaining: Wed 03-25 10:00 → Wed 04-15 10:00 = 15 business days (the DST hour
    // is lost on Sunday, not a business day), counted from Fri 03-27 10:00 → Fri 04-17 10:00 (UTC+2).
    run.send({ type: 'PROVIDE_INFO', at: t('2026-03-27T10:00:00+01:00'), actor: customer, info: 'here' });
    expect(run.ctx.sla.resolution).toMatchObject({ state: 'running', deadline: t('2026-04-17T10:00:00+02:00') });
    // The extension's own warning: 80 % of those 15 business days = 12 business days from Wed 03-25 10:00 →
    // Fri 04-10 10:00; shifted by the pause like the deadline: 12 business days from Fri 03-27 10:00 → Tue 04-14.
    expect(run.slaTimer()).toBe(t('2026-04-14T10:00:00+02:00'));
  });
});

describe('re-classification while investigating', () => {
  const filed = t('2026-11-23T09:00:00+08:00'); // Monday

  it('TRIAGE again recomputes the first-contact deadline', () => {
    const run = new Run(complaintMachine, intake(filed));
    run.send({ type: 'ACKNOWLEDGE', at: filed + 5 * MIN, actor: agent });
    run.send({ type: 'TRIAGE', at: t('2026-11-23T10:30:00+08:00'), actor: agent, categories: ['billing'], severity: 'normal' });
    expect(run.ctx.routing.department).toBe('customer_service'); // normal → the service team itself
    // normal: 2 working hours from 10:30 → 90 min to 12:00, 30 min from 13:30 → 14:00;
    // warning at 96 min → 12:00 + 6 → 13:36.
    expect(run.ctx.sla.firstContact).toMatchObject({
      rule: 'firstContact.normal',
      deadline: t('2026-11-23T14:00:00+08:00'),
      warnAt: [t('2026-11-23T13:36:00+08:00')],
    });
    expect(acceptedEvents(run.snapshot)).toEqual(['TRIAGE', 'CONTACT_CUSTOMER', 'EXTEND', 'WITHDRAW', 'ESCALATE', 'REASSIGN', 'ADD_NOTE']);

    run.send({ type: 'TRIAGE', at: t('2026-11-23T10:40:00+08:00'), actor: agent, categories: ['billing'], severity: 'urgent' });
    expect(run.snapshot.value).toEqual({ open: { investigating: 'contacting' } });
    expect(run.ctx.routing.severity).toBe('urgent');
    expect(run.ctx.escalation.level).toBe(2);
    // urgent: 30 min on the 24×7 calendar from the clock's start (10:30) → 11:00; warning at 24 min → 10:54.
    expect(run.ctx.sla.firstContact).toMatchObject({
      rule: 'firstContact.urgent',
      calendar: 'always',
      startedAt: t('2026-11-23T10:30:00+08:00'),
      deadline: t('2026-11-23T11:00:00+08:00'),
      warnAt: [t('2026-11-23T10:54:00+08:00')],
    });
    expect(run.slaTimer()).toBe(t('2026-11-23T10:54:00+08:00'));

    // general routes to the department of the first category
    run.send({ type: 'TRIAGE', at: t('2026-11-23T10:45:00+08:00'), actor: agent, categories: ['logistics'], severity: 'general' });
    expect(run.ctx.routing.department).toBe('logistics');
    expect(run.ctx.sla.firstContact).toMatchObject({ rule: 'firstContact.general', deadline: t('2026-11-23T14:00:00+08:00') });
  });

  it('a re-classification after a breach keeps the re-granted time instead of breaching again', () => {
    const run = new Run(complaintMachine, intake(filed));
    run.send({ type: 'ACKNOWLEDGE', at: filed + 5 * MIN, actor: agent });
    run.send({ type: 'TRIAGE', at: t('2026-11-23T10:00:00+08:00'), actor: agent, categories: ['billing'], severity: 'normal' });
    // 2 working hours from 10:00 run out exactly at 12:00. Breach → supervisor, who grants
    // 4 working hours from 12:00: 13:30 → 17:30.
    run.advance(t('2026-11-23T15:00:00+08:00'));
    expect(run.ctx.escalation.level).toBe(1);
    expect(run.ctx.sla.firstContact).toMatchObject({ rule: 'escalation.supervisor', deadline: t('2026-11-23T17:30:00+08:00') });

    run.send({ type: 'TRIAGE', at: t('2026-11-23T15:00:00+08:00'), actor: agent, categories: ['billing'], severity: 'general' });
    run.advance(t('2026-11-23T15:00:00+08:00'));
    expect(run.ctx.escalation.level).toBe(1);
    expect(run.ctx.sla.firstContact).toMatchObject({ rule: 'escalation.supervisor', deadline: t('2026-11-23T17:30:00+08:00'), breaches: 1 });
  });
});

describe('acceptedEvents', () => {
  it('lists the events of received, triage and verifying', () => {
    const filed = t('2026-11-23T09:00:00+08:00');
    const run = new Run(complaintMachine, intake(filed));
    expect(acceptedEvents(run.snapshot)).toEqual(['ACKNOWLEDGE', 'RESOLVE_ON_FIRST_CONTACT', 'EXTEND', 'WITHDRAW', 'ESCALATE', 'REASSIGN', 'ADD_NOTE']);
    run.send({ type: 'ACKNOWLEDGE', at: filed + MIN, actor: agent });
    expect(acceptedEvents(run.snapshot)).toEqual(['RESOLVE_ON_FIRST_CONTACT', 'TRIAGE', 'EXTEND', 'WITHDRAW', 'ESCALATE', 'REASSIGN', 'ADD_NOTE']);
    run.send({ type: 'TRIAGE', at: filed + 2 * MIN, actor: agent, categories: ['other'], severity: 'normal' });
    run.send({ type: 'CONTACT_CUSTOMER', at: filed + 3 * MIN, actor: agent });
    expect(acceptedEvents(run.snapshot)).toEqual(['TRIAGE', 'REQUEST_INFO', 'RECORD_ROOT_CAUSE', 'EXTEND', 'WITHDRAW', 'ESCALATE', 'REASSIGN', 'ADD_NOTE']);
  });
});
