// npm run bench: the library's performance targets, measured in one run
// (docs/benchmarks.md says how to read them).
//   (a) transition() of the complaint machine ≤ 1.5× a minimal 3-state machine;
//       the desk's own step (src/machine/pure.ts) ≤ 2× the 3-state machine's step
//   (b) addWorkingTime({ workingDays: 10 }) with 20 holidays within 3× of date-fns addBusinessDays
//   (c) a persisted snapshot mid-lifecycle under 4 KB
//   (d) desk.send on the memory store ≤ 1.5× the desk's own step of the same event
//   (e) ≤ 2.5 KB heap per open complaint at 100,000 on the memory store, with a breakdown
//   (f) runDue firing 100,000 due timers: cost per timer
//   (g) simulate 100,000 complaints over 90 days: ≥ 2,000 complaints/s, peak RSS < 600 MB
//       (a child process with Node's default heap; BENCH_SIM=0 skips it)
//   issue 8: send on a complaint with 10,000 notes ≤ 1.5× a fresh one; runDue over
//       1,000,000 due timers: time and peak heap (a child process; BENCH_1M=0 skips it)
// Run with --expose-gc (npm run bench does) so heap figures are taken after full collections.
// BENCH_COMPLAINTS (100000) sizes (e) and (f); BENCH_RUNDUE_TIMERS (1000000) the runDue run.
import { benchCalendar } from './calendar.js';
import { benchDesk } from './desk.js';
import { benchHeap } from './heap.js';
import { formatNs } from './measure.js';
import { benchNotes } from './notes.js';
import { benchRunDue } from './run-due.js';
import { benchSend } from './send.js';
import { benchSimulate } from './simulate.js';
import { benchSnapshot } from './snapshot.js';
import { benchTransition } from './transition.js';

if (!global.gc) throw new Error('run with node --expose-gc (npm run bench does)');

const rows: [string, string, string, string][] = [];
const row = (what: string, measured: string, target = '', ok?: boolean) => {
  const r: [string, string, string, string] = [what, measured, target, ok === undefined ? '' : ok ? 'PASS' : 'MISS'];
  rows.push(r);
  // As it comes (a full run takes minutes); the table follows at the end.
  console.log(r.filter((x) => x !== '').join('  '));
};
const kb = (bytes: number) => `${(bytes / 1024).toFixed(2)} KB`;
const f0 = (x: number) => x.toLocaleString('en-US', { maximumFractionDigits: 0 });

console.log(`redress benchmarks — Node ${process.version}, ${process.platform}/${process.arch}\n`);

const t = benchTransition();
row('(a) transition(): complaint machine, event mix', `${formatNs(t.complaint.nsPerOp)}/op`);
row('    transition(): 3-state machine', `${formatNs(t.minimal.nsPerOp)}/op`);
row('    ratio', `${t.ratio.toFixed(2)}×`, '≤ 1.5×', t.ratio <= 1.5);
row('    desk step: complaint machine, event mix', `${formatNs(t.step.nsPerOp)}/op`);
row('    desk step: 3-state machine', `${formatNs(t.minimalStep.nsPerOp)}/op`);
row('    ratio', `${t.stepRatio.toFixed(2)}×`, '≤ 2×', t.stepRatio <= 2);

const c = benchCalendar();
row(`(b) addWorkingTime {workingDays: 10}, ${c.holidays} holidays`, `${formatNs(c.ours.nsPerOp)}/op`);
row('    date-fns addBusinessDays(t, 10)', `${formatNs(c.dateFns.nsPerOp)}/op`);
row('    ratio', `${c.ratio.toFixed(2)}×`, '≤ 3×', c.ratio <= 3);

const s = benchSnapshot();
row('(c) persisted snapshot JSON, awaiting acceptance', `${kb(s.bytes)} (${s.bytes} B)`, '< 4 KB', s.bytes < 4096);
row('    of which context / intake / SLA clocks', `${s.contextBytes} / ${s.intakeBytes} / ${s.slaBytes} B`);

for (const kind of ['REASSIGN', 'ADD_NOTE'] as const) {
  const d = await benchSend(kind);
  const target = kind === 'REASSIGN';
  row(`(d) desk.send ${kind} (memory store)`, `${formatNs(d.send.nsPerOp)}/op`);
  row(`    desk step of the same ${kind}`, `${formatNs(d.step.nsPerOp)}/op`);
  row('    ratio', `${d.ratio.toFixed(2)}×`, target ? '≤ 1.5×' : '', target ? d.ratio <= 1.5 : undefined);
}

const n8 = await benchNotes(10_000);
row(`    send on a complaint with ${f0(n8.notes)} notes`, `${formatNs(n8.loaded.nsPerOp)}/op`);
row('    the same send on a fresh complaint', `${formatNs(n8.fresh.nsPerOp)}/op`);
row('    ratio', `${n8.ratio.toFixed(2)}×`, '≤ 1.5×', n8.ratio <= 1.5);

const complaints = Number(process.env.BENCH_COMPLAINTS ?? 100_000);
const h = await benchHeap(complaints);
row(`(e) heap per open complaint, ${f0(complaints)} on the memory store`, kb(h.total), '≤ 2.5 KB', h.total <= 2560);
row('    record (snapshot, timers) / summary', `${kb(h.record)} / ${kb(h.summary)}`);
row('    timeline / outbox (sent, payload dropped)', `${kb(h.timeline)} / ${kb(h.outbox)}`);
row('    store (timer rows, indexes, maps, desk cache)', kb(h.store));

const d = await benchDesk({ complaints });
row('    heap per live XState actor of the same machine', kb(d.actorHeapBytesPerComplaint));
row(`(f) runDue: ${f0(d.timersFired)} due timers`, `${d.runDueUsPerTimer.toFixed(1)} µs/timer`);

if (process.env.BENCH_1M !== '0') {
  const r = await benchRunDue(Number(process.env.BENCH_RUNDUE_TIMERS ?? 1_000_000));
  row(`    runDue: ${f0(r.fired)} of ${f0(r.timers)} due timers`, `${r.seconds.toFixed(1)} s (${r.usPerTimer.toFixed(1)} µs/timer)`);
  row('    heap before / peak during / after (MB)', `${f0(r.heapBeforeMB)} / ${f0(r.peakHeapMB)} / ${f0(r.heapAfterMB)}`);
  row('    longest event-loop block during runDue', `${f0(r.maxLoopBlockMs)} ms`);
}

if (process.env.BENCH_SIM !== '0') {
  const sim = await benchSimulate();
  row(`(g) simulate ${f0(sim.complaints)} complaints / ${sim.days} days`, `${f0(sim.complaintsPerSecond)} complaints/s`, '≥ 2,000/s', sim.complaintsPerSecond >= 2000);
  row('    peak RSS (child process, default heap)', `${f0(sim.peakRssMB)} MB`, '< 600 MB', sim.peakRssMB < 600);
  row('    time inside the desk step', `${(sim.transitionShare * 100).toFixed(1)} %`);
}

console.log('');
const header = ['benchmark', 'measured', 'target', 'result'];
const widths = header.map((x, i) => Math.max(x.length, ...rows.map((r) => r[i]!.length)));
const line = (r: string[]) => r.map((x, i) => x.padEnd(widths[i]!)).join('  ').trimEnd();
console.log(line(header));
console.log(widths.map((w) => '-'.repeat(w)).join('  '));
for (const r of rows) console.log(line(r));

console.log('\ncomplaint machine, per event (the desk step on a snapshot):');
for (const e of t.perEvent) console.log(`  ${e.name.padEnd(32)} ${formatNs(e.nsPerOp).padStart(10)}`);
