// The flow viewer (`redress/viewer`): the complaint statechart drawn from a
// layout computed at build time, live over Server-Sent Events for a desk.
export { createFlowViewer, type FlowViewer } from './handler.js';
export { createChangeFeed, type ChangeFeed, type ChangeSource } from './feed.js';
export { renderFlowHtml, type FlowHtmlOptions } from './static.js';
export { flowViewerOptionsSchema, flowViewerDefaults, type FlowViewerOptions, type FlowDesk } from './options.js';
export { chartPath, type FlowRow, type FlowFrame } from './frames.js';
export { buildFlowGraph, TIMER_NODE } from './graph.js';
export { renderFlowSvg } from './svg.js';
export { flowLayout } from './layout.generated.js';
export type {
  FlowGraph,
  FlowLayout,
  FlowNode,
  FlowEdge,
  FlowNodeKind,
  FlowEdgeKind,
  FlowTransition,
  FlowText,
  FlowLanguage,
  FlowPoint,
  PlacedNode,
  PlacedEdge,
} from './types.js';
export type { DeskCommit } from '../desk/options.js';
