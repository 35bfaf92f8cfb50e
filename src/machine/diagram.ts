// Diagrams of a statechart, read from the machine's state nodes (`machine.root`):
// a Mermaid `stateDiagram-v2` for documentation and a plain JSON description
// for tools. Both walk the nodes in document order, so the output is
// deterministic for a given machine. The complaint chart draws as three
// top-level states — `open` (holding the stages, its one SLA timer `sla.due`
// a self-loop on it), `closed` (its `after reopenWindowEnd` edge) and `archived`.
import type { AnyStateMachine, AnyStateNode, AnyTransitionDefinition } from 'xstate';

/** How a transition is triggered. */
export type DiagramTransitionKind = 'event' | 'after' | 'always';

/** One transition of a state node, as plain JSON. */
export interface DiagramTransition {
  /** `event` (an `on` handler), `after` (a delayed transition) or `always` (eventless). */
  kind: DiagramTransitionKind;
  /** The event type; for `after` the timer event id (`xstate.after.<delay>.<stateId>`, e.g. `xstate.after.reopenWindowEnd.closed`); `''` for `always`. */
  event: string;
  /** For `after`: the delay's name (`reopenWindowEnd`), or `<n>ms` for a fixed delay. */
  delay?: string;
  /** The guard's name; combined guards read `and(a, b)`, `or(a, b)`, `not(a)`. */
  guard?: string;
  /** Target state ids; empty for a targetless transition (actions only, no change of state). */
  targets: string[];
  /** Whether the transition re-enters its source (`reenter: true`). */
  reenter: boolean;
  /** Names of the transition's actions, in order. */
  actions: string[];
  /** The transition's `description`, when it has one. */
  description?: string;
}

/** One state node, as plain JSON, with its children nested in document order. */
export interface DiagramState {
  /** The state node id: its `id` when the config names one (`triage`, `closed`), else the path, e.g. `complaint.open.investigating.verifying`. */
  id: string;
  /** The key in its parent, e.g. `verifying`. */
  key: string;
  type: 'atomic' | 'compound' | 'parallel' | 'final' | 'history';
  /** For a compound state: the id of its initial child. */
  initial?: string;
  description?: string;
  /** The node's `meta`, as JSON (functions and `undefined` values are dropped). */
  meta?: unknown;
  tags: string[];
  /**
   * Names of the entry actions. The raise with which XState arms a node's
   * `after` timers (and, in `exit`, the cancel that disarms them) is left
   * out: the `after` transitions describe those timers.
   */
  entry: string[];
  /** Names of the exit actions. */
  exit: string[];
  transitions: DiagramTransition[];
  states: DiagramState[];
}

/** Options of {@link toMermaid}. */
export interface MermaidOptions {
  /** Layout direction of the top-level diagram (`direction LR` …); Mermaid's default (top to bottom) when omitted. */
  direction?: 'TB' | 'BT' | 'LR' | 'RL';
  /**
   * Targetless transitions (actions only, such as a note): drawn as a
   * self-loop on their state (`'loop'`, the default) or left out (`'omit'`).
   */
  targetless?: 'loop' | 'omit';
  /**
   * Draw the transitions between the same two states as one edge whose label
   * lists them one per line (`true`, the default), or one edge each (`false`).
   */
  merge?: boolean;
  /** The label shown for a state; defaults to its key. */
  label?: (node: AnyStateNode) => string;
  /**
   * Show actions, as Stately's tools do: edge labels read
   * `EVENT [guard] / action` and states without children get a line
   * `entry / action` (and `exit / action`) each. Off by default.
   */
  actions?: boolean;
}

type Named = { type?: unknown; name?: unknown; guards?: unknown; check?: unknown; stateValue?: unknown; id?: unknown; sendId?: unknown };

/** A readable name for a guard: a named guard's type, or a combination of names. */
function guardName(guard: unknown): string | undefined {
  if (guard === undefined || guard === null) return undefined;
  if (typeof guard === 'string') return guard;
  if (typeof guard === 'function') {
    const g = guard as Named;
    if (typeof g.check === 'function' && Array.isArray(g.guards)) {
      const inner = g.guards.map((x) => guardName(x) ?? 'inline');
      return `${typeof g.name === 'string' && g.name ? g.name : 'guard'}(${inner.join(', ')})`;
    }
    if (typeof g.check === 'function' && g.stateValue !== undefined) {
      return `stateIn(${typeof g.stateValue === 'string' ? g.stateValue : JSON.stringify(g.stateValue)})`;
    }
    return typeof g.name === 'string' && g.name ? g.name : 'inline';
  }
  if (typeof guard === 'object' && typeof (guard as Named).type === 'string') return (guard as Named).type as string;
  return 'inline';
}

/** A readable name for an action: a named action's type, a built-in's type (`xstate.raise`), or the function name. */
function actionName(action: unknown): string {
  if (typeof action === 'string') return action;
  if (action && (typeof action === 'object' || typeof action === 'function')) {
    const a = action as Named;
    if (typeof a.type === 'string') return a.type;
    if (typeof a.name === 'string' && a.name) return a.name;
  }
  return 'inline';
}

function delayName(delay: unknown): string {
  if (typeof delay === 'number') return `${delay}ms`;
  if (typeof delay === 'string') return delay;
  if (typeof delay === 'function' && delay.name) return delay.name;
  return 'delay';
}

/**
 * Is this the raise (entry) or cancel (exit) that XState adds to a node to
 * arm or disarm one of its own `after` timers?
 */
function isAfterTimerAction(node: AnyStateNode, action: unknown): boolean {
  if (typeof action !== 'function' && (typeof action !== 'object' || action === null)) return false;
  const a = action as Named;
  const ids = node.after.map((t) => t.eventType);
  if (a.type === 'xstate.raise') return typeof a.id === 'string' && ids.includes(a.id);
  if (a.type === 'xstate.cancel') return typeof a.sendId === 'string' && ids.includes(a.sendId);
  return false;
}

/** Names of a node's own entry or exit actions (without XState's `after` timer bookkeeping). */
const ownActions = (node: AnyStateNode, list: readonly unknown[]): string[] => list.filter((a) => !isAfterTimerAction(node, a)).map(actionName);

/** Children in document order (the config's key order). */
const children = (node: AnyStateNode): AnyStateNode[] => Object.values(node.states) as AnyStateNode[];

/** A node's transitions, in document order: `on` handlers and `after` timers, then `always`. */
function transitionsOf(node: AnyStateNode): DiagramTransition[] {
  const delays = new Map<string, string>();
  for (const a of node.after) delays.set(a.eventType, delayName(a.delay));
  const out: DiagramTransition[] = [];
  const add = (t: AnyTransitionDefinition, kind: DiagramTransitionKind, event: string) => {
    const d: DiagramTransition = {
      kind,
      event,
      targets: (t.target ?? []).map((n: AnyStateNode) => n.id),
      reenter: Boolean(t.reenter),
      actions: (t.actions ?? []).map(actionName),
    };
    const delay = delays.get(event);
    if (kind === 'after' && delay !== undefined) d.delay = delay;
    const guard = guardName(t.guard);
    if (guard !== undefined) d.guard = guard;
    if (typeof t.description === 'string') d.description = t.description;
    out.push(d);
  };
  for (const [event, list] of node.transitions) {
    for (const t of list) add(t, delays.has(event) ? 'after' : 'event', event);
  }
  for (const t of node.always ?? []) add(t, 'always', '');
  return out;
}

function toJSONValue(value: unknown): unknown {
  if (value === undefined) return undefined;
  return JSON.parse(JSON.stringify(value)) as unknown;
}

function describeNode(node: AnyStateNode): DiagramState {
  const d: DiagramState = {
    id: node.id,
    key: node.key,
    type: node.type,
    tags: [...node.tags],
    entry: ownActions(node, node.entry),
    exit: ownActions(node, node.exit),
    transitions: transitionsOf(node),
    states: children(node).map(describeNode),
  };
  if (node.type === 'compound') {
    const initial = node.initial?.target?.[0];
    if (initial) d.initial = initial.id;
  }
  if (node.description !== undefined) d.description = node.description;
  if (node.meta !== undefined) d.meta = toJSONValue(node.meta);
  return d;
}

/**
 * A plain JSON description of a statechart: every state node (id, type,
 * description, meta, tags, entry/exit actions) with its transitions (event,
 * delay, guard, targets, actions), children nested in document order.
 *
 * Works for any XState v5 machine; guards, actions and delays appear by name,
 * so name them in `setup()` for a useful description.
 *
 * @param machine - the machine, e.g. `complaintMachine`
 * @returns the root state with all its descendants; `JSON.stringify` safe
 * @example
 * const root = toJSONDiagram(complaintMachine);
 * root.states.map((s) => s.key); // ['open', 'closed', 'archived']
 * const open = root.states[0]!;
 * open.states.map((s) => s.key); // ['received', 'triage', 'investigating', 'resolving', 'executing', 'followUp']
 * open.transitions[0]; // { kind: 'event', event: 'sla.due', targets: [], actions: ['fireDueClocks'], … }
 * open.states[1]!.transitions[0]; // { kind: 'event', event: 'TRIAGE', guard: 'triagedUrgent', targets: ['investigating'], actions: ['routeUrgent'], … }
 */
export function toJSONDiagram(machine: AnyStateMachine): DiagramState {
  return describeNode(machine.root as AnyStateNode);
}

// ---------------------------------------------------------------------------
// Mermaid

const RESERVED = new Set([
  'state', 'note', 'end', 'direction', 'classDef', 'class', 'style', 'click', 'scale', 'hide',
  'accTitle', 'accDescr', 'as', 'left', 'right', 'of', 'default', 'root',
].map((w) => w.toLowerCase()));

/** Text inside a quoted state label or after `:` in an edge label: one line, no quotes or semicolons. */
function text(s: string): string {
  return s.replace(/\s+/g, ' ').replace(/"/g, '#quot;').replace(/;/g, '#59;').trim();
}

/** Label of a transition, e.g. `TRIAGE [triagedUrgent]`, `after reopenWindowEnd`, `always [ready]`; with actions `ACKNOWLEDGE / acknowledge`. */
function edgeLabel(t: DiagramTransition, actions: boolean): string {
  const head = t.kind === 'after' ? `after ${t.delay ?? 'delay'}` : t.kind === 'always' ? 'always' : t.event;
  const guarded = t.guard ? `${head} [${t.guard}]` : head;
  return actions && t.actions.length > 0 ? `${guarded} / ${t.actions.join(', ')}` : guarded;
}

/**
 * A Mermaid `stateDiagram-v2` of a statechart, read from `machine.root`.
 *
 * - compound and parallel states are `state X { … }` blocks; the regions of
 *   a parallel state are blocks of their own, separated by `--`;
 * - each compound state marks its initial child with `[*] --> child`, and
 *   final states lead to `[*]`;
 * - every transition is an edge labelled `EVENT [guard]` (`EVENT [guard] / action`
 *   with `actions: true`); delayed ones read `after <delay name>` (e.g.
 *   `after reopenWindowEnd`), eventless ones `always`;
 *   targetless ones (actions only) are self-loops unless `targetless: 'omit'`;
 *   transitions between the same two states share one edge, one label line
 *   each (`<br/>`), unless `merge: false`;
 * - node ids are the state path without the machine id, with every character
 *   other than letters, digits and `_` turned into `_` (`open_investigating_verifying`),
 *   made unique and kept clear of Mermaid keywords; labels are the state keys.
 *
 * Edges are written after all the states, at the top level of the diagram,
 * so that Mermaid keeps every state in its own block. The order follows the
 * machine's document order, so the text only changes when the machine does.
 *
 * @param machine - the machine, e.g. `complaintMachine`
 * @param options - layout direction, targetless transitions, merged edges, state labels, actions; see {@link MermaidOptions}
 * @returns the diagram text, starting with `stateDiagram-v2`, ending with a newline
 * @example
 * import { writeFileSync } from 'node:fs';
 * import { complaintMachine, toMermaid } from 'redress';
 * writeFileSync('lifecycle.mmd', toMermaid(complaintMachine));
 * // stateDiagram-v2
 * //   state open {
 * //     state "received" as open_received
 * //   …
 * //   [*] --> open
 * //   open --> open : sla.due<br/>ADD_NOTE<br/>…
 * //   open_received --> open_triage : ACKNOWLEDGE
 * //   …
 * //   closed --> archived : ARCHIVE<br/>after reopenWindowEnd
 */
export function toMermaid(machine: AnyStateMachine, options: MermaidOptions = {}): string {
  const root = machine.root as AnyStateNode;
  const label = options.label ?? ((n: AnyStateNode) => n.key);
  const targetless = options.targetless ?? 'loop';
  const merge = options.merge ?? true;
  const withActions = options.actions ?? false;

  // The root is drawn as a block only when it needs one (parallel, or transitions of its own).
  const wrapRoot = root.type === 'parallel' || root.transitions.size > 0 || (root.always?.length ?? 0) > 0;

  const ids = new Map<AnyStateNode, string>();
  const used = new Set<string>();
  const idOf = (node: AnyStateNode): string => {
    const known = ids.get(node);
    if (known !== undefined) return known;
    const path = node === root ? [node.key] : node.path;
    let base = path.join('_').replace(/[^A-Za-z0-9_]/g, '_');
    if (base === '' || RESERVED.has(base.toLowerCase())) base = `${base}_`;
    let id = base;
    for (let i = 2; used.has(id); i++) id = `${base}_${i}`;
    used.add(id);
    ids.set(node, id);
    return id;
  };

  const lines: string[] = ['stateDiagram-v2'];
  if (options.direction) lines.push(`  direction ${options.direction}`);

  const declare = (node: AnyStateNode, depth: number) => {
    const pad = '  '.repeat(depth);
    const id = idOf(node);
    const name = label(node);
    const kids = children(node);
    const notes = withActions && kids.length === 0
      ? [...ownActions(node, node.entry).map((a) => `entry / ${a}`), ...ownActions(node, node.exit).map((a) => `exit / ${a}`)]
      : [];
    // A state with description lines needs the quoted label: Mermaid would otherwise show the first line as its name.
    const head = name === id && notes.length === 0 ? `state ${id}` : `state "${text(name)}" as ${id}`;
    if (kids.length === 0) {
      lines.push(node.type === 'history' ? `${pad}state "${text(name)} (${node.history === 'deep' ? 'H*' : 'H'})" as ${id}` : `${pad}${head}`);
      for (const n of notes) lines.push(`${pad}${id} : ${text(n)}`);
      return;
    }
    lines.push(`${pad}${head} {`);
    body(node, depth + 1);
    lines.push(`${pad}}`);
  };

  /** The inside of a block: children (regions separated by `--`), the initial and the final markers. */
  const body = (node: AnyStateNode, depth: number) => {
    const pad = '  '.repeat(depth);
    const kids = children(node);
    if (node.type === 'parallel') {
      kids.forEach((k, i) => {
        if (i > 0) lines.push(`${pad}--`);
        declare(k, depth);
      });
      return;
    }
    for (const k of kids) declare(k, depth);
    const initial = node.initial?.target?.[0];
    if (initial) lines.push(`${pad}[*] --> ${idOf(initial)}`);
    for (const k of kids) if (k.type === 'final') lines.push(`${pad}${idOf(k)} --> [*]`);
  };

  if (wrapRoot) declare(root, 1);
  else body(root, 1);

  // Edges in order of first appearance; with `merge`, several transitions between the
  // same two states share one edge whose label lists them one per line.
  const edges: { from: string; to: string; labels: string[] }[] = [];
  const byPair = new Map<string, { from: string; to: string; labels: string[] }>();
  const addEdge = (from: string, to: string, lbl: string) => {
    const pair = merge ? byPair.get(`${from} ${to}`) : undefined;
    if (pair) {
      if (!pair.labels.includes(lbl)) pair.labels.push(lbl);
      return;
    }
    const e = { from, to, labels: [lbl] };
    edges.push(e);
    byPair.set(`${from} ${to}`, e);
  };
  const collect = (node: AnyStateNode) => {
    const from = idOf(node);
    for (const t of transitionsOf(node)) {
      const lbl = text(edgeLabel(t, withActions));
      if (t.targets.length === 0) {
        if (targetless === 'loop') addEdge(from, from, lbl);
        continue;
      }
      for (const target of t.targets) addEdge(from, idOf(root.machine.getStateNodeById(target) as AnyStateNode), lbl);
    }
    for (const k of children(node)) collect(k);
  };
  collect(root);
  for (const e of edges) lines.push(`  ${e.from} --> ${e.to} : ${e.labels.join('<br/>')}`);

  return `${lines.join('\n')}\n`;
}
