// Table and index names of one store, from its `schema` and `tablePrefix`.
import { validationIssue } from '../../errors.js';

/** Options that place the store's tables and choose how it talks to the client. */
export interface PostgresStoreOptions {
  /** Schema of the tables (created by `migrate()` if missing). Default: the connection's `search_path`. */
  schema?: string;
  /** Prefix of every table and index name (default `redress_`). */
  tablePrefix?: string;
  /**
   * Send the store's fixed statements (load, commit, claims…) as named
   * prepared statements, so the server parses and plans each one once per
   * connection instead of on every call. Default: on for node-postgres
   * clients (`pg.Pool`, `pg.Client`), which support `query({ name, text,
   * values })`; PGlite has no named statements in its `query` API, so it is
   * always off there. Set `false` behind PgBouncer in transaction mode
   * (before 1.21, or without `max_prepared_statements`), where a named
   * statement prepared on one server connection is missing on the next.
   * `true` forces it for any other client that accepts node-postgres'
   * config form of `query`.
   */
  prepare?: boolean;
  /**
   * Store snapshots compressed (deflate against a preset dictionary of
   * typical snapshots, in `records.snapshot_deflate`): about 250 bytes
   * instead of 1-3.5 KB of JSON per commit, which is most of the WAL a
   * commit writes. `false` stores them as `json` in `records.snapshot`,
   * readable with SQL. Either way the store reads both. Default true.
   */
  compressSnapshots?: boolean;
  /**
   * Wake other instances' desks at once: every commit that arms a timer or
   * queues a message also runs `pg_notify(channel, earliest instant)` in its
   * statement (delivered when it commits, never when it loses its race), and
   * desks whose scheduler is `postgresScheduler(client)` LISTEN on the
   * channel. `true` uses the channel `redress_wake`; a string names another
   * (a plain identifier). Default off: a notifying commit takes PostgreSQL's
   * global notify lock while it commits, which serialises those commits
   * (measured in docs/scaling.md).
   */
  notify?: boolean | string;
}

/** Quoted, schema-qualified names of the store's tables. */
export interface Names {
  schema: string | undefined;
  prefix: string;
  schemaVersion: string;
  records: string;
  /** Schema 2: the list columns that rarely change (filters). */
  summaries: string;
  /** Schema 2: the immutable intake, written once at filing. */
  intake: string;
  timeline: string;
  timers: string;
  outbox: string;
  idempotency: string;
  /** Quoted, schema-qualified name of any other table of the store (e.g. `records_v1` during a migration). */
  table(name: string): string;
  /** Quoted name of one of the store's indexes (indexes live in their table's schema). */
  index(name: string): string;
  /** The same, schema-qualified (for DROP INDEX / ALTER INDEX). */
  qualifiedIndex(name: string): string;
  /** Key of the advisory lock `migrate()` takes. */
  lockKey: string;
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

function checkIdent(option: string, value: string, max: number): void {
  if (!IDENT.test(value) || value.length > max) {
    throw validationIssue('postgres store options', [option], `must be a plain SQL identifier (letters, digits, _; at most ${max} characters)`);
  }
}

const quote = (ident: string) => `"${ident}"`;

/**
 * Resolve the names for a schema and prefix.
 * @throws ValidationError when either is not a plain identifier
 */
export function namesFor(options: PostgresStoreOptions = {}): Names {
  const schema = options.schema;
  const prefix = options.tablePrefix ?? 'redress_';
  if (schema !== undefined) checkIdent('schema', schema, 63);
  // The longest derived name is `<prefix>summaries_escalation_idx` (23 characters after the prefix); PostgreSQL keeps 63.
  if (prefix !== '') checkIdent('tablePrefix', prefix, 40);
  const qualify = (name: string) => (schema === undefined ? quote(prefix + name) : `${quote(schema)}.${quote(prefix + name)}`);
  return {
    schema,
    prefix,
    schemaVersion: qualify('schema_version'),
    records: qualify('records'),
    summaries: qualify('summaries'),
    intake: qualify('intake'),
    timeline: qualify('timeline'),
    timers: qualify('timers'),
    outbox: qualify('outbox'),
    idempotency: qualify('idempotency'),
    table: qualify,
    index: (name) => quote(prefix + name),
    qualifiedIndex: qualify,
    lockKey: `redress:${schema ?? ''}:${prefix}`,
  };
}
