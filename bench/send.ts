// (d) desk.send on the memory store vs the desk's own step (src/machine/pure.ts)
// of the same event on the same snapshot. Time comes from the desk's manual
// clock (commands carry no `at`: the desk dates them); the step gets the
// event exactly as the desk builds it (`at` = the clock, the actor).
import type { AnyMachineSnapshot } from 'xstate';
import { createDesk, manualClock, memoryStore, type ComplaintCommand, type Desk, type ManualClock, type Notifier } from '../src/index.js';
import { transitionerFor, type Transitioner } from '../src/machine/pure.js';
import type { Actor } from '../src/schemas/common.js';
import { T0 } from './fixtures.js';
import { formatNs, type Measurement } from './measure.js';

export const nullNotifier: Notifier = { send: async () => {} };
export const deskAgent: Actor = { id: 'agent-1', role: 'agent' };
export const supervisor: Actor = { id: 'sup-1', role: 'supervisor' };

/** A realistic intake for complaint number `i` (no `filedAt`: the desk's clock files it). */
export const deskIntake = (i: number, prefix = 'c') => ({
  id: `${prefix}${i}`,
  customer: { id: `cust-${i}`, name: 'Li Lei', phone: '13800001234', email: 'li.lei@example.com' },
  channel: 'phone' as const,
  description: 'The kettle leaks after two days of use; the base is wet and the plug got warm.',
  product: 'KT-200 kettle',
  order: `SO-2026-${i}`,
  demand: 'A replacement kettle',
  emotion: 'anxious' as const,
  motive: 'compensation' as const,
});

/** The events (d) measures: each keeps the complaint where it is, so it can be repeated. */
export const sendCommands = {
  /** A context change and a notification (an outbox message). */
  REASSIGN: (i: number): ComplaintCommand => ({ type: 'REASSIGN', assignee: i % 2 ? 'agent-2' : 'agent-3' }),
  /** No context change: a timeline entry only. */
  ADD_NOTE: (_i: number): ComplaintCommand => ({ type: 'ADD_NOTE', note: 'Called back; the customer asked for an update.' }),
} as const;
export type SendKind = keyof typeof sendCommands;

export interface SendFixture {
  desk: Desk;
  clock: ManualClock;
  id: string;
  /** The complaint's snapshot as the desk holds it. */
  snapshot: AnyMachineSnapshot;
  /** The desk's step for this desk's machine. */
  step: Transitioner;
}

/** A desk on a memory store with one complaint filed, acknowledged and triaged (investigating.contacting). */
export async function sendFixture(): Promise<SendFixture> {
  const clock = manualClock(T0);
  const store = memoryStore();
  const desk = createDesk({ store, notifier: nullNotifier, clock, scheduler: false });
  const c = await desk.file(deskIntake(0), { actor: deskAgent });
  clock.advance(60_000);
  await desk.send(c.id, { type: 'ACKNOWLEDGE' }, { actor: deskAgent });
  clock.advance(60_000);
  await desk.send(c.id, { type: 'TRIAGE', categories: ['product_quality'], severity: 'general' }, { actor: deskAgent });
  const record = await store.load(c.id);
  if (!record) throw new Error('bench: the complaint was not stored');
  const snapshot = desk.machine.resolveState(record.snapshot as Parameters<Desk['machine']['resolveState']>[0]) as AnyMachineSnapshot;
  return { desk, clock, id: c.id, snapshot, step: transitionerFor(desk.machine) };
}

/** `n` sends of `kind`, the clock 1 ms on before each. */
export async function sends(f: SendFixture, kind: SendKind, from: number, n: number): Promise<void> {
  const command = sendCommands[kind];
  for (let i = from; i < from + n; i++) {
    f.clock.advance(1);
    await f.desk.send(f.id, command(i), { actor: supervisor });
  }
}

/**
 * `n` desk steps of the same events as {@link sends} would send from the
 * same clock reading, each on the previous step's snapshot.
 *
 * @returns the last snapshot
 */
export function steps(f: SendFixture, kind: SendKind, from: number, n: number, start: AnyMachineSnapshot, at0: number): AnyMachineSnapshot {
  const command = sendCommands[kind];
  let s = start;
  for (let i = from; i < from + n; i++) {
    [s] = f.step(s, { ...command(i), at: at0 + (i - from) + 1, actor: supervisor } as Parameters<Transitioner>[1]);
  }
  return s;
}

export interface SendBench {
  kind: SendKind;
  /** desk.send, ns per call. */
  send: Measurement;
  /** The desk's step of the same event, ns per call. */
  step: Measurement;
  /** Median of the per-round ratios send / step. */
  ratio: number;
}

/**
 * Time `desk.send` of `kind` against the desk's step of the same events, in
 * alternating rounds (so a change of machine load affects both alike).
 *
 * @returns the medians and the median per-round ratio
 * @example
 * const r = await benchSend('REASSIGN');
 * console.log(r.ratio); // target ≤ 1.5
 */
export async function benchSend(kind: SendKind, opts: { rounds?: number; roundMs?: number; warmup?: number } = {}): Promise<SendBench> {
  const { rounds = 7, roundMs = 300, warmup = 3_000 } = opts;
  const f = await sendFixture();
  let i = 0;
  let s = f.snapshot;
  const at0 = f.clock.now();
  await sends(f, kind, i, warmup);
  s = steps(f, kind, i, warmup, s, at0);
  i += warmup;
  const budget = roundMs * 1e6;
  const sendNs: number[] = [];
  const stepNs: number[] = [];
  const ratios: number[] = [];
  for (let r = 0; r < rounds; r++) {
    let ops = 0;
    const t0 = process.hrtime.bigint();
    let el = 0;
    while (el < budget) {
      await sends(f, kind, i, 64);
      i += 64;
      ops += 64;
      el = Number(process.hrtime.bigint() - t0);
    }
    const a = el / ops;
    ops = 0;
    const t1 = process.hrtime.bigint();
    el = 0;
    while (el < budget) {
      s = steps(f, kind, i, 64, s, f.clock.now());
      i += 64;
      ops += 64;
      el = Number(process.hrtime.bigint() - t1);
    }
    const b = el / ops;
    sendNs.push(a);
    stepNs.push(b);
    ratios.push(a / b);
  }
  const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
  return { kind, send: { nsPerOp: median(sendNs), ops: 0 }, step: { nsPerOp: median(stepNs), ops: 0 }, ratio: median(ratios) };
}

// Run as a script (not when bundled into bench/callgrind-target.ts, whose module URL is the bundle's).
if (import.meta.url === `file://${process.argv[1]}` && import.meta.url.endsWith('/bench/send.ts')) {
  for (const kind of Object.keys(sendCommands) as SendKind[]) {
    const r = await benchSend(kind);
    console.log(`${kind.padEnd(9)} desk.send ${formatNs(r.send.nsPerOp).padStart(10)}  desk step ${formatNs(r.step.nsPerOp).padStart(10)}  ratio ${r.ratio.toFixed(2)}×`);
  }
}
