// The flow viewer's picture of the statechart, in two steps: the graph read
// from the machine (what to draw, with the size of every box and label) and
// the layout computed from it at build time (where to draw it). Both are
// plain JSON; the layout is committed as src/viewer/layout.generated.ts.

/** A label in both of the viewer's languages. */
export interface FlowText {
  en: string;
  zh: string;
}

/** The viewer's languages. */
export type FlowLanguage = keyof FlowText;

/**
 * What a node of the picture is: a state with children (`compound`), a leaf
 * state (`atomic`, `final`), the start marker of a compound state
 * (`initial`) or the SLA timer drawn beside the lifecycle (`timer`).
 */
export type FlowNodeKind = 'compound' | 'atomic' | 'final' | 'initial' | 'timer';

/** One box of the picture, before layout. */
export interface FlowNode {
  /**
   * The state's path without the machine id (`open`, `open.investigating.verifying`,
   * `closed`); `open:initial` for a start marker, `timer:sla.due` for the SLA timer.
   */
  id: string;
  /** The state's key in its parent (`verifying`); the timer's event for the timer. */
  key: string;
  /** The enclosing node's id; null at the top level. */
  parent: string | null;
  kind: FlowNodeKind;
  /** The state's `meta` labels (the timer's own for the timer; empty for a start marker). */
  label: FlowText;
  /** The policy target timing this stage (`meta.timeLimit`). */
  timeLimit?: string;
  /** The state's tags (`open`, `slaPaused`). */
  tags: string[];
  /** Detail lines shown in the box: `entry / receive`, and the transitions that stay in the state (`REPORT_PROGRESS / recordProgress`). */
  lines: string[];
  /** Box size (px); for a compound state the minimum size, its header being `header` px tall. */
  width: number;
  height: number;
  /** For a compound state: the height of its header (label and lines) above its children. */
  header?: number;
}

/** What an edge stands for: transitions on an event, a delayed transition, a start marker's arrow, or the SLA timer firing. */
export type FlowEdgeKind = 'event' | 'after' | 'initial' | 'timer';

/** One transition of the machine as it is drawn. */
export interface FlowTransition {
  /** The event type (`TRIAGE`), `after <delay>` for a delayed transition, `sla.due` for the timer. */
  event: string;
  guard?: string;
  actions: string[];
}

/** One arrow: every transition between the same two states, one label line (or two) each. */
export interface FlowEdge {
  /** `<source>-><target>`. */
  id: string;
  source: string;
  target: string;
  kind: FlowEdgeKind;
  transitions: FlowTransition[];
  /** The label's lines, in order (empty for a start marker's arrow). */
  lines: string[];
  /** Label size (px); 0 × 0 without a label. */
  labelWidth: number;
  labelHeight: number;
}

/** The statechart as boxes and arrows, before layout: nodes parents first, in document order. */
export interface FlowGraph {
  /** The machine's id (`complaint`). */
  machine: string;
  nodes: FlowNode[];
  edges: FlowEdge[];
}

/** A point (px) in the picture's coordinates. */
export interface FlowPoint {
  x: number;
  y: number;
}

/** A node with its place: `x`, `y` is the top-left corner in the picture's coordinates. */
export interface PlacedNode extends FlowNode {
  x: number;
  y: number;
}

/** An edge with its route (a polyline, first point at the source) and its label's box. */
export interface PlacedEdge extends FlowEdge {
  points: FlowPoint[];
  label: { x: number; y: number; width: number; height: number } | null;
}

/** The picture: every node and edge placed, in the picture's coordinates. */
export interface FlowLayout {
  machine: string;
  width: number;
  height: number;
  nodes: PlacedNode[];
  edges: PlacedEdge[];
}
