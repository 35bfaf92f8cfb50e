// (e) Heap per open complaint on the memory store, with a breakdown.
//
// n complaints are filed and acknowledged through a desk (the desk's clock
// dates them) and the outbox is dispatched, as a running desk would; the
// heap is read after full collections (run with --expose-gc).
//
// The breakdown, per complaint:
//   timeline   total − the same build with every commit's timeline left out
//   outbox     total − the same build with every commit's outbox left out
//   record     what the stored records alone retain (snapshot, timers,
//              summary), once the desk and store are gone, minus summary
//   summary    what the records' summaries alone retain
//   store      the rest: timer rows and their heap, the indexes (stage,
//              status, customer …), id maps, the desk's bounded cache
// The parts add up to the total by construction (store is the remainder).
import type { Commit, ComplaintRecord, ComplaintStore } from '../src/index.js';
import { createDesk, manualClock, memoryStore } from '../src/index.js';
import { deskAgent, deskIntake, nullNotifier } from './send.js';
import { T0 } from './fixtures.js';

function heapUsed(): number {
  for (let i = 0; i < 3; i++) global.gc?.();
  return process.memoryUsage().heapUsed;
}

/** A store that forwards to `inner`, changing each commit with `change`. */
function through(inner: ComplaintStore, change: (c: Commit) => Commit): ComplaintStore {
  return new Proxy(inner, {
    get(target, p, receiver) {
      if (p === 'commit') return (c: Commit) => target.commit(change(c));
      return Reflect.get(target, p, receiver) as unknown;
    },
  });
}

/** File and acknowledge `n` complaints, then dispatch the outbox; `keep[i]` gets complaint i's last record. */
async function fill(n: number, change: (c: Commit) => Commit, keep?: (ComplaintRecord | undefined)[]): Promise<ComplaintStore> {
  const clock = manualClock(T0);
  const inner = memoryStore();
  const store = through(inner, (c) => {
    if (keep) keep[Number(c.record.id.slice(1))] = c.record;
    return change(c);
  });
  const desk = createDesk({ store, notifier: nullNotifier, clock, scheduler: false });
  for (let i = 0; i < n; i++) {
    const c = await desk.file(deskIntake(i), { actor: deskAgent });
    await desk.send(c.id, { type: 'ACKNOWLEDGE' }, { actor: deskAgent });
    if (i % 1000 === 999) clock.advance(1_000);
  }
  await desk.dispatch();
  return inner;
}

export interface HeapBench {
  complaints: number;
  /** Bytes per open complaint: the whole desk and store. */
  total: number;
  record: number;
  summary: number;
  timeline: number;
  outbox: number;
  /** Timer rows, indexes, maps, the desk's cache: total minus the parts. */
  store: number;
}

const same = (c: Commit) => c;

/** Heap above `base` while `make()`'s result is alive. */
async function retained(base: number, make: () => Promise<unknown>): Promise<number> {
  let alive: unknown = await make();
  const bytes = heapUsed() - base;
  if (alive === undefined) throw new Error('bench: nothing kept');
  alive = undefined;
  return bytes;
}

/**
 * Measure heap per open complaint.
 *
 * @param complaints - how many open complaints (default 100,000)
 * @returns bytes per complaint, total and by part
 * @example
 * const h = await benchHeap(100_000);
 * console.log(h.total / 1024, 'KB');
 */
export async function benchHeap(complaints = 100_000): Promise<HeapBench> {
  const n = complaints;
  const keep: (ComplaintRecord | undefined)[] = new Array<ComplaintRecord | undefined>(n).fill(undefined);
  const summaries: unknown[] = new Array<unknown>(n).fill(undefined);
  const base = heapUsed();
  let store: ComplaintStore | undefined = await fill(n, same, keep);
  const total = heapUsed() - base;
  if ((await store.load('c0')) === undefined) throw new Error('bench: lost a complaint');
  store = undefined;
  const records = heapUsed() - base;
  for (let i = 0; i < n; i++) summaries[i] = keep[i]!.summary;
  keep.fill(undefined);
  const summary = heapUsed() - base;
  summaries.fill(undefined);
  const noTimeline = await retained(base, () => fill(n, (c) => ({ ...c, timeline: [] })));
  const noOutbox = await retained(base, () => fill(n, (c) => ({ ...c, outbox: [] })));
  const timeline = total - noTimeline;
  const outbox = total - noOutbox;
  const per = (x: number) => x / n;
  return {
    complaints: n,
    total: per(total),
    record: per(records - summary),
    summary: per(summary),
    timeline: per(timeline),
    outbox: per(outbox),
    store: per(total - records - timeline - outbox),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (!global.gc) throw new Error('run with --expose-gc');
  const h = await benchHeap(Number(process.env.BENCH_COMPLAINTS ?? 100_000));
  const kb = (x: number) => `${(x / 1024).toFixed(2)} KB`;
  console.log(`heap per open complaint, ${h.complaints.toLocaleString('en')} on the memory store: ${kb(h.total)}`);
  for (const k of ['record', 'summary', 'timeline', 'outbox', 'store'] as const) console.log(`  ${k.padEnd(9)} ${kb(h[k]).padStart(10)}`);
}
