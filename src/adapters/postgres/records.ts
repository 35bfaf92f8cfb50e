// How a ComplaintRecord maps to its rows and back (schema 2):
// - records: version, machine version, the snapshot WITHOUT its intake
//   (json), the timers (json) and the list columns that change often;
// - summaries: the list columns that rarely change;
// - intake: `snapshot.context.intake`, written once at filing.
// The summary is not stored as a document: it is rebuilt from the columns on
// read, so a commit writes each summary field once, in the table where it
// costs least. `load` re-attaches the intake, so the store's interface is
// unchanged: it returns the whole snapshot it was given.
import type { ComplaintRecord } from '../types.js';
import type { Names } from './names.js';
import { fromJson, toJson } from './text.js';

/** The summary as JSON, from `records AS r` and `summaries AS s`. */
export const SUMMARY_JSON = `json_build_object(
  'id', r.id, 'version', r.version, 'stage', r.stage, 'step', r.step, 'status', r.status,
  'severity', s.severity, 'categories', s.categories, 'department', s.department, 'assignee', s.assignee,
  'customerId', s.customer_id, 'channel', s.channel, 'escalationLevel', s.escalation_level, 'outcome', r.outcome,
  'filedAt', r.filed_at, 'updatedAt', r.updated_at, 'closedAt', r.closed_at,
  'breached', s.breached, 'atRisk', s.at_risk, 'nextDeadline', r.next_deadline)`;

/** The record (without intake) as JSON text, from `records AS r` and `summaries AS s`. */
export const RECORD_JSON = `json_build_object(
  'id', r.id, 'version', r.version, 'machineVersion', r.machine_version,
  'snapshot', r.snapshot, 'timers', r.timers, 'summary', ${SUMMARY_JSON})::text`;

/** A record row as read: the record's JSON text and its intake's (null: none stored). */
export interface RecordRow {
  r: string | null;
  i: string | null;
}

/** The statements that read records. */
export function recordQueries(n: Names) {
  return {
    /** $1 id. */
    load: `SELECT ${RECORD_JSON} AS r, i.intake::text AS i
      FROM ${n.records} AS r JOIN ${n.summaries} AS s ON s.id = r.id LEFT JOIN ${n.intake} AS i ON i.id = r.id
      WHERE r.id = $1`,
    /**
     * $1 id, $2 the caller's version: r and i are NULL when unchanged. The
     * joins are subqueries inside the CASE, so an unchanged record costs one
     * primary-key probe.
     */
    loadIfNewer: `SELECT
        CASE WHEN r.version = $2 THEN NULL ELSE (SELECT ${RECORD_JSON} FROM ${n.summaries} AS s WHERE s.id = r.id) END AS r,
        CASE WHEN r.version = $2 THEN NULL ELSE (SELECT i.intake::text FROM ${n.intake} AS i WHERE i.id = r.id) END AS i
      FROM ${n.records} AS r WHERE r.id = $1`,
    /** $1 id: the current version (the conflict path). */
    version: `SELECT version FROM ${n.records} WHERE id = $1`,
  };
}

/** A record from its row; the intake goes back into `snapshot.context`. */
export function decodeRecord(row: { r: string; i: string | null }): ComplaintRecord {
  const record = fromJson<ComplaintRecord>(row.r);
  if (row.i !== null) (record.snapshot as unknown as { context: Record<string, unknown> }).context.intake = fromJson(row.i);
  return record;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The snapshot's JSON without `context.intake`, and the intake's JSON (null
 * when the snapshot has none: the store treats snapshots as opaque JSON and
 * only splits what is there). Both with strings encoded for PostgreSQL.
 * No spread: the two objects are built key by key (see DESIGN §4 on spreads).
 */
export function splitSnapshot(snapshot: unknown): { snapshot: string; intake: string | null } {
  const ctx = isPlainObject(snapshot) ? snapshot.context : undefined;
  if (!isPlainObject(ctx) || !Object.prototype.hasOwnProperty.call(ctx, 'intake') || ctx.intake === undefined) {
    return { snapshot: toJson(snapshot), intake: null };
  }
  const context: Record<string, unknown> = {};
  for (const k of Object.keys(ctx)) if (k !== 'intake') context[k] = ctx[k];
  const outer: Record<string, unknown> = {};
  for (const k of Object.keys(snapshot as Record<string, unknown>)) outer[k] = k === 'context' ? context : (snapshot as Record<string, unknown>)[k];
  return { snapshot: toJson(outer), intake: toJson(ctx.intake) };
}

/**
 * What this store last knew of each complaint's stored intake, by version:
 * `(id, version) → intake JSON` (null: no intake). A commit guarded by
 * `expectedVersion = v` that carries the same intake as version v needs not
 * write it; anything else (unknown, changed) is written with the commit, under
 * a guard that skips an equal one. Sound across processes because a version
 * never changes once committed. Bounded (least recently set forgotten first).
 */
export class IntakeMemory {
  private readonly known = new Map<string, { version: number; intake: string | null }>();

  constructor(private readonly size = 10_000) {}

  /** The intake stored at `version`, or undefined when not known. */
  get(id: string, version: number): string | null | undefined {
    const k = this.known.get(id);
    return k && k.version === version ? k.intake : undefined;
  }

  set(id: string, version: number, intake: string | null): void {
    this.known.delete(id);
    this.known.set(id, { version, intake });
    if (this.known.size > this.size) this.known.delete(this.known.keys().next().value as string);
  }
}
