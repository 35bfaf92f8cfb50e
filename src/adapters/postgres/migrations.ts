// The store's tables, as numbered migrations applied by `migrate()`.
import type { Executor } from './client.js';
import type { Names } from './names.js';

/** One schema change: its number and its statements (run in order, in one transaction). */
export interface Migration {
  version: number;
  description: string;
  statements: (n: Names) => string[];
}

/**
 * Every migration, oldest first. Never edit a released one: append a new
 * version. Timestamps are epoch milliseconds (`bigint`), like everywhere in
 * redress; ids and keys compare bytewise (`COLLATE "C"`), so keyset
 * pagination is independent of the database's locale.
 */
export const migrations: readonly Migration[] = [
  {
    version: 1,
    description: 'records, timeline, timers, outbox, idempotency',
    statements: (n) => [
      `CREATE TABLE ${n.records} (
        id text COLLATE "C" PRIMARY KEY,
        version integer NOT NULL,
        machine_version integer NOT NULL,
        snapshot jsonb NOT NULL,
        summary jsonb NOT NULL,
        timers jsonb NOT NULL,
        stage text NOT NULL,
        step text NOT NULL,
        severity text,
        categories text[] NOT NULL,
        department text,
        assignee text,
        customer_id text NOT NULL,
        escalation_level integer NOT NULL,
        breached boolean NOT NULL,
        at_risk boolean NOT NULL,
        filed_at bigint NOT NULL,
        updated_at bigint NOT NULL,
        closed_at bigint,
        next_deadline bigint
      )`,
      `CREATE INDEX ${n.index('records_filed_idx')} ON ${n.records} (filed_at, id)`,
      `CREATE INDEX ${n.index('records_stage_idx')} ON ${n.records} (stage, filed_at, id)`,
      `CREATE INDEX ${n.index('records_severity_idx')} ON ${n.records} (severity, filed_at, id)`,
      `CREATE INDEX ${n.index('records_categories_idx')} ON ${n.records} USING gin (categories)`,
      `CREATE INDEX ${n.index('records_department_idx')} ON ${n.records} (department, filed_at, id)`,
      `CREATE INDEX ${n.index('records_assignee_idx')} ON ${n.records} (assignee, filed_at, id)`,
      `CREATE INDEX ${n.index('records_customer_idx')} ON ${n.records} (customer_id, filed_at, id)`,
      `CREATE INDEX ${n.index('records_escalation_idx')} ON ${n.records} (escalation_level)`,
      `CREATE INDEX ${n.index('records_breached_idx')} ON ${n.records} (filed_at, id) WHERE breached`,
      `CREATE INDEX ${n.index('records_at_risk_idx')} ON ${n.records} (filed_at, id) WHERE at_risk`,
      `CREATE TABLE ${n.timeline} (
        complaint_id text COLLATE "C" NOT NULL,
        version integer NOT NULL,
        seq integer NOT NULL,
        at bigint NOT NULL,
        kind text NOT NULL,
        type text NOT NULL,
        actor jsonb NOT NULL,
        data jsonb NOT NULL,
        PRIMARY KEY (complaint_id, version, seq)
      )`,
      `CREATE TABLE ${n.timers} (
        complaint_id text COLLATE "C" NOT NULL,
        key text COLLATE "C" NOT NULL,
        due_at bigint NOT NULL,
        lease_owner text,
        lease_until bigint,
        PRIMARY KEY (complaint_id, key)
      )`,
      `CREATE INDEX ${n.index('timers_due_idx')} ON ${n.timers} (due_at, complaint_id, key)`,
      `CREATE TABLE ${n.outbox} (
        id text COLLATE "C" PRIMARY KEY,
        complaint_id text COLLATE "C" NOT NULL,
        version integer NOT NULL,
        kind text NOT NULL,
        recipient text NOT NULL,
        payload jsonb NOT NULL,
        created_at bigint NOT NULL,
        status text NOT NULL CHECK (status IN ('pending', 'sent', 'parked')),
        attempts integer NOT NULL,
        next_attempt_at bigint NOT NULL,
        last_error text,
        sent_at bigint,
        lease_owner text,
        lease_until bigint
      )`,
      `CREATE INDEX ${n.index('outbox_pending_idx')} ON ${n.outbox} (next_attempt_at, id) WHERE status = 'pending'`,
      `CREATE INDEX ${n.index('outbox_status_idx')} ON ${n.outbox} (status, created_at, id)`,
      `CREATE INDEX ${n.index('outbox_complaint_idx')} ON ${n.outbox} (complaint_id, created_at, id)`,
      `CREATE TABLE ${n.idempotency} (
        key text COLLATE "C" PRIMARY KEY,
        complaint_id text COLLATE "C" NOT NULL,
        version integer NOT NULL,
        result jsonb
      )`,
    ],
  },
];

/** The newest schema version this release knows. */
export const SCHEMA_VERSION = migrations[migrations.length - 1]!.version;

/**
 * Create or upgrade the tables: one transaction under an advisory lock, so
 * concurrent callers (several processes starting at once) apply each
 * migration exactly once; the others wait, then find nothing to do.
 *
 * @returns the schema version before and after
 */
export async function migrate(exec: Executor, n: Names): Promise<{ from: number; to: number }> {
  return exec.transaction(async (q) => {
    await q('SELECT pg_advisory_xact_lock(hashtext($1)::bigint)', [n.lockKey]);
    // Look before creating: CREATE … IF NOT EXISTS still needs the CREATE privilege,
    // which an application role may lack once the tables exist.
    if (n.schema !== undefined) {
      const found = await q('SELECT 1 FROM pg_namespace WHERE nspname = $1', [n.schema]);
      if (found.length === 0) await q(`CREATE SCHEMA "${n.schema}"`);
    }
    const [versionTable] = await q<{ t: unknown }>('SELECT to_regclass($1)::text AS t', [n.schemaVersion]);
    if (versionTable?.t === null || versionTable?.t === undefined) {
      await q(
        `CREATE TABLE ${n.schemaVersion} (
          version integer PRIMARY KEY,
          description text NOT NULL,
          applied_at timestamptz NOT NULL DEFAULT now()
        )`,
      );
    }
    const [row] = await q<{ v: number | string }>(`SELECT coalesce(max(version), 0) AS v FROM ${n.schemaVersion}`);
    const from = Number(row?.v ?? 0);
    let to = from;
    for (const m of migrations) {
      if (m.version <= from) continue;
      for (const statement of m.statements(n)) await q(statement);
      await q(`INSERT INTO ${n.schemaVersion} (version, description) VALUES ($1, $2)`, [m.version, m.description]);
      to = m.version;
    }
    return { from, to };
  });
}
