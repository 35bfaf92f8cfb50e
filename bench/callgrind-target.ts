// The workloads bench/callgrind.ts counts instructions of, bundled with
// esbuild and run under valgrind in one process: `node bundle.mjs <n> <w>…`.
// Each workload sets up and warms up (a fixed number of operations, so the
// JIT has settled), then runs `n` more operations between two markers at
// which callgrind dumps its counters: the part between them is the cost of
// the `n` operations alone.
import { transition } from 'xstate';
import { complaintMachine } from '../src/index.js';
import { transitionerFor } from '../src/machine/pure.js';
import { sendFixture, sends, steps, type SendKind } from './send.js';
import { complaintMix, lights, trafficLight } from './transition.js';

/** Operations before the counted ones (BENCH_CG_WARMUP, default 3,000): the JIT has settled by then. */
const WARMUP = Number(process.env.BENCH_CG_WARMUP ?? 3_000);

/** Set up and warm up; returns the measured part: `n` more operations. */
type Workload = () => Promise<(n: number) => unknown>;

function syncLoop(f: (i: number) => unknown): Workload {
  return async () => {
    let sink: unknown;
    for (let i = 0; i < WARMUP; i++) sink = f(i);
    return (n) => {
      for (let i = 0; i < n; i++) sink = f(WARMUP + i);
      return sink;
    };
  };
}

const mix = complaintMix();
const { snapshots, next } = lights();
const complaintStep = transitionerFor(complaintMachine);
const lightStep = transitionerFor(trafficLight);

const sendWorkload = (kind: SendKind, what: 'send' | 'step'): Workload => async () => {
  const f = await sendFixture();
  if (what === 'send') {
    await sends(f, kind, 0, WARMUP);
    return async (n) => {
      await sends(f, kind, WARMUP, n);
      return f.clock.now();
    };
  }
  // The same events on the same snapshots; the clock readings the sends would have had.
  const at0 = f.clock.now();
  let s = steps(f, kind, 0, WARMUP, f.snapshot, at0);
  return (n) => (s = steps(f, kind, WARMUP, n, s, at0 + WARMUP));
};

/** Every workload by name. */
export const workloads: Record<string, Workload> = {
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

/**
 * A marker callgrind dumps its counters at (bench/callgrind.ts runs it with
 * --dump-before=getppid): reading process.ppid calls libc's getppid, which
 * nothing else in a Node process calls.
 */
const mark = (): number => process.ppid;

// node bundle.mjs <n> <workload>…: for each workload, warm up, mark, run n operations, mark.
// Callgrind's dump parts then alternate: set-up and warm-up, then the n operations alone.
const [count, ...names] = process.argv.slice(2);
if (names.length > 0) {
  const n = Number(count);
  for (const name of names) {
    const w = workloads[name];
    if (!w) {
      console.error(`unknown workload ${name}; one of: ${Object.keys(workloads).join(', ')}`);
      process.exit(2);
    }
    const run = await w();
    mark();
    const out = await run(n);
    mark();
    if (out === undefined) console.log('no result');
  }
}
