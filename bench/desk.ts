// Desk benchmarks: heap per live XState actor (what the desk avoids: an open
// complaint costs its stored record, bench/heap.ts) and runDue cost per timer.
// desk.send against the desk's step is bench/send.ts.
import { createActor } from 'xstate';
import { createDesk, manualClock, memoryStore, parseIntake } from '../src/index.js';
import { deskAgent, deskIntake, nullNotifier } from './send.js';

const T0 = Date.parse('2026-11-23T09:00:00+08:00');
const agent = deskAgent;
const intake = (i: number) => ({ ...deskIntake(i), filedAt: T0 });

export interface DeskBenchResult {
  actorHeapBytesPerComplaint: number;
  runDueUsPerTimer: number;
  timersFired: number;
}

function heapUsed(): number {
  global.gc?.();
  global.gc?.();
  return process.memoryUsage().heapUsed;
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
  clock.set(T0 + 20 * 3_600_000);
  const t = process.hrtime.bigint();
  const { fired } = await desk.runDue();
  const us = Number(process.hrtime.bigint() - t) / 1000;
  return { usPerTimer: us / Math.max(fired, 1), fired };
}

export async function benchDesk(opts: { complaints?: number; actors?: number } = {}): Promise<DeskBenchResult> {
  const complaints = opts.complaints ?? 100_000;
  const actorHeapBytesPerComplaint = heapPerActor(opts.actors ?? 10_000);
  const { usPerTimer, fired } = await runDueCost(complaints);
  return {
    actorHeapBytesPerComplaint,
    runDueUsPerTimer: usPerTimer,
    timersFired: fired,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await benchDesk({ complaints: Number(process.env.BENCH_COMPLAINTS ?? 100_000) });
  console.log(r);
}
