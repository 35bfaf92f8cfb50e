// A PostgreSQL database for `redress summarize --database-url`: opened with
// node-postgres (an optional peer, imported only here, only when needed),
// read through the store's `records()` pages.
import type { PostgresClient } from '../adapters/postgres/client.js';
import type { ComplaintStore } from '../adapters/types.js';
import { CommandError } from './io.js';

/** An open database: the client the store reads with, and how to let it go. */
export interface DatabaseConnection {
  client: PostgresClient;
  close(): Promise<void>;
}

/** Opens a database by URL (tests inject one that returns an embedded database). */
export type OpenDatabase = (url: string) => Promise<DatabaseConnection>;

/** The URL without its password, for messages. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(the database URL)';
  }
}

/** The message of an error, looking inside an AggregateError (Node's for a host with several addresses) and `cause`. */
export function describeError(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  const inner = (e as { errors?: unknown }).errors;
  const own = e.message.trim();
  if (own === '' && Array.isArray(inner) && inner.length > 0) return [...new Set(inner.map(describeError))].join('; ');
  if (own === '' && e.cause !== undefined) return describeError(e.cause);
  // A system error code (ECONNREFUSED) or SQLSTATE the message does not show yet; not redress's own codes.
  const code = (e as { code?: unknown }).code;
  return typeof code === 'string' && /^(E[A-Z]+|[0-9A-Z]{5})$/.test(code) && !own.includes(code) ? `${own} [${code}]` : own;
}

interface PgModule {
  Pool: new (config: { connectionString: string; max?: number; connectionTimeoutMillis?: number }) => PostgresClient & {
    on(event: 'error', listener: (e: Error) => void): unknown;
    end(): Promise<void>;
  };
}

/**
 * Open a node-postgres pool on `url` and check that the server answers.
 *
 * @param url - a PostgreSQL connection string (`postgres://user@host:5432/db`)
 * @param importPg - loads node-postgres (replaced in tests)
 * @throws CommandError when `pg` is not installed or the server cannot be reached
 */
export async function openPostgres(url: string, importPg: () => Promise<unknown> = () => import('pg')): Promise<DatabaseConnection> {
  let pg: PgModule;
  try {
    const mod = (await importPg()) as { default?: PgModule } & Partial<PgModule>;
    pg = (mod.Pool ? mod : mod.default) as PgModule;
    if (typeof pg?.Pool !== 'function') throw new Error('the pg module has no Pool');
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    const missing = code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND';
    throw new CommandError(
      missing
        ? '--database-url needs the node-postgres driver, which is not installed (npm install pg)'
        : `--database-url: cannot load the node-postgres driver: ${describeError(e)}`,
    );
  }
  const pool = new pg.Pool({ connectionString: url, max: 2, connectionTimeoutMillis: 10_000 });
  // An idle connection the server drops must not crash the command.
  pool.on('error', () => {});
  try {
    await pool.query('SELECT 1');
  } catch (e) {
    await pool.end().catch(() => undefined);
    throw new CommandError(`cannot connect to ${redactUrl(url)}: ${describeError(e)}`);
  }
  return { client: pool, close: () => pool.end() };
}

/**
 * Every complete record of a store, in filing order, read `batch` at a time
 * through the store's `records()` pages: only one page is in memory at once.
 *
 * @param store - a store with `records()` (the PostgreSQL store has it)
 * @param window - filing-time window pushed down to the store
 */
export async function* storeRecords(
  store: Required<Pick<ComplaintStore, 'records'>>,
  batch: number,
  window: { from?: number | undefined; to?: number | undefined } = {},
): AsyncGenerator<unknown> {
  let cursor: string | undefined;
  for (;;) {
    const page = await store.records({ limit: batch, cursor, filedFrom: window.from, filedTo: window.to });
    yield* page.items;
    if (!page.next) return;
    cursor = page.next;
  }
}
