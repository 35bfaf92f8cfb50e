/**
 * Model-based tests of the complaint statechart with `xstate/graph`.
 *
 * The traversal sends concrete, valid events (the `events` function below),
 * including the timer events `xstate.after.slaCheck.complaint.<stage>.sla.running`
 * and `xstate.after.reopenWindowEnd.complaint.closed`; `serializeState` keeps
 * only the state value, the escalation level and a few bounded flags, so the
 * graph stays finite.
 *
 * Coverage is measured exactly: every edge of the explored graph is replayed
 * on a live actor whose `inspect` reports each microstep's transitions
 * (including the machine's internal `sla.rearm` / `sla.pause` events), and each
 * transition definition is mapped back to its source state node.
 */
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
import {
  acceptedEvents,
  clockNames,
  complaintMachine,
  createComplaintMachine,
  definePolicy,
  eventTypes,
  parseIntake,
  presets,
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
  if (c.reopenUntil !== null) add({ type: 'REOPEN', at: Math.max(at, c.reopenUntil + MIN), actor: who('customer'), reason: 'too late' });
  add({ type: 'ESCALATE', at, actor: who('supervisor'), reason: 'key account' });
  add({ type: 'REASSIGN', at, actor: who('supervisor'), assignee: 'u-2', department: 'finance' });
  add({ type: 'ADD_NOTE', at, actor: who('agent'), note: 'called back' });
  add({ type: 'ARCHIVE', at, actor: who('supervisor') });

  const stage = stageOf(s);
  const value = s.value as Record<string, { sla?: string }> | string;
  if (all || (typeof value === 'object' && value[stage]?.sla === 'running')) {
    out.push(timer(`xstate.after.slaCheck.complaint.${stage}.sla.running`));
  }
  if (all || stage === 'closed') out.push(timer('xstate.after.reopenWindowEnd.complaint.closed'));
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
  return JSON.stringify({ v: s.value, level: c.escalation.level, reopened: c.reopens > 0, clocks });
}

const LIMIT = 100_000;
const traversal = { input, events, serializeState, limit: LIMIT };

const allNodes = (n: AnyStateNode): AnyStateNode[] => [n, ...Object.values(n.states).flatMap(allNodes)];

interface Exploration {
  paths: Path[];
  nodeIds: string[];
  reachedNodes: Set<string>;
  pairs: string[];
  takenPairs: Set<string>;
  branches: string[];
  takenBranches: Set<string>;
  edges: number;
  mismatches: string[];
}

/** Explore a machine: shortest paths, every edge replayed on a live actor with transition inspection. */
function explore(machine: ComplaintMachine): Exploration {
  const paths = getShortestPaths(machine, traversal) as Path[];
  const adjacency = getAdjacencyMap(machine, traversal);

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
  const inspect = (e: InspectionEvent) => {
    if (e.type !== '@xstate.microstep') return;
    for (const tr of e._transitions) {
      const key = branchOf.get(tr);
      if (key === undefined) throw new Error(`transition not from the machine: ${tr.eventType}`);
      takenBranches.add(key);
    }
  };
  // The internal transitions of the initial macrostep.
  createActor(machine, { input, inspect, clock: new SimulatedClock() }).start().stop();

  const reachedNodes = new Set<string>();
  const mismatches: string[] = [];
  let edges = 0;
  for (const { state, transitions } of Object.values(adjacency)) {
    for (const n of state._nodes) reachedNodes.add(n.id);
    for (const { event, state: next } of Object.values(transitions) as { event: MachineEvent; state: Snap }[]) {
      edges++;
      const actor = createActor(machine, { input, snapshot: state, inspect, clock: new SimulatedClock() }).start();
      actor.send(event);
      const live = actor.getSnapshot();
      actor.stop();
      // The live actor, the pure transition() and the graph agree.
      const [pure] = transition(machine, state, event);
      for (const [name, other] of [['live', live], ['graph', next]] as const) {
        if (JSON.stringify([other.value, other.status, other.context]) !== JSON.stringify([pure.value, pure.status, pure.context])) {
          mismatches.push(`${name} ≠ pure after ${event.type} from ${serializeState(state)}`);
        }
      }
    }
  }
  const takenPairs = new Set([...takenBranches].map((k) => k.replace(/ #\d+$/, '')));
  return {
    paths,
    nodeIds: nodes.map((n) => n.id),
    reachedNodes,
    pairs,
    takenPairs,
    branches: [...branchOf.values()],
    takenBranches,
    edges,
    mismatches,
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

// ---------------------------------------------------------------------------
// What no path can reach, whatever the policy.
//
// Only `investigating` has a `paused` SLA state (only `awaitingInfo` waits on
// the customer). Every stage keeps the fallback `running --sla.rearm [no clock
// counts]--> idle`, but it needs a clock to stop counting while the complaint
// stays in the stage; only investigating (CONTACT_CUSTOMER) and resolving
// (proposal sent) do that.
const DEAD_NODES: string[] = [];
const DEAD_PAIRS: string[] = [];
const DEAD_BRANCHES = ['received', 'triage', 'executing', 'followUp'].map((s) => `complaint.${s}.sla.running sla.rearm #1`);
/**
 * The guideline policy sets no resolution target: in `verifying` no clock
 * counts, so an info request has nothing to pause or extend.
 */
const GUIDELINE_ONLY_UNTAKEN = ['complaint.investigating.step.awaitingInfo EXTEND'];
const GUIDELINE_ONLY_UNTAKEN_BRANCHES = ['complaint.investigating.step.awaitingInfo EXTEND #0', 'complaint.investigating.sla.paused sla.rearm #0'];

const sorted = (xs: Iterable<string>) => [...xs].sort();
const missing = (all: string[], seen: Set<string>) => sorted(all.filter((x) => !seen.has(x)));

describe('model: the default machine (guideline policy)', () => {
  const x = explore(complaintMachine);

  it('explores a finite graph within the limit, with the pure, live and graph transitions agreeing', () => {
    expect(x.paths.length).toBeGreaterThan(50);
    expect(x.edges).toBeGreaterThan(x.paths.length);
    expect(x.mismatches).toEqual([]);
    // every public event type and both kinds of timer were sent somewhere
    const sent = new Set(x.paths.flatMap((p) => p.steps.map((s) => s.event.type)));
    const edgeTypes = new Set(
      [...x.takenBranches].map((k) => k.split(' ')[1]!).filter((t) => !t.startsWith('sla.')),
    );
    for (const type of eventTypes) expect(edgeTypes, type).toContain(type);
    expect([...edgeTypes].some((t) => t.startsWith('xstate.after.slaCheck.'))).toBe(true);
    expect(edgeTypes).toContain('xstate.after.reopenWindowEnd.complaint.closed');
    expect([...sent].some((t) => t.startsWith('xstate.after.slaCheck.'))).toBe(true);
  });

  it('reaches every state node', () => {
    expect(x.nodeIds).toHaveLength(new Set(x.nodeIds).size);
    expect(x.nodeIds).toContain('complaint.investigating.sla.paused');
    expect(missing(x.nodeIds, x.reachedNodes)).toEqual(sorted(DEAD_NODES));
  });

  it('takes every (source state node, event type) transition', () => {
    expect(missing(x.pairs, x.takenPairs)).toEqual(sorted([...DEAD_PAIRS, ...GUIDELINE_ONLY_UNTAKEN]));
    // every guarded alternative too
    expect(missing(x.branches, x.takenBranches)).toEqual(sorted([...DEAD_BRANCHES, ...GUIDELINE_ONLY_UNTAKEN_BRANCHES]));
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
      expect(Object.keys(record)).toHaveLength(18);
    }
  });

  it('acceptedEvents is complete: an event it does not list changes nothing', () => {
    const adjacency = getAdjacencyMap(complaintMachine, traversal);
    let checked = 0;
    for (const { state } of Object.values(adjacency)) {
      const accepted = new Set<string>(acceptedEvents(state));
      const armed = candidates(state).map((e) => e.type);
      for (const e of candidates(state, true)) {
        if (accepted.has(e.type) || armed.includes(e.type)) continue;
        const [next, actions] = transition(complaintMachine, state, e);
        expect(next, `${e.type} in ${serializeState(state)}`).toBe(state);
        expect(actions).toEqual([]);
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

  it('reaches the transitions the guideline cannot, and nothing else is missing', () => {
    expect(x.mismatches).toEqual([]);
    expect(missing(x.nodeIds, x.reachedNodes)).toEqual(sorted(DEAD_NODES));
    expect(missing(x.pairs, x.takenPairs)).toEqual(sorted(DEAD_PAIRS));
    expect(missing(x.branches, x.takenBranches)).toEqual(sorted(DEAD_BRANCHES));
  });

  it('replays every shortest path with transition() to the recorded state', () => {
    expect(x.paths.flatMap((p) => replay(machine, p))).toEqual([]);
  });
});
