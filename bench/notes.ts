// Issue 8: the cost of a command does not grow with a complaint's history.
// desk.send on a complaint that already has 10,000 notes against the same
// send on a fresh complaint (same desk, same memory store), in alternating
// rounds. Notes live in the timeline, not in the snapshot every commit
// rewrites, so the two should cost the same.
import { createDesk, manualClock, memoryStore, type ComplaintCommand } from '../src/index.js';
import { T0 } from './fixtures.js';
import type { Measurement } from './measure.js';
import { deskAgent, deskIntake, nullNotifier, supervisor } from './send.js';

export interface NotesBench {
  notes: number;
  /** desk.send on the complaint with `notes` notes, ns per call. */
  loaded: Measurement;
  /** The same send on a fresh complaint. */
  fresh: Measurement;
  /** Median of the per-round ratios loaded / fresh. */
  ratio: number;
  /** Bytes of the loaded complaint's stored snapshot (JSON). */
  snapshotBytes: number;
}

const note: ComplaintCommand = { type: 'ADD_NOTE', note: 'Called back; the customer asked for an update.' };

/**
 * Measure send cost against history length.
 *
 * @param notes - notes on the loaded complaint (default 10,000)
 * @returns both medians and their ratio (target ≤ 1.5)
 * @example
 * const r = await benchNotes();
 * console.log(r.ratio);
 */
export async function benchNotes(notes = 10_000, opts: { rounds?: number; batch?: number } = {}): Promise<NotesBench> {
  const { rounds = 7, batch = 500 } = opts;
  const clock = manualClock(T0);
  const store = memoryStore();
  const desk = createDesk({ store, notifier: nullNotifier, clock, scheduler: false });
  const open = async (i: number) => {
    const c = await desk.file(deskIntake(i, 'n'), { actor: deskAgent });
    await desk.send(c.id, { type: 'ACKNOWLEDGE' }, { actor: deskAgent });
    await desk.send(c.id, { type: 'TRIAGE', categories: ['product_quality'], severity: 'general' }, { actor: deskAgent });
    return c.id;
  };
  const loaded = await open(1);
  for (let i = 0; i < notes; i++) {
    clock.advance(1);
    await desk.send(loaded, note, { actor: deskAgent });
  }
  const fresh = await open(2);
  const time = async (id: string): Promise<number> => {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < batch; i++) {
      clock.advance(1);
      // REASSIGN: a context change and an outbox message, as in (d); keeps the step where it is.
      await desk.send(id, { type: 'REASSIGN', assignee: i % 2 ? 'agent-2' : 'agent-3' }, { actor: supervisor });
    }
    return Number(process.hrtime.bigint() - t0) / batch;
  };
  await time(loaded);
  await time(fresh);
  const a: number[] = [];
  const b: number[] = [];
  const ratios: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const x = await time(loaded);
    const y = await time(fresh);
    a.push(x);
    b.push(y);
    ratios.push(x / y);
  }
  const median = (xs: number[]) => [...xs].sort((p, q) => p - q)[Math.floor(xs.length / 2)]!;
  const record = await store.load(loaded);
  return {
    notes,
    loaded: { nsPerOp: median(a), ops: 0 },
    fresh: { nsPerOp: median(b), ops: 0 },
    ratio: median(ratios),
    snapshotBytes: Buffer.byteLength(JSON.stringify(record?.snapshot ?? null)),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await benchNotes(Number(process.env.BENCH_NOTES ?? 10_000));
  console.log(`send with ${r.notes.toLocaleString('en')} notes ${(r.loaded.nsPerOp / 1000).toFixed(1)} µs, fresh ${(r.fresh.nsPerOp / 1000).toFixed(1)} µs, ratio ${r.ratio.toFixed(2)}× (snapshot ${r.snapshotBytes} B)`);
}
