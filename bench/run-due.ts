// runDue over many due timers on the memory store: time, and peak heap
// during the run against the heap before and after it (issue 8: 1,000,000
// due timers in bounded memory; the loop yields between batches).
//
// Each complaint is filed through the desk with its acknowledge warning
// armed (80 % of 24 h); runDue at T0 + 20 h fires every one. Runs in a child
// process: 1,000,000 open complaints on the memory store need more heap than
// Node's default (≈ 4 GB here), so the child gets --max-old-space-size.
//
//   npx tsx bench/run-due.ts        BENCH_RUNDUE_TIMERS (1000000), BENCH_RUNDUE_HEAP_MB (12288)
import { spawn } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDesk, manualClock, memoryStore } from '../src/index.js';
import { T0 } from './fixtures.js';
import { deskAgent, deskIntake, nullNotifier } from './send.js';

export interface RunDueBench {
  timers: number;
  fired: number;
  /** Wall time of runDue, s. */
  seconds: number;
  usPerTimer: number;
  /** Heap after filing (after a full collection), MB. */
  heapBeforeMB: number;
  /** Highest heap seen while runDue ran (sampled every 25 ms), MB. */
  peakHeapMB: number;
  /** Heap after runDue (after a full collection), MB. */
  heapAfterMB: number;
  /** The longest the event loop waited for a sampling tick during runDue, ms. */
  maxLoopBlockMs: number;
  heapLimitMB: number;
}

const MB = 1024 * 1024;
const gcHeap = () => {
  global.gc?.();
  global.gc?.();
  return process.memoryUsage().heapUsed / MB;
};

async function inProcess(n: number): Promise<Omit<RunDueBench, 'heapLimitMB'>> {
  const clock = manualClock(T0);
  const desk = createDesk({ store: memoryStore(), notifier: nullNotifier, clock, scheduler: false });
  for (let i = 0; i < n; i++) {
    await desk.file(deskIntake(i, 'r'), { actor: deskAgent });
    if (i % 1000 === 999) clock.advance(1);
  }
  const heapBeforeMB = gcHeap();
  clock.set(T0 + 20 * 3_600_000);
  let peak = process.memoryUsage().heapUsed;
  let last = performance.now();
  let maxGap = 0;
  const sampler = setInterval(() => {
    const now = performance.now();
    maxGap = Math.max(maxGap, now - last);
    last = now;
    const h = process.memoryUsage().heapUsed;
    if (h > peak) peak = h;
  }, 25);
  const t0 = performance.now();
  const { fired } = await desk.runDue();
  const ms = performance.now() - t0;
  clearInterval(sampler);
  const h = process.memoryUsage().heapUsed;
  if (h > peak) peak = h;
  return { timers: n, fired, seconds: ms / 1000, usPerTimer: (ms * 1000) / Math.max(1, fired), heapBeforeMB, peakHeapMB: peak / MB, heapAfterMB: gcHeap(), maxLoopBlockMs: maxGap };
}

const here = fileURLToPath(import.meta.url);
const CHILD = '--run-due-child';

/**
 * Run the benchmark in a child process.
 *
 * @param timers - due timers (one complaint each; default 1,000,000)
 * @param heapLimitMB - the child's --max-old-space-size (default 12,288)
 * @returns the figures
 * @example
 * const r = await benchRunDue(1_000_000);
 * console.log(r.seconds, r.peakHeapMB - r.heapBeforeMB);
 */
export function benchRunDue(timers = 1_000_000, heapLimitMB = 12_288): Promise<RunDueBench> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--expose-gc', `--max-old-space-size=${heapLimitMB}`, '--import', 'tsx', here, CHILD, String(timers)], {
      cwd: resolve(dirname(here), '..'),
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', fail);
    child.on('close', (code) => {
      if (code !== 0) return fail(new Error(`run-due bench child exited with ${code}`));
      done({ ...(JSON.parse(out.trim().split('\n').pop() ?? '') as RunDueBench), heapLimitMB });
    });
  });
}

export function formatRunDue(r: RunDueBench): string {
  const f = (x: number, d = 0) => x.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
  return `runDue: ${f(r.fired)} of ${f(r.timers)} due timers in ${f(r.seconds, 1)} s (${f(r.usPerTimer, 1)} µs/timer); heap ${f(r.heapBeforeMB)} MB before, peak ${f(r.peakHeapMB)} MB during, ${f(r.heapAfterMB)} MB after; longest loop block ${f(r.maxLoopBlockMs)} ms`;
}

if (process.argv[1] === here) {
  const i = process.argv.indexOf(CHILD);
  if (i >= 0) {
    process.stdout.write(`${JSON.stringify(await inProcess(Number(process.argv[i + 1])))}\n`);
  } else {
    const r = await benchRunDue(Number(process.env.BENCH_RUNDUE_TIMERS ?? 1_000_000), Number(process.env.BENCH_RUNDUE_HEAP_MB ?? 12_288));
    console.log(formatRunDue(r));
  }
}
