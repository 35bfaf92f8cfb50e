// The statechart as boxes and arrows, read from the machine (toJSONDiagram):
// one box per state (children inside their parent, in document order), a
// start marker in every compound state, one arrow per pair of states with
// every transition between them on its label, transitions that stay in
// their state listed inside it, and the one SLA timer (`sla.due`, handled
// on `open`) as a box of its own beside the lifecycle.
import type { AnyStateMachine } from 'xstate';
import { toJSONDiagram, type DiagramState, type DiagramTransition } from '../machine/diagram.js';
import { SLA_TIMER } from '../machine/setup.js';
import { labelWidth, monoWidth, type, wrapLabel } from './measure.js';
import type { FlowEdge, FlowGraph, FlowNode, FlowText, FlowTransition } from './types.js';

/** Labels of the SLA timer's box. */
export const timerLabel: FlowText = { en: 'SLA clock: one timer while open', zh: 'SLA 时钟：处理中唯一的计时器' };
/** Id of the SLA timer's box. */
export const TIMER_NODE = `timer:${SLA_TIMER}`;
/** Id of the start marker of a compound state (`initial` for the machine's own). */
export const initialNode = (parent: string | null): string => (parent === null ? 'initial' : `${parent}:initial`);

const isMeta = (m: unknown): m is { en: string; zh: string; timeLimit?: string } =>
  typeof m === 'object' && m !== null && typeof (m as { en?: unknown }).en === 'string' && typeof (m as { zh?: unknown }).zh === 'string';

/** One transition as a label: `EVENT [guard] / action` on one line, or two when long. */
export function transitionLines(t: FlowTransition): string[] {
  const head = t.guard ? `${t.event} [${t.guard}]` : t.event;
  if (t.actions.length === 0) return [head];
  const act = `/ ${t.actions.join(', ')}`;
  return head.length + 1 + act.length <= 36 ? [`${head} ${act}`] : [head, `  ${act}`];
}

const flowTransition = (t: DiagramTransition): FlowTransition => {
  const f: FlowTransition = { event: t.kind === 'after' ? `after ${t.delay ?? 'delay'}` : t.event, actions: [...t.actions] };
  if (t.guard) f.guard = t.guard;
  return f;
};

/** Size a box holding `label` (both languages), a key line, a time-limit line and detail lines. */
function boxSize(label: FlowText, key: string, timeLimit: string | undefined, lines: readonly string[], extraLines = 0): { width: number; height: number } {
  const en = wrapLabel(label.en);
  const zh = wrapLabel(label.zh);
  const mono = [key, ...(timeLimit ? [limitLine(timeLimit).en] : []), ...lines];
  if (timeLimit) mono.push(limitLine(timeLimit).zh); // measured only: it shares the line of the English one
  const width = Math.max(type.minWidth, ...en.map(labelWidth), ...zh.map(labelWidth), ...mono.map(monoWidth)) + 2 * type.pad;
  const height = 2 * type.pad + Math.max(en.length, zh.length) * type.label.line + (mono.length - (timeLimit ? 1 : 0) + extraLines) * type.mono.line;
  return { width, height };
}

/** The time-limit line of a stage box, in both languages. */
export const limitLine = (timeLimit: string): FlowText => ({ en: `time limit: ${timeLimit}`, zh: `时限：${timeLimit}` });

/**
 * The graph of a statechart: what the flow viewer draws, with every box's
 * and label's size, before layout.
 *
 * @param machine - the machine, e.g. `complaintMachine`
 * @returns nodes (parents first, document order) and edges (document order)
 * @example
 * const g = buildFlowGraph(complaintMachine);
 * g.nodes.filter((n) => n.kind !== 'initial' && n.kind !== 'timer').map((n) => n.id);
 * // ['open', 'open.received', 'open.triage', 'open.investigating', 'open.investigating.contacting', …, 'closed', 'archived']
 */
export function buildFlowGraph(machine: AnyStateMachine): FlowGraph {
  const root = toJSONDiagram(machine);
  const pathOf = new Map<string, string>();
  const index = (s: DiagramState, prefix: string | null) => {
    for (const c of s.states) {
      const path = prefix === null ? c.key : `${prefix}.${c.key}`;
      pathOf.set(c.id, path);
      index(c, path);
    }
  };
  index(root, null);
  const path = (id: string): string => {
    const p = pathOf.get(id);
    if (p === undefined) throw new Error(`flow graph: unknown state ${id}`);
    return p;
  };

  const nodes: FlowNode[] = [];
  const edges: FlowEdge[] = [];
  const byPair = new Map<string, FlowEdge>();
  const addEdge = (source: string, target: string, kind: FlowEdge['kind'], t: FlowTransition | undefined) => {
    const id = `${source}->${target}`;
    let e = byPair.get(id);
    if (!e) {
      e = { id, source, target, kind, transitions: [], lines: [], labelWidth: 0, labelHeight: 0 };
      byPair.set(id, e);
      edges.push(e);
    } else if (e.kind !== kind) e.kind = 'event';
    if (!t) return;
    e.transitions.push(t);
    e.lines.push(...transitionLines(t));
    e.labelWidth = Math.max(...e.lines.map(monoWidth)) + 8;
    e.labelHeight = e.lines.length * type.mono.line + 4;
  };

  const startMarker = (parent: string | null, target: string) => {
    const id = initialNode(parent);
    nodes.push({ id, key: 'initial', parent, kind: 'initial', label: { en: '', zh: '' }, tags: [], lines: [], width: type.initial, height: type.initial });
    addEdge(id, target, 'initial', undefined);
  };

  const visit = (s: DiagramState, parent: string | null) => {
    const id = path(s.id);
    const label = isMeta(s.meta) ? { en: s.meta.en, zh: s.meta.zh } : { en: s.key, zh: s.key };
    const timeLimit = isMeta(s.meta) ? s.meta.timeLimit : undefined;
    const stays = s.transitions.filter((t) => t.targets.length === 0 && t.event !== SLA_TIMER);
    const lines = [...s.entry.map((a) => `entry / ${a}`), ...stays.flatMap((t) => transitionLines(flowTransition(t)))];
    const compound = s.states.length > 0;
    const size = boxSize(label, s.key, timeLimit, lines);
    const node: FlowNode = {
      id,
      key: s.key,
      parent,
      kind: compound ? 'compound' : s.type === 'final' ? 'final' : 'atomic',
      label,
      tags: [...s.tags],
      lines,
      width: size.width,
      height: size.height,
    };
    if (timeLimit) node.timeLimit = timeLimit;
    if (compound) node.header = size.height;
    nodes.push(node);
    if (s.transitions.some((t) => t.event === SLA_TIMER && t.targets.length === 0)) {
      const timer: FlowTransition = { event: SLA_TIMER, actions: s.transitions.find((t) => t.event === SLA_TIMER)!.actions };
      const tsize = boxSize(timerLabel, SLA_TIMER, undefined, [], 1);
      nodes.push({ id: TIMER_NODE, key: SLA_TIMER, parent, kind: 'timer', label: timerLabel, tags: [], lines: [], ...tsize });
      addEdge(TIMER_NODE, id, 'timer', timer);
    }
    if (compound) {
      const initial = s.initial ?? s.states[0]!.id;
      startMarker(id, path(initial));
      for (const c of s.states) visit(c, id);
    }
  };

  startMarker(null, path(root.initial ?? root.states[0]!.id));
  for (const c of root.states) visit(c, null);

  // Transitions with targets, in document order (a state's own before its children's).
  const collect = (s: DiagramState) => {
    if (s !== root) {
      for (const t of s.transitions) {
        for (const target of t.targets) addEdge(path(s.id), path(target), t.kind === 'after' ? 'after' : 'event', flowTransition(t));
      }
    }
    for (const c of s.states) collect(c);
  };
  collect(root);

  return { machine: root.key, nodes, edges };
}
