/**
 * The flow viewer's layout: computed from the chart with elkjs at build time
 * and committed as src/viewer/layout.generated.ts. This fails while the
 * committed file differs from what elkjs computes for the current chart
 * (run `npm run viewer:layout`), and checks what the picture promises:
 * every state once, stages in process order, steps inside their stage,
 * every transition on an arrow, one SLA timer beside the lifecycle.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createMachine, type AnyStateNode } from 'xstate';
import { beforeAll, describe, expect, it } from 'vitest';
import { complaintMachine, toJSONDiagram, type DiagramState } from '../src/index.js';
import { buildFlowGraph, flowLayout, renderFlowSvg, TIMER_NODE, type FlowLayout, type PlacedNode } from '../src/viewer/index.js';
import { computeFlowLayout, LAYOUT_MODULE, layoutModuleText } from '../scripts/viewer-layout.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const STAGES = ['open.received', 'open.triage', 'open.investigating', 'open.resolving', 'open.executing', 'open.followUp', 'closed', 'archived'];

const statePaths = (): string[] => {
  const out: string[] = [];
  const walk = (n: AnyStateNode) => {
    for (const c of Object.values(n.states) as AnyStateNode[]) {
      out.push(c.path.join('.'));
      walk(c);
    }
  };
  walk(complaintMachine.root as AnyStateNode);
  return out;
};

describe('the committed flow layout', () => {
  let computed: FlowLayout;
  beforeAll(async () => {
    computed = await computeFlowLayout(buildFlowGraph(complaintMachine));
  });

  it('is what elkjs computes for the current chart (run `npm run viewer:layout` to update)', () => {
    expect(readFileSync(join(root, LAYOUT_MODULE), 'utf8')).toBe(layoutModuleText(computed));
    expect(flowLayout).toEqual(computed);
  });

  it('goes out of date when the chart changes', async () => {
    const changed = createMachine({
      ...(complaintMachine.config as object),
      states: { ...(complaintMachine.config.states as object), archived: { type: 'final', meta: { en: 'Filed away', zh: '归档' } } },
    } as never);
    expect(layoutModuleText(await computeFlowLayout(buildFlowGraph(changed)))).not.toBe(layoutModuleText(computed));
  });

  const nodes = () => flowLayout.nodes.filter((n) => n.kind !== 'initial' && n.kind !== 'timer');
  const byId = new Map(flowLayout.nodes.map((n) => [n.id, n]));
  const inside = (a: PlacedNode, b: PlacedNode) => a.x >= b.x && a.y >= b.y && a.x + a.width <= b.x + b.width && a.y + a.height <= b.y + b.height;

  it('has every state of the machine once, with its labels, and one start marker per compound state', () => {
    expect(nodes().map((n) => n.id)).toEqual(statePaths());
    for (const n of nodes()) {
      const meta = complaintMachine.getStateNodeById(`complaint.${n.id}`).meta as { en: string; zh: string };
      expect(n.label).toEqual({ en: meta.en, zh: meta.zh });
    }
    const compounds = ['', ...nodes().filter((n) => n.kind === 'compound').map((n) => n.id)];
    expect(flowLayout.nodes.filter((n) => n.kind === 'initial').map((n) => n.parent ?? '')).toEqual(compounds);
    // and the SVG draws each state once
    const svg = renderFlowSvg(flowLayout);
    for (const p of statePaths()) expect(svg.split(`data-state="${p}"`).length - 1, p).toBe(1);
  });

  it('draws the stages top to bottom in the order of the process, steps inside their stage', () => {
    const ys = STAGES.map((s) => byId.get(s)!.y);
    expect([...ys].sort((a, b) => a - b)).toEqual(ys);
    for (const n of flowLayout.nodes) {
      if (n.parent) expect(inside(n, byId.get(n.parent)!), `${n.id} inside ${n.parent}`).toBe(true);
      expect(n.x >= 0 && n.y >= 0 && n.x + n.width <= flowLayout.width && n.y + n.height <= flowLayout.height, n.id).toBe(true);
    }
    // No two boxes of the same parent overlap.
    for (const a of flowLayout.nodes) {
      for (const b of flowLayout.nodes) {
        if (a === b || a.parent !== b.parent) continue;
        const apart = a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y;
        expect(apart, `${a.id} / ${b.id}`).toBe(true);
      }
    }
  });

  it('puts every transition on an arrow (EVENT [guard] / action) or, when it stays, inside its state', () => {
    const pathOf = new Map<string, string>();
    const index = (s: DiagramState, prefix: string | null) =>
      s.states.forEach((c) => {
        const p = prefix === null ? c.key : `${prefix}.${c.key}`;
        pathOf.set(c.id, p);
        index(c, p);
      });
    const diagram = toJSONDiagram(complaintMachine);
    index(diagram, null);
    const walk = (s: DiagramState) => {
      const from = pathOf.get(s.id);
      for (const t of from === undefined ? [] : s.transitions) {
        const event = t.kind === 'after' ? `after ${t.delay}` : t.event;
        const head = t.guard ? `${event} [${t.guard}]` : event;
        if (t.targets.length === 0) {
          const host = t.event === 'sla.due' ? flowLayout.edges.find((e) => e.kind === 'timer')!.lines : byId.get(from!)!.lines;
          expect(host.join('\n'), `${from} ${head}`).toContain(head);
          continue;
        }
        for (const target of t.targets) {
          const edge = flowLayout.edges.find((e) => e.source === from && e.target === pathOf.get(target));
          expect(edge, `${from} -> ${target}`).toBeDefined();
          expect(edge!.lines.join('\n')).toContain(head);
          expect(edge!.points.length).toBeGreaterThanOrEqual(2);
          expect(edge!.label).not.toBeNull();
        }
      }
      s.states.forEach(walk);
    };
    walk(diagram);
  });

  it('draws the SLA clock once: the sla.due timer, beside the lifecycle, joined to open', () => {
    const timers = flowLayout.nodes.filter((n) => n.kind === 'timer');
    expect(timers.map((n) => n.id)).toEqual([TIMER_NODE]);
    const timer = timers[0]!;
    const open = byId.get('open')!;
    expect(timer.parent).toBeNull();
    expect(inside(timer, open)).toBe(false);
    const edges = flowLayout.edges.filter((e) => e.lines.some((l) => l.startsWith('sla.due')));
    expect(edges.map((e) => [e.source, e.target, e.kind])).toEqual([[TIMER_NODE, 'open', 'timer']]);
  });

  it('is used at run time without elkjs: no source file imports it and it is no runtime dependency', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
    expect(pkg.dependencies).not.toHaveProperty('elkjs');
    expect(pkg.devDependencies.elkjs).toBe('0.12.1');
    const files = (dir: string): string[] =>
      readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? files(join(dir, f)) : [join(dir, f)]));
    for (const f of files(join(root, 'src'))) expect(readFileSync(f, 'utf8'), f).not.toMatch(/from ['"]elkjs|import\(['"]elkjs|require\(['"]elkjs/);
  });
});
