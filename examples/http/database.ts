/**
 * The database: a PostgreSQL server when `DATABASE_URL` is set (a node-postgres
 * `Pool`), else PGlite — PostgreSQL compiled to WebAssembly, in memory,
 * nothing to install, gone when the process ends. Either way the desk gets
 * the same `postgresStore`, in schema `redress_http` unless `DATABASE_SCHEMA`
 * says otherwise.
 */
import type { PostgresClient } from '../../src/adapters/postgres/index.js';

/** An open database for the store. */
export interface Database {
  client: PostgresClient;
  /** For the start-up log line (no credentials). */
  label: string;
  /** Close the pool or the embedded database. */
  close(): Promise<void>;
}

/** Settings, from the environment. */
export interface DatabaseSettings {
  /** `postgres://…`; empty or absent for PGlite in memory. */
  url?: string | undefined;
  /** Pool size (`PG_POOL_MAX`, default 10): about the number of desk calls this instance runs at once. */
  poolMax?: number;
  /** Called when an idle pooled connection breaks (the next query reports the failure itself). */
  onIdleError?: (error: Error) => void;
}

/** Open the database the settings name. */
export async function openDatabase(settings: DatabaseSettings): Promise<Database> {
  if (settings.url) {
    const { default: pg } = await import('pg');
    const pool = new pg.Pool({
      connectionString: settings.url,
      max: settings.poolMax ?? 10,
      // Fail a request (503) rather than queue it forever when the server is unreachable.
      connectionTimeoutMillis: 5_000,
      // Bound every statement, so that a stuck query cannot hold a request (and shutdown) open.
      statement_timeout: 15_000,
    });
    // node-postgres emits 'error' on the pool when an idle connection breaks (server restart,
    // network); without a listener that crashes the process.
    pool.on('error', (e) => settings.onIdleError?.(e));
    return { client: pool, label: `PostgreSQL at ${new URL(settings.url).host}`, close: () => pool.end() };
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const db = await PGlite.create();
  return { client: db, label: 'PGlite (embedded, in memory)', close: () => db.close() };
}
