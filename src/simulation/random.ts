// A small seeded pseudo-random generator and the distributions the
// simulation draws from. Same seed, same numbers, on every platform: only
// 32-bit integer arithmetic (Math.imul) and IEEE doubles, no Math.random.

const TWO_32 = 4294967296;

/** Scramble a 32-bit integer (an avalanche finaliser: every input bit moves about half the output bits). */
function scramble(x: number): number {
  let z = x | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/**
 * A 32-bit seed for stream `stream` of a user seed (any safe integer).
 * Different streams of one seed are independent for practical purposes.
 */
export function streamSeed(seed: number, stream: number): number {
  const lo = seed >>> 0;
  const hi = Math.floor(seed / TWO_32) >>> 0;
  return scramble(scramble(lo ^ scramble(hi + 0x9e3779b9)) + Math.imul(stream + 1, 0x9e3779b9));
}

/**
 * A seeded generator: a Weyl sequence (a counter stepped by an odd constant)
 * passed through an avalanche finaliser. Period 2^32 per stream, which is
 * plenty for one complaint's story or one run's arrivals.
 */
export class Random {
  private state: number;

  /** @param seed - a 32-bit seed, e.g. from {@link streamSeed} */
  constructor(seed: number) {
    this.state = seed | 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x9e3779b9) | 0;
    return scramble(this.state) / TWO_32;
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return p > 0 && this.next() < p;
  }

  /** Exponential with the given mean. */
  exponential(mean: number): number {
    return -mean * Math.log(1 - this.next());
  }

  /** Standard normal (Box–Muller; one of the pair is used, so draws stay aligned). */
  normal(): number {
    const u = 1 - this.next(); // (0, 1]
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Index drawn with probability proportional to `weights` (non-negative, positive sum). */
  pick(weights: readonly number[], total = sum(weights)): number {
    let r = this.next() * total;
    let last = 0;
    for (let i = 0; i < weights.length; i++) {
      const w = weights[i]!;
      if (w <= 0) continue;
      last = i;
      if (r < w) return i;
      r -= w;
    }
    return last; // rounding at the very end of the range
  }
}

const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);

/** A duration or amount distribution, by its mean (minutes for times). */
export type Distribution =
  | { type: 'fixed'; mean: number }
  | { type: 'exponential'; mean: number }
  | { type: 'lognormal'; mean: number; sd: number };

/** A draw from `d` (never negative). */
export function sample(rng: Random, d: Distribution): number {
  switch (d.type) {
    case 'fixed':
      return d.mean;
    case 'exponential':
      return rng.exponential(d.mean);
    case 'lognormal': {
      if (d.mean === 0) return 0;
      // Parameters of the underlying normal that give this mean and standard deviation.
      const s2 = Math.log(1 + (d.sd * d.sd) / (d.mean * d.mean));
      return Math.exp(Math.log(d.mean) - s2 / 2 + Math.sqrt(s2) * rng.normal());
    }
  }
}
