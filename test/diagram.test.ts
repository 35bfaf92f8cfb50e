import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { and, not, setup, type AnyStateNode } from 'xstate';
import { describe, expect, it } from 'vitest';
import {
  complaintMachine,
  eventTypes,
  labels,
  SLA_TIMER,
  toJSONDiagram,
  toMermaid,
  type DiagramState,
  type DiagramTransition,
  type MermaidOptions,
} from '../src/index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const STAGES = ['received', 'triage', 'investigating', 'resolving', 'executing', 'followUp'];
const WINDOW = 'xstate.after.reopenWindowEnd.closed';
/** The options scripts/update-diagram.ts draws docs/lifecycle.md with. */
const DOC_OPTIONS: MermaidOptions = { actions: true };

/** The ```mermaid block between the diagram markers of docs/lifecycle.md. */
function documentedDiagram(): string {
  const doc = readFileSync(join(root, 'docs', 'lifecycle.md'), 'utf8');
  const m = /<!-- diagram:start -->\s*```mermaid\n([\s\S]*?)```\s*<!-- diagram:end -->/.exec(doc);
  if (!m) throw new Error('docs/lifecycle.md has no ```mermaid block between the diagram markers');
  return m[1]!;
}

/** Edge lines `from --> to : label<br/>label` of a diagram. */
function edges(text: string): { from: string; to: string; labels: string[] }[] {
  return text
    .split('\n')
    .map((l) => /^\s*(\S+) --> (\S+)(?: : (.*))?$/.exec(l))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ from: m[1]!, to: m[2]!, labels: m[3] ? m[3].split('<br/>') : [] }));
}

/** The Mermaid ids declared by `state …` lines. */
const declared = (text: string) =>
  text
    .split('\n')
    .map((l) => /^\s*state (?:"[^"]*" as )?(\S+)(?: \{)?$/.exec(l)?.[1])
    .filter((id): id is string => id !== undefined);

const allNodes = (n: AnyStateNode): AnyStateNode[] => [n, ...Object.values(n.states).flatMap(allNodes)];

describe('docs/lifecycle.md diagram', () => {
  const diagram = toMermaid(complaintMachine, DOC_OPTIONS);

  it('is the diagram of the current machine (run `npm run docs:diagram` to update)', () => {
    expect(documentedDiagram()).toBe(diagram);
  });

  it('declares every state once: open, closed and archived at the top, the stages and steps inside open', () => {
    const nodes = allNodes(complaintMachine.root).slice(1);
    const ids = declared(diagram);
    expect(ids).toHaveLength(nodes.length);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(nodes.map((n) => n.path.join('_')));
    const top = diagram.split('\n').filter((l) => /^ {2}state /.test(l));
    expect(top).toEqual(['  state open {', '  state "closed" as closed', '  state archived']);
    const start = diagram.indexOf('  state open {\n');
    const block = diagram.slice(start, diagram.indexOf('\n  }\n', start));
    for (const stage of STAGES) expect(block).toContain(`\n    state "${stage}" as open_${stage}`);
    expect(block).toContain('state "awaitingInfo" as open_investigating_awaitingInfo');
    // no parallel regions any more
    expect(diagram).not.toMatch(/^\s*--$/m);
    expect(diagram).toContain('\n    [*] --> open_received\n');
    expect(diagram).toContain('\n  [*] --> open\n');
    expect(diagram).toContain('\n  archived --> [*]\n');
  });

  it('shows ONE clock: exactly one transition on sla.due, a self-loop on open', () => {
    const all = edges(diagram);
    const clock = all.flatMap((e) => e.labels.filter((l) => l.split(' ')[0] === SLA_TIMER).map((l) => ({ ...e, label: l })));
    expect(clock).toEqual([{ from: 'open', to: 'open', labels: expect.any(Array), label: 'sla.due / fireDueClocks' }]);
    // nothing left of the per-stage SLA regions and their internal events
    expect(diagram).not.toMatch(/slaCheck|sla\.rearm|sla\.pause|_sla_/);
  });

  it('shows the after transition of closed, the only delayed one', () => {
    const all = edges(diagram);
    const after = all.flatMap((e) => e.labels.filter((l) => l.startsWith('after ')).map((l) => `${e.from} --> ${e.to} : ${l}`));
    expect(after).toEqual(['closed --> archived : after reopenWindowEnd / archiveAtWindowEnd']);
  });

  it('labels an edge with every public event type', () => {
    const events = new Set(edges(diagram).flatMap((e) => e.labels.map((l) => l.split(' ')[0])));
    for (const type of eventTypes) expect(events, type).toContain(type);
  });

  it('shows guards, actions and entry actions', () => {
    const all = edges(diagram);
    const find = (from: string, to: string) => all.find((e) => e.from === from && e.to === to)?.labels ?? [];
    expect(find('open_triage', 'open_investigating')).toEqual([
      'TRIAGE [triagedUrgent] / routeUrgent',
      'TRIAGE [triagedGeneral] / routeToDepartment',
      'TRIAGE / routeToServiceTeam',
    ]);
    expect(find('open_resolving_awaitingApproval', 'open_resolving_awaitingCustomer')).toEqual(['APPROVE [approverHasAuthority] / approveProposal']);
    expect(find('closed', 'archived')).toEqual(['ARCHIVE / archive', 'after reopenWindowEnd / archiveAtWindowEnd']);
    expect(find('closed', 'open_triage')).toEqual(['REOPEN [withinReopenWindow] / reopen']);
    expect(find('open', 'closed')).toEqual(['WITHDRAW / withdraw']);
    expect(find('open', 'open')).toEqual([
      'sla.due / fireDueClocks',
      'ADD_NOTE / addNote',
      'REASSIGN / reassign',
      'ESCALATE [belowTopLevel] / escalateManually',
      'EXTEND [canExtend] / extend',
    ]);
    expect(diagram).toContain('\n    open_received : entry / receive\n');
    expect(diagram).toContain('\n  state "closed" as closed\n  closed : entry / close\n');
    // XState's own arming of the window timer is not an action of the chart
    expect(diagram).not.toContain('xstate.');
  });

  it('is deterministic', () => {
    expect(toMermaid(complaintMachine, DOC_OPTIONS)).toBe(diagram);
  });

  it('without actions, labels read EVENT [guard] only', () => {
    const plain = toMermaid(complaintMachine);
    expect(plain).toContain('\n  open --> open : sla.due<br/>ADD_NOTE<br/>REASSIGN<br/>ESCALATE [belowTopLevel]<br/>EXTEND [canExtend]\n');
    expect(plain).toContain('\n  closed --> archived : ARCHIVE<br/>after reopenWindowEnd\n');
    expect(plain).not.toContain(' / ');
    expect(plain).not.toContain(' : entry');
  });
});

describe('toMermaid', () => {
  const machine = setup({
    guards: { ok: () => true, ready: () => true },
    actions: { log: () => {}, hello: () => {} },
  }).createMachine({
    id: 'door',
    initial: 'closed-now',
    states: {
      'closed-now': {
        entry: 'hello',
        on: {
          OPEN: { target: 'open', guard: and(['ok', not('ready')]) },
          KNOCK: { actions: 'log' },
        },
      },
      open: {
        initial: 'wide',
        on: { SLAM: 'note', SHUT: 'note' },
        states: {
          wide: { after: { 1000: 'ajar' } },
          ajar: { always: { target: '#door.note', guard: 'ready' } },
        },
      },
      note: { type: 'final' },
    },
  });

  it('nests, labels, sanitises and orders as documented', () => {
    expect(toMermaid(machine)).toBe(
      [
        'stateDiagram-v2',
        '  state "closed-now" as closed_now',
        '  state open {',
        '    state "wide" as open_wide',
        '    state "ajar" as open_ajar',
        '    [*] --> open_wide',
        '  }',
        '  state "note" as note_',
        '  [*] --> closed_now',
        '  note_ --> [*]',
        '  closed_now --> open : OPEN [and(ok, not(ready))]',
        '  closed_now --> closed_now : KNOCK',
        '  open --> note_ : SLAM<br/>SHUT',
        '  open_wide --> open_ajar : after 1000ms',
        '  open_ajar --> note_ : always [ready]',
        '',
      ].join('\n'),
    );
  });

  it('with actions: edge labels name them, states list their entry actions, XState’s timer bookkeeping stays out', () => {
    const text = toMermaid(machine, { actions: true });
    expect(text).toContain('\n  state "closed-now" as closed_now\n  closed_now : entry / hello\n');
    expect(text).toContain('\n  closed_now --> closed_now : KNOCK / log\n');
    expect(text).toContain('\n  open_wide --> open_ajar : after 1000ms\n');
    expect(text).not.toContain('open_wide :');
  });

  it('takes a direction, leaves targetless transitions out, draws one edge per transition', () => {
    const text = toMermaid(machine, { direction: 'LR', targetless: 'omit', merge: false });
    expect(text.split('\n').slice(0, 2)).toEqual(['stateDiagram-v2', '  direction LR']);
    expect(text).not.toContain('KNOCK');
    expect(text).toContain('  open --> note_ : SLAM\n  open --> note_ : SHUT\n');
  });

  it('uses the label option for state names', () => {
    const text = toMermaid(complaintMachine, { label: (n) => (n.meta as { en?: string } | undefined)?.en ?? n.key });
    expect(text).toContain('  state "Archived" as archived\n');
    expect(text).toContain('  state "Open" as open {\n');
    expect(text).toContain('state "Waiting for the customer’s evidence (SLA paused)" as open_investigating_awaitingInfo');
  });

  it('wraps a parallel root, separates its regions and keeps colliding ids apart', () => {
    const p = setup({}).createMachine({
      id: 'p',
      type: 'parallel',
      states: {
        'a-b': { initial: 'x', states: { x: { on: { GO: 'y' } }, y: {} } },
        a_b: { initial: 'x', states: { x: {} } },
      },
    });
    expect(toMermaid(p)).toBe(
      [
        'stateDiagram-v2',
        '  state p {',
        '    state "a-b" as a_b {',
        '      state "x" as a_b_x',
        '      state "y" as a_b_y',
        '      [*] --> a_b_x',
        '    }',
        '    --',
        '    state "a_b" as a_b_2 {',
        '      state "x" as a_b_x_2',
        '      [*] --> a_b_x_2',
        '    }',
        '  }',
        '  a_b_x --> a_b_y : GO',
        '',
      ].join('\n'),
    );
  });
});

describe('toJSONDiagram', () => {
  const json = toJSONDiagram(complaintMachine);
  const byId = new Map<string, DiagramState>();
  const list: DiagramState[] = [];
  const index = (s: DiagramState) => {
    byId.set(s.id, s);
    list.push(s);
    s.states.forEach(index);
  };
  index(json);
  const transitions: (DiagramTransition & { from: string })[] = list.flatMap((s) => s.transitions.map((t) => ({ ...t, from: s.id })));

  it('is plain JSON', () => {
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
  });

  it('describes every state once, in document order, with description, meta and type', () => {
    expect(list).toHaveLength(allNodes(complaintMachine.root).length);
    expect(new Set(list.map((s) => s.id)).size).toBe(list.length);
    expect(json.id).toBe('complaint');
    expect(json.initial).toBe('complaint.open');
    expect(json.states.map((s) => s.key)).toEqual(['open', 'closed', 'archived']);
    expect(json.states.map((s) => s.type)).toEqual(['compound', 'atomic', 'final']);
    const open = json.states[0]!;
    expect(open.initial).toBe('received');
    expect(open.states.map((s) => s.key)).toEqual(STAGES);
    expect(open.states.map((s) => s.id)).toEqual(STAGES); // every stage has an id (#triage …)
    expect(open.states.map((s) => s.type)).toEqual(['atomic', 'atomic', 'compound', 'compound', 'atomic', 'atomic']);
    expect(list.filter((s) => s.type === 'parallel')).toEqual([]);
    const received = byId.get('received')!;
    expect(received.meta).toEqual(labels.received);
    expect(received.meta).toEqual({ en: 'Received, awaiting acknowledgement', zh: '登记受理', timeLimit: 'acknowledge' });
    expect(received.description).toMatch(/intake/);
    expect(byId.get('investigating')!.states.map((s) => s.id)).toEqual([
      'complaint.open.investigating.contacting',
      'complaint.open.investigating.verifying',
      'complaint.open.investigating.awaitingInfo',
    ]);
    for (const s of list.slice(1)) expect(s.description, s.id).toBeTruthy();
  });

  it('keeps tags and entry actions; XState’s arming of the window timer is left out', () => {
    expect(byId.get('complaint.open')!.tags).toEqual(['open']);
    const waiting = byId.get('complaint.open.investigating.awaitingInfo')!;
    expect(waiting.tags).toEqual(['slaPaused']);
    expect([waiting.entry, waiting.exit]).toEqual([[], []]);
    expect(received()).toMatchObject({ entry: ['receive'], exit: [] });
    expect(byId.get('closed')).toMatchObject({ entry: ['close'], exit: [] });
    expect(list.filter((s) => s.entry.length > 0).map((s) => s.id)).toEqual(['received', 'closed']);
    expect(list.filter((s) => s.exit.length > 0)).toEqual([]);
  });
  const received = () => byId.get('received')!;

  it('lists transitions with event, guard, targets and one action each', () => {
    const triage = byId.get('triage')!.transitions.filter((t) => t.event === 'TRIAGE');
    expect(triage.map((t) => t.guard)).toEqual(['triagedUrgent', 'triagedGeneral', undefined]);
    expect(triage.map((t) => t.actions)).toEqual([['routeUrgent'], ['routeToDepartment'], ['routeToServiceTeam']]);
    expect(triage[0]).toMatchObject({ kind: 'event', targets: ['investigating'], reenter: false });
    const note = byId.get('complaint.open')!.transitions.find((t) => t.event === 'ADD_NOTE')!;
    expect(note).toMatchObject({ targets: [], actions: ['addNote'] });
    expect(transitions.filter((t) => t.actions.length !== 1).map((t) => `${t.from} ${t.event}`)).toEqual([]);
    expect(transitions.filter((t) => t.kind === 'always')).toEqual([]);
  });

  it('has ONE clock: one transition on sla.due, on open, targetless', () => {
    const clock = transitions.filter((t) => t.event === SLA_TIMER);
    expect(clock).toHaveLength(1);
    expect(clock[0]).toMatchObject({ from: 'complaint.open', kind: 'event', targets: [], actions: ['fireDueClocks'] });
    expect(clock[0]!.description).toMatch(/warning/);
  });

  it('has the after transition of closed, and no other delayed transition', () => {
    const after = transitions.filter((t) => t.kind === 'after');
    expect(after).toEqual([
      { from: 'closed', kind: 'after', event: WINDOW, delay: 'reopenWindowEnd', targets: ['archived'], reenter: false, actions: ['archiveAtWindowEnd'] },
    ]);
  });
});
