// The records every exporter reads: complete complaint records with their
// timeline (`desk.records({ timeline: true })`, or files of them). Only the
// fields the exporters use are checked; anything else is ignored.
import { z } from 'zod';
import type { TimelineEntry } from '../adapters/types.js';
import type { ComplaintExport } from '../desk/desk.js';
import { MACHINE_VERSION } from '../machine/migrations.js';
import { vulnerabilityDrivers, type VulnerabilityDriver } from '../schemas/classification.js';
import { instantSchema, roles } from '../schemas/common.js';
import { channels, type Channel } from '../schemas/intake.js';
import { ValidationError } from '../errors.js';
import { issue, ReturnInputError } from './errors.js';

/** Records an exporter takes: any (async) iterable of complete records with their timeline, read once, one at a time. */
export type ReturnRecords = AsyncIterable<ComplaintExport> | Iterable<ComplaintExport>;

const entrySchema = z.looseObject({
  version: z.number().int().nonnegative(),
  seq: z.number().int().nonnegative(),
  at: instantSchema,
  kind: z.string(),
  type: z.string(),
  actor: z.looseObject({ id: z.string(), role: z.enum(roles) }),
  data: z.record(z.string(), z.unknown()),
});

const recordSchema = z.looseObject({
  id: z.string().min(1),
  machineVersion: z.literal(MACHINE_VERSION, { error: `expected machine version ${MACHINE_VERSION}: export the records through desk.records(), which upgrades older ones` }),
  snapshot: z.looseObject({
    context: z.looseObject({
      intake: z.looseObject({ filedAt: instantSchema, channel: z.enum(channels), customer: z.looseObject({ id: z.string().min(1) }) }),
      routing: z.looseObject({
        classification: z.looseObject({ product: z.string().nullable(), cause: z.string().nullable() }),
        vulnerability: z.array(z.enum(vulnerabilityDrivers)),
      }),
    }),
  }),
  timeline: z.array(entrySchema, { error: 'expected the record\'s timeline: export with desk.records({ timeline: true })' }),
});

/** The fields of a record the exporters read. */
export interface ReturnRecord {
  id: string;
  receivedAt: number;
  channel: Channel;
  customerId: string;
  classification: { product: string | null; cause: string | null };
  vulnerability: VulnerabilityDriver[];
  /** The timeline in commit order (version, then seq). */
  timeline: readonly Pick<TimelineEntry, 'version' | 'seq' | 'at' | 'kind' | 'type' | 'actor' | 'data'>[];
}

/**
 * Check one record and take the fields the exporters read.
 *
 * @param raw - a record as `desk.records({ timeline: true })` yields it
 * @param index - its place in the input, for the error
 * @returns the fields, the timeline sorted in commit order
 * @throws ReturnInputError naming the record and the fields
 * @example
 * for await (const r of desk.records({ timeline: true })) console.log(factsOf(readRecord(r, 0)).closings);
 */
export function readRecord(raw: unknown, index: number): ReturnRecord {
  const p = recordSchema.safeParse(raw);
  if (!p.success) {
    const id = raw !== null && typeof raw === 'object' && typeof (raw as { id?: unknown }).id === 'string' ? (raw as { id: string }).id : undefined;
    throw new ReturnInputError(index, id, p.error.issues);
  }
  const r = p.data;
  const c = r.snapshot.context;
  const timeline = r.timeline as ReturnRecord['timeline'];
  let sorted = true;
  for (let i = 1; i < timeline.length && sorted; i++) {
    const a = timeline[i - 1]!;
    const b = timeline[i]!;
    sorted = a.version < b.version || (a.version === b.version && a.seq <= b.seq);
  }
  return {
    id: r.id,
    receivedAt: c.intake.filedAt,
    channel: c.intake.channel,
    customerId: c.intake.customer.id,
    classification: { product: c.routing.classification.product, cause: c.routing.classification.cause },
    vulnerability: c.routing.vulnerability,
    timeline: sorted ? timeline : [...timeline].sort((a, b) => a.version - b.version || a.seq - b.seq),
  };
}

/**
 * The records of a source, checked one at a time (never collected).
 *
 * @param source - the records
 * @returns the records with their place in the input
 */
export async function* eachRecord(source: ReturnRecords): AsyncGenerator<{ raw: ComplaintExport; record: ReturnRecord; index: number }> {
  if (source === null || typeof source !== 'object' || (!(Symbol.asyncIterator in source) && !(Symbol.iterator in source))) {
    throw new ValidationError('records', [issue([], 'expected an iterable or async iterable of complaint records')]);
  }
  let index = 0;
  for await (const raw of source as AsyncIterable<ComplaintExport>) {
    yield { raw, record: readRecord(raw, index), index };
    index++;
  }
}
