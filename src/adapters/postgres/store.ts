// The PostgreSQL store: assembles names, executor, commit, claims and reads.
// `redress/postgres` (index.ts) exports `postgresStore`; `buildPostgresStore`
// and its internals stay inside the package (sibling adapters import this module).
import type { ComplaintRecord, ComplaintStore, IdempotencyRecord, TimelineEntry } from '../types.js';
import { claims } from './claims.js';
import { executorFor, preparesOn, type PostgresClient } from './client.js';
import { committer, type TimerSql } from './commit.js';
import { listPage, recordsPage } from './list.js';
import { migrate } from './migrations.js';
import { DEFAULT_WAKE_CHANNEL, notifySql } from './notify.js';
import { namesFor, type PostgresStoreOptions } from './names.js';
import { decodeRecord, IntakeMemory, recordQueries, type RecordRow } from './records.js';
import { encodeText, fromJson } from './text.js';

/** A {@link ComplaintStore} on PostgreSQL, plus `migrate()`. */
export interface PostgresStore extends ComplaintStore {
  /**
   * Create or upgrade the store's tables. Idempotent, and safe to run from
   * several processes at once (they serialize on an advisory lock). Run it
   * once at start-up, before the desk uses the store.
   * @returns when the tables are at {@link SCHEMA_VERSION}
   * @throws StoreUnavailableError when the database cannot be reached
   * @example
   * const store = postgresStore(pool, { schema: 'complaints' });
   * await store.migrate();
   */
  migrate(): Promise<void>;
}

/** Internal extensions of the store (for sibling adapters such as a job-queue timer backend; not public API). */
export interface PostgresStoreInternals {
  /** Extra SQL in every commit statement per armed / disarmed timer (see {@link TimerSql}). */
  timerSql?: TimerSql;
}

/**
 * A {@link ComplaintStore} on PostgreSQL (13 or newer). Takes any client
 * with `query(text, params) → Promise<{ rows }>`, so no driver is a
 * dependency of redress: a node-postgres `Pool` for a server (many app
 * instances can share one database), an `@electric-sql/pglite` instance for
 * an embedded one, or your own wrapper.
 *
 * - `commit` is one atomic SQL statement guarded by the expected version;
 *   a lost race, a duplicate record, outbox id or idempotency key is a
 *   `ConflictError` (with `actualVersion` when the record exists), and
 *   nothing of a failed commit is visible.
 * - Due timers and pending outbox messages are claimed with
 *   `FOR UPDATE SKIP LOCKED` and a lease no one (its owner included)
 *   re-claims before it expires.
 * - node-postgres clients get named prepared statements by default
 *   (`prepare: false` for PgBouncer in transaction mode).
 * - A client failure that is not a constraint violation (connection refused,
 *   statement timeout, server shutdown, tables missing) is a
 *   `StoreUnavailableError` (`code: 'STORE_UNAVAILABLE'`) with the client's
 *   error as `cause`.
 * - Snapshots are stored with the machine version that wrote them; the desk
 *   upgrades older ones with its `migrations` option or refuses them.
 *
 * @param client - a node-postgres `Pool` (or `Client`), a PGlite instance, or anything with the same `query`
 * @param options - `schema` (default: the connection's `search_path`), `tablePrefix` (default `redress_`), `prepare` (default: on for node-postgres), `compressSnapshots` (default true), `notify` (default off: see {@link postgresScheduler})
 * @returns the store; call `migrate()` before first use
 * @throws ValidationError when `schema` or `tablePrefix` is not a plain SQL identifier
 * @example
 * import pg from 'pg';
 * import { createDesk, consoleNotifier } from 'redress';
 * import { postgresStore } from 'redress/postgres';
 *
 * const store = postgresStore(new pg.Pool({ connectionString: process.env.DATABASE_URL }), { schema: 'complaints' });
 * await store.migrate();
 * const desk = createDesk({ store, notifier: consoleNotifier() });
 * @example
 * import { PGlite } from '@electric-sql/pglite';
 * const store = postgresStore(await PGlite.create('./complaints-data'));
 * await store.migrate();
 */
export function postgresStore(client: PostgresClient, options: PostgresStoreOptions = {}): PostgresStore {
  return buildPostgresStore(client, options, {});
}

/**
 * {@link postgresStore} with internal extensions (not public API: for
 * sibling adapters of this package).
 */
export function buildPostgresStore(client: PostgresClient, options: PostgresStoreOptions, internals: PostgresStoreInternals): PostgresStore {
  if (!client || typeof (client as { query?: unknown }).query !== 'function') {
    throw new TypeError('postgresStore: client must have a query(text, params) method');
  }
  const n = namesFor(options);
  const exec = executorFor(client, 'postgres store', preparesOn(client, options.prepare));
  const q = exec.prepared;
  const intakes = new IntakeMemory();
  const hooks: TimerSql[] = [];
  if (internals.timerSql) hooks.push(internals.timerSql);
  if (options.notify) hooks.push(notifySql(options.notify === true ? DEFAULT_WAKE_CHANNEL : options.notify));
  const commit = committer(n, exec, intakes, { hooks, compress: options.compressSnapshots !== false });
  const c = claims(n, q, exec.query);
  const sql = recordQueries(n);

  const timelineSql = `SELECT coalesce(json_agg(entries ORDER BY version), '[]'::json)::text AS t FROM ${n.timeline} WHERE complaint_id = $1::text`;
  const idempotencySql = `SELECT json_build_object('key', key, 'complaintId', complaint_id, 'version', version, 'result', result)::text AS r
    FROM ${n.idempotency} WHERE key = $1::text`;

  /** A record read, remembering its intake for the next commit. */
  const read = (row: { r: string; z: Uint8Array | string | null; i: string | null }): ComplaintRecord => {
    const record = decodeRecord(row);
    intakes.set(record.id, record.version, row.i);
    return record;
  };

  return {
    async migrate() {
      await migrate(exec, n);
    },

    async load(id) {
      const [row] = await q<RecordRow>(sql.load, [encodeText(id)]);
      return row?.r ? read({ r: row.r, z: row.z, i: row.i }) : undefined;
    },

    async loadIfNewer(id, version) {
      const [row] = await q<RecordRow>(sql.loadIfNewer, [encodeText(id), version]);
      if (!row) return undefined;
      return row.r === null ? 'unchanged' : read({ r: row.r, z: row.z, i: row.i });
    },

    commit: (commitData) => commit.commit(commitData),

    claimDue: (now, limit, lease) => c.claimDue(now, limit, lease),
    releaseTimers: (timers, owner) => c.releaseTimers(timers, owner),
    failTimer: (timer, failure, owner) => c.failTimer(timer, failure, owner),
    timerProblems: (filter) => c.timerProblems(filter),
    retryTimer: (complaintId, key) => c.retryTimer(complaintId, key),
    nextDueAt: () => c.nextDueAt(),
    nextOutboxAt: () => c.nextOutboxAt(),
    claimOutbox: (now, limit, lease) => c.claimOutbox(now, limit, lease),
    markOutbox: (id, update, owner) => c.markOutbox(id, update, owner),
    outbox: (filter) => c.outbox(filter),

    list: (query) => listPage(exec.query, n, query),

    async records(query) {
      const { page, rows } = await recordsPage(exec.query, n, query);
      for (const r of rows) intakes.set(r.record.id, r.record.version, r.intake);
      return page;
    },

    stats: (now) => c.stats(now),

    async timeline(id) {
      const [row] = await q<{ t: string }>(timelineSql, [encodeText(id)]);
      const out: TimelineEntry[] = [];
      if (!row) return out;
      for (const batch of fromJson<[number, number, number, TimelineEntry['kind'], string, string, TimelineEntry['actor']['role'], Record<string, unknown>][][]>(row.t)) {
        for (const [version, seq, at, kind, type, actorId, role, data] of batch) out.push({ complaintId: id, version, seq, at, kind, type, actor: { id: actorId, role }, data });
      }
      return out;
    },

    async idempotency(key) {
      const [row] = await q<{ r: string }>(idempotencySql, [encodeText(key)]);
      return row ? fromJson<IdempotencyRecord>(row.r) : undefined;
    },
  };
}
