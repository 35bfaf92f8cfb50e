// A small timing harness: warm up, then time batches with process.hrtime.bigint()
// until enough time has passed; repeat a few rounds and keep the median.

/** Keeps results reachable so the JIT cannot drop the measured work. */
export let sink: unknown;

export interface Measurement {
  /** Median nanoseconds per operation over the rounds. */
  nsPerOp: number;
  /** Operations timed in the median round. */
  ops: number;
}

export interface MeasureOptions {
  /** Calls before timing starts. */
  warmup?: number;
  /** Minimum time per round, in ms. */
  roundMs?: number;
  /** Rounds; the median is reported. */
  rounds?: number;
}

/**
 * Time `fn(i)` for i = 0, 1, 2, … .
 *
 * @returns the median ns per call over `rounds` rounds of at least `roundMs` each
 */
export function measure(fn: (i: number) => unknown, opts: MeasureOptions = {}): Measurement {
  const { warmup = 5_000, roundMs = 400, rounds = 5 } = opts;
  let i = 0;
  for (let w = 0; w < warmup; w++) sink = fn(i++);
  const results: Measurement[] = [];
  const budget = BigInt(roundMs) * 1_000_000n;
  for (let r = 0; r < rounds; r++) {
    let ops = 0;
    let batch = 64;
    const start = process.hrtime.bigint();
    let elapsed = 0n;
    while (elapsed < budget) {
      for (let b = 0; b < batch; b++) sink = fn(i++);
      ops += batch;
      elapsed = process.hrtime.bigint() - start;
      if (batch < 4096) batch *= 2;
    }
    results.push({ nsPerOp: Number(elapsed) / ops, ops });
  }
  results.sort((a, b) => a.nsPerOp - b.nsPerOp);
  return results[Math.floor(results.length / 2)]!;
}

/** `1.23 µs`, `456 ns`. */
export function formatNs(ns: number): string {
  return ns >= 1000 ? `${(ns / 1000).toFixed(2)} µs` : `${ns.toFixed(0)} ns`;
}

export interface Comparison {
  a: Measurement;
  b: Measurement;
  /** Median over the rounds of a's ns/op ÷ b's ns/op, each pair timed back to back. */
  ratio: number;
}

/**
 * Time `a` and `b` in alternating rounds and compare them round by round, so
 * that a change of machine load during the run affects both sides alike.
 *
 * @returns the median ns/op of each and the median of the per-round ratios
 */
export function compare(a: (i: number) => unknown, b: (i: number) => unknown, opts: MeasureOptions = {}): Comparison {
  const { warmup = 5_000, roundMs = 300, rounds = 7 } = opts;
  const as: number[] = [];
  const bs: number[] = [];
  const ratios: number[] = [];
  measure(a, { warmup, roundMs: 50, rounds: 1 });
  measure(b, { warmup, roundMs: 50, rounds: 1 });
  for (let r = 0; r < rounds; r++) {
    const ta = measure(a, { warmup: 0, roundMs, rounds: 1 }).nsPerOp;
    const tb = measure(b, { warmup: 0, roundMs, rounds: 1 }).nsPerOp;
    as.push(ta);
    bs.push(tb);
    ratios.push(ta / tb);
  }
  const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
  return {
    a: { nsPerOp: median(as), ops: 0 },
    b: { nsPerOp: median(bs), ops: 0 },
    ratio: median(ratios),
  };
}
