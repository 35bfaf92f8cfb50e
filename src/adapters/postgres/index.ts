// redress/postgres: a ComplaintStore on PostgreSQL, driver-agnostic.
import type { ComplaintRecord, ComplaintStore, IdempotencyRecord, TimelineEntry } from '../types.js';
import { claims } from './claims.js';
import { executorFor, type PostgresClient } from './client.js';
import { committer } from './commit.js';
import { listPage } from './list.js';
import { migrate } from './migrations.js';
import { namesFor, type PostgresStoreOptions } from './names.js';
import { encodeText, fromJson } from './text.js';

export type { PostgresClient } from './client.js';
export type { PostgresStoreOptions } from './names.js';
export { SCHEMA_VERSION } from './migrations.js';

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

/**
 * A {@link ComplaintStore} on PostgreSQL (13 or newer). Takes any client
 * with `query(text, params) → Promise<{ rows }>`, so no driver is a
 * dependency of redress: a node-postgres `Pool` for a server (many app
 * instances can share one database), an `@electric-sql/pglite` instance for
 * an embedded one, or your own wrapper.
 *
 * - `commit` is one atomic SQL statement guarded by the expected version;
 *   a lost race, a duplicate record, outbox id or idempotency key is a
 *   `ConflictError`, and nothing of a failed commit is visible.
 * - Due timers and pending outbox messages are claimed with
 *   `FOR UPDATE SKIP LOCKED` and a lease.
 * - A client failure that is not a constraint violation (connection refused,
 *   statement timeout, server shutdown, tables missing) is a
 *   `StoreUnavailableError` (`code: 'STORE_UNAVAILABLE'`) with the client's
 *   error as `cause`.
 * - Snapshots are stored with the machine version that wrote them; the desk
 *   upgrades older ones with its `migrations` option or refuses them.
 *
 * @param client - a node-postgres `Pool` (or `Client`), a PGlite instance, or anything with the same `query`
 * @param options - `schema` (default: the connection's `search_path`) and `tablePrefix` (default `redress_`)
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
  if (!client || typeof (client as { query?: unknown }).query !== 'function') {
    throw new TypeError('postgresStore: client must have a query(text, params) method');
  }
  const n = namesFor(options);
  const exec = executorFor(client, 'postgres store', options.prepare === true);
  const q = exec.query;
  const commit = committer(n);
  const c = claims(n);

  const loadSql = `SELECT json_build_object(
      'id', id, 'version', version, 'machineVersion', machine_version,
      'snapshot', snapshot, 'summary', summary, 'timers', timers)::text AS r
    FROM ${n.records} WHERE id = $1`;
  // The whole record only when its version is not the caller's.
  const loadIfNewerSql = `SELECT CASE WHEN version = $2 THEN NULL ELSE json_build_object(
      'id', id, 'version', version, 'machineVersion', machine_version,
      'snapshot', snapshot, 'summary', summary, 'timers', timers)::text END AS r
    FROM ${n.records} WHERE id = $1`;
  const timelineSql = `SELECT coalesce(json_agg(json_build_object(
      'complaintId', complaint_id, 'version', version, 'seq', seq, 'at', at,
      'kind', kind, 'type', type, 'actor', actor, 'data', data) ORDER BY version, seq), '[]'::json)::text AS t
    FROM ${n.timeline} WHERE complaint_id = $1`;
  const idempotencySql = `SELECT json_build_object('key', key, 'complaintId', complaint_id, 'version', version, 'result', result)::text AS r
    FROM ${n.idempotency} WHERE key = $1`;

  return {
    async migrate() {
      await migrate(exec, n);
    },

    async load(id) {
      const [row] = await q<{ r: string }>(loadSql, [encodeText(id)]);
      return row ? fromJson<ComplaintRecord>(row.r) : undefined;
    },

    async loadIfNewer(id, version) {
      const [row] = await q<{ r: string | null }>(loadIfNewerSql, [encodeText(id), version]);
      if (!row) return undefined;
      return row.r === null ? 'unchanged' : fromJson<ComplaintRecord>(row.r);
    },

    commit: (commitData) => commit(q, commitData),

    claimDue: (now, limit, lease) => c.claimDue(q, now, limit, lease),
    releaseTimers: (timers, owner) => c.releaseTimers(q, timers, owner),
    nextDueAt: () => c.nextDueAt(q),
    claimOutbox: (now, limit, lease) => c.claimOutbox(q, now, limit, lease),
    markOutbox: (id, update, owner) => c.markOutbox(q, id, update, owner),
    outbox: (filter) => c.outbox(q, filter),

    list: (query) => listPage(q, n, query),

    async timeline(id) {
      const [row] = await q<{ t: string }>(timelineSql, [encodeText(id)]);
      return row ? fromJson<TimelineEntry[]>(row.t) : [];
    },

    async idempotency(key) {
      const [row] = await q<{ r: string }>(idempotencySql, [encodeText(key)]);
      return row ? fromJson<IdempotencyRecord>(row.r) : undefined;
    },
  };
}
