// The store's tables, as numbered migrations applied by `migrate()`.
//
// Schema 2 (this release) is laid out for the write path — what one commit
// touches and how many index entries it inserts (a non-HOT update inserts
// into every index of its table; a HOT update into none):
// - records: the snapshot (without the intake; compressed against a preset
//   dictionary in `snapshot_deflate`, or as json in `snapshot`), its timers and the
//   list columns that change on most commits (stage, status, step, outcome,
//   updated_at, closed_at, next_deadline). Rewritten by every commit, so its
//   four indexes (id, updated_at, next_deadline, status+stage) cost one
//   entry each per commit, the least any table holding updated_at can cost.
// - summaries: the list filters that rarely change (severity, categories,
//   department, assignee, customer, escalation level, breached, at risk),
//   written at filing and then only when one of them changes.
// - intake: the immutable intake, written once at filing, re-attached on load.
// - timeline: one row per commit (its entries as a compact json array).
// - timers / outbox: an `available_at` column (when the row can next be
//   claimed) with a partial index, for claims, nextDueAt and nextOutboxAt.
import { StoreUnavailableError } from '../../errors.js';
import type { Executor } from './client.js';
import type { Names } from './names.js';

/** One schema change: its number and its statements (run in order, in one transaction). */
export interface Migration {
  version: number;
  description: string;
  statements: (n: Names) => string[];
}

/** Largest integer a JSON number carries exactly: a missing next deadline sorts as this (after every instant). */
export const NO_DEADLINE = Number.MAX_SAFE_INTEGER;

/** `status` from `stage` (as the desk derives it), for rows written before schema 2. */
const STATUS_OF_STAGE = `CASE stage WHEN 'archived' THEN 'archived' WHEN 'closed' THEN 'closed' ELSE 'open' END`;

/**
 * A DO block granting on `to` every privilege others hold on `from`, so that
 * rebuilding a table keeps what an administrator granted the application role.
 */
function copyGrants(from: string, to: string[]): string {
  const grants = to
    .map((t) => `EXECUTE format('GRANT %s ON TABLE ${t} TO %s%s', g.privilege_type,
        CASE WHEN g.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(g.grantee)) END,
        CASE WHEN g.is_grantable THEN ' WITH GRANT OPTION' ELSE '' END);`)
    .join('\n      ');
  return `DO $redress$ DECLARE g record; BEGIN
    FOR g IN SELECT a.privilege_type, a.grantee, a.is_grantable
      FROM pg_class c, aclexplode(c.relacl) AS a WHERE c.oid = '${from}'::regclass AND a.grantee <> c.relowner
    LOOP
      ${grants}
    END LOOP;
  END $redress$`;
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
  {
    version: 2,
    description: 'intake and summaries split from records, one timeline row per commit, json columns, timer quarantine, claimable-at columns',
    statements: (n) => [
      // The intake, written once at filing from now on.
      `CREATE TABLE ${n.intake} (
        id text COLLATE "C" PRIMARY KEY,
        intake json NOT NULL
      )`,
      `INSERT INTO ${n.intake} (id, intake)
        SELECT id, (snapshot -> 'context' -> 'intake')::json FROM ${n.records}
        WHERE jsonb_typeof(snapshot -> 'context') = 'object' AND (snapshot -> 'context') ? 'intake'`,
      // The filters that rarely change.
      `CREATE TABLE ${n.summaries} (
        id text COLLATE "C" PRIMARY KEY,
        severity text,
        categories text[] NOT NULL,
        department text,
        assignee text,
        customer_id text NOT NULL,
        channel text NOT NULL,
        escalation_level integer NOT NULL CHECK (escalation_level >= 0),
        breached boolean NOT NULL,
        at_risk boolean NOT NULL,
        filed_at bigint NOT NULL
      ) WITH (fillfactor = 90)`,
      `INSERT INTO ${n.summaries} (id, severity, categories, department, assignee, customer_id, channel, escalation_level, breached, at_risk, filed_at)
        SELECT id, severity, categories, department, assignee, customer_id, coalesce(summary ->> 'channel', ''), greatest(escalation_level, 0), breached, at_risk, filed_at
        FROM ${n.records}`,
      // The records, rebuilt: small columns first, the snapshot (json, without the intake) last.
      `CREATE TABLE ${n.table('records_v2')} (
        id text COLLATE "C" NOT NULL,
        version integer NOT NULL,
        machine_version integer NOT NULL,
        stage text NOT NULL,
        status text NOT NULL CHECK (status IN ('open', 'closed', 'archived')),
        step text NOT NULL,
        outcome text,
        filed_at bigint NOT NULL,
        updated_at bigint NOT NULL,
        closed_at bigint,
        next_deadline bigint,
        timers json NOT NULL,
        snapshot json,
        snapshot_deflate bytea,
        CONSTRAINT ${n.index('records_v2_pkey')} PRIMARY KEY (id),
        CONSTRAINT ${n.index('records_snapshot_check')} CHECK ((snapshot IS NULL) <> (snapshot_deflate IS NULL))
      ) WITH (fillfactor = 70)`,
      `INSERT INTO ${n.table('records_v2')} (id, version, machine_version, stage, status, step, outcome, filed_at, updated_at, closed_at, next_deadline, timers, snapshot)
        SELECT id, version, machine_version, stage, ${STATUS_OF_STAGE}, step, summary ->> 'outcome', filed_at, updated_at, closed_at, next_deadline, timers::json,
          (CASE WHEN jsonb_typeof(snapshot -> 'context') = 'object' THEN snapshot #- '{context,intake}' ELSE snapshot END)::json
        FROM ${n.records}`,
      copyGrants(n.records, [n.table('records_v2'), n.intake, n.summaries]),
      `DROP TABLE ${n.records}`,
      `ALTER TABLE ${n.table('records_v2')} RENAME TO ${n.index('records')}`,
      `ALTER TABLE ${n.records} RENAME CONSTRAINT ${n.index('records_v2_pkey')} TO ${n.index('records_pkey')}`,
      `CREATE INDEX ${n.index('records_updated_idx')} ON ${n.records} (updated_at, id)`,
      `CREATE INDEX ${n.index('records_deadline_idx')} ON ${n.records} ((coalesce(next_deadline, ${NO_DEADLINE})), id)`,
      `CREATE INDEX ${n.index('records_status_idx')} ON ${n.records} (status, stage, filed_at, id)`,
      `CREATE INDEX ${n.index('summaries_filed_idx')} ON ${n.summaries} (filed_at, id)`,
      `CREATE INDEX ${n.index('summaries_customer_idx')} ON ${n.summaries} (customer_id, filed_at, id)`,
      `CREATE INDEX ${n.index('summaries_severity_idx')} ON ${n.summaries} (severity, filed_at, id) WHERE severity IS NOT NULL`,
      `CREATE INDEX ${n.index('summaries_category_idx')} ON ${n.summaries} USING gin (categories) WITH (fastupdate = off) WHERE categories <> '{}'`,
      `CREATE INDEX ${n.index('summaries_dept_idx')} ON ${n.summaries} (department, filed_at, id) WHERE department IS NOT NULL`,
      `CREATE INDEX ${n.index('summaries_assignee_idx')} ON ${n.summaries} (assignee, filed_at, id) WHERE assignee IS NOT NULL`,
      `CREATE INDEX ${n.index('summaries_level_idx')} ON ${n.summaries} (escalation_level, filed_at, id) WHERE escalation_level > 0`,
      `CREATE INDEX ${n.index('summaries_breached_idx')} ON ${n.summaries} (filed_at, id) WHERE breached`,
      `CREATE INDEX ${n.index('summaries_at_risk_idx')} ON ${n.summaries} (filed_at, id) WHERE at_risk`,
      // The timeline: one row per commit, its entries as [version, seq, at, kind, type, actorId, actorRole, data].
      `CREATE TABLE ${n.table('timeline_v2')} (
        complaint_id text COLLATE "C" NOT NULL,
        version integer NOT NULL,
        entries json NOT NULL,
        CONSTRAINT ${n.index('timeline_v2_pkey')} PRIMARY KEY (complaint_id, version)
      )`,
      `INSERT INTO ${n.table('timeline_v2')} (complaint_id, version, entries)
        SELECT complaint_id, version, json_agg(json_build_array(version, seq, at, kind, type, actor ->> 'id', actor ->> 'role', data) ORDER BY seq)
        FROM ${n.timeline} GROUP BY complaint_id, version`,
      copyGrants(n.timeline, [n.table('timeline_v2')]),
      `DROP TABLE ${n.timeline}`,
      `ALTER TABLE ${n.table('timeline_v2')} RENAME TO ${n.index('timeline')}`,
      `ALTER TABLE ${n.timeline} RENAME CONSTRAINT ${n.index('timeline_v2_pkey')} TO ${n.index('timeline_pkey')}`,
      // Timers: quarantine and parking, and when each can next be claimed (NULL once parked).
      `ALTER TABLE ${n.timers}
        ADD COLUMN available_at bigint,
        ADD COLUMN attempts integer NOT NULL DEFAULT 0,
        ADD COLUMN last_error text,
        ADD COLUMN failed_at bigint,
        ADD COLUMN retry_at bigint,
        ADD COLUMN parked boolean NOT NULL DEFAULT false`,
      `UPDATE ${n.timers} SET available_at = greatest(due_at, coalesce(lease_until, 0))`,
      `ALTER TABLE ${n.timers} ADD CONSTRAINT ${n.index('timers_available_check')} CHECK ((available_at IS NULL) = parked)`,
      `DROP INDEX ${n.qualifiedIndex('timers_due_idx')}`,
      `CREATE INDEX ${n.index('timers_available_idx')} ON ${n.timers} (available_at, complaint_id, key) WHERE available_at IS NOT NULL`,
      `CREATE INDEX ${n.index('timers_attention_idx')} ON ${n.timers} (failed_at, complaint_id, key) WHERE lease_owner IS NOT NULL OR attempts > 0`,
      // Outbox: when each pending message can next be claimed (NULL unless pending); json payloads.
      `ALTER TABLE ${n.outbox} ADD COLUMN available_at bigint`,
      `UPDATE ${n.outbox} SET available_at = greatest(next_attempt_at, coalesce(lease_until, 0)) WHERE status = 'pending'`,
      `ALTER TABLE ${n.outbox}
        ALTER COLUMN payload TYPE json USING payload::json,
        ADD CONSTRAINT ${n.index('outbox_available_check')} CHECK ((status = 'pending') = (available_at IS NOT NULL))`,
      `DROP INDEX ${n.qualifiedIndex('outbox_pending_idx')}`,
      `DROP INDEX ${n.qualifiedIndex('outbox_status_idx')}`,
      `CREATE INDEX ${n.index('outbox_available_idx')} ON ${n.outbox} (available_at, id) WHERE available_at IS NOT NULL`,
      `CREATE INDEX ${n.index('outbox_parked_idx')} ON ${n.outbox} (created_at, id) WHERE status = 'parked'`,
      `ALTER TABLE ${n.idempotency} ALTER COLUMN result TYPE json USING result::json`,
    ],
  },
];

/** The newest schema version this release knows. */
export const SCHEMA_VERSION = migrations[migrations.length - 1]!.version;

/** The table `migrate()` records applied versions in (created by the first `migrate()`). */
export function schemaVersionTableSql(n: Names): string {
  return `CREATE TABLE ${n.schemaVersion} (
    version integer PRIMARY KEY,
    description text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
  )`;
}

/**
 * Create or upgrade the tables: one transaction under an advisory lock, so
 * concurrent callers (several processes starting at once) apply each
 * migration exactly once; the others wait, then find nothing to do.
 *
 * @param target - stop at this version (tests build older schemas with it); default the newest
 * @returns the schema version before and after
 * @throws StoreUnavailableError when the tables are newer than this release
 */
export async function migrate(exec: Executor, n: Names, target = SCHEMA_VERSION): Promise<{ from: number; to: number }> {
  return exec.transaction(async (q) => {
    await q('SELECT pg_advisory_xact_lock(hashtext($1)::bigint)', [n.lockKey]);
    // Look before creating: CREATE … IF NOT EXISTS still needs the CREATE privilege,
    // which an application role may lack once the tables exist.
    if (n.schema !== undefined) {
      const found = await q('SELECT 1 FROM pg_namespace WHERE nspname = $1', [n.schema]);
      if (found.length === 0) await q(`CREATE SCHEMA "${n.schema}"`);
    }
    const [versionTable] = await q<{ t: unknown }>('SELECT to_regclass($1)::text AS t', [n.schemaVersion]);
    if (versionTable?.t === null || versionTable?.t === undefined) await q(schemaVersionTableSql(n));
    const [row] = await q<{ v: number | string }>(`SELECT coalesce(max(version), 0) AS v FROM ${n.schemaVersion}`);
    const from = Number(row?.v ?? 0);
    let to = from;
    if (from > SCHEMA_VERSION) {
      throw new StoreUnavailableError(`the tables are at schema version ${from}, newer than this release knows (${SCHEMA_VERSION}): upgrade redress`);
    }
    for (const m of migrations) {
      if (m.version <= from || m.version > target) continue;
      for (const statement of m.statements(n)) await q(statement);
      await q(`INSERT INTO ${n.schemaVersion} (version, description) VALUES ($1, $2)`, [m.version, m.description]);
      to = m.version;
    }
    return { from, to };
  });
}
