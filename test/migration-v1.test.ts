/**
 * Complaints written by machine version 1 (the statechart before the
 * redesign) load and continue under the current machine with the same
 * deadlines. The fixtures were generated once from the version-1 code
 * (scripts/generate-v1-fixtures.ts at commit 252bcb0): each holds a stored
 * record at some stage, its timeline, a continuation to the end, and what
 * version 1 showed after every step of it. Each record is stored as
 * version 1 wrote it, read by the current desk (the default migration
 * upgrades it), and driven through the same continuation.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  createDesk,
  manualClock,
  memoryNotifier,
  memoryStore,
  presets,
  upgradeMachineState,
  type Actor,
  type ComplaintCommand,
  type ComplaintRecord,
  type ComplaintView,
  type DeadlineView,
  type TimelineEntry,
} from '../src/index.js';

interface Expectation {
  stage: string;
  step: string;
  escalationLevel: number;
  outcome: string | null;
  status: 'active' | 'done';
  deadlines: Omit<DeadlineView, never>[];
}
interface Fixture {
  id: string;
  name: string;
  policy: 'guideline' | 'psd2' | 'fcaDisp';
  record: ComplaintRecord;
  timeline: TimelineEntry[];
  before: Expectation;
  continuation: { at: string; send?: ComplaintCommand; actor?: Actor }[];
  expected: Expectation[];
}

const fixtures = JSON.parse(readFileSync(new URL('./fixtures/v1/complaints.json', import.meta.url), 'utf8')) as Fixture[];

/** Version 1 named the single step of four stages; the current machine names the stage alone. */
const stepOf = (v1: string): string =>
  ({ 'received.registered': 'received', 'triage.classifying': 'triage', 'executing.inProgress': 'executing', 'followUp.pending': 'followUp' })[v1] ?? v1;

const byClock = (ds: DeadlineView[]) => [...ds].sort((a, b) => (a.clock < b.clock ? -1 : 1));

function same(view: ComplaintView, want: Expectation, where: string): void {
  expect({ where, stage: view.stage, step: view.step, level: view.escalationLevel, outcome: view.outcome, archived: view.status === 'archived' }).toEqual({
    where,
    stage: want.stage,
    step: stepOf(want.step),
    level: want.escalationLevel,
    outcome: want.outcome,
    archived: want.status === 'done',
  });
  expect({ where, deadlines: byClock(view.deadlines) }).toEqual({ where, deadlines: byClock(want.deadlines) });
}

/** A store holding the fixture exactly as version 1 wrote it. */
async function storeWith(f: Fixture) {
  const store = memoryStore();
  const r = f.record;
  await store.commit({
    expectedVersion: 0,
    record: { ...r, version: 1, summary: { ...r.summary, version: 1 } },
    timeline: f.timeline,
    armTimers: Object.entries(r.timers).map(([key, dueAt]) => ({ complaintId: r.id, key, dueAt })),
    disarmTimers: [],
    outbox: [],
  });
  return store;
}

describe('complaints written by machine version 1', () => {
  it('covers every stage', () => {
    const stages = new Set(fixtures.map((f) => f.record.summary.stage));
    expect([...stages].sort()).toEqual(['archived', 'closed', 'executing', 'followUp', 'investigating', 'received', 'resolving', 'triage']);
    const steps = new Set(fixtures.map((f) => f.record.summary.step));
    for (const s of ['investigating.contacting', 'investigating.verifying', 'investigating.awaitingInfo', 'resolving.drafting', 'resolving.awaitingApproval', 'resolving.awaitingCustomer']) {
      expect(steps.has(s)).toBe(true);
    }
  });

  for (const f of fixtures) {
    it(`${f.id} ${f.name}: upgrades and runs to the end with the same deadlines`, async () => {
      const store = await storeWith(f);
      const clock = manualClock(f.record.summary.updatedAt);
      const desk = createDesk({ store, notifier: memoryNotifier(), policy: presets[f.policy], clock, scheduler: false });
      same(await desk.get(f.id), f.before, 'after the upgrade');
      for (const [i, step] of f.continuation.entries()) {
        const at = Date.parse(step.at);
        if (at > clock.now()) clock.set(at);
        await desk.runDue();
        if (step.send) {
          let actor = step.actor!;
          // Version 1 let anyone but the current assignee record the follow-up; now nobody who ever handled
          // the complaint may (a reassigner or an extender included): such a step is refused, and an
          // independent reviewer records it instead.
          if (step.send.type === 'RECORD_FOLLOW_UP' && (await desk.get(f.id)).internal!.involved.includes(actor.id)) {
            await expect(desk.send(f.id, step.send, { actor })).rejects.toMatchObject({ code: 'FORBIDDEN' });
            actor = { id: 'qa-reviewer', role: 'supervisor' };
          }
          await desk.send(f.id, step.send, { actor });
        }
        await desk.dispatch();
        same(await desk.get(f.id), f.expected[i]!, `continuation step ${i} (${step.send?.type ?? 'timers'} at ${step.at})`);
      }
      // A complaint that changed was written back by the current machine; an archived one is only read.
      const stored = await store.load(f.id);
      expect(stored!.machineVersion).toBe(f.before.stage === 'archived' ? 1 : 2);
    });
  }

  it('upgrades the timers to the current ids: one SLA timer, or the archive timer of a closed complaint', () => {
    for (const f of fixtures) {
      const up = upgradeMachineState({ snapshot: f.record.snapshot, timers: f.record.timers }, 1);
      const v1Due = Object.values(f.record.timers);
      expect(Object.values(up.timers).sort()).toEqual(v1Due.sort());
      for (const key of Object.keys(up.timers)) expect(['sla.due', 'xstate.after.reopenWindowEnd.closed']).toContain(key);
    }
  });

  it('recovers who handled a complaint from its timeline, so the follow-up stays independent', async () => {
    const f = fixtures.find((x) => x.name === 'followUp.pending')!;
    const store = await storeWith(f);
    const desk = createDesk({ store, notifier: memoryNotifier(), clock: manualClock(f.record.summary.updatedAt), scheduler: false });
    const details = await desk.get(f.id);
    // The handler (the assignee) contacted, found the root cause, proposed and executed; the agent only
    // acknowledged and triaged, which is not handling it.
    expect(details.internal!.involved).toEqual(['handler-1']);
    await expect(desk.send(f.id, { type: 'RECORD_FOLLOW_UP', satisfaction: 'satisfied' }, { actor: { id: 'handler-1', role: 'handler' } })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
