// The flow picture as inline SVG, drawn from the committed layout: a box per
// state (`data-state` = its path), a start marker per compound state, an
// arrow per pair of states with its transitions on the label, and the SLA
// timer's box (`data-timer`). Labels carry both languages (`.en`, `.zh`);
// the page's stylesheet shows one.
import { limitLine } from './graph.js';
import { type as t, wrapLabel } from './measure.js';
import type { FlowLayout, FlowPoint, PlacedEdge, PlacedNode } from './types.js';

/** Escape text for HTML and SVG content and attribute values. */
export const esc = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

const n1 = (v: number) => String(Math.round(v * 10) / 10);

/** A text line that the page may squeeze (`data-fit` = the room it has, px). */
const line = (x: number, y: number, cls: string, text: string, room: number) =>
  `<text x="${n1(x)}" y="${n1(y)}" class="${cls}" data-fit="${n1(room)}">${esc(text)}</text>`;

function nodeSvg(n: PlacedNode): string {
  if (n.kind === 'initial') {
    const r = n.width / 2;
    return `<circle class="initial" data-initial="${esc(n.parent ?? '')}" cx="${n1(n.x + r)}" cy="${n1(n.y + r)}" r="${n1(r - 1)}"/>`;
  }
  const room = n.width - 2 * t.pad;
  const x = n.x + t.pad;
  let y = n.y + t.pad;
  const parts: string[] = [];
  const en = wrapLabel(n.label.en);
  const zh = wrapLabel(n.label.zh);
  en.forEach((l, i) => parts.push(line(x, y + (i + 1) * t.label.line - 4, 'label en', l, room)));
  zh.forEach((l, i) => parts.push(line(x, y + (i + 1) * t.label.line - 4, 'label zh', l, room)));
  y += Math.max(en.length, zh.length) * t.label.line;
  const mono = (cls: string, text: string, zh?: string) => {
    y += t.mono.line;
    if (zh === undefined) parts.push(line(x, y - 3, `mono ${cls}`, text, room));
    else parts.push(line(x, y - 3, `mono ${cls} en`, text, room), line(x, y - 3, `mono ${cls} zh`, zh, room));
  };
  mono('key', n.key);
  if (n.timeLimit) {
    const limit = limitLine(n.timeLimit);
    mono('limit', limit.en, limit.zh);
  }
  for (const l of n.lines) mono('detail', l);
  if (n.kind === 'timer') mono('due', '');
  const rect = `<rect class="box" x="${n1(n.x)}" y="${n1(n.y)}" width="${n1(n.width)}" height="${n1(n.height)}" rx="8"/>`;
  const inner = n.kind === 'final' ? `<rect class="final-ring" x="${n1(n.x + 3)}" y="${n1(n.y + 3)}" width="${n1(n.width - 6)}" height="${n1(n.height - 6)}" rx="6"/>` : '';
  const attrs =
    n.kind === 'timer'
      ? `data-timer="${esc(n.key)}"`
      : `data-state="${esc(n.id)}"${n.tags.length ? ` data-tags="${esc(n.tags.join(' '))}"` : ''}`;
  return `<g class="node ${n.kind}" ${attrs}>${rect}${inner}${parts.join('')}</g>`;
}

const pathOf = (points: readonly FlowPoint[]) => points.map((p, i) => `${i === 0 ? 'M' : 'L'}${n1(p.x)} ${n1(p.y)}`).join(' ');

function edgeSvg(e: PlacedEdge): string {
  const events = [...new Set(e.transitions.map((tr) => tr.event))].join(' ');
  const head = `<g class="edge ${e.kind}" data-edge="${esc(e.id)}" data-source="${esc(e.source)}" data-target="${esc(e.target)}"${events ? ` data-events="${esc(events)}"` : ''}>`;
  const route = `<path class="route" d="${pathOf(e.points)}" marker-end="url(#flow-arrow)"/>`;
  if (!e.label) return `${head}${route}</g>`;
  const l = e.label;
  const texts = e.lines.map((text, i) => `<text class="mono edge-label" x="${n1(l.x + 4)}" y="${n1(l.y + 2 + (i + 1) * t.mono.line - 3)}">${esc(text)}</text>`);
  return `${head}${route}<rect class="label-bg" x="${n1(l.x)}" y="${n1(l.y)}" width="${n1(l.width)}" height="${n1(l.height)}" rx="3"/>${texts.join('')}</g>`;
}

/**
 * The statechart as an SVG element (no external resources).
 *
 * @param layout - the placed picture, e.g. `flowLayout`
 * @returns `<svg …>…</svg>`
 * @example
 * const svg = renderFlowSvg(flowLayout); // '<svg class="flow" viewBox="0 0 …" …>'
 */
export function renderFlowSvg(layout: FlowLayout): string {
  const defs =
    '<defs><marker id="flow-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">' +
    '<path d="M0 0 L10 5 L0 10 z" class="arrow"/></marker></defs>';
  const nodes = layout.nodes.map(nodeSvg).join('\n');
  const edges = layout.edges.map(edgeSvg).join('\n');
  return (
    `<svg class="flow" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${n1(layout.width)} ${n1(layout.height)}" ` +
    `width="${n1(layout.width)}" height="${n1(layout.height)}" data-machine="${esc(layout.machine)}" role="img" aria-label="The ${esc(layout.machine)} statechart">` +
    `${defs}\n<g class="nodes">\n${nodes}\n</g>\n<g class="edges">\n${edges}\n</g></svg>`
  );
}
