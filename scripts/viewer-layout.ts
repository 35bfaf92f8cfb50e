/**
 * The flow viewer's layout, computed with elkjs (ELK's layered algorithm,
 * top to bottom, hierarchy included: edges between stages and steps at any
 * depth are laid out together). Build time only: elkjs is a devDependency,
 * the result is committed as src/viewer/layout.generated.ts
 * (`npm run viewer:layout`), and test/viewer-layout.test.ts fails while that
 * file differs from what this computes for the current chart.
 */
import ELK, { type ElkEdgeSection, type ElkExtendedEdge, type ElkNode } from 'elkjs/lib/elk.bundled.js';
import type { FlowGraph, FlowLayout, FlowPoint, PlacedEdge, PlacedNode } from '../src/viewer/types.js';

/** ELK options of the whole picture. */
const rootOptions: Record<string, string> = {
  'elk.algorithm': 'layered',
  'elk.direction': 'DOWN',
  'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
  'elk.edgeRouting': 'ORTHOGONAL',
  // Keep the process order of the chart: stages and steps in document order, back edges are the ones against it.
  'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
  'elk.layered.cycleBreaking.strategy': 'MODEL_ORDER',
  'elk.layered.crossingMinimization.forceNodeModelOrder': 'true',
  'elk.layered.nodePlacement.strategy': 'NETWORK_SIMPLEX',
  'elk.spacing.nodeNode': '28',
  'elk.layered.spacing.nodeNodeBetweenLayers': '36',
  'elk.spacing.edgeNode': '14',
  'elk.spacing.edgeEdge': '10',
  'elk.spacing.edgeLabel': '4',
  'elk.layered.spacing.edgeNodeBetweenLayers': '14',
  'elk.edgeLabels.placement': 'CENTER',
  'elk.padding': '[top=16,left=16,bottom=16,right=16]',
  'elk.randomSeed': '1',
};

const round = (n: number) => Math.round(n * 10) / 10;

/**
 * Lay out a flow graph.
 *
 * @param graph - from `buildFlowGraph(machine)`
 * @returns every node and edge placed, in absolute coordinates
 */
export async function computeFlowLayout(graph: FlowGraph): Promise<FlowLayout> {
  const elkNodes = new Map<string, ElkNode>();
  const root: ElkNode = { id: '__root', layoutOptions: rootOptions, children: [], edges: [] };
  for (const n of graph.nodes) {
    const e: ElkNode = { id: n.id, width: n.width, height: n.height };
    if (n.kind === 'compound') {
      e.children = [];
      e.layoutOptions = {
        'elk.padding': `[top=${(n.header ?? 0) + 10},left=14,bottom=14,right=14]`,
        'elk.nodeSize.constraints': 'MINIMUM_SIZE',
        'elk.nodeSize.minimum': `(${n.width}, ${n.height})`,
      };
    }
    elkNodes.set(n.id, e);
    const parent = n.parent === null ? root : elkNodes.get(n.parent);
    if (!parent) throw new Error(`layout: ${n.id} comes before its parent ${n.parent}`);
    parent.children!.push(e);
  }
  // Back edges (against the document order of the chart: a re-work, a re-open) are given to ELK reversed,
  // so that the stages stay in process order from top to bottom; their routes are turned round afterwards.
  const order = new Map(graph.nodes.map((n, i) => [n.id, i]));
  const reversed = new Set(graph.edges.filter((e) => order.get(e.target)! <= order.get(e.source)! && e.kind !== 'timer').map((e) => e.id));
  for (const edge of graph.edges) {
    // The SLA timer is no state: its box is placed beside the lifecycle and joined to its state afterwards.
    if (edge.kind === 'timer') continue;
    const [from, to] = reversed.has(edge.id) ? [edge.target, edge.source] : [edge.source, edge.target];
    const e: ElkExtendedEdge = { id: edge.id, sources: [from], targets: [to] };
    if (edge.lines.length > 0) e.labels = [{ id: `${edge.id}#label`, text: edge.lines.join('\n'), width: edge.labelWidth, height: edge.labelHeight }];
    root.edges!.push(e);
  }

  const laid = await new ELK().layout(root);

  // Absolute positions: ELK gives each node relative to its parent, each edge relative to its container.
  const abs = new Map<string, FlowPoint>();
  const place = (n: ElkNode, ox: number, oy: number) => {
    for (const c of n.children ?? []) {
      const x = ox + (c.x ?? 0);
      const y = oy + (c.y ?? 0);
      abs.set(c.id, { x, y });
      place(c, x, y);
    }
  };
  place(laid, 0, 0);
  const sizes = new Map<string, { width: number; height: number }>();
  const walk = (n: ElkNode) => {
    for (const c of n.children ?? []) {
      sizes.set(c.id, { width: c.width ?? 0, height: c.height ?? 0 });
      walk(c);
    }
  };
  walk(laid);

  const nodes: PlacedNode[] = graph.nodes.map((n) => {
    const p = abs.get(n.id)!;
    const s = sizes.get(n.id)!;
    return { ...n, x: round(p.x), y: round(p.y), width: round(s.width), height: round(s.height) };
  });

  const laidEdges = new Map<string, ElkExtendedEdge & { container?: string }>();
  const collect = (n: ElkNode) => {
    for (const e of n.edges ?? []) laidEdges.set(e.id, e as ElkExtendedEdge & { container?: string });
    for (const c of n.children ?? []) collect(c);
  };
  collect(laid);

  const placed = new Map(nodes.map((n) => [n.id, n]));
  const edges: PlacedEdge[] = graph.edges.map((edge) => {
    if (edge.kind === 'timer') return timerEdge(edge, placed.get(edge.source)!, placed.get(edge.target)!);
    const e = laidEdges.get(edge.id);
    if (!e) throw new Error(`layout: ELK lost edge ${edge.id}`);
    const container = e.container && e.container !== '__root' ? abs.get(e.container) : undefined;
    const ox = container?.x ?? 0;
    const oy = container?.y ?? 0;
    const points: FlowPoint[] = [];
    for (const s of (e.sections ?? []) as ElkEdgeSection[]) {
      for (const p of [s.startPoint, ...(s.bendPoints ?? []), s.endPoint]) points.push({ x: round(p.x + ox), y: round(p.y + oy) });
    }
    if (reversed.has(edge.id)) points.reverse();
    const l = e.labels?.[0];
    const label = l ? { x: round((l.x ?? 0) + ox), y: round((l.y ?? 0) + oy), width: l.width ?? 0, height: l.height ?? 0 } : null;
    return { ...edge, points, label };
  });

  return { machine: graph.machine, width: round(laid.width ?? 0), height: round(laid.height ?? 0), nodes, edges };
}

/**
 * The timer's connector: a straight line from the side of the timer's box
 * facing its state to that state's border — horizontal when the two stand
 * side by side, else vertical — with its label beside the line's middle.
 */
function timerEdge(edge: FlowGraph['edges'][number], timer: PlacedNode, state: PlacedNode): PlacedEdge {
  const clamp = (v: number, lo: number, hi: number) => round(Math.min(Math.max(v, lo), hi));
  const left = timer.x + timer.width <= state.x;
  const right = timer.x >= state.x + state.width;
  if (left || right) {
    const y = clamp(timer.y + timer.height / 2, state.y + 12, state.y + state.height - 12);
    const from = { x: round(left ? timer.x + timer.width : timer.x), y };
    const to = { x: round(left ? state.x : state.x + state.width), y };
    const x = round(Math.min(from.x, to.x) + (Math.abs(to.x - from.x) - edge.labelWidth) / 2);
    return { ...edge, points: [from, to], label: { x, y: round(y - edge.labelHeight - 2), width: edge.labelWidth, height: edge.labelHeight } };
  }
  const above = timer.y + timer.height <= state.y;
  const x = clamp(timer.x + timer.width / 2, state.x + 12, state.x + state.width - 12);
  const from = { x, y: round(above ? timer.y + timer.height : timer.y) };
  const to = { x, y: round(above ? state.y : state.y + state.height) };
  const y = round(Math.min(from.y, to.y) + (Math.abs(to.y - from.y) - edge.labelHeight) / 2);
  // Beside the line, on the side away from the state's middle.
  const lx = x > state.x + state.width / 2 ? round(x - edge.labelWidth - 4) : round(x + 4);
  return { ...edge, points: [from, to], label: { x: lx, y, width: edge.labelWidth, height: edge.labelHeight } };
}

/** Where the committed layout lives. */
export const LAYOUT_MODULE = 'src/viewer/layout.generated.ts';

/**
 * The text of src/viewer/layout.generated.ts for a layout: one node or edge per line.
 *
 * @param layout - from {@link computeFlowLayout}
 * @returns the module's source
 */
export function layoutModuleText(layout: FlowLayout): string {
  const list = (items: readonly unknown[]) => items.map((i) => `    ${JSON.stringify(i)},`).join('\n');
  return `// Generated by scripts/update-viewer-layout.ts (npm run viewer:layout) from the chart with elkjs: do not edit.
// test/viewer-layout.test.ts fails while this differs from the layout of the current chart.
import type { FlowLayout } from './types.js';

/** The complaint statechart laid out for the flow viewer: every state, transition and the SLA timer placed. */
export const flowLayout: FlowLayout = {
  machine: ${JSON.stringify(layout.machine)},
  width: ${layout.width},
  height: ${layout.height},
  nodes: [
${list(layout.nodes)}
  ],
  edges: [
${list(layout.edges)}
  ],
};
`;
}
