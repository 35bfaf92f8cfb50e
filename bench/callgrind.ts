// Instructions per operation for targets (a) and (d), counted by valgrind's
// callgrind: repeatable where wall-clock time on a shared machine is not.
//
//   npm run bench:callgrind            (all workloads; 15–30 minutes)
//   npm run bench:callgrind -- step:complaint step:light
//     BENCH_CG_N1 (1000), BENCH_CG_N2 (3000): the two operation counts
//     BENCH_CG_WARMUP (3000): operations before them, in both runs
//
// The workloads (bench/callgrind-target.ts) are bundled with esbuild (the
// one tsup ships with) into one ES module, so that no TypeScript loader runs
// under valgrind. Each runs twice, with N1 and N2 operations after the same
// set-up and warm-up; (instructions(N2) − instructions(N1)) / (N2 − N1) is
// the cost of one operation. Node runs with --single-threaded (no concurrent
// JIT or GC threads: the count is the program's own work).
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';

const run = promisify(execFile);
const here = dirname(fileURLToPath(import.meta.url));

/** The comparisons printed, each a pair of workloads and its target ratio. */
export const comparisons = [
  { name: '(a) transition(): complaint mix / 3-state', a: 'transition:complaint', b: 'transition:light', target: 1.5 },
  { name: '(a) desk step: complaint mix / 3-state', a: 'step:complaint', b: 'step:light', target: 2 },
  { name: '(d) desk.send / desk step, REASSIGN', a: 'send:REASSIGN', b: 'step:REASSIGN', target: 1.5 },
  { name: '    desk.send / desk step, ADD_NOTE', a: 'send:ADD_NOTE', b: 'step:ADD_NOTE', target: undefined },
] as const;

/** Bundle the workloads into `dir`; returns the bundle's path. */
export async function bundle(dir: string): Promise<string> {
  const outfile = join(dir, 'callgrind-target.mjs');
  await build({
    entryPoints: [join(here, 'callgrind-target.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile,
    logLevel: 'warning',
  });
  return outfile;
}

/** Instructions callgrind counted for `node bundle workload n`. */
async function instructions(bundlePath: string, workload: string, n: number): Promise<number> {
  const { stderr } = await run(
    'valgrind',
    ['--tool=callgrind', '--callgrind-out-file=/dev/null', process.execPath, '--single-threaded', bundlePath, workload, String(n)],
    { maxBuffer: 16 * 1024 * 1024 },
  );
  const m = /Collected : (\d+)/.exec(stderr);
  if (!m) throw new Error(`callgrind gave no count for ${workload} ${n}:\n${stderr.slice(-2000)}`);
  return Number(m[1]);
}

/** Instructions per operation of `workload`. */
export async function perOp(bundlePath: string, workload: string, n1: number, n2: number): Promise<number> {
  const [a, b] = [await instructions(bundlePath, workload, n1), await instructions(bundlePath, workload, n2)];
  return (b - a) / (n2 - n1);
}

async function main(): Promise<void> {
  const n1 = Number(process.env.BENCH_CG_N1 ?? 1_000);
  const n2 = Number(process.env.BENCH_CG_N2 ?? 3_000);
  const only = process.argv.slice(2);
  const dir = mkdtempSync(join(tmpdir(), 'redress-callgrind-'));
  try {
    const path = await bundle(dir);
    const wanted = only.length > 0 ? only : [...new Set(comparisons.flatMap((c) => [c.a, c.b]))];
    const counts = new Map<string, number>();
    const warmup = process.env.BENCH_CG_WARMUP ?? '3000';
    console.log(`callgrind, instructions per operation (N1 = ${n1}, N2 = ${n2}, warm-up ${warmup}; node ${process.version} --single-threaded, esbuild bundle)`);
    for (const w of wanted) {
      const c = await perOp(path, w, n1, n2);
      counts.set(w, c);
      console.log(`  ${w.padEnd(22)} ${Math.round(c).toLocaleString('en').padStart(10)}`);
    }
    for (const c of comparisons) {
      const a = counts.get(c.a);
      const b = counts.get(c.b);
      if (a === undefined || b === undefined) continue;
      const ratio = a / b;
      const verdict = c.target === undefined ? '' : `  (target ≤ ${c.target}×: ${ratio <= c.target ? 'PASS' : 'MISS'})`;
      console.log(`${c.name.padEnd(44)} ${ratio.toFixed(2)}×${verdict}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  });
}
