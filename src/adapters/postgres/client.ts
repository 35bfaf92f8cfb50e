// The database client the PostgreSQL store accepts, how it runs a
// transaction on each kind of client, and how client errors become redress
// errors.
import { ConflictError, RedressError, StoreUnavailableError } from '../../errors.js';

/**
 * Anything that runs one SQL statement with `$1…` parameters and resolves
 * with its rows: a node-postgres `Pool` or `Client`, an `@electric-sql/pglite`
 * instance, or a wrapper of your own.
 *
 * Transactions (only `migrate()` needs one: a commit is one statement) are run the best way the client
 * offers: on a connection taken with `connect()` and released afterwards
 * (a `Pool`), with `transaction(fn)` (PGlite), or else with `BEGIN`/`COMMIT`
 * on the client itself, which the store then uses one call at a time.
 */
export interface PostgresClient {
  query(text: string, params?: unknown[]): Promise<{ rows: unknown[] }>;
}

/** A connection lent by a pool (node-postgres `PoolClient`). */
interface PooledConnection extends PostgresClient {
  release(destroy?: boolean | Error): void;
}

/** A query function whose errors are already redress errors. */
export type Query = <R = Record<string, unknown>>(text: string, params?: unknown[]) => Promise<R[]>;

/** How the store talks to its client. */
export interface Executor {
  /** One statement, on its own (autocommit), sent unnamed (for statements whose text varies, e.g. `list`). */
  query: Query;
  /**
   * One of the store's fixed statements (built once per store): sent as a
   * named prepared statement when the store prepares, else like `query`.
   */
  prepared: Query;
  /** Several statements in one transaction; rolled back if `fn` throws. */
  transaction<T>(fn: (query: Query) => Promise<T>): Promise<T>;
  /** Whether `prepared` really names its statements. */
  readonly prepares: boolean;
}

const isFunction = (v: unknown): v is (...args: never[]) => unknown => typeof v === 'function';

/** A pool lends connections; a node-postgres `Client` (or a lent `PoolClient`) also has `connect` but is one connection. */
function isPool(c: object): c is PostgresClient & { connect(): Promise<PooledConnection> } {
  const o = c as Record<string, unknown>;
  return isFunction(o.connect) && !isFunction(o.release) && !('connectionParameters' in o);
}

function isTransactional(c: object): c is PostgresClient & {
  transaction<T>(fn: (tx: PostgresClient) => Promise<T>): Promise<T>;
} {
  return isFunction((c as Record<string, unknown>).transaction);
}

/**
 * A node-postgres `Pool`, `Client` or lent `PoolClient`: the clients known to
 * take `query({ name, text, values })`. (PGlite's `query` takes text only.)
 */
export function isNodePostgres(c: object): boolean {
  const o = c as Record<string, unknown>;
  if (isFunction(o.execProtocol) || isFunction(o.describeQuery)) return false; // PGlite
  // pg.Client / PoolClient carry their connection parameters; a pg.Pool counts its clients.
  return (typeof o.connectionParameters === 'object' && o.connectionParameters !== null) || ('totalCount' in o && 'idleCount' in o && 'waitingCount' in o);
}

/** Whether a store on this client prepares its fixed statements, given the `prepare` option. */
export function preparesOn(client: object, option: boolean | undefined): boolean {
  if (option === false) return false;
  const o = client as Record<string, unknown>;
  if (isFunction(o.execProtocol) || isFunction(o.describeQuery)) return false; // PGlite: no named statements in its query API
  return option === true || isNodePostgres(client);
}

/** SQLSTATE of a driver error, when it has one (node-postgres and PGlite put it in `code`). */
function sqlState(e: unknown): string | undefined {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

/**
 * Turn what a client threw into the error the store reports:
 * - a redress error passes through;
 * - a unique violation (23505) is a {@link ConflictError} (someone else wrote that key first),
 *   and so are a serialization failure (40001) and a deadlock (40P01): retrying may succeed;
 * - other data and integrity errors (SQLSTATE classes 22 and 23) pass through
 *   unchanged: they mean a malformed write, not an unavailable store;
 * - anything else (connection refused or lost, statement timeout 57014,
 *   admin shutdown 57P01, missing tables…) is a {@link StoreUnavailableError}
 *   with the client's error as `cause`.
 */
export function storeError(e: unknown, what: string, id = ''): unknown {
  if (e instanceof RedressError) return e;
  const state = sqlState(e);
  const message = e instanceof Error ? e.message : String(e);
  if (state === '23505') {
    const d = e as { detail?: unknown; constraint?: unknown };
    const detail = typeof d.detail === 'string' ? d.detail : typeof d.constraint === 'string' ? d.constraint : message;
    return new ConflictError(`${what}: already exists (${detail})`, { id });
  }
  if (state === '40001' || state === '40P01') {
    return new ConflictError(`${what}: ${message} (another transaction got in the way; retry)`, { id });
  }
  if (state?.startsWith('22') || state?.startsWith('23')) return e;
  const hint = state === '42P01' || state === '3F000' ? ' (has migrate() been run?)' : '';
  const tag = state ?? (e as { code?: unknown } | null)?.code;
  return new StoreUnavailableError(`${what} failed: ${message}${typeof tag === 'string' ? ` [${tag}]` : ''}${hint}`, { cause: e });
}

/** A short, stable statement name for a SQL text (FNV-1a, 32 bits). */
function statementName(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return `redress_${(h >>> 0).toString(16)}_${text.length}`;
}

/** node-postgres' config form of `query`, for named prepared statements. */
type ConfigQuery = (config: { name: string; text: string; values: unknown[] }) => Promise<{ rows: unknown[] }>;

function queryOn(client: PostgresClient, what: string, prepare = false): Query {
  const names = new Map<string, string>();
  return async <R>(text: string, params?: unknown[]) => {
    try {
      let result: { rows: unknown[] };
      if (prepare && text !== 'BEGIN' && text !== 'COMMIT' && text !== 'ROLLBACK') {
        let name = names.get(text);
        if (name === undefined) {
          name = statementName(text);
          names.set(text, name);
        }
        result = await (client.query as unknown as ConfigQuery).call(client, { name, text, values: params ?? [] });
      } else {
        result = await client.query(text, params ?? []);
      }
      return result.rows as R[];
    } catch (e) {
      throw storeError(e, what);
    }
  };
}

/** Runs one call at a time: a single connection must not mix a transaction with other calls. */
function serial(): <T>(fn: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(fn: () => Promise<T>) => {
    const run = tail.then(fn, fn);
    tail = run.catch(() => undefined);
    return run;
  };
}

async function inTransaction<T>(q: Query, fn: (q: Query) => Promise<T>): Promise<T> {
  await q('BEGIN');
  try {
    const result = await fn(q);
    await q('COMMIT');
    return result;
  } catch (e) {
    await q('ROLLBACK').catch(() => undefined);
    throw e;
  }
}

/**
 * The executor for a client.
 * @param client - the caller's client
 * @param what - names the store in error messages
 * @param prepare - send the fixed statements as named prepared statements (node-postgres)
 */
export function executorFor(client: PostgresClient, what: string, prepare = false): Executor {
  if (isTransactional(client)) {
    return {
      query: queryOn(client, what),
      prepared: queryOn(client, what, prepare),
      prepares: prepare,
      async transaction(fn) {
        try {
          return await client.transaction((tx) => fn(queryOn(tx, what)));
        } catch (e) {
          throw storeError(e, what);
        }
      },
    };
  }
  if (isPool(client)) {
    return {
      query: queryOn(client, what),
      prepared: queryOn(client, what, prepare),
      prepares: prepare,
      async transaction(fn) {
        let conn: PooledConnection;
        try {
          conn = await client.connect();
        } catch (e) {
          throw storeError(e, what);
        }
        let broken: Error | undefined;
        const q = queryOn(conn, what);
        try {
          return await inTransaction(q, fn);
        } catch (e) {
          // A connection that failed mid-transaction may be in any state: don't give it back.
          if (e instanceof RedressError && e.code === 'STORE_UNAVAILABLE') broken = e;
          throw e;
        } finally {
          conn.release(broken);
        }
      },
    };
  }
  const one = serial();
  const direct = queryOn(client, what);
  const named = queryOn(client, what, prepare);
  return {
    query: (text, params) => one(() => direct(text, params)),
    prepared: (text, params) => one(() => named(text, params)),
    prepares: prepare,
    transaction: (fn) => one(() => inTransaction(direct, fn)),
  };
}
