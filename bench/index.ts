// npm run bench: the library's performance targets, measured in one run.
//   (a) pure transition() of the complaint machine within 3× of a minimal machine
//   (b) addWorkingTime({ workingDays: 10 }) with 20 holidays within 3× of date-fns addBusinessDays
//   (c) a persisted snapshot mid-lifecycle under 4 KB
//   (d) desk.send on the memory store within 1.5× of raw transition()
//   (e) heap per open complaint with 100,000 in the memory store under 4 KB (vs a live actor each)
//   (f) runDue firing 100,000 due timers: cost per timer
//   (g) simulate 100,000 complaints over 90 days: ≥ 2,000 complaints/s, peak memory < 1 GB, share inside XState
//       (in a child process with a 768 MB heap; BENCH_SIM=0 skips it, it takes minutes)
// Run with --expose-gc (npm run bench does) so heap figures are taken after full collections.
import { benchCalendar } from './calendar.js';
import { benchDesk } from './desk.js';
import { benchSimulate } from './simulate.js';
import { formatNs } from './measure.js';
import { benchSnapshot } from './snapshot.js';
import { benchTransition } from './transition.js';

const rows: [string, string, string, string][] = [];
const row = (what: string, measured: string, target = '', ok?: boolean) =>
  rows.push([what, measured, target, ok === undefined ? '' : ok ? 'PASS' : 'MISS']);

console.log(`redress benchmarks — Node ${process.version}, ${process.platform}/${process.arch}\n`);

const t = benchTransition();
row('(a) transition(): complaint machine, event mix', `${formatNs(t.complaint.nsPerOp)}/op`);
row('    transition(): 3-state machine', `${formatNs(t.minimal.nsPerOp)}/op`);
row('    ratio', `${t.ratio.toFixed(2)}×`, '≤ 3×', t.ratio <= 3);

const c = benchCalendar();
row(`(b) addWorkingTime {workingDays: 10}, ${c.holidays} holidays`, `${formatNs(c.ours.nsPerOp)}/op`);
row('    date-fns addBusinessDays(t, 10)', `${formatNs(c.dateFns.nsPerOp)}/op`);
row('    ratio', `${c.ratio.toFixed(2)}×`, '≤ 3×', c.ratio <= 3);

const s = benchSnapshot();
row('(c) persisted snapshot JSON, awaiting acceptance', `${(s.bytes / 1024).toFixed(2)} KB (${s.bytes} B)`, '< 4 KB', s.bytes < 4096);
row('    of which context / intake / SLA clocks', `${s.contextBytes} / ${s.intakeBytes} / ${s.slaBytes} B`);

const complaints = Number(process.env.BENCH_COMPLAINTS ?? 100_000);
const d = await benchDesk({ complaints });
row('(d) desk.send (memory store)', `${d.sendUs.toFixed(1)} µs/op`);
row('    transition() of the same event', `${d.transitionUs.toFixed(1)} µs/op`);
row('    ratio', `${d.sendOverhead.toFixed(2)}×`, '≤ 1.5×', d.sendOverhead <= 1.5);
row(`(e) heap per open complaint, ${complaints.toLocaleString('en')} in the memory store`, `${(d.heapBytesPerComplaint / 1024).toFixed(2)} KB`, '< 4 KB', d.heapBytesPerComplaint < 4096);
row('    heap per live XState actor of the same machine', `${(d.actorHeapBytesPerComplaint / 1024).toFixed(2)} KB`);
row(`(f) runDue: ${d.timersFired.toLocaleString('en')} due timers`, `${d.runDueUsPerTimer.toFixed(1)} µs/timer`);

if (process.env.BENCH_SIM !== '0') {
  const sim = await benchSimulate({ heapLimitMB: 768 });
  row('(g) simulate 100,000 complaints / 90 days', `${sim.complaintsPerSecond.toFixed(0)} complaints/s`, '≥ 2,000/s', sim.complaintsPerSecond >= 2000);
  row('    peak RSS', `${sim.peakRssMB.toFixed(0)} MB`, '< 1,000 MB', sim.peakRssMB < 1000);
  row('    time inside XState transition', `${(sim.transitionShare * 100).toFixed(1)} %`);
}

const header = ['benchmark', 'measured', 'target', 'result'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
const line = (r: string[]) => r.map((x, i) => x.padEnd(widths[i]!)).join('  ').trimEnd();
console.log(line(header));
console.log(widths.map((w) => '-'.repeat(w)).join('  '));
for (const r of rows) console.log(line(r));

console.log('\ncomplaint machine, per event (transition() on a snapshot):');
for (const e of t.perEvent) console.log(`  ${e.name.padEnd(32)} ${formatNs(e.nsPerOp).padStart(10)}`);
