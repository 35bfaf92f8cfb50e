// Desk benchmarks: send overhead vs raw pure transition(), heap per open
// complaint (vs a live actor per complaint), runDue cost per timer.
import { createActor, initialTransition, transition, type AnyMachineSnapshot } from 'xstate';
import { createDesk, manualClock, memoryStore, parseIntake, type Notifier } from '../src/index.js';

const T0 = Date.parse('2026-11-23T09:00:00+08:00');
const agent = { id: 'agent-1', role: 'agent' as const };
const nullNotifier: Notifier = { send: async () => {} };

const intake = (i: number) => ({
  id: `c${i}`,
  customer: { id: `cust-${i}`, name: 'Li Lei', phone: '13800001234', email: 'li.lei@example.com' },
  channel: 'phone' as const,
  description: 'The kettle leaks after two days of use; the base is wet and the plug got warm.',
  product: 'KT-200 kettle',
  order: `SO-2026-${i}`,
  demand: 'A replacement kettle',
  emotion: 'anxious' as const,
  motive: 'compensation' as const,
  filedAt: T0,
});

export interface DeskBenchResult {
  sendUs: number;
  transitionUs: number;
  sendOverhead: number;
  heapBytesPerComplaint: number;
  actorHeapBytesPerComplaint: number;
  runDueUsPerTimer: number;
  timersFired: number;
}

function heapUsed(): number {
  global.gc?.();
  global.gc?.();
  return process.memoryUsage().heapUsed;
}

/** desk.send (ADD_NOTE on a triaged complaint) vs XState's transition() of the same event on the same snapshot. */
async function sendVsTransition(n: number): Promise<{ sendUs: number; transitionUs: number }> {
  const clock = manualClock(T0);
  const desk = createDesk({ store: memoryStore(), notifier: nullNotifier, clock, scheduler: false });
  const c = await desk.file(intake(0), { actor: agent });
  await desk.send(c.id, { type: 'ACKNOWLEDGE', at: T0 + 60_000 }, { actor: agent });
  await desk.send(c.id, { type: 'TRIAGE', at: T0 + 120_000, categories: ['product_quality'], severity: 'general' }, { actor: agent });
  const machine = desk.machine;
  let [snap] = initialTransition(machine, parseIntake(intake(1)));
  [snap] = transition(machine, snap, { type: 'ACKNOWLEDGE', at: T0 + 60_000, actor: agent });
  [snap] = transition(machine, snap, { type: 'TRIAGE', at: T0 + 120_000, actor: agent, categories: ['product_quality'], severity: 'general' });
  const ev = (i: number) => ({ type: 'ADD_NOTE' as const, at: T0 + 180_000 + i, note: 'called back, customer asked for an update' });
  // warm-up
  for (let i = 0; i < 300; i++) {
    await desk.send(c.id, ev(i), { actor: agent });
    transition(machine, snap as AnyMachineSnapshot, { ...ev(i), actor: agent });
  }
  // Notes accumulate in context; measure both on equally fresh complaints.
  const fresh = await desk.file(intake(2), { actor: agent });
  await desk.send(fresh.id, { type: 'ACKNOWLEDGE', at: T0 + 60_000 }, { actor: agent });
  let t = process.hrtime.bigint();
  for (let i = 0; i < n; i++) {
    // Alternate so the note list stays bounded: send adds a note, the next send replaces the snapshot size trend equally.
    await desk.send(fresh.id, { type: 'REASSIGN', at: T0 + 180_000 + i, assignee: i % 2 ? 'agent-2' : 'agent-3' }, { actor: { id: 'sup-1', role: 'supervisor' } });
  }
  const sendUs = Number(process.hrtime.bigint() - t) / 1000 / n;
  let s2 = snap as AnyMachineSnapshot;
  t = process.hrtime.bigint();
  for (let i = 0; i < n; i++) {
    [s2] = transition(machine, s2, { type: 'REASSIGN', at: T0 + 180_000 + i, actor: { id: 'sup-1', role: 'supervisor' }, assignee: i % 2 ? 'agent-2' : 'agent-3' });
  }
  const transitionUs = Number(process.hrtime.bigint() - t) / 1000 / n;
  return { sendUs, transitionUs };
}

/** Heap per open complaint: n complaints filed and acknowledged into one memory store. */
async function heapPerComplaint(n: number): Promise<number> {
  const clock = manualClock(T0);
  const store = memoryStore();
  const desk = createDesk({ store, notifier: nullNotifier, clock, scheduler: false });
  // Outbox rows are part of the store; drain them as a running desk would.
  const before = heapUsed();
  for (let i = 0; i < n; i++) {
    const c = await desk.file({ ...intake(i), id: `h${i}` }, { actor: agent });
    await desk.send(c.id, { type: 'ACKNOWLEDGE', at: T0 + 60_000 }, { actor: agent });
  }
  await desk.dispatch(T0 + 120_000);
  const after = heapUsed();
  // keep store alive until measured
  if ((await store.load('h0')) === undefined) throw new Error('lost');
  return (after - before) / n;
}

/** Heap per live XState actor of the same machine, each acknowledged (timers pending). */
function heapPerActor(n: number): number {
  const desk = createDesk({ store: memoryStore(), notifier: nullNotifier, scheduler: false });
  const before = heapUsed();
  const actors = [];
  for (let i = 0; i < n; i++) {
    const a = createActor(desk.machine, { input: parseIntake({ ...intake(i), filedAt: Date.now() }) });
    a.start();
    a.send({ type: 'ACKNOWLEDGE', at: Date.now(), actor: agent });
    actors.push(a);
  }
  const after = heapUsed();
  for (const a of actors) a.stop();
  return (after - before) / n;
}

/** runDue firing n due timers (each complaint's acknowledge warning). */
async function runDueCost(n: number): Promise<{ usPerTimer: number; fired: number }> {
  const clock = manualClock(T0);
  const store = memoryStore();
  const desk = createDesk({ store, notifier: nullNotifier, clock, scheduler: false });
  for (let i = 0; i < n; i++) await desk.file({ ...intake(i), id: `r${i}`, filedAt: T0 + (i % 1000) }, { actor: agent });
  // The acknowledge warning fires at 80 % of 24 h: every complaint has exactly one timer due by T0 + 20 h.
  const t = process.hrtime.bigint();
  const { fired } = await desk.runDue(T0 + 20 * 3_600_000);
  const us = Number(process.hrtime.bigint() - t) / 1000;
  return { usPerTimer: us / Math.max(fired, 1), fired };
}

export async function benchDesk(opts: { complaints?: number; sends?: number; actors?: number } = {}): Promise<DeskBenchResult> {
  const complaints = opts.complaints ?? 100_000;
  const { sendUs, transitionUs } = await sendVsTransition(opts.sends ?? 5_000);
  const heapBytesPerComplaint = await heapPerComplaint(complaints);
  const actorHeapBytesPerComplaint = heapPerActor(opts.actors ?? 10_000);
  const { usPerTimer, fired } = await runDueCost(complaints);
  return {
    sendUs,
    transitionUs,
    sendOverhead: sendUs / transitionUs,
    heapBytesPerComplaint,
    actorHeapBytesPerComplaint,
    runDueUsPerTimer: usPerTimer,
    timersFired: fired,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await benchDesk({ complaints: Number(process.env.BENCH_COMPLAINTS ?? 100_000) });
  console.log(r);
}
