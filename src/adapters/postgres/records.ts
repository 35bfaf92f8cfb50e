// How a ComplaintRecord maps to its rows and back (schema 2):
// - records: version, machine version, the snapshot WITHOUT its intake
//   (json), the timers (json) and the list columns that change often;
// - summaries: the list columns that rarely change;
// - intake: `snapshot.context.intake`, written once at filing.
// The summary is not stored as a document: it is rebuilt from the columns on
// read, so a commit writes each summary field once, in the table where it
// costs least. `load` re-attaches the intake, so the store's interface is
// unchanged: it returns the whole snapshot it was given.
import { createHash } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { RecordError } from '../../errors.js';
import type { ComplaintRecord } from '../types.js';
import type { Names } from './names.js';
import { SNAPSHOT_DICTIONARY_1, SNAPSHOT_DICTIONARY_1_SHA256 } from './snapshot-dictionary.js';
import { fromJson } from './text.js';

/** The summary as JSON, from `records AS r` and `summaries AS s`. */
export const SUMMARY_JSON = `json_build_object(
  'id', r.id, 'version', r.version, 'stage', r.stage, 'step', r.step, 'status', r.status,
  'severity', s.severity, 'categories', s.categories, 'department', s.department, 'assignee', s.assignee,
  'customerId', s.customer_id, 'channel', s.channel, 'escalationLevel', s.escalation_level, 'outcome', r.outcome,
  'filedAt', r.filed_at, 'updatedAt', r.updated_at, 'closedAt', r.closed_at,
  'breached', s.breached, 'atRisk', s.at_risk, 'nextDeadline', r.next_deadline)`;

/**
 * The record (without intake) as JSON text, from `records AS r` and
 * `summaries AS s`; `snapshot` is null when it is stored compressed (the
 * `z` column of {@link RECORD_COLUMNS}).
 */
export const RECORD_JSON = `json_build_object(
  'id', r.id, 'version', r.version, 'machineVersion', r.machine_version,
  'snapshot', r.snapshot, 'timers', r.timers, 'summary', ${SUMMARY_JSON})::text`;

/** The columns a record is read from: its JSON, its compressed snapshot (if so stored) and its intake. */
export const RECORD_COLUMNS = `${RECORD_JSON} AS r, r.snapshot_deflate AS z, i.intake::text AS i`;

/** A record row as read. */
export interface RecordRow {
  /** The record's JSON (null: unchanged, for loadIfNewer). */
  r: string | null;
  /** The compressed snapshot, or null when `snapshot` holds it as json. */
  z: Uint8Array | string | null;
  /** The intake's JSON, or null when none is stored. */
  i: string | null;
}

// ---------------------------------------------------------------------------
// Snapshot compression. A snapshot is 1-3.5 KB of JSON that every commit
// rewrites; below about 2 KB PostgreSQL stores (and WAL-logs) a row as is.
// The store deflates it against a preset dictionary of typical snapshots
// (format 1): about 200-300 bytes. Stored as [format byte][deflate-raw].

const FORMAT_DEFLATE_1 = 1;
let dictionary: Buffer | undefined;
function dictionary1(): Buffer {
  if (!dictionary) {
    const d = Buffer.from(SNAPSHOT_DICTIONARY_1, 'utf8');
    if (createHash('sha256').update(d).digest('hex') !== SNAPSHOT_DICTIONARY_1_SHA256) throw new Error('redress/postgres: the snapshot dictionary was changed');
    dictionary = d;
  }
  return dictionary;
}

/** The snapshot's JSON text, compressed (format 1). */
export function packSnapshot(json: string): Buffer {
  const z = deflateRawSync(json, { level: 4, dictionary: dictionary1() });
  const out = Buffer.allocUnsafe(z.length + 1);
  out[0] = FORMAT_DEFLATE_1;
  z.copy(out, 1);
  return out;
}

/** A bytea as bytes (node-postgres gives a Buffer, PGlite a Uint8Array; a text client the `\\x…` hex form). */
function bytesOf(v: Uint8Array | string): Uint8Array {
  return typeof v === 'string' ? Buffer.from(v.startsWith('\\x') ? v.slice(2) : v, 'hex') : v;
}

/** The snapshot from its stored form. @throws RecordError when it cannot be read */
export function unpackSnapshot(id: string, stored: Uint8Array | string): unknown {
  const b = bytesOf(stored);
  if (b[0] !== FORMAT_DEFLATE_1) throw new RecordError('CORRUPT_RECORD', id, `complaint ${id}: unknown snapshot format ${b[0]}`);
  try {
    return JSON.parse(inflateRawSync(b.subarray(1), { dictionary: dictionary1() }).toString('utf8'));
  } catch (e) {
    throw new RecordError('CORRUPT_RECORD', id, `complaint ${id}: the stored snapshot cannot be decompressed`, { cause: e });
  }
}

/** The statements that read records. */
export function recordQueries(n: Names) {
  return {
    /** $1 id. */
    load: `SELECT ${RECORD_COLUMNS}
      FROM ${n.records} AS r JOIN ${n.summaries} AS s ON s.id = r.id LEFT JOIN ${n.intake} AS i ON i.id = r.id
      WHERE r.id = $1`,
    /**
     * $1 id, $2 the caller's version: r and i are NULL when unchanged. The
     * joins are subqueries inside the CASE, so an unchanged record costs one
     * primary-key probe.
     */
    loadIfNewer: `SELECT
        CASE WHEN r.version = $2 THEN NULL ELSE (SELECT ${RECORD_JSON} FROM ${n.summaries} AS s WHERE s.id = r.id) END AS r,
        CASE WHEN r.version = $2 THEN NULL ELSE r.snapshot_deflate END AS z,
        CASE WHEN r.version = $2 THEN NULL ELSE (SELECT i.intake::text FROM ${n.intake} AS i WHERE i.id = r.id) END AS i
      FROM ${n.records} AS r WHERE r.id = $1`,
    /** $1 id: the current version (the conflict path). */
    version: `SELECT version FROM ${n.records} WHERE id = $1`,
  };
}

/** A record from its row; the intake goes back into `snapshot.context`. */
export function decodeRecord(row: { r: string; z: Uint8Array | string | null; i: string | null }): ComplaintRecord {
  const record = fromJson<ComplaintRecord>(row.r);
  if (row.z !== null && row.z !== undefined) record.snapshot = unpackSnapshot(record.id, row.z) as ComplaintRecord['snapshot'];
  if (row.i !== null) (record.snapshot as unknown as { context: Record<string, unknown> }).context.intake = fromJson(row.i);
  return record;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The snapshot without `context.intake`, and the intake (absent when the
 * snapshot has none: the store treats snapshots as opaque JSON and only
 * splits what is there). No spread: the copies are built key by key (in
 * V8 each object spread result gets a fresh hidden class, microseconds per
 * copy on this path); nothing of the caller's is changed.
 */
export function splitSnapshot(snapshot: unknown): { rest: unknown; intake?: unknown } {
  const ctx = isPlainObject(snapshot) ? snapshot.context : undefined;
  if (!isPlainObject(ctx) || !Object.prototype.hasOwnProperty.call(ctx, 'intake') || ctx.intake === undefined) return { rest: snapshot };
  const context: Record<string, unknown> = {};
  for (const k of Object.keys(ctx)) if (k !== 'intake') context[k] = ctx[k];
  const outer: Record<string, unknown> = {};
  for (const k of Object.keys(snapshot as Record<string, unknown>)) outer[k] = k === 'context' ? context : (snapshot as Record<string, unknown>)[k];
  return { rest: outer, intake: ctx.intake };
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
