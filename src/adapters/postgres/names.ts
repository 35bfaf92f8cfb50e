// Table and index names of one store, from its `schema` and `tablePrefix`.
import { validationIssue } from '../../errors.js';

/** Options that place the store's tables. */
export interface PostgresStoreOptions {
  /** Schema of the tables (created by `migrate()` if missing). Default: the connection's `search_path`. */
  schema?: string;
  /** Prefix of every table and index name (default `redress_`). */
  tablePrefix?: string;
  /**
   * Send every statement as a named prepared statement (node-postgres
   * `query({ name, text, values })`), so the server parses and plans each one
   * once per connection. Worth about a quarter to a half more events per
   * second on a server. Only for node-postgres clients; behind PgBouncer it
   * needs 1.21+ with `max_prepared_statements`. Default false.
   */
  prepare?: boolean;
}

/** Quoted, schema-qualified names of the store's tables. */
export interface Names {
  schema: string | undefined;
  prefix: string;
  schemaVersion: string;
  records: string;
  timeline: string;
  timers: string;
  outbox: string;
  idempotency: string;
  /** Quoted name of one of the store's indexes (indexes live in their table's schema). */
  index(name: string): string;
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
  // The longest derived name is `<prefix>records_categories_idx` (23 characters); PostgreSQL keeps 63.
  if (prefix !== '') checkIdent('tablePrefix', prefix, 40);
  const qualify = (name: string) => (schema === undefined ? quote(prefix + name) : `${quote(schema)}.${quote(prefix + name)}`);
  return {
    schema,
    prefix,
    schemaVersion: qualify('schema_version'),
    records: qualify('records'),
    timeline: qualify('timeline'),
    timers: qualify('timers'),
    outbox: qualify('outbox'),
    idempotency: qualify('idempotency'),
    index: (name) => quote(prefix + name),
    lockKey: `redress:${schema ?? ''}:${prefix}`,
  };
}
