import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { and, not, setup } from 'xstate';
import { describe, expect, it } from 'vitest';
import { complaintMachine, eventTypes, toJSONDiagram, toMermaid, type DiagramState } from '../src/index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const STAGES = ['received', 'triage', 'investigating', 'resolving', 'executing', 'followUp', 'closed', 'archived'];

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

describe('docs/lifecycle.md diagram', () => {
  const diagram = toMermaid(complaintMachine);

  it('is the diagram of the current machine (run `npm run docs:diagram` to update)', () => {
    expect(documentedDiagram()).toBe(diagram);
  });

  it('declares every top-level stage at the top level, and the open stages as parallel blocks', () => {
    const top = diagram.split('\n').filter((l) => /^ {2}state /.test(l));
    for (const stage of STAGES) expect(top.some((l) => l === `  state ${stage}` || l.startsWith(`  state ${stage} {`))).toBe(true);
    for (const stage of STAGES.slice(0, 6)) {
      const start = diagram.indexOf(`  state ${stage} {\n`);
      const end = diagram.indexOf('\n  }\n', start);
      const block = diagram.slice(start, end);
      expect(block).toContain(`state "step" as ${stage}_step {`);
      expect(block).toContain('\n    --\n');
      expect(block).toContain(`state "sla" as ${stage}_sla {`);
    }
    expect(diagram).toContain('\n  [*] --> received\n');
    expect(diagram).toContain('\n  archived --> [*]\n');
  });

  it('labels an edge with every public event type', () => {
    const events = new Set(edges(diagram).flatMap((e) => e.labels.map((l) => l.split(' ')[0])));
    for (const type of eventTypes) expect(events, type).toContain(type);
  });

  it('shows guards and named delays in the labels', () => {
    const all = edges(diagram);
    const find = (from: string, to: string) => all.find((e) => e.from === from && e.to === to)?.labels ?? [];
    expect(find('triage_step_classifying', 'investigating')).toEqual([
      'TRIAGE [triagedUrgent]',
      'TRIAGE [triagedGeneral]',
      'TRIAGE',
    ]);
    expect(find('resolving_step_awaitingApproval', 'resolving_step_awaitingCustomer')).toEqual(['APPROVE [approverHasAuthority]']);
    expect(find('investigating_sla_running', 'investigating_sla_idle')).toContain('after slaCheck');
    expect(find('closed', 'archived')).toContain('after reopenWindowEnd');
    expect(find('closed', 'triage')).toEqual(['REOPEN [withinReopenWindow]']);
    expect(find('received', 'closed')).toEqual(['WITHDRAW']);
  });

  it('is deterministic', () => {
    expect(toMermaid(complaintMachine)).toBe(diagram);
  });
});

describe('toMermaid', () => {
  const machine = setup({
    guards: { ok: () => true, ready: () => true },
    actions: { log: () => {} },
  }).createMachine({
    id: 'door',
    initial: 'closed-now',
    states: {
      'closed-now': {
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

  it('takes a direction, leaves targetless transitions out, draws one edge per transition', () => {
    const text = toMermaid(machine, { direction: 'LR', targetless: 'omit', merge: false });
    expect(text.split('\n').slice(0, 2)).toEqual(['stateDiagram-v2', '  direction LR']);
    expect(text).not.toContain('KNOCK');
    expect(text).toContain('  open --> note_ : SLAM\n  open --> note_ : SHUT\n');
  });

  it('uses the label option for state names', () => {
    const text = toMermaid(complaintMachine, { label: (n) => (n.meta as { en?: string } | undefined)?.en ?? n.key });
    expect(text).toContain('  state "Archived" as archived\n');
    expect(text).toContain('state "Waiting for the customer’s evidence (SLA paused)" as investigating_step_awaitingInfo');
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
  const index = (s: DiagramState) => {
    byId.set(s.id, s);
    s.states.forEach(index);
  };
  index(json);

  it('is plain JSON', () => {
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
  });

  it('describes the stages in document order with description, meta and type', () => {
    expect(json.id).toBe('complaint');
    expect(json.initial).toBe('complaint.received');
    expect(json.states.map((s) => s.key)).toEqual(STAGES);
    expect(json.states.map((s) => s.type)).toEqual([
      'parallel', 'parallel', 'parallel', 'parallel', 'parallel', 'parallel', 'atomic', 'final',
    ]);
    const received = byId.get('complaint.received')!;
    expect(received.meta).toEqual({ en: 'Received', zh: '登记受理', timeLimit: 'acknowledge' });
    expect(received.description).toMatch(/intake/);
    expect(received.states.map((s) => s.key)).toEqual(['step', 'sla']);
  });

  it('keeps tags, entry and exit actions', () => {
    const waiting = byId.get('complaint.investigating.step.awaitingInfo')!;
    expect(waiting.tags).toEqual(['slaPaused']);
    expect(waiting.entry).toEqual(['pauseClocks', 'pauseSla']);
    expect(waiting.exit).toEqual(['resumeClocks', 'rearmSla']);
  });

  it('lists transitions with event, guard, targets and actions', () => {
    const classifying = byId.get('complaint.triage.step.classifying')!;
    const triage = classifying.transitions.filter((t) => t.event === 'TRIAGE');
    expect(triage.map((t) => t.guard)).toEqual(['triagedUrgent', 'triagedGeneral', undefined]);
    expect(triage[0]).toMatchObject({ kind: 'event', targets: ['complaint.investigating'], reenter: false });
    expect(triage[0]!.actions).toEqual(expect.arrayContaining(['classify', 'routeUrgent']));
    const note = byId.get('complaint.received')!.transitions.find((t) => t.event === 'ADD_NOTE')!;
    expect(note.targets).toEqual([]);
    const timer = byId.get('complaint.resolving.sla.running')!.transitions.find((t) => t.kind === 'after')!;
    expect(timer).toMatchObject({
      event: 'xstate.after.slaCheck.complaint.resolving.sla.running',
      delay: 'slaCheck',
      targets: ['complaint.resolving.sla.idle'],
    });
    expect(timer.actions).toContain('processSlaDue');
  });
});
