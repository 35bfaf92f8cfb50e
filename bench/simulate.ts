// Simulation benchmark: `simulate` of 100,000 complaints over 90 days (the
// guideline preset, default process, staffing sized for the load).
// Reports complaints per second (wall and CPU), peak RSS and the share of
// the run spent inside XState's pure transitions (the floor) vs the rest.
//
//   npx tsx bench/simulate.ts
//     BENCH_SIM_COMPLAINTS (100000), BENCH_SIM_DAYS (90), BENCH_SIM_SEED (1)
//     BENCH_SIM_HEAP_MB (unset): the child process's --max-old-space-size; unset,
//       Node's default heap sizing (the target is met with the default heap).
//     BENCH_SIM_IN_PROCESS=1: run in this process instead of a child.
// Peak RSS is the child's own (process.resourceUsage().maxRSS: the kernel's
// high-water mark, not a sample), so the parent's modules do not count.
import { spawn } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTransitionProbe } from '../src/machine/pure.js';
import { simulate } from '../src/simulation/index.js';

export interface SimulateBenchOptions {
  /** Complaints to simulate (the Poisson mean). Default 100,000. */
  complaints?: number;
  /** Days of arrivals. Default 90. */
  days?: number;
  seed?: number;
  /** Run in a child Node process (default true), so the peak RSS is the simulation's alone. */
  child?: boolean;
  /** The child's `--max-old-space-size` (MB); unset or 0: Node's default heap sizing. */
  heapLimitMB?: number;
}

export interface SimulateBenchResult {
  complaints: number;
  days: number;
  /** The child's heap cap, or null for Node's default. */
  heapLimitMB: number | null;
  /** Ran in a child process. */
  child: boolean;
  seconds: number;
  /** Complaints filed per wall-clock second of the whole `simulate` call (KPIs included). */
  complaintsPerSecond: number;
  /** CPU seconds (user + system, all threads: GC helpers included) of the call. */
  cpuSeconds: number;
  /** Complaints per CPU second: steadier than wall time on a shared machine. */
  complaintsPerCpuSecond: number;
  /** Peak resident set size of the process running the simulation (maxRSS), MB (10^6 bytes). */
  peakRssMB: number;
  /** Time inside XState's `transition` / initial transition, ms. */
  transitionMs: number;
  transitions: number;
  /** transitionMs / wall time: the floor a faster desk cannot go under. */
  transitionShare: number;
  /** Mean µs per pure transition. */
  transitionUs: number;
  events: number;
  timersFired: number;
  notifications: number;
}

async function inProcess(complaints: number, days: number, seed: number): Promise<SimulateBenchResult> {
  let peak = process.memoryUsage().rss;
  const sample = () => {
    const rss = process.memoryUsage().rss;
    if (rss > peak) peak = rss;
  };
  let transitionMs = 0;
  let transitions = 0;
  setTransitionProbe((ms) => {
    transitionMs += ms;
    transitions++;
  });
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let r;
  try {
    r = await simulate({ seed, days, perDay: complaints / days, keepRecords: false, onProgress: sample });
    sample();
  } finally {
    setTransitionProbe(undefined);
  }
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const filed = r.counts.filed;
  return {
    complaints: filed,
    days,
    heapLimitMB: null,
    child: false,
    seconds: ms / 1000,
    complaintsPerSecond: filed / (ms / 1000),
    cpuSeconds,
    complaintsPerCpuSecond: filed / cpuSeconds,
    peakRssMB: Math.max(peak, process.resourceUsage().maxRSS * 1024) / 1e6,
    transitionMs,
    transitions,
    transitionShare: transitionMs / ms,
    transitionUs: (transitionMs * 1000) / Math.max(1, transitions),
    events: r.counts.events,
    timersFired: r.counts.timersFired,
    notifications: r.counts.notifications,
  };
}

const here = fileURLToPath(import.meta.url);
const CHILD_FLAG = '--simulate-bench-child';

function inChild(complaints: number, days: number, seed: number, heapLimitMB: number | undefined): Promise<SimulateBenchResult> {
  return new Promise((done, fail) => {
    const heap = heapLimitMB ? [`--max-old-space-size=${heapLimitMB}`] : [];
    const child = spawn(
      process.execPath,
      [...heap, '--import', 'tsx', here, CHILD_FLAG, JSON.stringify({ complaints, days, seed })],
      { cwd: resolve(dirname(here), '..'), stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', fail);
    child.on('close', (code) => {
      if (code !== 0) return fail(new Error(`simulate bench child exited with ${code}`));
      const line = out.trim().split('\n').pop() ?? '';
      done({ ...(JSON.parse(line) as SimulateBenchResult), heapLimitMB: heapLimitMB || null, child: true });
    });
  });
}

/**
 * Run the simulation benchmark.
 *
 * @returns the figures (see {@link SimulateBenchResult})
 * @example
 * const r = await benchSimulate(); // 100,000 complaints, 90 days, a child process, default heap
 * console.log(r.complaintsPerSecond, r.peakRssMB, r.transitionShare);
 */
export async function benchSimulate(opts: SimulateBenchOptions = {}): Promise<SimulateBenchResult> {
  const complaints = opts.complaints ?? 100_000;
  const days = opts.days ?? 90;
  const seed = opts.seed ?? 1;
  return opts.child === false ? inProcess(complaints, days, seed) : inChild(complaints, days, seed, opts.heapLimitMB);
}

/** The figures as report lines. */
export function formatSimulateBench(r: SimulateBenchResult): string[] {
  const f = (x: number, d = 0) => x.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
  const where = `${r.child ? 'child process' : 'in process'}, ${r.heapLimitMB ? `--max-old-space-size=${r.heapLimitMB}` : "Node's default heap"}`;
  return [
    `simulate: ${f(r.complaints)} complaints over ${r.days} days in ${f(r.seconds, 1)} s (${where})`,
    `  ${f(r.complaintsPerSecond)} complaints/s wall (target ≥ 2,000); ${f(r.complaintsPerCpuSecond)} per CPU second (${f(r.cpuSeconds, 1)} CPU s)`,
    `  peak RSS ${f(r.peakRssMB)} MB (target < 600)`,
    `  inside XState transition: ${f(r.transitionShare * 100, 1)} % of wall time (${f(r.transitions)} transitions, ${f(r.transitionUs, 1)} µs each); rest ${f((1 - r.transitionShare) * 100, 1)} %`,
    `  ${f(r.events)} events, ${f(r.timersFired)} timers fired, ${f(r.notifications)} notifications`,
  ];
}

if (process.argv[1] === here) {
  const i = process.argv.indexOf(CHILD_FLAG);
  if (i >= 0) {
    const o = JSON.parse(process.argv[i + 1]!) as { complaints: number; days: number; seed: number };
    process.stdout.write(`${JSON.stringify(await inProcess(o.complaints, o.days, o.seed))}\n`);
  } else {
    const r = await benchSimulate({
      complaints: Number(process.env.BENCH_SIM_COMPLAINTS ?? 100_000),
      days: Number(process.env.BENCH_SIM_DAYS ?? 90),
      seed: Number(process.env.BENCH_SIM_SEED ?? 1),
      heapLimitMB: Number(process.env.BENCH_SIM_HEAP_MB ?? 0),
      child: process.env.BENCH_SIM_IN_PROCESS !== '1',
    });
    for (const line of formatSimulateBench(r)) console.log(line);
  }
}
