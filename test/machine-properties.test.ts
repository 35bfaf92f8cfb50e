/**
 * Property-based tests of the complaint statechart (fast-check).
 *
 * Random sequences of valid events with random time gaps (minutes to weeks,
 * so deadlines are crossed and timers fire in between) are run with the pure
 * `initialTransition` / `transition` functions. Timers are kept as data as
 * the desk keeps them: before each event the due ones fire in order. After
 * every step — event or timer — a set of invariants is checked.
 */
import fc from 'fast-check';
import { initialTransition, transition, type SnapshotFrom } from 'xstate';
import { describe, expect, it } from 'vitest';
import {
  acceptedEvents,
  clockNames,
  createComplaintMachine,
  escalationReasons,
  parseIntake,
  presets,
  SLA_TIMER,
  stageOf,
  workingTimeBetween,
  type ArchiveRecord,
  type ClockName,
  type ComplaintEvent,
  type ComplaintMachine,
  type EscalationStep,
  type MachineEvent,
  type Notification,
  type Policy,
  type Role,
  type SlaClock,
} from '../src/index.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

type Snap = SnapshotFrom<ComplaintMachine>;
type Action = { type: string; params?: unknown };

/** XState's id of the `after: { reopenWindowEnd }` timer of `closed`. */
const WINDOW = 'xstate.after.reopenWindowEnd.closed';

const archiveFields: (keyof ArchiveRecord)[] = Object.keys({
  id: 0,
  customerId: 0,
  channel: 0,
  categories: 0,
  severity: 0,
  department: 0,
  outcome: 0,
  filedAt: 0,
  closedAt: 0,
  archivedAt: 0,
  rootCause: 0,
  proposal: 0,
  satisfaction: 0,
  objections: 0,
  reopens: 0,
  maxEscalationLevel: 0,
  breaches: 0,
  closingNote: 0,
  classification: 0,
  decision: 0,
  redressPaid: 0,
} satisfies Record<keyof ArchiveRecord, 0>) as (keyof ArchiveRecord)[];

/** One random step: which event (among those the state accepts), which variant of it, and how much later. */
interface Step {
  pick: number;
  variant: number;
  gap: number;
}

const gapArb: fc.Arbitrary<number> = fc.oneof(
  { weight: 1, arbitrary: fc.constant(0) },
  { weight: 6, arbitrary: fc.integer({ min: 1, max: 180 }).map((m) => m * MIN) },
  { weight: 4, arbitrary: fc.integer({ min: 1, max: 72 }).map((h) => h * HOUR) },
  { weight: 2, arbitrary: fc.integer({ min: 1, max: 25 }).map((d) => d * DAY + 7 * MIN) },
);
const stepArb: fc.Arbitrary<Step> = fc.record({ pick: fc.nat(), variant: fc.nat(), gap: gapArb });
const filedArb = fc.integer({ min: Date.parse('2026-01-01T00:00:00Z'), max: Date.parse('2027-12-31T00:00:00Z') });

const who = (role: Role) => ({ id: `${role}-1`, role });
const pickOf = <T>(xs: readonly T[], n: number): T => xs[n % xs.length]!;

/**
 * The valid events for a snapshot at `at`, with their parameters chosen by
 * `v`. Events that move the complaint on are listed four times, side events
 * twice and those that end it once (asking for and giving evidence six times),
 * so that runs get somewhere before they
 * are withdrawn.
 */
function eventsAt(s: Snap, at: number, v: number): ComplaintEvent[] {
  const c = s.context;
  const out: ComplaintEvent[] = [];
  const accepted = new Set<string>(acceptedEvents(s));
  const add = (e: ComplaintEvent, weight = 4) => {
    if (accepted.has(e.type)) for (let i = 0; i < weight; i++) out.push(e);
  };
  const staff = pickOf(['agent', 'handler', 'supervisor', 'director', 'executive'] as const, v);
  add({ type: 'ACKNOWLEDGE', at, actor: who('agent') });
  add({ type: 'RESOLVE_ON_FIRST_CONTACT', at, actor: who('agent'), summary: 'sorted' }, 1);
  add({
    type: 'TRIAGE',
    at,
    actor: who('agent'),
    categories: [pickOf(['product_quality', 'service_experience', 'logistics', 'billing', 'other'] as const, v >> 2)],
    severity: pickOf(['urgent', 'general', 'normal'] as const, v),
  });
  add({ type: 'CONTACT_CUSTOMER', at, actor: who('handler') });
  add({ type: 'REQUEST_INFO', at, actor: who('handler'), request: 'evidence' }, 6);
  add({ type: 'PROVIDE_INFO', at, actor: who('customer'), info: 'here' }, 6);
  add({ type: 'RECORD_ROOT_CAUSE', at, actor: who('handler'), method: 'five_whys', cause: 'c', liability: 'company' });
  add({
    type: 'PROPOSE',
    at,
    actor: who(pickOf(['agent', 'handler', 'supervisor'] as const, v)),
    remedies: ['refund'],
    ...(v % 5 === 0 ? {} : { compensation: pickOf([150, 500, 3000, 60_000], v >> 1) }),
    executeBy: at + pickOf([0, HOUR, 2 * DAY, 10 * DAY], v >> 3),
  });
  add({ type: 'APPROVE', at, actor: who(staff) });
  add({ type: 'DECLINE', at, actor: who('supervisor'), reason: 'no' }, 2);
  add({ type: 'ACCEPT', at, actor: who('customer') });
  add({ type: 'OBJECT', at, actor: who('customer'), objection: 'more' }, 2);
  add({ type: 'DECLARE_UNRESOLVABLE', at, actor: who('supervisor'), reason: 'cannot' }, 1);
  add({ type: 'REPORT_PROGRESS', at, actor: who('handler'), progress: 'p' }, 2);
  add({ type: 'REPORT_EXECUTION_ISSUE', at, actor: who('handler'), issue: 'out of stock' }, 2);
  add({ type: 'COMPLETE_EXECUTION', at, actor: who('handler') });
  add({ type: 'RECORD_FOLLOW_UP', at, actor: who('handler'), satisfaction: pickOf(['satisfied', 'basically_satisfied', 'unsatisfied'] as const, v) });
  const open = clockNames.filter((n) => ['running', 'paused', 'overdue'].includes(c.sla[n]?.state ?? ''));
  if (open.length > 0) {
    const clock = pickOf(open, v);
    const until = Math.max(at, c.sla[clock]!.deadline) + pickOf([HOUR, DAY, 10 * DAY, 40 * DAY], v >> 2);
    add({ type: 'EXTEND', at, actor: who('supervisor'), clock, until, reason: 'holding reply' }, 2);
  }
  add({ type: 'WITHDRAW', at, actor: who('customer') }, 1);
  add({ type: 'REOPEN', at, actor: who('customer'), reason: 'again' }, 2);
  add({ type: 'ESCALATE', at, actor: who(staff), reason: 'by hand' }, 2);
  add({ type: 'REASSIGN', at, actor: who('supervisor'), assignee: `u-${v % 3}` }, 2);
  add({ type: 'ADD_NOTE', at, actor: who('agent'), note: 'n' }, 2);
  add({ type: 'ARCHIVE', at, actor: who('supervisor') }, 1);
  return out;
}

/** What the generated runs went through, so the properties are not vacuous (reset per test). */
const fresh = () => ({ steps: 0, timers: 0, archived: 0, reopened: 0, resumed: 0, overdue: 0, breaches: 0, extendedWhilePaused: 0, escalations: 0 });
let seen = fresh();

/** The next instant any counting clock needs attention, computed here from the clock data. */
function nextCheck(sla: Partial<Record<ClockName, SlaClock>>): number | undefined {
  const due = Object.values(sla)
    .filter((c) => c.state === 'running')
    .map((c) => Math.min(c.warnAt[0] ?? c.deadline, c.deadline));
  return due.length > 0 ? Math.min(...due) : undefined;
}

/** Run one random complaint and check the invariants after every step. */
function check(machine: ComplaintMachine, policy: Policy, filedAt: number, steps: Step[]): void {
  const top = policy.escalation.levels.length - 1;
  const intake = parseIntake({
    id: 'C-prop',
    customer: { id: 'cu1', name: 'Li Lei' },
    channel: 'app',
    description: 'd',
    demand: 'x',
    emotion: 'angry',
    motive: 'compensation',
    filedAt,
  });
  let [snap, actions] = initialTransition(machine, intake) as [Snap, Action[]];
  const timers = new Map<string, number>();
  /** Per paused clock: when it paused and its deadline as last seen while paused. */
  const pauses = new Map<ClockName, { pausedAt: number; deadline: number; pausedWork: number }>();
  let prev = snap;

  const track = (acts: Action[]) => {
    for (const a of acts) {
      const p = (a.params ?? {}) as { id?: string; delay?: number; sendId?: string };
      if (a.type === 'xstate.raise' && typeof p.delay === 'number' && p.id) timers.set(p.id, snap.context.now + p.delay);
      else if (a.type === 'xstate.cancel' && p.sendId) timers.delete(p.sendId);
    }
  };

  const invariants = (label: string) => {
    const c = snap.context;
    const where = `${label} in ${JSON.stringify(snap.value)}`;
    const tagged = snap.hasTag('slaPaused');
    // escalation level within the ladder; down only at a re-open
    expect(c.escalation.level, where).toBeGreaterThanOrEqual(0);
    expect(c.escalation.level, where).toBeLessThanOrEqual(top);
    expect(c.escalation.max, where).toBeGreaterThanOrEqual(c.escalation.level);
    if (c.escalation.level < prev.context.escalation.level) expect(c.counts.reopens, `level went down: ${where}`).toBe(prev.context.counts.reopens + 1);
    // every step up the ladder is recorded as a `record` action (the context keeps counts only), chained from the
    // level before the step to the level after it
    const steps = actions
      .filter((a) => a.type === 'record' && (a.params as { kind: string }).kind === 'escalation')
      .map((a) => (a.params as { step: EscalationStep }).step);
    const e = c.escalation;
    expect(e.count - prev.context.escalation.count, `escalation count vs recorded steps: ${where}`).toBe(steps.length);
    if (steps.length > 0) {
      seen.escalations += steps.length;
      expect(steps[0]!.from, where).toBe(c.counts.reopens > prev.context.counts.reopens ? 0 : prev.context.escalation.level);
      for (let i = 1; i < steps.length; i++) expect(steps[i]!.from, where).toBe(steps[i - 1]!.to);
      expect(steps.at(-1)!.to, where).toBe(e.level);
      for (const st of steps) {
        expect(st.to, where).toBeGreaterThan(st.from);
        expect(st.at, where).toBeLessThanOrEqual(c.now);
        if (st.reason === 'breach') expect(st.clock, where).toBeDefined();
      }
    }
    expect(escalationReasons.reduce((n, r) => n + e.byReason[r], 0), where).toBe(e.count);
    expect(e.byLevel.reduce((n, k) => n + k, 0), where).toBe(e.count);
    expect(e.max, where).toBe(Math.max(0, e.byLevel.length - 1));
    // breaches are counted per clock over the whole life, one per `sla.breached` notification
    const breached = actions.filter((a) => a.type === 'notify' && (a.params as Notification).kind === 'sla.breached').length;
    const total = (b: Record<ClockName, number>) => clockNames.reduce((n, k) => n + b[k], 0);
    expect(Object.keys(c.counts.breaches).sort(), where).toEqual([...clockNames].sort());
    expect(total(c.counts.breaches) - total(prev.context.counts.breaches), `breach count: ${where}`).toBe(breached);
    // time never goes backwards
    expect(c.now, where).toBeGreaterThanOrEqual(prev.context.now);

    for (const [name, clock] of Object.entries(c.sla) as [ClockName, SlaClock][]) {
      expect(clock.deadline, `${name} deadline < periodStart: ${where}`).toBeGreaterThanOrEqual(clock.periodStart);
      expect(clock.deadline, `${name} deadline < startedAt: ${where}`).toBeGreaterThanOrEqual(clock.startedAt);
      expect(clock.periodStart, `${name} periodStart < startedAt: ${where}`).toBeGreaterThanOrEqual(clock.startedAt);
      if (clock.state === 'paused') expect(tagged, `${name} paused outside a paused state: ${where}`).toBe(true);
      if (tagged) expect(clock.state, `${name} counts while waiting on the customer: ${where}`).not.toBe('running');
      if (clock.state === 'overdue') expect(c.escalation.level, `${name} overdue below the top: ${where}`).toBe(top);

      // paused time never counts: the working time left at the pause is the working time left at the resume
      const before = prev.context.sla[name];
      if (clock.state === 'paused') {
        const known = pauses.get(name);
        if (!known) {
          expect(before?.state, where).not.toBe('paused');
          pauses.set(name, { pausedAt: clock.pausedAt!, deadline: clock.deadline, pausedWork: clock.pausedWork });
          if (before?.state === 'overdue') seen.extendedWhilePaused++;
        } else {
          known.deadline = clock.deadline;
        }
      } else if (pauses.has(name)) {
        const { pausedAt, deadline, pausedWork } = pauses.get(name)!;
        pauses.delete(name);
        if (clock.state === 'running' && clock.startedAt === before?.startedAt) {
          seen.resumed++;
          const cal = policy.calendars[clock.calendar]!;
          const left = Math.max(0, workingTimeBetween(cal, pausedAt, deadline));
          expect(workingTimeBetween(cal, c.now, clock.deadline), `${name} remaining time changed by the pause: ${where}`).toBe(left);
          expect(clock.pausedWork - pausedWork, `${name} pausedWork: ${where}`).toBe(workingTimeBetween(cal, pausedAt, c.now));
        }
      }
    }
    for (const name of pauses.keys()) if (!c.sla[name]) pauses.delete(name);

    // timers are data and match the clocks: the one SLA timer at the next warning or deadline of any counting clock,
    // the window timer while closed, nothing else
    const stage = stageOf(snap);
    const sla = timers.get(SLA_TIMER);
    const window = timers.get(WINDOW);
    if (tagged) expect(sla, `timer armed while paused: ${where}`).toBeUndefined();
    const next = nextCheck(c.sla);
    expect(sla, `SLA timer vs clocks: ${where}`).toBe(next === undefined ? undefined : Math.max(c.now, next));
    if (!snap.matches('open')) expect(sla, `SLA timer armed while ${stage}: ${where}`).toBeUndefined();
    if (stage === 'closed') expect(window, where).toBe(Math.max(c.now, c.milestones.reopenUntil!));
    else expect(window, where).toBeUndefined();
    expect([...timers.keys()].filter((k) => k !== SLA_TIMER && k !== WINDOW), where).toEqual([]);
    expect(timers.size, where).toBeLessThanOrEqual(1);

    if (snap.status === 'done') {
      expect(snap.value).toBe('archived');
      const out = snap.output as ArchiveRecord;
      for (const f of archiveFields) expect(out[f], `output.${f}`).not.toBeUndefined();
      expect(Object.keys(out).sort()).toEqual([...archiveFields].sort());
      expect(out.closedAt).toBeGreaterThanOrEqual(out.filedAt);
      expect(out.archivedAt).toBeGreaterThanOrEqual(out.closedAt);
      expect(out.reopens).toBe(c.counts.reopens);
      expect(out.objections).toBe(c.counts.objections);
      expect(out.breaches).toEqual(c.counts.breaches);
      expect(out.maxEscalationLevel).toBe(c.escalation.max);
    }
    if (Object.values(c.sla).some((k) => k.state === 'overdue')) seen.overdue++;
    seen.steps++;
    prev = snap;
  };

  const apply = (event: MachineEvent | { type: string }, label: string) => {
    [snap, actions] = transition(machine, snap, event as MachineEvent) as [Snap, Action[]];
    track(actions);
    invariants(label);
  };

  /** Read through a function: TypeScript cannot see `snap` change inside `apply`. */
  const done = () => snap.status === 'done';

  track(actions);
  invariants('start');
  let now = filedAt;
  for (const step of steps) {
    now += step.gap;
    if (done()) {
      // Archived is final: nothing changes, whatever is sent.
      const probe = eventsAt({ ...snap, status: 'active' } as unknown as Snap, now, step.variant);
      const frozen = snap;
      for (const e of [...probe, { type: 'ARCHIVE', at: now, actor: who('supervisor') } as ComplaintEvent].slice(0, 5)) {
        const [next, acts] = transition(machine, frozen, e);
        expect(next).toBe(frozen);
        expect(acts).toEqual([]);
      }
      for (const id of [WINDOW, SLA_TIMER]) {
        expect(transition(machine, frozen, { type: id } as unknown as MachineEvent)[0]).toBe(frozen);
      }
      expect(timers.size).toBe(0);
      continue;
    }
    // fire the due timers in order
    for (;;) {
      let due: [string, number] | undefined;
      for (const [id, at] of timers) if (at <= now && (!due || at < due[1])) due = [id, at];
      if (!due) break;
      timers.delete(due[0]);
      seen.timers++;
      const breachesBefore = Object.values(snap.context.sla).reduce((n, k) => n + k.breaches, 0);
      apply({ type: due[0] }, `timer ${due[0]}`);
      seen.breaches += Object.values(snap.context.sla).reduce((n, k) => n + k.breaches, 0) > breachesBefore ? 1 : 0;
    }
    if (done()) {
      seen.archived++;
      continue;
    }
    const options = eventsAt(snap, Math.max(now, snap.context.now), step.variant);
    if (options.length === 0) continue;
    const event = options[step.pick % options.length]!;
    const reopensBefore = snap.context.counts.reopens;
    apply(event, event.type);
    if (snap.context.counts.reopens > reopensBefore) seen.reopened++;
    if (done()) seen.archived++;
  }
}

function runs(policy: Policy, numRuns: number) {
  const machine = createComplaintMachine(policy);
  seen = fresh();
  fc.assert(
    fc.property(filedArb, fc.array(stepArb, { minLength: 5, maxLength: 70 }), (filedAt, steps) => {
      check(machine, policy, filedAt, steps);
    }),
    { numRuns },
  );
  if (process.env.REDRESS_PROPERTY_STATS) console.log(policy.name, seen);
  return seen;
}

describe('properties of random complaints', () => {
  it('hold under the guideline policy', () => {
    const s = runs(presets.guideline, 250);
    // not vacuous: deadlines were crossed, the ladder climbed to the top, complaints re-opened and archived
    expect(s.timers).toBeGreaterThan(500);
    expect(s.breaches).toBeGreaterThan(100);
    expect(s.overdue).toBeGreaterThan(0);
    expect(s.reopened).toBeGreaterThan(10);
    expect(s.archived).toBeGreaterThan(10);
    expect(s.escalations).toBeGreaterThan(100);
  });

  it('hold under EU PSD2 (a resolution clock that pauses, extensions with a cap)', () => {
    const s = runs(presets.psd2, 250);
    expect(s.resumed).toBeGreaterThan(5);
    expect(s.breaches).toBeGreaterThan(10);
    expect(s.archived).toBeGreaterThan(10);
  });

  it('hold under UK FCA DISP (calendar weeks, a summary-resolution fast path)', () => {
    const s = runs(presets.fcaDisp, 100);
    expect(s.resumed).toBeGreaterThan(0);
    expect(s.archived).toBeGreaterThan(0);
  });
});
