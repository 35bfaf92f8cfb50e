// Data for the trend tests and the trend benchmark: simulated arrivals
// (simulateArrivals: the complaints `simulate` files, without the desk),
// with products assigned round-robin, and injected extra complaints.
import { simulateArrivals, type ArrivalOptions, type ArrivalRecord } from '../../src/simulation/arrivals-only.js';
import type { Category } from '../../src/schemas/common.js';
import type { Channel } from '../../src/schemas/intake.js';

/** One complaint written by hand. */
export function complaint(
  id: string,
  filedAt: number,
  o: { category?: Category; channel?: Channel; product?: string; order?: string; customer?: string } = {},
): ArrivalRecord {
  return {
    id,
    stage: 'received',
    context: {
      intake: {
        id,
        customer: { id: o.customer ?? `cust-${id}`, name: 'Someone' },
        channel: o.channel ?? 'web',
        description: 'x',
        demand: 'y',
        emotion: 'calm',
        motive: 'vent',
        categories: [o.category ?? 'other'],
        filedAt,
        ...(o.product ? { product: o.product } : {}),
        ...(o.order ? { order: o.order } : {}),
      },
      routing: { categories: [o.category ?? 'other'] },
    },
  };
}

/** A well-mixed hash of an integer (murmur3's finaliser): products drawn uniformly, independently per complaint. */
function mix(n: number): number {
  let x = n >>> 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

/**
 * Simulated arrivals, each with one of `products` products (`P0`…) drawn
 * uniformly from a hash of its arrival number and the seed: each product's
 * daily count is then Poisson, like the categories'.
 */
export function* steadyArrivals(options: ArrivalOptions, products = 40): Generator<ArrivalRecord> {
  for (const r of simulateArrivals(options)) {
    const n = Number(r.id.slice(1));
    r.context.intake.product = `P${mix(n * 7919 + options.seed) % products}`;
    yield r;
  }
}

/** The records of `base` and `extra` merged in filing order (both in filing order). */
export function* merged(base: Iterable<ArrivalRecord>, extra: readonly ArrivalRecord[]): Generator<ArrivalRecord> {
  const more = [...extra].sort((a, b) => a.context.intake.filedAt - b.context.intake.filedAt);
  let i = 0;
  for (const r of base) {
    while (i < more.length && more[i]!.context.intake.filedAt <= r.context.intake.filedAt) yield more[i++]!;
    yield r;
  }
  while (i < more.length) yield more[i++]!;
}
