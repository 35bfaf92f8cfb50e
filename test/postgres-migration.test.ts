/**
 * redress/postgres: a database created by schema 1 (the previous release's
 * store) with complaints in it is migrated by `migrate()` to the current
 * schema, and every complaint keeps working.
 *
 * test/fixtures/v1/postgres-rows.json holds the rows of every table of a
 * schema-1 database (made by the previous release's store on PGlite) with 17
 * complaints at every stage; test/fixtures/v1/complaints.json holds, per
 * complaint, the continuation steps and what the previous release showed
 * after each. Here: schema 1 is created with migration 1's own statements,
 * the rows are inserted as they were, `migrate()` runs, and a desk on the
 * upgraded store must show each complaint as the previous release did and
 * run each continuation to the end with the same deadlines (the comparison
 * and the follow-up-independence substitution of test/migration-v1.test.ts).
 *
 * On PGlite always; on the server at DATABASE_URL when it is set (and then
 * the test FAILS when the server cannot be reached).
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { postgresStore, SCHEMA_VERSION, type PostgresClient } from '../src/adapters/postgres/index.js';
import { migrations, schemaVersionTableSql } from '../src/adapters/postgres/migrations.js';
import { namesFor, type Names } from '../src/adapters/postgres/names.js';
import {
  createDesk,
  manualClock,
  memoryNotifier,
  presets,
  type Actor,
  type ComplaintCommand,
  type ComplaintRecord,
  type ComplaintView,
  type DeadlineView,
  type TimelineEntry,
} from '../src/index.js';

interface Expectation {
  stage: string;
  step: string;
  escalationLevel: number;
  outcome: string | null;
  status: 'active' | 'done';
  deadlines: DeadlineView[];
}
interface Fixture {
  id: string;
  name: string;
  policy: 'guideline' | 'psd2' | 'fcaDisp';
  record: ComplaintRecord;
  timeline: TimelineEntry[];
  before: Expectation;
  continuation: { at: string; send?: ComplaintCommand; actor?: Actor }[];
  expected: Expectation[];
}
type Rows = Record<'records' | 'timeline' | 'timers' | 'outbox' | 'idempotency', Record<string, unknown>[]>;

const fixtures = JSON.parse(readFileSync(new URL('./fixtures/v1/complaints.json', import.meta.url), 'utf8')) as Fixture[];
const rows = JSON.parse(readFileSync(new URL('./fixtures/v1/postgres-rows.json', import.meta.url), 'utf8')) as Rows;
const DATABASE_URL = process.env.DATABASE_URL;

// ---------------------------------------------------------------------------
// The comparison of test/migration-v1.test.ts

/** Version 1 named the single step of four stages; the current machine names the stage alone. */
const stepOf = (v1: string): string =>
  ({ 'received.registered': 'received', 'triage.classifying': 'triage', 'executing.inProgress': 'executing', 'followUp.pending': 'followUp' })[v1] ?? v1;

const byClock = (ds: DeadlineView[]) => [...ds].sort((a, b) => (a.clock < b.clock ? -1 : 1));

function same(view: ComplaintView, want: Expectation, where: string): void {
  expect({ where, stage: view.stage, step: view.step, level: view.escalationLevel, outcome: view.outcome, archived: view.status === 'archived' }).toEqual({
    where,
    stage: want.stage,
    step: stepOf(want.step),
    level: want.escalationLevel,
    outcome: want.outcome,
    archived: want.status === 'done',
  });
  expect({ where, deadlines: byClock(view.deadlines) }).toEqual({ where, deadlines: byClock(want.deadlines) });
}

// ---------------------------------------------------------------------------
// Engines

interface Engine {
  name: string;
  client(): Promise<PostgresClient>;
  /** A fresh, empty placement. */
  fresh(): { schema: string; tablePrefix: string };
  /** One statement, outside any transaction. */
  exec(text: string, params?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
}

let lite: Promise<PGlite> | undefined;
const liteDb = () => (lite ??= PGlite.create());
let places = 0;
const pglite: Engine = {
  name: 'PGlite',
  client: liteDb,
  fresh: () => ({ schema: `mig_${++places}`, tablePrefix: 'redress_' }),
  exec: async (text, params) => (await liteDb()).query<Record<string, unknown>>(text, params),
};

const runSchema = `redress_migtest_${randomBytes(5).toString('hex')}`;
let pool: pg.Pool | undefined;
const serverPool = () => (pool ??= new pg.Pool({ connectionString: DATABASE_URL, max: 4, connectionTimeoutMillis: 10_000 }));
const server: Engine = {
  name: 'PostgreSQL server',
  client: async () => serverPool(),
  fresh: () => ({ schema: runSchema, tablePrefix: `m${++places}_` }),
  exec: (text, params) => serverPool().query(text, params),
};

afterAll(async () => {
  if (pool) {
    try {
      await pool.query(`DROP SCHEMA IF EXISTS "${runSchema}" CASCADE`);
    } finally {
      await pool.end();
    }
  }
  if (lite) await (await lite).close();
});

/** The tables as the previous release left them: schema 1 (its own statements), holding `only` complaints' rows (all by default). */
async function schemaOneWith(engine: Engine, only?: string): Promise<{ placement: { schema: string; tablePrefix: string }; n: Names }> {
  const placement = engine.fresh();
  const n = namesFor(placement);
  await engine.exec(`CREATE SCHEMA IF NOT EXISTS "${placement.schema}"`);
  await engine.exec(schemaVersionTableSql(n));
  const v1 = migrations.find((m) => m.version === 1)!;
  for (const statement of v1.statements(n)) await engine.exec(statement);
  await engine.exec(`INSERT INTO ${n.schemaVersion} (version, description) VALUES (1, $1)`, [v1.description]);
  const mine = (r: Record<string, unknown>) => only === undefined || (r.complaint_id ?? r.id) === only;
  const tables: [keyof Rows, string][] = [
    ['records', n.records],
    ['timeline', n.timeline],
    ['timers', n.timers],
    ['outbox', n.outbox],
    ['idempotency', n.idempotency],
  ];
  for (const [key, table] of tables) {
    const these = rows[key].filter(mine);
    if (these.length > 0) await engine.exec(`INSERT INTO ${table} SELECT * FROM json_populate_recordset(NULL::${table}, $1::json)`, [JSON.stringify(these)]);
  }
  return { placement, n };
}

function deskFor(store: ReturnType<typeof postgresStore>, f: Fixture) {
  const clock = manualClock(f.record.summary.updatedAt);
  return { desk: createDesk({ store, notifier: memoryNotifier(), policy: presets[f.policy], clock, scheduler: false }), clock };
}

function suite(engine: Engine) {
  describe(`a schema-1 database with complaints, migrated on ${engine.name}`, () => {
    it('migrates all 17 complaints at once and shows each as the previous release did; nothing is lost', async () => {
      expect(rows.records).toHaveLength(17);
      const { placement, n } = await schemaOneWith(engine);
      const store = postgresStore(await engine.client(), placement);
      await store.migrate();
      await store.migrate(); // idempotent
      expect((await engine.exec(`SELECT version FROM ${n.schemaVersion} ORDER BY version`)).rows.map((r) => Number(r.version))).toEqual([1, 2]);
      expect(SCHEMA_VERSION).toBe(2);

      for (const f of fixtures) {
        const { desk } = deskFor(store, f);
        same(await desk.get(f.id), f.before, `${f.id} after the migration`);
        // The timeline is the one the previous release wrote, entry for entry.
        const v1Timeline = rows.timeline.filter((r) => r.complaint_id === f.id).length;
        expect({ id: f.id, entries: (await store.timeline(f.id)).length }).toEqual({ id: f.id, entries: v1Timeline });
        // The stored snapshot comes back whole (with its intake), as the previous release stored it.
        const record = await store.load(f.id);
        expect(record?.machineVersion).toBe(1);
        expect(record?.snapshot).toEqual(rows.records.find((r) => r.id === f.id)!.snapshot);
      }
      expect((await store.timeline('v1-02')).map((e) => `${e.version}.${e.seq}`)).toEqual(
        rows.timeline.filter((r) => r.complaint_id === 'v1-02').map((r) => `${String(r.version)}.${String(r.seq)}`),
      );
      // Every timer and message is still there, claimable as before.
      expect(Number((await engine.exec(`SELECT count(*) AS c FROM ${n.timers}`)).rows[0]!.c)).toBe(rows.timers.length);
      expect((await store.outbox()).length).toBe(rows.outbox.length);
      expect((await store.outbox({ status: 'pending' })).length).toBe(rows.outbox.filter((m) => m.status === 'pending').length);
      expect(await store.nextDueAt()).toBe(Math.min(...rows.timers.map((t) => Number(t.due_at))));
      // list: with the status the previous release did not store.
      const all = await store.list({ limit: 100 });
      expect(all.items.map((s) => s.id).sort()).toEqual(fixtures.map((f) => f.id).sort());
      const archived = await store.list({ status: 'archived' });
      expect(archived.items.map((s) => s.id)).toEqual(fixtures.filter((f) => f.record.summary.stage === 'archived').map((f) => f.id));
      expect((await store.list({ status: 'open', sort: 'nextDeadline' })).items.every((s) => s.status === 'open')).toBe(true);
      // The idempotency results of the previous release are kept.
      const [k] = rows.idempotency;
      expect(await store.idempotency(String(k!.key))).toEqual({ key: k!.key, complaintId: k!.complaint_id, version: k!.version, result: k!.result });
    }, 60_000);

    if (engine === pglite) {
      // (Roles are cluster-wide: only on the embedded engine, where the database is this test's own.)
      it('keeps what was granted on the rebuilt tables, and grants the same on the new ones', async () => {
        const { placement, n } = await schemaOneWith(engine, 'v1-01');
        const role = `redress_app_${randomBytes(3).toString('hex')}`;
        await engine.exec(`CREATE ROLE ${role}`);
        await engine.exec(`GRANT USAGE ON SCHEMA "${placement.schema}" TO ${role}`);
        for (const t of [n.records, n.timeline, n.timers, n.outbox, n.idempotency]) await engine.exec(`GRANT SELECT, INSERT, UPDATE ON ${t} TO ${role}`);
        await postgresStore(await engine.client(), placement).migrate();
        const can = async (table: string, privilege: string) =>
          (await engine.exec(`SELECT has_table_privilege($1, $2, $3) AS ok`, [role, table, privilege])).rows[0]!.ok;
        for (const t of [n.records, n.timeline, n.timers, n.outbox, n.idempotency, n.intake, n.summaries]) {
          expect({ t, select: await can(t, 'SELECT'), insert: await can(t, 'INSERT'), update: await can(t, 'UPDATE'), delete: await can(t, 'DELETE') }).toEqual({
            t,
            select: true,
            insert: true,
            update: true,
            delete: false,
          });
        }
      });
    }

    for (const f of fixtures) {
      it(`${f.id} ${f.name}: upgraded, runs its continuation to the end with the same deadlines`, async () => {
        // Each complaint in a database of its own, as the memory-store test does (another complaint's
        // timers firing on this one's clock would change it before its turn).
        const { placement } = await schemaOneWith(engine, f.id);
        const store = postgresStore(await engine.client(), placement);
        await store.migrate();
        const { desk, clock } = deskFor(store, f);
        same(await desk.get(f.id), f.before, 'after the upgrade');
        for (const [i, step] of f.continuation.entries()) {
          const at = Date.parse(step.at);
          if (at > clock.now()) clock.set(at);
          await desk.runDue();
          if (step.send) {
            let actor = step.actor!;
            // Version 1 let anyone but the current assignee record the follow-up; now nobody who ever handled
            // the complaint may: such a step is refused, and an independent reviewer records it instead.
            if (step.send.type === 'RECORD_FOLLOW_UP' && (await desk.get(f.id)).internal!.involved.includes(actor.id)) {
              await expect(desk.send(f.id, step.send, { actor })).rejects.toMatchObject({ code: 'FORBIDDEN' });
              actor = { id: 'qa-reviewer', role: 'supervisor' };
            }
            await desk.send(f.id, step.send, { actor });
          }
          await desk.dispatch();
          same(await desk.get(f.id), f.expected[i]!, `continuation step ${i} (${step.send?.type ?? 'timers'} at ${step.at})`);
        }
        // A complaint that changed was written back by the current machine; an archived one is only read.
        const stored = await store.load(f.id);
        expect(stored!.machineVersion).toBe(f.before.stage === 'archived' ? 1 : 2);
        // Nothing the desk committed left a message undelivered.
        expect(await store.outbox({ status: 'pending' })).toEqual([]);
      }, 60_000);
    }
  });
}

suite(pglite);

if (DATABASE_URL) {
  describe('PostgreSQL server at DATABASE_URL (migration)', () => {
    it('is reachable (set DATABASE_URL only where a server runs)', async () => {
      const { rows: r } = await serverPool().query('SELECT 1 AS ok');
      expect(r).toEqual([{ ok: 1 }]);
    });
    suite(server);
  });
} else {
  describe('PostgreSQL server at DATABASE_URL (migration)', () => {
    it('needs DATABASE_URL for the server run (not set here; PGlite ran it above)', () => expect(process.env.DATABASE_URL).toBeUndefined());
  });
}
