// Instructions per operation for targets (a) and (d), counted by valgrind's
// callgrind: repeatable where wall-clock time on a shared machine is not.
//
//   npm run bench:callgrind            (every workload, one process; 5–20 minutes)
//   npm run bench:callgrind -- step:complaint step:light
//     BENCH_CG_N (2000): operations counted per workload
//     BENCH_CG_WARMUP (3000): operations before them (set-up and JIT warm-up, not counted)
//
// The workloads (bench/callgrind-target.ts) are bundled with esbuild (the
// one tsup ships with) into one ES module, so that no TypeScript loader runs
// under valgrind, and run one after another in one Node process with
// --single-threaded (no concurrent JIT or GC threads: the count is the
// program's own work, garbage collection included). Around each workload's
// counted operations the bundle calls libc's getppid, where callgrind dumps
// its counters (--dump-before=getppid): that part's total divided by N is
// the cost of one operation.
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
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

/**
 * Instructions per operation of each workload, from one callgrind run.
 *
 * @returns workload → instructions per operation
 */
export async function perOp(bundlePath: string, dir: string, workloads: readonly string[], n: number): Promise<Map<string, number>> {
  const out = join(dir, 'cg.out');
  await run(
    'valgrind',
    ['--tool=callgrind', `--callgrind-out-file=${out}`, '--dump-before=getppid', '--dump-instr=no', process.execPath, '--single-threaded', bundlePath, String(n), ...workloads],
    { maxBuffer: 64 * 1024 * 1024, env: { ...process.env } },
  );
  // Parts: out.1 (start and first warm-up), out.2 (first workload's n operations), out.3 (next warm-up), …
  const parts = readdirSync(dir)
    .map((f) => /^cg\.out\.(\d+)$/.exec(f))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ part: Number(m[1]), total: totalOf(readFileSync(join(dir, m[0]), 'utf8')) }))
    .sort((a, b) => a.part - b.part);
  const counts = new Map<string, number>();
  workloads.forEach((w, k) => {
    const p = parts.find((x) => x.part === 2 * (k + 1));
    if (!p) throw new Error(`callgrind wrote no part for ${w} (parts: ${parts.map((x) => x.part).join(', ')})`);
    counts.set(w, p.total / n);
  });
  return counts;
}

function totalOf(text: string): number {
  const m = /^(?:totals|summary): (\d+)/m.exec(text);
  if (!m) throw new Error('callgrind output without totals');
  return Number(m[1]);
}

async function main(): Promise<void> {
  const n = Number(process.env.BENCH_CG_N ?? 2_000);
  const warmup = process.env.BENCH_CG_WARMUP ?? '3000';
  const only = process.argv.slice(2);
  const dir = mkdtempSync(join(tmpdir(), 'redress-callgrind-'));
  try {
    const path = await bundle(dir);
    const wanted = only.length > 0 ? only : [...new Set(comparisons.flatMap((c) => [c.a, c.b]))];
    console.log(`callgrind, instructions per operation (N = ${n}, warm-up ${warmup}; node ${process.version} --single-threaded, esbuild bundle, one process)`);
    const counts = await perOp(path, dir, wanted, n);
    for (const [w, c] of counts) console.log(`  ${w.padEnd(22)} ${Math.round(c).toLocaleString('en').padStart(10)}`);
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
