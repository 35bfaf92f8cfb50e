/**
 * Model-based tests of the complaint statechart with `xstate/graph`.
 *
 * The traversal sends concrete, valid events (the `events` function below),
 * including the two timer events: the one SLA timer `{ type: 'sla.due' }`
 * (while some clock counts) and `xstate.after.reopenWindowEnd.closed` (while
 * closed); `serializeState` keeps only the state value, the escalation level
 * and a few bounded flags, so the graph stays finite.
 *
 * Coverage is measured exactly: every edge of the explored graph is replayed
 * on a live actor whose `inspect` reports each microstep's transitions, and
 * each transition definition is mapped back to its source state node.
 *
 * On every explored edge the desk's fast path (`transitionerFor(machine)`,
 * which runs `machine.transition` on a reused copy of XState's inert actor
 * scope) must produce exactly what XState's public `transition()` produces,
 * and `initialTransitionOf` what `initialTransition()` produces: state value,
 * context, status, output and the action list (types and params). On every
 * explored state the snapshot the desk persists (`persist`) must equal
 * `machine.getPersistedSnapshot`.
 */
import { isDeepStrictEqual } from 'node:util';
import {
  createActor,
  SimulatedClock,
  transition,
  initialTransition,
  type AnyStateNode,
  type InspectionEvent,
  type SnapshotFrom,
} from 'xstate';
import { getAdjacencyMap, getShortestPaths, getSimplePaths, type StatePath } from 'xstate/graph';
import { describe, expect, it } from 'vitest';
import { persist } from '../src/desk/snapshots.js';
import { initialTransitionOf, transitionerFor, type PureAction } from '../src/machine/pure.js';
import {
  acceptedEvents,
  ARCHIVE_TIMER,
  clockNames,
  complaintMachine,
  createComplaintMachine,
  definePolicy,
  eventTypes,
  parseIntake,
  presets,
  SLA_TIMER,
  stageOf,
  type ArchiveRecord,
  type ComplaintEvent,
  type ComplaintMachine,
  type MachineEvent,
  type PolicyInput,
  type Role,
} from '../src/index.js';

const MIN = 60_000;
const DAY = 86_400_000;
/** XState's id of the `after: { reopenWindowEnd }` timer of `closed` (state id `closed`). */
const WINDOW = 'xstate.after.reopenWindowEnd.closed';

type Snap = SnapshotFrom<ComplaintMachine>;
type Path = StatePath<Snap, MachineEvent>;

const input = parseIntake({
  id: 'C-model',
  customer: { id: 'cu1', name: 'Li Lei' },
  channel: 'web',
  description: 'Charged twice',
  demand: 'Refund the second charge',
  emotion: 'anxious',
  motive: 'compensation',
  filedAt: Date.parse('2026-11-23T09:00:00+08:00'), // Monday
});

const who = (role: Role) => ({ id: `${role}-1`, role });
const timer = (type: string) => ({ type }) as unknown as MachineEvent;

/** Is the one SLA timer armed? While open, exactly when some clock is counting (the actions keep it so). */
const slaArmed = (s: Snap) => s.matches('open') && Object.values(s.context.sla).some((k) => k.state === 'running');

/**
 * Concrete valid events for a snapshot, one minute after its `now` (timers
 * carry no time: the machine fires them at the instant they were armed for).
 * With `all`, also the events the current state does not accept.
 */
function candidates(s: Snap, all = false): MachineEvent[] {
  if (s.status !== 'active') return [];
  const c = s.context;
  const at = c.now + MIN;
  const accepted = new Set<string>(acceptedEvents(s));
  const out: MachineEvent[] = [];
  const add = (e: ComplaintEvent) => {
    if (all || accepted.has(e.type)) out.push(e);
  };
  add({ type: 'ACKNOWLEDGE', at, actor: who('agent') });
  add({ type: 'RESOLVE_ON_FIRST_CONTACT', at, actor: who('agent'), summary: 'explained' });
  for (const severity of ['urgent', 'general', 'normal'] as const) {
    add({ type: 'TRIAGE', at, actor: who('agent'), categories: ['billing'], severity });
  }
  add({ type: 'CONTACT_CUSTOMER', at, actor: who('handler') });
  add({ type: 'REQUEST_INFO', at, actor: who('handler'), request: 'statement' });
  add({ type: 'PROVIDE_INFO', at, actor: who('customer'), info: 'attached' });
  add({ type: 'RECORD_ROOT_CAUSE', at, actor: who('handler'), method: 'rca', cause: 'double posting', liability: 'company' });
  // within the agent's authority (200), and above it
  add({ type: 'PROPOSE', at, actor: who('agent'), remedies: ['refund'], compensation: 100, executeBy: at + 3 * DAY });
  add({ type: 'PROPOSE', at, actor: who('agent'), remedies: ['refund', 'voucher'], compensation: 500, executeBy: at + 3 * DAY });
  add({ type: 'APPROVE', at, actor: who('director') });
  add({ type: 'DECLINE', at, actor: who('supervisor'), reason: 'too much' });
  add({ type: 'ACCEPT', at, actor: who('customer') });
  add({ type: 'OBJECT', at, actor: who('customer'), objection: 'not enough' });
  add({ type: 'DECLARE_UNRESOLVABLE', at, actor: who('supervisor'), reason: 'out of scope' });
  add({ type: 'REPORT_PROGRESS', at, actor: who('handler'), progress: 'half way' });
  add({ type: 'REPORT_EXECUTION_ISSUE', at, actor: who('handler'), issue: 'out of stock', kind: 'out_of_stock' });
  add({ type: 'COMPLETE_EXECUTION', at, actor: who('handler') });
  for (const satisfaction of ['satisfied', 'unsatisfied'] as const) {
    add({ type: 'RECORD_FOLLOW_UP', at, actor: who('handler'), satisfaction });
  }
  const open = clockNames.find((n) => ['running', 'paused', 'overdue'].includes(c.sla[n]?.state ?? ''));
  if (open) {
    add({ type: 'EXTEND', at, actor: who('supervisor'), clock: open, until: Math.max(at, c.sla[open]!.deadline) + DAY, reason: 'holding reply' });
  }
  add({ type: 'WITHDRAW', at, actor: who('customer'), reason: 'changed my mind' });
  add({ type: 'REOPEN', at, actor: who('customer'), reason: 'broke again' });
  const until = c.milestones.reopenUntil;
  if (until !== null) add({ type: 'REOPEN', at: Math.max(at, until + MIN), actor: who('customer'), reason: 'too late' });
  add({ type: 'ESCALATE', at, actor: who('supervisor'), reason: 'key account' });
  add({ type: 'REASSIGN', at, actor: who('supervisor'), assignee: 'u-2', department: 'finance' });
  add({ type: 'ADD_NOTE', at, actor: who('agent'), note: 'called back' });
  add({ type: 'ARCHIVE', at, actor: who('supervisor') });

  if (all || slaArmed(s)) out.push(timer(SLA_TIMER));
  if (all || s.matches('closed')) out.push(timer(WINDOW));
  return out;
}
const events = (s: Snap) => candidates(s);

/** Value, escalation level, re-opened or not, and per clock whether it is counting to a warning, a deadline or is overdue. */
function serializeState(s: Snap): string {
  const c = s.context;
  const clocks = clockNames.flatMap((n) => {
    const k = c.sla[n];
    if (k?.state === 'running') return [`${n}:${k.warnAt.length > 0 ? 'warn' : 'due'}`];
    if (k?.state === 'overdue') return [`${n}:overdue`];
    return [];
  });
  return JSON.stringify({ v: s.value, level: c.escalation.level, reopened: c.counts.reopens > 0, clocks });
}

const LIMIT = 100_000;
const traversal = { input, events, serializeState, limit: LIMIT };

const allNodes = (n: AnyStateNode): AnyStateNode[] => [n, ...Object.values(n.states).flatMap(allNodes)];

/** An action as the desk compares it: its type and resolved params (no `exec`, no `info`). */
const plain = (actions: readonly PureAction[]) => actions.map((a) => ({ type: a.type, params: a.params }));

/** A named action of a definition (a string, or `{ type }`), or undefined for an inline function. */
const actionName = (a: unknown): string | undefined =>
  typeof a === 'string' ? a : a && typeof a === 'object' && typeof (a as { type?: unknown }).type === 'string' ? (a as { type: string }).type : undefined;

interface Exploration {
  paths: Path[];
  /** Every explored state, and every state an explored edge led to. */
  states: Snap[];
  nodeIds: string[];
  reachedNodes: Set<string>;
  pairs: string[];
  takenPairs: Set<string>;
  branches: string[];
  takenBranches: Set<string>;
  edges: number;
  /** Edges on which some transition was enabled. */
  enabledEdges: number;
  mismatches: string[];
  /** Edges where the desk's fast path and XState's transition() differ. */
  deskMismatches: string[];
  /** Edges where a transition was enabled but the snapshot stayed the same object and no action came back (the desk would call it refused), or the reverse. */
  invisible: string[];
}

/** Explore a machine: shortest paths, every edge replayed on a live actor with transition inspection and on the desk's fast path. */
function explore(machine: ComplaintMachine): Exploration {
  const paths = getShortestPaths(machine, traversal) as Path[];
  const adjacency = getAdjacencyMap(machine, traversal);
  const step = transitionerFor(machine);

  const nodes = allNodes(machine.root);
  const branchOf = new Map<unknown, string>();
  const pairs: string[] = [];
  for (const node of nodes) {
    for (const [type, defs] of node.transitions) {
      pairs.push(`${node.id} ${type}`);
      defs.forEach((d, i) => branchOf.set(d, `${node.id} ${type} #${i}`));
    }
  }
  const takenBranches = new Set<string>();
  let takenNow: string[] = [];
  const inspect = (e: InspectionEvent) => {
    if (e.type !== '@xstate.microstep') return;
    for (const tr of e._transitions) {
      const key = branchOf.get(tr);
      if (key === undefined) throw new Error(`transition not from the machine: ${tr.eventType}`);
      takenBranches.add(key);
      takenNow.push(key);
    }
  };
  // The initial macrostep (the machine has no eventless transitions: nothing is expected here).
  createActor(machine, { input, inspect, clock: new SimulatedClock() }).start().stop();

  const reachedNodes = new Set<string>();
  const mismatches: string[] = [];
  const deskMismatches: string[] = [];
  const invisible: string[] = [];
  const states: Snap[] = [];
  let edges = 0;
  let enabledEdges = 0;
  for (const { state, transitions } of Object.values(adjacency)) {
    states.push(state);
    for (const n of state._nodes) reachedNodes.add(n.id);
    for (const { event, state: next } of Object.values(transitions) as { event: MachineEvent; state: Snap }[]) {
      edges++;
      states.push(next);
      takenNow = [];
      const actor = createActor(machine, { input, snapshot: state, inspect, clock: new SimulatedClock() }).start();
      actor.send(event);
      const live = actor.getSnapshot();
      actor.stop();
      const where = `${event.type} from ${serializeState(state)}`;
      // The live actor, the pure transition() and the graph agree.
      const [pure, pureActions] = transition(machine, state, event);
      for (const [name, other] of [['live', live], ['graph', next]] as const) {
        if (JSON.stringify([other.value, other.status, other.context]) !== JSON.stringify([pure.value, pure.status, pure.context])) {
          mismatches.push(`${name} ≠ pure after ${where}`);
        }
      }
      // The desk's fast path produces exactly what transition() produces.
      const [desk, deskActions] = step(state, event);
      const same =
        isDeepStrictEqual(desk.value, pure.value) &&
        desk.status === pure.status &&
        isDeepStrictEqual(desk.context, pure.context) &&
        isDeepStrictEqual(desk.output, pure.output) &&
        isDeepStrictEqual(plain(deskActions), plain(pureActions as PureAction[]));
      if (!same) deskMismatches.push(where);
      // What the desk calls accepted (a new snapshot or some action) is exactly "a transition was enabled".
      const enabled = takenNow.length > 0;
      if (enabled) enabledEdges++;
      if (enabled !== (desk !== state || deskActions.length > 0)) invisible.push(`${where} (enabled: ${enabled})`);
    }
  }
  const takenPairs = new Set([...takenBranches].map((k) => k.replace(/ #\d+$/, '')));
  return {
    paths,
    states,
    nodeIds: nodes.map((n) => n.id),
    reachedNodes,
    pairs,
    takenPairs,
    branches: [...branchOf.values()],
    takenBranches,
    edges,
    enabledEdges,
    mismatches,
    deskMismatches,
    invisible,
  };
}

/**
 * Replay a path with the pure functions; returns the problems found. The
 * states a path records are equal to the replayed ones up to the traversal's
 * `serializeState` (the graph keeps one snapshot per serialized state), so
 * that is what is compared, with the status.
 */
function replay(machine: ComplaintMachine, path: Path, serialize: (s: Snap) => string = serializeState): string[] {
  const problems: string[] = [];
  let [s] = initialTransition(machine, input);
  const same = (a: Snap, b: Snap) => a.status === b.status && serialize(a) === serialize(b);
  // steps[0] is the initial state (event xstate.init); steps[i] is the state after steps[i].event.
  const [first, ...rest] = path.steps;
  if (!first || !same(s, first.state)) problems.push('initial state differs');
  for (const step of rest) {
    [s] = transition(machine, s, step.event);
    if (!same(s, step.state)) problems.push(`after ${step.event.type}: ${serialize(s)} ≠ ${serialize(step.state)}`);
  }
  if (JSON.stringify(s.value) !== JSON.stringify(path.state.value) || s.status !== path.state.status) {
    problems.push(`end ${JSON.stringify(s.value)}/${s.status} ≠ ${JSON.stringify(path.state.value)}/${path.state.status}`);
  }
  return problems;
}

/** Persisted snapshots that differ between the desk's `persist` and XState's `getPersistedSnapshot`. */
function persistMismatches(machine: ComplaintMachine, states: readonly Snap[]): string[] {
  const out: string[] = [];
  for (const s of states) {
    const ours = persist(s);
    const theirs = machine.getPersistedSnapshot(s);
    if (!isDeepStrictEqual(ours, theirs)) out.push(serializeState(s));
    // and it survives JSON (what every store writes) as XState's does
    if (JSON.stringify(ours) !== JSON.stringify(theirs)) out.push(`JSON of ${serializeState(s)}`);
  }
  return out;
}

/**
 * States tagged `slaPaused` (waiting on the customer) in which a clock is
 * counting, so that the machine keeps (or arms) the SLA timer while it waits.
 */
function pausedProblems(states: readonly Snap[]): string[] {
  return [
    ...new Set(
      states
        .filter((s) => s.hasTag('slaPaused'))
        .flatMap((s) => clockNames.filter((n) => s.context.sla[n]?.state === 'running').map((n) => `${n} running in ${serializeState(s)}`)),
    ),
  ];
}

// ---------------------------------------------------------------------------
// The chart itself: one named action per transition, every name implemented.

describe('the chart', () => {
  const nodes = allNodes(complaintMachine.root);
  const implemented = new Set(Object.keys(complaintMachine.implementations.actions));
  const transitions = nodes.flatMap((n) => [...n.transitions].flatMap(([type, defs]) => defs.map((d, i) => ({ where: `${n.id} ${type} #${i}`, d }))));

  it('has the flat v2 shape: open holds the stages, then closed and archived', () => {
    expect(Object.keys(complaintMachine.root.states)).toEqual(['open', 'closed', 'archived']);
    expect(Object.keys(complaintMachine.root.states.open!.states)).toEqual(['received', 'triage', 'investigating', 'resolving', 'executing', 'followUp']);
    expect(nodes.filter((n) => n.type === 'parallel')).toEqual([]);
    for (const id of ['received', 'triage', 'investigating', 'resolving', 'executing', 'followUp', 'closed', 'archived']) {
      expect(complaintMachine.getStateNodeById(id).key).toBe(id);
    }
  });

  it('gives every transition at least one action, each a named implementation of the machine', () => {
    expect(transitions.length).toBeGreaterThan(30);
    const problems: string[] = [];
    for (const { where, d } of transitions) {
      if (d.actions.length === 0) problems.push(`${where}: no action`);
      for (const a of d.actions) {
        const name = actionName(a);
        if (name === undefined) problems.push(`${where}: an inline action`);
        else if (!implemented.has(name)) problems.push(`${where}: ${name} is not an action of the machine`);
      }
    }
    expect(problems).toEqual([]);
    // One named action per transition, as chart.ts promises.
    expect(transitions.filter(({ d }) => d.actions.length !== 1).map(({ where }) => where)).toEqual([]);
  });

  it('names its entry actions (received: receive, closed: close); only XState schedules and cancels the window timer', () => {
    // XState adds the scheduling of an `after` timer to the node's entry (a built-in raise) and its cancel to the exit.
    const builtin = (a: unknown) => typeof a === 'function' && typeof (a as { type?: unknown }).type === 'string' && (a as unknown as { type: string }).type.startsWith('xstate.');
    const named = (list: readonly unknown[]) => list.filter((a) => !builtin(a)).map((a) => actionName(a) ?? 'inline');
    expect(nodes.filter((n) => named(n.entry).length > 0).map((n) => [n.id, named(n.entry)])).toEqual([
      ['received', ['receive']],
      ['closed', ['close']],
    ]);
    expect(implemented).toContain('receive');
    expect(implemented).toContain('close');
    expect(nodes.filter((n) => named(n.exit).length > 0).map((n) => n.id)).toEqual([]);
    const closed = complaintMachine.getStateNodeById('closed');
    expect(closed.entry.filter(builtin)).toEqual([expect.objectContaining({ type: 'xstate.raise', id: WINDOW, delay: 'reopenWindowEnd' })]);
    expect(Object.keys(complaintMachine.implementations.delays)).toEqual(expect.arrayContaining(['reopenWindowEnd', 'slaDue']));
  });

  it('has one SLA timer (sla.due on open) and one delayed transition (the re-open window of closed)', () => {
    expect(transitions.filter(({ d }) => d.eventType === SLA_TIMER).map(({ where }) => where)).toEqual(['complaint.open sla.due #0']);
    const after = nodes.flatMap((n) => n.after.map((a) => `${n.id} ${a.eventType}`));
    expect(after).toEqual([`closed ${WINDOW}`]);
    expect(WINDOW).toBe(ARCHIVE_TIMER);
  });
});

// ---------------------------------------------------------------------------

const sorted = (xs: Iterable<string>) => [...xs].sort();
const missing = (all: string[], seen: Set<string>) => sorted(all.filter((x) => !seen.has(x)));

/**
 * The guideline policy sets no resolution target: while waiting on the
 * customer no clock is left to extend (the first-contact clock is met before
 * `verifying`, the proposal clock starts after it), so `awaitingInfo`'s own
 * EXTEND is taken only under a policy with a resolution clock (the second
 * model below, which must take everything).
 */
const GUIDELINE_ONLY_UNTAKEN = ['complaint.open.investigating.awaitingInfo EXTEND'];
const GUIDELINE_ONLY_UNTAKEN_BRANCHES = ['complaint.open.investigating.awaitingInfo EXTEND #0'];

describe('model: the default machine (guideline policy)', () => {
  const x = explore(complaintMachine);

  it('explores a finite graph within the limit, with the pure, live and graph transitions agreeing', () => {
    expect(x.paths.length).toBeGreaterThan(50);
    expect(x.edges).toBeGreaterThan(x.paths.length);
    expect(x.mismatches).toEqual([]);
    // every public event type and both timers were taken somewhere
    const edgeTypes = new Set([...x.takenBranches].map((k) => k.split(' ')[1]!));
    for (const type of eventTypes) expect(edgeTypes, type).toContain(type);
    expect(edgeTypes).toContain(SLA_TIMER);
    expect(edgeTypes).toContain(WINDOW);
    const sent = new Set(x.paths.flatMap((p) => p.steps.map((s) => s.event.type)));
    expect(sent).toContain(SLA_TIMER);
  });

  it('reaches every state node', () => {
    expect(x.nodeIds).toHaveLength(new Set(x.nodeIds).size);
    expect(x.nodeIds).toContain('complaint.open.investigating.awaitingInfo');
    expect(missing(x.nodeIds, x.reachedNodes)).toEqual([]);
  });

  it('takes every (source state node, event type) transition, and every guarded alternative', () => {
    expect(missing(x.pairs, x.takenPairs)).toEqual(GUIDELINE_ONLY_UNTAKEN);
    expect(missing(x.branches, x.takenBranches)).toEqual(GUIDELINE_ONLY_UNTAKEN_BRANCHES);
  });

  it('the desk’s fast path (transitionerFor) gives what transition() gives on every explored edge', () => {
    expect(x.edges).toBeGreaterThan(1000);
    expect(x.deskMismatches).toEqual([]);
  });

  it('initialTransitionOf gives what initialTransition() gives', () => {
    const [a, aa] = initialTransition(complaintMachine, input);
    const [b, ba] = initialTransitionOf(complaintMachine, input);
    expect(b.value).toEqual({ open: 'received' });
    expect(b.value).toStrictEqual(a.value);
    expect(b.status).toBe(a.status);
    expect(b.context).toStrictEqual(a.context);
    expect(plain(ba)).toStrictEqual(plain(aa as PureAction[]));
    // receive: the customer is told, the one SLA timer is armed
    expect(plain(ba).map((p) => p.type)).toEqual(['notify', 'xstate.raise']);
    expect(ba[1]!.params).toMatchObject({ id: SLA_TIMER, event: { type: SLA_TIMER } });
    // … and again (the reused scope keeps nothing from the first call)
    const [c, ca] = initialTransitionOf(complaintMachine, input);
    expect(c.context).toStrictEqual(a.context);
    expect(plain(ca)).toStrictEqual(plain(aa as PureAction[]));
  });

  it('every enabled transition is visible to the desk: a new snapshot or at least one action, and a refusal is neither', () => {
    expect(x.enabledEdges).toBeGreaterThan(1000);
    expect(x.invisible).toEqual([]);
  });

  it('while waiting on the customer no clock counts and no SLA timer could be armed', () => {
    expect(pausedProblems(x.states)).toEqual([]);
  });

  it('the desk persists every explored snapshot exactly as getPersistedSnapshot does', () => {
    expect(x.states.length).toBeGreaterThan(1000);
    expect(new Set(x.states.map((s) => s.status))).toEqual(new Set(['active', 'done']));
    expect(persistMismatches(complaintMachine, x.states)).toEqual([]);
  });

  it('replays every shortest path with transition() to the recorded state', () => {
    const problems = x.paths.flatMap((p) => replay(complaintMachine, p));
    expect(problems).toEqual([]);
    expect(new Set(x.paths.map((p) => stageOf(p.state)))).toEqual(
      new Set(['received', 'triage', 'investigating', 'resolving', 'executing', 'followUp', 'closed', 'archived']),
    );
  });

  it('replays every simple path between state values, and every archived end has a full record', () => {
    const byValue = (s: Snap) => JSON.stringify(s.value);
    const simple = getSimplePaths(complaintMachine, { ...traversal, serializeState: byValue }) as Path[];
    expect(simple.length).toBeGreaterThan(100);
    expect(simple.flatMap((p) => replay(complaintMachine, p, byValue))).toEqual([]);

    const archived = [...simple, ...x.paths].filter((p) => p.state.status === 'done');
    expect(archived.length).toBeGreaterThan(0);
    for (const p of archived) {
      expect(p.state.value).toBe('archived');
      const record = p.state.output as ArchiveRecord;
      for (const [field, value] of Object.entries(record)) expect(value, field).not.toBeUndefined();
      expect(Object.keys(record)).toHaveLength(21);
    }
  });

  it('acceptedEvents is complete: an event it does not list changes nothing, in XState and on the desk’s fast path', () => {
    const adjacency = getAdjacencyMap(complaintMachine, traversal);
    const step = transitionerFor(complaintMachine);
    let checked = 0;
    for (const { state } of Object.values(adjacency)) {
      const accepted = new Set<string>(acceptedEvents(state));
      const armed = candidates(state).map((e) => e.type);
      for (const e of candidates(state, true)) {
        if (accepted.has(e.type) || armed.includes(e.type)) continue;
        const [next, actions] = transition(complaintMachine, state, e);
        expect(next, `${e.type} in ${serializeState(state)}`).toBe(state);
        expect(actions).toEqual([]);
        const [deskNext, deskActions] = step(state, e);
        expect(deskNext).toBe(state);
        expect(deskActions).toEqual([]);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(1000);
  });
});

describe('model: the guideline with a resolution clock (10 working days, extension to 20)', () => {
  const g = presets.guideline;
  const policy = definePolicy({
    name: 'guideline-with-resolution',
    calendars: { business: g.calendars.business!.spec },
    targets: { ...(g.targets as PolicyInput['targets']), resolution: { within: { workingDays: 10 }, calendar: 'business' } },
    extension: { max: { within: { workingDays: 20 }, calendar: 'business' } },
    escalation: {
      levels: g.escalation.levels.map((l) => ({ name: l.name, notify: [...l.notify], ...(l.regrant ? { regrant: l.regrant } : {}) })),
      urgentStartLevel: 'director',
    },
  });
  const machine = createComplaintMachine(policy);
  const x = explore(machine);

  it('reaches every node, transition and alternative, the desk’s fast path agreeing on every edge', () => {
    expect(x.mismatches).toEqual([]);
    expect(missing(x.nodeIds, x.reachedNodes)).toEqual([]);
    expect(missing(x.pairs, x.takenPairs)).toEqual([]);
    expect(missing(x.branches, x.takenBranches)).toEqual([]);
    expect(x.deskMismatches).toEqual([]);
    expect(x.invisible).toEqual([]);
    expect(persistMismatches(machine, x.states)).toEqual([]);
  });

  it('while waiting on the customer no clock counts (the resolution clock pauses; an extension keeps it paused)', () => {
    expect(x.states.some((s) => s.hasTag('slaPaused') && s.context.sla.resolution?.state === 'paused')).toBe(true);
    expect(pausedProblems(x.states)).toEqual([]);
  });

  it('initialTransitionOf gives what initialTransition() gives (two clocks start)', () => {
    const [a, aa] = initialTransition(machine, input);
    const [b, ba] = initialTransitionOf(machine, input);
    expect(Object.keys(b.context.sla)).toEqual(['acknowledge', 'resolution']);
    expect(b.context).toStrictEqual(a.context);
    expect(plain(ba)).toStrictEqual(plain(aa as PureAction[]));
  });

  it('replays every shortest path with transition() to the recorded state', () => {
    expect(x.paths.flatMap((p) => replay(machine, p))).toEqual([]);
  });
});
