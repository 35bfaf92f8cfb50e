// The workloads bench/callgrind.ts counts instructions of, bundled with
// esbuild and run under valgrind: `node bundle.mjs <workload> <n>` sets up,
// warms up (a fixed number of operations), then runs `n` more operations.
// The difference between two runs with different `n` is the cost of the
// extra operations alone (setup, warm-up and process start cancel out).
import { transition } from 'xstate';
import { complaintMachine } from '../src/index.js';
import { transitionerFor } from '../src/machine/pure.js';
import { sendFixture, sends, steps, type SendKind } from './send.js';
import { complaintMix, lights, trafficLight } from './transition.js';

/** Operations before the counted ones (BENCH_CG_WARMUP, default 3,000): the JIT has settled by then. */
const WARMUP = Number(process.env.BENCH_CG_WARMUP ?? 3_000);

type Workload = (n: number) => unknown;

function syncLoop(f: (i: number) => unknown): Workload {
  return (n) => {
    let sink: unknown;
    for (let i = 0; i < WARMUP; i++) sink = f(i);
    for (let i = 0; i < n; i++) sink = f(WARMUP + i);
    return sink;
  };
}

const mix = complaintMix();
const { snapshots, next } = lights();
const complaintStep = transitionerFor(complaintMachine);
const lightStep = transitionerFor(trafficLight);

const sendWorkload = (kind: SendKind, what: 'send' | 'step') => async (n: number) => {
  const f = await sendFixture();
  if (what === 'send') {
    await sends(f, kind, 0, WARMUP);
    await sends(f, kind, WARMUP, n);
    return f.clock.now();
  }
  // The same events on the same snapshot; the clock readings the sends would have had.
  const at0 = f.clock.now();
  const s = steps(f, kind, 0, WARMUP, f.snapshot, at0);
  return steps(f, kind, WARMUP, n, s, at0 + WARMUP);
};

/** Every workload by name. */
export const workloads: Record<string, Workload | ((n: number) => Promise<unknown>)> = {
  /** (a) XState's transition(), complaint machine, the event mix of bench/transition.ts. */
  'transition:complaint': syncLoop((i) => {
    const m = mix[i % mix.length]!;
    return transition(complaintMachine, m.snapshot, m.event as never);
  }),
  /** (a) XState's transition(), the 3-state machine. */
  'transition:light': syncLoop((i) => transition(trafficLight, snapshots[i % 3]!, next as never)),
  /** (a) The desk's step, complaint machine, the same mix. */
  'step:complaint': syncLoop((i) => {
    const m = mix[i % mix.length]!;
    return complaintStep(m.snapshot, m.event);
  }),
  /** (a) The desk's step, the 3-state machine. */
  'step:light': syncLoop((i) => lightStep(snapshots[i % 3]!, next)),
  /** (d) desk.send REASSIGN on the memory store, and the desk's step of the same events. */
  'send:REASSIGN': sendWorkload('REASSIGN', 'send'),
  'step:REASSIGN': sendWorkload('REASSIGN', 'step'),
  /** (d) the same for ADD_NOTE. */
  'send:ADD_NOTE': sendWorkload('ADD_NOTE', 'send'),
  'step:ADD_NOTE': sendWorkload('ADD_NOTE', 'step'),
};

const [name, count] = process.argv.slice(2);
if (name !== undefined) {
  const w = workloads[name];
  if (!w) {
    console.error(`unknown workload ${name}; one of: ${Object.keys(workloads).join(', ')}`);
    process.exit(2);
  }
  const out = await w(Number(count ?? 1000));
  if (out === undefined) console.log('no result');
}
