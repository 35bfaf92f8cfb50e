// What detectTrends reads of a record: when it was filed, by whom, through
// which channel, about which categories, product and order. Only these
// fields are checked (anything else is ignored), so intake-only records
// (simulateArrivals) are fine as well as complete ones.
import { z } from 'zod';
import type { ValidationIssue } from '../errors.js';
import { categories, categorySchema, instantSchema } from '../schemas/common.js';
import { channels, type Channel } from '../schemas/intake.js';
import { contextFromV1 } from '../machine/migrations.js';

/** The fields of one record that the trend detection uses. */
export interface TrendRecord {
  id: string;
  filedAt: number;
  channel: Channel;
  customerId: string;
  /** The triaged categories, else those suggested at intake, else `uncategorized`. */
  categories: string[];
  /** The intake's product, else the product code of the classification; null when neither. */
  product: string | null;
  order: string | null;
}

type Obj = Record<string, unknown>;
const isObj = (x: unknown): x is Obj => x !== null && typeof x === 'object' && !Array.isArray(x);
const text = z.string().min(1).max(200);

const contextSchema = z.looseObject({
  intake: z.looseObject({
    filedAt: instantSchema,
    channel: z.enum(channels),
    customer: z.looseObject({ id: text }),
    product: text.optional(),
    order: text.optional(),
    categories: z.array(categorySchema).optional(),
  }),
  routing: z
    .looseObject({
      categories: z.array(categorySchema).optional(),
      classification: z.looseObject({ product: text.nullable().optional() }).optional(),
    })
    .optional(),
});
const recordSchema = z.object({ id: text, context: contextSchema });

const categorySet = new Set<string>(categories);
const channelSet = new Set<string>(channels);

/** Where a record keeps its context: `snapshot.context` (stored records) or `context`. */
function contextOf(r: Obj): unknown {
  const c = 'snapshot' in r ? (isObj(r.snapshot) ? r.snapshot.context : undefined) : r.context;
  return isObj(c) && !('routing' in c) && Array.isArray(c.categories) ? contextFromV1(c) : c;
}

function pickCategories(routing: Obj | undefined, intake: Obj): string[] {
  const triaged = routing?.categories;
  const cats = Array.isArray(triaged) && triaged.length > 0 ? triaged : Array.isArray(intake.categories) && intake.categories.length > 0 ? intake.categories : ['uncategorized'];
  return cats.length === 1 ? (cats as string[]) : [...new Set(cats as string[])];
}

/** Fast path without copying; undefined when zod must decide. */
function fast(id: unknown, c: unknown): TrendRecord | undefined {
  if (typeof id !== 'string' || id.length === 0 || id.length > 200 || !isObj(c) || !isObj(c.intake)) return undefined;
  const i = c.intake;
  const routing = c.routing === undefined ? undefined : isObj(c.routing) ? c.routing : null;
  if (routing === null) return undefined;
  const t = i.filedAt;
  if (!Number.isSafeInteger(t) || (t as number) < 0 || typeof i.channel !== 'string' || !channelSet.has(i.channel)) return undefined;
  if (!isObj(i.customer) || typeof i.customer.id !== 'string' || i.customer.id.length === 0 || i.customer.id.length > 200) return undefined;
  const okText = (v: unknown) => v === undefined || (typeof v === 'string' && v.length > 0 && v.length <= 200);
  if (!okText(i.product) || !okText(i.order)) return undefined;
  const okCats = (v: unknown) => v === undefined || (Array.isArray(v) && v.every((x) => typeof x === 'string' && categorySet.has(x)));
  if (!okCats(i.categories) || !okCats(routing?.categories)) return undefined;
  const cl = routing?.classification;
  if (cl !== undefined && !(isObj(cl) && (cl.product === undefined || cl.product === null || okText(cl.product)))) return undefined;
  const code = isObj(cl) && typeof cl.product === 'string' ? cl.product : null;
  return {
    id,
    filedAt: t as number,
    channel: i.channel as Channel,
    customerId: i.customer.id,
    categories: pickCategories(routing, i),
    product: (i.product as string | undefined) ?? code,
    order: (i.order as string | undefined) ?? null,
  };
}

/**
 * Check one record and take the fields the trend detection reads.
 *
 * @param raw - a `ComplaintRecord` / `desk.records()` export, or `{ id, context }`
 * @returns the fields, or zod's issues
 */
export function readTrendRecord(raw: unknown): { record: TrendRecord } | { issues: readonly ValidationIssue[] } {
  if (!isObj(raw)) return { issues: [{ code: 'custom', path: [], message: 'expected a complaint record (an object)', input: undefined } as ValidationIssue] };
  let context: unknown;
  try {
    context = contextOf(raw);
  } catch (e) {
    return { issues: [{ code: 'custom', path: ['snapshot', 'context'], message: e instanceof Error ? e.message : String(e), input: undefined } as ValidationIssue] };
  }
  const f = fast(raw.id, context);
  if (f) return { record: f };
  const p = recordSchema.safeParse({ id: raw.id, context });
  if (!p.success) {
    const inSnapshot = 'snapshot' in raw;
    return { issues: p.error.issues.map((i) => ({ ...i, path: inSnapshot && i.path[0] === 'context' ? ['snapshot', ...i.path] : i.path })) };
  }
  const c = p.data.context;
  const i = c.intake;
  return {
    record: {
      id: p.data.id,
      filedAt: i.filedAt,
      channel: i.channel,
      customerId: i.customer.id,
      categories: pickCategories(c.routing as Obj | undefined, i as Obj),
      product: i.product ?? c.routing?.classification?.product ?? null,
      order: i.order ?? null,
    },
  };
}
