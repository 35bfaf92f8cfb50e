/**
 * `GET /complaints?…` → the desk's `ListQuery`. A query string holds text:
 * numbers, booleans and instants are converted here, repeated or
 * comma-separated values become lists (`stage=triage&stage=resolving` or
 * `stage=triage,resolving`), and the desk's `listQuerySchema` checks the
 * rest (unknown parameters included). Who may see what is the desk's
 * business: the route passes the actor to `desk.list(query, { as })`.
 */
import { instantInputSchema, listQuerySchema, ValidationError, type ListQuery } from '../../src/index.js';

/** What Fastify's query-string parser gives: text, or a list of texts for a repeated parameter. */
export type RawQuery = Record<string, string | string[] | undefined>;

const lists = new Set(['stage', 'status', 'severity']);
const integers = new Set(['limit', 'escalationLevel']);
const booleans = new Set(['breached', 'atRisk']);
const instants = new Set(['filedFrom', 'filedTo']);

/** One parameter converted; anything that does not convert is passed on as it is, for the schema to name. */
function convert(name: string, raw: string | string[]): unknown {
  if (lists.has(name)) {
    const all = (Array.isArray(raw) ? raw : [raw]).flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v !== '');
    return all.length === 1 ? all[0] : all;
  }
  if (Array.isArray(raw)) return raw;
  if (integers.has(name)) return /^\d{1,15}$/.test(raw) ? Number(raw) : raw;
  if (booleans.has(name)) return raw === 'true' ? true : raw === 'false' ? false : raw;
  if (instants.has(name)) {
    const t = instantInputSchema.safeParse(/^\d{1,15}$/.test(raw) ? Number(raw) : raw);
    return t.success ? t.data : raw;
  }
  return raw;
}

/**
 * @param raw - the parsed query string
 * @returns a validated list query
 * @throws ValidationError with the offending parameters as paths
 */
export function listQueryFrom(raw: RawQuery): ListQuery {
  const q: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(raw)) if (value !== undefined) q[name] = convert(name, value);
  const r = listQuerySchema.safeParse(q);
  if (!r.success) throw new ValidationError('list query', r.error.issues);
  return r.data;
}
