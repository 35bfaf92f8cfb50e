/**
 * redress/postgres: the store conformance suite and PostgreSQL-specific
 * behaviour (migrations, desk lifecycle, index use, failures, machine
 * versions), on two engines:
 * - PGlite (embedded PostgreSQL in WebAssembly): always, no server needed;
 *   one in-memory instance for the file, a fresh schema per store;
 * - the server at DATABASE_URL, when it is set: one schema
 *   `redress_test_<random>` for the run (a fresh table prefix per store),
 *   dropped afterwards. When DATABASE_URL is set and the server cannot be
 *   reached these tests FAIL, they are never skipped.
 */
import { randomBytes } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { postgresStore, SCHEMA_VERSION, type PostgresClient, type PostgresStore } from '../src/adapters/postgres/index.js';
import { buildPostgresStore } from '../src/adapters/postgres/store.js';
import { claimDueSql, claimOutboxSql, statsSql, timerProblemsSql } from '../src/adapters/postgres/claims.js';
import { preparesOn } from '../src/adapters/postgres/client.js';
import { listSql, recordsSql } from '../src/adapters/postgres/list.js';
import { namesFor } from '../src/adapters/postgres/names.js';
import { recordQueries } from '../src/adapters/postgres/records.js';
import { memoryStore } from '../src/adapters/memory-store.js';
import { memoryNotifier } from '../src/adapters/notifiers.js';
import type { Commit, ComplaintStore, ListQuery, ListSort, PersistedComplaintSnapshot } from '../src/adapters/types.js';
import { manualClock } from '../src/desk/clock.js';
import { createDesk, MACHINE_VERSION, type DeskOptions } from '../src/desk/desk.js';
import { ConflictError, RedressError } from '../src/errors.js';
import type { ComplaintCommand } from '../src/schemas/events.js';
import { describeStoreContract } from '../src/testing/index.js';

const DATABASE_URL = process.env.DATABASE_URL;
const MIN = 60_000;
const HOUR = 60 * MIN;
const START = Date.parse('2026-11-23T09:00:00+08:00'); // a Monday in Shanghai

// --------------------------------------------------------------------------
// Engines

/** Where a test gets its stores from, and raw SQL access to their tables. */
interface Engine {
  name: string;
  /** The client stores are built on. */
  client(): Promise<PostgresClient>;
  /** Options placing a fresh, empty set of tables. */
  fresh(): { schema: string; tablePrefix?: string };
  /** Run one statement outside any transaction. */
  exec(text: string): Promise<unknown>;
  /** Run `fn` in a transaction on one connection, then roll it back (for SET LOCAL + EXPLAIN). */
  inTransaction<T>(fn: (q: (text: string, params?: unknown[]) => Promise<{ rows: Record<string, unknown>[] }>) => Promise<T>): Promise<T>;
}

let lite: Promise<PGlite> | undefined;
const liteDb = () => (lite ??= PGlite.create());
let liteSchemas = 0;

const pglite: Engine = {
  name: 'PGlite',
  client: liteDb,
  fresh: () => ({ schema: `lite_${++liteSchemas}` }),
  exec: async (text) => (await liteDb()).query(text),
  async inTransaction(fn) {
    const db = await liteDb();
    return db.transaction(async (tx) => {
      const result = await fn((text, params) => tx.query<Record<string, unknown>>(text, params));
      await tx.rollback();
      return result;
    });
  },
};

const runSchema = `redress_test_${randomBytes(5).toString('hex')}`;
let pool: pg.Pool | undefined;
let serverPrefixes = 0;
const serverPool = () =>
  (pool ??= new pg.Pool({ connectionString: DATABASE_URL, max: 6, connectionTimeoutMillis: 10_000 }));

const server: Engine = {
  name: 'PostgreSQL server',
  client: async () => serverPool(),
  fresh: () => ({ schema: runSchema, tablePrefix: `t${++serverPrefixes}_` }),
  exec: (text) => serverPool().query(text),
  async inTransaction(fn) {
    const conn = await serverPool().connect();
    try {
      await conn.query('BEGIN');
      return await fn((text, params) => conn.query(text, params));
    } finally {
      await conn.query('ROLLBACK').catch(() => undefined);
      conn.release();
    }
  },
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

async function storeOn(engine: Engine): Promise<PostgresStore> {
  const store = postgresStore(await engine.client(), engine.fresh());
  await store.migrate();
  return store;
}

// --------------------------------------------------------------------------
// Desk helpers

const agent = { id: 'agent-1', role: 'agent' as const };
const supervisor = { id: 'sup-1', role: 'supervisor' as const };
const customer = { id: 'cu1', role: 'customer' as const };

const intake = (id: string) => ({
  id,
  customer: { id: 'cu1', name: 'Li Lei', phone: '13800000000' },
  channel: 'phone' as const,
  description: 'The kettle leaks after two days. 水壶漏水。',
  demand: 'Replace it',
  emotion: 'anxious' as const,
  motive: 'compensation' as const,
});

function deskOn(store: ComplaintStore, extra: Partial<DeskOptions> = {}) {
  const clock = manualClock(START);
  const notifier = memoryNotifier();
  const desk = createDesk({ store, notifier, clock, scheduler: false, retry: { sleep: async () => {} }, ...extra });
  return { desk, clock, notifier };
}

/**
 * A whole lifecycle through the desk: an unacknowledged complaint breaches
 * and escalates on virtual time (runDue), notifications go out (dispatch),
 * then it is handled to the end and archived. Returns what it observed.
 */
async function lifecycle(store: ComplaintStore) {
  const { desk, clock, notifier } = deskOn(store);
  const seen: unknown[] = [];
  const step = async (v: Promise<unknown>) => seen.push(await v);

  await step(desk.file(intake('C-1'), { actor: agent, idempotencyKey: 'file-C-1' }));
  await step(desk.file(intake('C-1'), { actor: agent, idempotencyKey: 'file-C-1' })); // replayed: same result
  clock.advance(25 * HOUR); // the 24 h acknowledgement deadline passes (warning at 80 % on the way)
  const due = await desk.runDue();
  seen.push(due);
  seen.push(await desk.dispatch());
  const afterBreach = await desk.get('C-1');
  seen.push(afterBreach);
  seen.push((await desk.list({ breached: true })).items.map((s) => s.id));

  const send = async (event: ComplaintCommand, actor: { id: string; role: 'agent' | 'customer' | 'supervisor' } = agent, key?: string) => {
    clock.advance(5 * MIN);
    await step(desk.send('C-1', event, { actor, ...(key ? { idempotencyKey: key } : {}) }));
  };
  await send({ type: 'ACKNOWLEDGE' }, agent, 'ack');
  await step(desk.send('C-1', { type: 'ACKNOWLEDGE' }, { actor: agent, idempotencyKey: 'ack' })); // replayed
  await send({ type: 'TRIAGE', categories: ['product_quality'], severity: 'normal', department: 'quality' });
  await send({ type: 'CONTACT_CUSTOMER' });
  await send({ type: 'RECORD_ROOT_CAUSE', method: 'five_whys', cause: 'bad seal', liability: 'supplier' });
  await send({ type: 'PROPOSE', remedies: ['replace'], executeBy: clock.now() + 48 * HOUR });
  await send({ type: 'ACCEPT' }, customer);
  await send({ type: 'COMPLETE_EXECUTION' });
  await send({ type: 'RECORD_FOLLOW_UP', satisfaction: 'satisfied' }, { id: 'qa-1', role: 'supervisor' }); // someone who never handled it
  await send({ type: 'ARCHIVE' }, supervisor);
  seen.push(await desk.dispatch());

  return {
    seen,
    due,
    afterBreach,
    final: await desk.get('C-1'),
    timeline: await desk.timeline('C-1'),
    // Payloads are what the notifier received (`sent`); a store may drop them once delivered.
    outbox: (await desk.outbox()).map(({ payload: _, ...m }) => m),
    sent: notifier.sent,
    archived: (await desk.list({ stage: 'archived' })).items.map((s) => s.id),
    nextDue: await store.nextDueAt(),
  };
}

// --------------------------------------------------------------------------
// Plans

/** Every index an EXPLAIN (FORMAT JSON) plan reads. */
function indexesIn(plan: unknown): string[] {
  const out: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      for (const [k, v] of Object.entries(node)) {
        if (k === 'Index Name' && typeof v === 'string') out.push(v);
        else walk(v);
      }
    }
  };
  walk(plan);
  return out;
}

/** The relations an EXPLAIN (FORMAT JSON) plan reads with a sequential scan. */
function seqScansIn(plan: unknown): string[] {
  const out: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      if (o['Node Type'] === 'Seq Scan' && typeof o['Relation Name'] === 'string') out.push(o['Relation Name']);
      for (const v of Object.values(o)) walk(v);
    }
  };
  walk(plan);
  return out;
}

/**
 * The plan of a statement. Sequential scans are made costly (not forbidden): at
 * this size the planner would often read a small table whole, which says
 * nothing about how the query scales; where no index can serve a query, a
 * sequential scan still shows up and fails the check.
 */
async function explainPlan(engine: Engine, text: string, params: unknown[]): Promise<unknown> {
  return engine.inTransaction(async (q) => {
    await q('SET LOCAL enable_seqscan = off');
    const { rows } = await q(`EXPLAIN (FORMAT JSON) ${text}`, params);
    const raw = rows[0]?.['QUERY PLAN'];
    return typeof raw === 'string' ? JSON.parse(raw) : raw;
  });
}

// --------------------------------------------------------------------------
// Failing clients

const timeoutError = () => Object.assign(new Error('canceling statement due to statement timeout'), { code: '57014' });
const shutdownError = () => Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' });

/** A client over PGlite whose queries fail while `fail` says so. */
function flakyClient(db: PGlite) {
  const control: { fail?: (text: string) => Error | undefined } = {};
  const client: PostgresClient = {
    async query(text, params) {
      const error = control.fail?.(text);
      if (error) throw error;
      return db.query(text, params);
    },
  };
  return { client, control };
}

async function rejection(p: Promise<unknown>): Promise<RedressError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(RedressError);
    return e as RedressError;
  }
  throw new Error('expected a rejection');
}

// --------------------------------------------------------------------------

function suite(engine: Engine) {
  describeStoreContract(`postgresStore on ${engine.name}`, () => storeOn(engine), { describe, it, expect });

  describe(`postgresStore on ${engine.name}`, () => {
    it('migrates idempotently, and concurrently from two clients', async () => {
      const placement = engine.fresh();
      const names = namesFor(placement);
      const [a, b] = await twoClients(engine);
      try {
        const s1 = postgresStore(a, placement);
        const s2 = postgresStore(b, placement);
        await Promise.all([s1.migrate(), s2.migrate(), s1.migrate()]);
        await s2.migrate();
        const versions = await a.query(`SELECT version FROM ${names.schemaVersion} ORDER BY version`);
        expect(versions.rows).toEqual([{ version: 1 }, { version: 2 }]);
        expect(SCHEMA_VERSION).toBe(2);
        await s1.commit(commitFor('m1'));
        expect((await s2.load('m1'))?.version).toBe(1);
      } finally {
        await closeExtra(b);
      }
    });

    it('runs a whole desk lifecycle, timers and outbox included, exactly as the memory store does', async () => {
      const store = await storeOn(engine);
      const got = await lifecycle(store);
      const want = await lifecycle(memoryStore());
      expect(got.due.fired).toBeGreaterThanOrEqual(2); // the 80 % warning and the breach
      expect(got.afterBreach.escalationLevel).toBe(1);
      expect(got.final.stage).toBe('archived');
      expect(got.final.status).toBe('archived');
      expect(got.archived).toEqual(['C-1']);
      expect(got.sent.length).toBeGreaterThan(0);
      expect(new Set(got.sent.map((m) => m.id)).size).toBe(got.sent.length);
      expect(got.outbox.every((m) => m.status === 'sent')).toBe(true);
      expect(got.timeline.map((e) => `${e.version}.${e.seq}`)).toEqual(want.timeline.map((e) => `${e.version}.${e.seq}`));
      expect(got).toEqual(want);
    });

    it('serves every list filter, status, sort and order, the claims, records and stats from indexes, never a sequential scan', async () => {
      const placement = engine.fresh();
      const store = postgresStore(await engine.client(), placement);
      await store.migrate();
      const n = namesFor(placement);
      // Realistic shape: most complaints archived, few urgent or breached; filing order unrelated to insertion order.
      const rows = 5000;
      const filedAt = `${START} + ((i * 7919) % ${rows}) * 1000`;
      const id = `'x' || lpad(i::text, 6, '0')`;
      {
        const q = engine.exec;
        const stage = `CASE i % 50 WHEN 0 THEN 'triage' WHEN 1 THEN 'investigating' WHEN 2 THEN 'resolving' WHEN 3 THEN 'closed' ELSE 'archived' END`;
        await q(`INSERT INTO ${n.records} (id, version, machine_version, stage, status, step, outcome, filed_at, updated_at, closed_at, next_deadline, timers, snapshot)
          SELECT ${id}, 1, 1, ${stage}, CASE WHEN i % 50 = 3 THEN 'closed' WHEN i % 50 > 3 THEN 'archived' ELSE 'open' END, 'step', NULL,
            ${filedAt}, ${START} + ((i * 104729) % ${rows}) * 1000, NULL, CASE WHEN i % 50 < 3 THEN ${START} + i * 1000 END, '{}', '{}'
          FROM generate_series(1, ${rows}) AS i`);
        await q(`INSERT INTO ${n.summaries} (id, severity, categories, department, assignee, customer_id, channel, escalation_level, breached, at_risk, filed_at)
          SELECT ${id}, CASE WHEN i % 20 = 0 THEN 'urgent' WHEN i % 20 < 6 THEN 'general' ELSE 'normal' END,
            CASE WHEN i % 30 = 0 THEN ARRAY['billing'] ELSE ARRAY['product_quality'] END, 'dept' || (i % 20), 'a' || (i % 50), 'cu' || i, 'web',
            CASE WHEN i % 25 = 0 THEN i % 4 ELSE 0 END, i % 50 = 7, i % 40 = 1, ${filedAt}
          FROM generate_series(1, ${rows}) AS i`);
        await q(`INSERT INTO ${n.timers} (complaint_id, key, due_at, available_at, attempts, parked, failed_at)
          SELECT ${id}, 'k', ${filedAt}, CASE WHEN i % 500 <> 0 THEN ${filedAt} END, CASE WHEN i % 100 = 0 THEN 1 ELSE 0 END, i % 500 = 0,
            CASE WHEN i % 100 = 0 THEN ${START} END
          FROM generate_series(1, ${rows}) AS i`);
        await q(`INSERT INTO ${n.outbox} (id, complaint_id, version, kind, recipient, payload, created_at, status, attempts, next_attempt_at, available_at, last_error, sent_at)
          SELECT ${id} || ':1:k:r', ${id}, 1, 'k', 'r', '{}', ${filedAt}, CASE WHEN i % 100 = 0 THEN 'pending' WHEN i % 333 = 0 THEN 'parked' ELSE 'sent' END,
            1, ${filedAt}, CASE WHEN i % 100 = 0 THEN ${filedAt} END, NULL, NULL
          FROM generate_series(1, ${rows}) AS i`);
        for (const t of [n.records, n.summaries, n.timers, n.outbox]) await q(`ANALYZE ${t}`);
      }
      const ours = new Set(['records', 'summaries', 'timers', 'outbox', 'intake'].map((t) => `${placement.tablePrefix ?? 'redress_'}${t}`));
      const check = async (what: string, text: string, params: unknown[]) => {
        const plan = await explainPlan(engine, text, params);
        return { what, seqScans: seqScansIn(plan).filter((r) => ours.has(r)), usesIndex: indexesIn(plan).length > 0 };
      };
      const filters: ListQuery[] = [
        {},
        { stage: 'triage' },
        { stage: ['triage', 'investigating'] },
        { status: 'open' },
        { status: ['closed', 'archived'] },
        { status: 'open', stage: 'resolving' },
        { severity: 'urgent' },
        { severity: ['urgent', 'general'] },
        { category: 'billing' },
        { department: 'dept3' },
        { assignee: 'a7' },
        { customerId: 'cu42' },
        { escalationLevel: 2 },
        { breached: true },
        { breached: false },
        { atRisk: true },
        { atRisk: false },
        { filedFrom: START + 100_000, filedTo: START + 200_000 },
        { status: 'open', severity: 'urgent', breached: true },
      ];
      const sorts: ListSort[] = ['filedAt', 'updatedAt', 'nextDeadline'];
      const results = [];
      for (const f of filters) {
        for (const sort of sorts) {
          for (const order of ['asc', 'desc'] as const) {
            const query: ListQuery = { ...f, sort, order, limit: 50 };
            const { text, params } = listSql(n, query);
            results.push(await check(JSON.stringify(query), text, params));
            // …and the next page, from a cursor.
            const first = await store.list(query);
            if (first.next) {
              const page2 = listSql(n, { ...query, cursor: first.next });
              results.push(await check(`${JSON.stringify(query)} page 2`, page2.text, page2.params));
            }
          }
        }
      }
      const T = START + 2_000_000;
      const fixed: [string, string, unknown[]][] = [
        ['claimDue', claimDueSql(n), [T, 100, 'w', T + 60_000]],
        ['claimOutbox', claimOutboxSql(n), [T, 100, 'w', T + 60_000]],
        ['timerProblems', timerProblemsSql(n), [null, 1000]],
        ['stats', statsSql(n), [T]],
        ['load', recordQueries(n).load, ['x000042']],
        ['loadIfNewer', recordQueries(n).loadIfNewer, ['x000042', 1]],
        ['records', recordsSql(n, { limit: 100, filedFrom: START, filedTo: START + 1_000_000 }).text, recordsSql(n, { limit: 100, filedFrom: START, filedTo: START + 1_000_000 }).params],
      ];
      for (const [what, text, params] of fixed) results.push(await check(what, text, params));
      // `stats` counts every armed timer (an index-only count); everything else it counts is a backlog read through a partial index.
      const bad = results.filter((r) => r.seqScans.length > 0 || !r.usesIndex);
      expect(bad).toEqual([]);
      expect(results.length).toBeGreaterThan(filters.length * sorts.length * 2);
      // The claim and the default list read their own indexes.
      const idx = (name: string) => `${placement.tablePrefix ?? 'redress_'}${name}`;
      expect(indexesIn(await explainPlan(engine, claimDueSql(n), [T, 100, 'w', T + 60_000]))).toContain(idx('timers_available_idx'));
      expect(indexesIn(await explainPlan(engine, listSql(n, { limit: 50 }).text, listSql(n, { limit: 50 }).params))).toContain(idx('summaries_filed_idx'));
      expect(indexesIn(await explainPlan(engine, listSql(n, { sort: 'nextDeadline', limit: 50 }).text, listSql(n, { sort: 'nextDeadline', limit: 50 }).params))).toContain(idx('records_deadline_idx'));
      expect(indexesIn(await explainPlan(engine, listSql(n, { breached: true, limit: 50 }).text, listSql(n, { breached: true, limit: 50 }).params))).toContain(idx('summaries_breached_idx'));
      // And the pages themselves are right.
      const page = await store.list({ stage: 'triage', limit: 3 });
      expect(page.items).toHaveLength(3);
      expect(page.items.every((x) => x.stage === 'triage' && x.status === 'open')).toBe(true);
      expect(page.next).toBeDefined();
    });

    if (engine === server) {
      it('sends its fixed statements as named prepared statements by default, and unnamed with prepare: false', async () => {
        for (const prepare of [undefined, false]) {
          const client = new pg.Client({ connectionString: DATABASE_URL });
          await client.connect();
          try {
            const store = postgresStore(client, { ...engine.fresh(), ...(prepare === false ? { prepare } : {}) });
            await store.migrate();
            await store.commit(commitFor('P-1'));
            await store.load('P-1');
            const { rows } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM pg_prepared_statements WHERE name LIKE 'redress_%'`);
            expect({ prepare, named: Number(rows[0]!.n) >= 2 }).toEqual({ prepare, named: prepare === undefined });
          } finally {
            await client.end();
          }
        }
      });
    }

    it('gives every due timer to exactly one of several concurrent claimers', async () => {
      const store = await storeOn(engine);
      for (let c = 0; c < 10; c++) {
        const id = `k${c}`;
        await store.commit(commitFor(id, Array.from({ length: 20 }, (_, i) => ({ complaintId: id, key: `t${i}`, dueAt: START + i }))));
      }
      // Four workers claim at once (real concurrency on a server: FOR UPDATE SKIP LOCKED).
      const owners = ['A', 'B', 'C', 'D'];
      const batches = await Promise.all(owners.map((owner) => store.claimDue(START + 1000, 60, { owner, until: START + 60_000 })));
      const claimed = batches.flat().map((t) => `${t.complaintId}/${t.key}`);
      expect(claimed).toHaveLength(200);
      // Leased: nobody else gets them until the lease ends; then someone does.
      expect(await store.claimDue(START + 1000, 500, { owner: 'E', until: START + 60_000 })).toEqual([]);
      await store.releaseTimers(batches[0]!, 'A');
      expect(await store.claimDue(START + 1000, 500, { owner: 'E', until: START + 120_000 })).toHaveLength(batches[0]!.length);
      expect(await store.claimDue(START + 60_000, 500, { owner: 'F', until: START + 120_000 })).toHaveLength(200 - batches[0]!.length);
      expect(new Set(claimed).size).toBe(200);
    });
  });
}

/** Two independent clients on the engine's database (PGlite has one connection: the same instance twice). */
async function twoClients(engine: Engine): Promise<[PostgresClient, PostgresClient]> {
  if (engine === pglite) {
    const db = await liteDb();
    return [db, db];
  }
  // A second pool, and a single connection (pg.Client: transactions run on it directly, one call at a time).
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  return [serverPool(), client];
}

async function closeExtra(c: PostgresClient): Promise<void> {
  if (c instanceof pg.Client) await c.end();
}

/** A commit creating a record whose snapshot is opaque JSON (the store never interprets it). */
function commitFor(id: string, armTimers: Commit['armTimers'] = [], snapshot: unknown = { context: { id } }): Commit {
  return {
    expectedVersion: 0,
    record: {
      id,
      version: 1,
      machineVersion: 1,
      snapshot: snapshot as PersistedComplaintSnapshot,
      summary: {
        id,
        version: 1,
        stage: 'received',
        step: 'received',
        status: 'open',
        severity: null,
        categories: [],
        department: null,
        assignee: null,
        customerId: 'cu',
        channel: 'web',
        escalationLevel: 0,
        outcome: null,
        filedAt: START,
        updatedAt: START,
        closedAt: null,
        breached: false,
        atRisk: false,
        nextDeadline: null,
      },
      timers: Object.fromEntries(armTimers.map((t) => [t.key, t.dueAt])),
    },
    timeline: [],
    armTimers,
    disarmTimers: [],
    outbox: [],
  };
}

suite(pglite);

// The server suites run where a server does (.ci/run sets DATABASE_URL); elsewhere one test records why not.
if (DATABASE_URL) {
  describe('PostgreSQL server at DATABASE_URL', () => {
    it('is reachable (set DATABASE_URL only where a server runs)', async () => {
      const { rows } = await serverPool().query('SELECT 1 AS ok');
      expect(rows).toEqual([{ ok: 1 }]);
    });
    suite(server);
  });
} else {
  describe('PostgreSQL server at DATABASE_URL', () => {
    it('needs DATABASE_URL for the server suites (not set here; PGlite ran them above)', () => expect(process.env.DATABASE_URL).toBeUndefined());
  });
}

describeStoreContract('postgresStore on PGlite, snapshots as json (compressSnapshots: false)', async () => {
  const store = postgresStore(await liteDb(), { ...pglite.fresh(), compressSnapshots: false });
  await store.migrate();
  return store;
}, { describe, it, expect });

describe('postgresStore: the write path', () => {
  /** A store, its tables, and the row versions (xmin) of one complaint's rows. */
  async function setup(options: { compressSnapshots?: boolean } = {}) {
    const db = await liteDb();
    const placement = pglite.fresh();
    const store = postgresStore(db, { ...placement, ...options });
    await store.migrate();
    const n = namesFor(placement);
    const xmin = async (table: string, id: string) => (await db.query<{ x: string }>(`SELECT xmin::text AS x FROM ${table} WHERE id = $1`, [id])).rows[0]?.x;
    return { db, placement, store, n, xmin };
  }

  it('writes the intake once at filing, the filters only when they change, and the snapshot compressed', async () => {
    const { db, store, n, xmin } = await setup();
    const { desk, clock } = deskOn(store);
    await desk.file(intake('W-1'), { actor: agent });
    const intakeRow = await xmin(n.intake, 'W-1');
    const summaryRow = await xmin(n.summaries, 'W-1');
    expect(intakeRow).toBeDefined();
    clock.advance(MIN);
    await desk.send('W-1', { type: 'ADD_NOTE', note: 'called back' }, { actor: agent });
    clock.advance(MIN);
    await desk.send('W-1', { type: 'ACKNOWLEDGE' }, { actor: agent });
    // Neither the intake nor the filters changed: their rows were not written.
    expect(await xmin(n.intake, 'W-1')).toBe(intakeRow);
    expect(await xmin(n.summaries, 'W-1')).toBe(summaryRow);
    clock.advance(MIN);
    await desk.send('W-1', { type: 'TRIAGE', categories: ['billing'], severity: 'general', department: 'finance' }, { actor: agent });
    expect(await xmin(n.summaries, 'W-1')).not.toBe(summaryRow);
    expect(await xmin(n.intake, 'W-1')).toBe(intakeRow);
    // The snapshot is stored compressed, without its intake; load gives it back whole.
    const { rows } = await db.query<{ j: unknown; z: Uint8Array | null }>(`SELECT snapshot AS j, snapshot_deflate AS z FROM ${n.records} WHERE id = 'W-1'`);
    expect(rows[0]!.j).toBeNull();
    expect(rows[0]!.z!.length).toBeLessThan(600);
    const loaded = await store.load('W-1');
    expect(loaded!.snapshot.context.intake.description).toBe(intake('W-1').description);
    expect(loaded!.summary).toMatchObject({ stage: 'investigating', status: 'open', severity: 'general', department: 'finance', categories: ['billing'] });
    // One timeline row per commit.
    expect((await db.query<{ version: number }>(`SELECT version FROM ${n.timeline} WHERE complaint_id = 'W-1' ORDER BY version`)).rows.map((r) => r.version)).toEqual([1, 2, 3, 4]);
  });

  it('stores an intake that differs from the stored one, and drops it when the snapshot has none, even from a store that never read it', async () => {
    const { placement, store } = await setup();
    const c = commitFor('W-2', [], { context: { id: 'W-2', intake: { description: 'first' } } });
    await store.commit(c);
    // Another store instance (another process): it knows nothing of what is stored.
    const other = postgresStore(await liteDb(), placement);
    const next = (from: number, snapshot: unknown): Commit => ({
      ...commitFor('W-2', [], snapshot),
      expectedVersion: from,
      record: { ...commitFor('W-2', [], snapshot).record, version: from + 1, summary: { ...c.record.summary, version: from + 1 } },
    });
    await other.commit(next(1, { context: { id: 'W-2', intake: { description: 'second' } } }));
    expect((await store.load('W-2'))!.snapshot).toEqual({ context: { id: 'W-2', intake: { description: 'second' } } });
    // The first store still knows version 1's intake, not version 2's: it must not skip the write.
    await store.commit(next(2, { context: { id: 'W-2', intake: { description: 'first' } } }));
    expect((await other.load('W-2'))!.snapshot).toEqual({ context: { id: 'W-2', intake: { description: 'first' } } });
    await other.commit(next(3, { context: { id: 'W-2' } }));
    expect((await store.load('W-2'))!.snapshot).toEqual({ context: { id: 'W-2' } });
    await store.commit(next(4, { context: { id: 'W-2', intake: null } }));
    expect((await other.load('W-2'))!.snapshot).toEqual({ context: { id: 'W-2', intake: null } });
  });

  it('stores snapshots as json with compressSnapshots: false, and reads both forms', async () => {
    const { db, placement, store, n } = await setup({ compressSnapshots: false });
    await store.commit(commitFor('W-3', [], { context: { id: 'W-3', intake: { description: 'x' } }, value: 'a' }));
    const { rows } = await db.query<{ j: string; z: unknown }>(`SELECT snapshot::text AS j, snapshot_deflate AS z FROM ${n.records} WHERE id = 'W-3'`);
    expect(JSON.parse(rows[0]!.j)).toEqual({ context: { id: 'W-3' }, value: 'a' });
    expect(rows[0]!.z).toBeNull();
    // A compressing store reads it, and its next commit compresses it.
    const compressing = postgresStore(db, placement);
    const r = await compressing.load('W-3');
    expect(r!.snapshot).toEqual({ context: { id: 'W-3', intake: { description: 'x' } }, value: 'a' });
    await compressing.commit({ ...commitFor('W-3', [], r!.snapshot), expectedVersion: 1, record: { ...r!, version: 2, summary: { ...r!.summary, version: 2 } } });
    expect((await db.query(`SELECT snapshot IS NULL AS j, snapshot_deflate IS NOT NULL AS z FROM ${n.records} WHERE id = 'W-3'`)).rows[0]).toEqual({ j: true, z: true });
    expect((await store.load('W-3'))!.snapshot).toEqual(r!.snapshot);
  });

  it('reports conflicts with the versions: an id taken, a stale version, a missing record', async () => {
    const { store } = await setup();
    await store.commit(commitFor('W-4'));
    const taken = await rejection(store.commit(commitFor('W-4')));
    expect(taken).toBeInstanceOf(ConflictError);
    expect(taken).toMatchObject({ id: 'W-4', expectedVersion: 0, actualVersion: 1 });
    const stale = { ...commitFor('W-4'), expectedVersion: 3, record: { ...commitFor('W-4').record, version: 4 } };
    expect(await rejection(store.commit(stale))).toMatchObject({ code: 'CONFLICT', id: 'W-4', expectedVersion: 3, actualVersion: 1 });
    const missing = { ...commitFor('W-5'), expectedVersion: 1, record: { ...commitFor('W-5').record, version: 2 } };
    const e = await rejection(store.commit(missing));
    expect(e).toMatchObject({ code: 'CONFLICT', id: 'W-5', expectedVersion: 1 });
    expect((e as ConflictError).actualVersion).toBeUndefined();
  });

  it('runs the timer hook SQL in the commit statement for armed and disarmed timers, and not for a commit that lost', async () => {
    const db = await liteDb();
    const placement = pglite.fresh();
    const n = namesFor(placement);
    const log = `"${placement.schema}".hook_log`;
    const store = buildPostgresStore(db, placement, {
      timerSql: {
        // A SELECT calling a function (as graphile_worker.add_job would be) and a data-modifying statement.
        armed: (rel) => `SELECT "${placement.schema}".log_timer('armed', complaint_id, key, due_at) FROM ${rel}`,
        disarmed: (rel) => `INSERT INTO ${log} (what, complaint_id, key) SELECT 'disarmed', complaint_id, key FROM ${rel} RETURNING 1`,
      },
    });
    await store.migrate();
    await db.query(`CREATE TABLE ${log} (what text, complaint_id text, key text, due_at bigint)`);
    await db.query(`CREATE FUNCTION "${placement.schema}".log_timer(what text, c text, k text, d bigint) RETURNS void LANGUAGE sql AS $$ INSERT INTO ${log} VALUES (what, c, k, d) $$`);
    await store.commit(commitFor('H-1', [{ complaintId: 'H-1', key: 'a', dueAt: START }, { complaintId: 'H-1', key: 'b', dueAt: START + 1 }]));
    const update = (from: number, over: Partial<Commit>): Commit => {
      const base = commitFor('H-1');
      return { ...base, ...over, expectedVersion: from, record: { ...base.record, version: from + 1, summary: { ...base.record.summary, version: from + 1 } } };
    };
    await store.commit(update(1, { armTimers: [{ complaintId: 'H-1', key: 'a', dueAt: START + 5 }, { complaintId: 'H-1', key: 'c', dueAt: START + 6 }], disarmTimers: ['b', 'zz'] }));
    await rejection(store.commit(update(1, { armTimers: [{ complaintId: 'H-1', key: 'lost', dueAt: START }], disarmTimers: ['a'] })));
    const { rows } = await db.query(`SELECT what, complaint_id, key, due_at FROM ${log} ORDER BY what, key, due_at`);
    expect(rows).toEqual([
      { what: 'armed', complaint_id: 'H-1', key: 'a', due_at: START },
      { what: 'armed', complaint_id: 'H-1', key: 'a', due_at: START + 5 },
      { what: 'armed', complaint_id: 'H-1', key: 'b', due_at: START + 1 },
      { what: 'armed', complaint_id: 'H-1', key: 'c', due_at: START + 6 },
      { what: 'disarmed', complaint_id: 'H-1', key: 'b', due_at: null },
    ]);
  });

  it('prepares statements by default on node-postgres clients only; prepare: false turns it off', async () => {
    const p = new pg.Pool({ connectionString: 'postgres://nobody@127.0.0.1:1/none' });
    const c = new pg.Client({ connectionString: 'postgres://nobody@127.0.0.1:1/none' });
    try {
      expect(preparesOn(p, undefined)).toBe(true);
      expect(preparesOn(c, undefined)).toBe(true);
      expect(preparesOn(p, false)).toBe(false);
      expect(preparesOn(await liteDb(), undefined)).toBe(false);
      expect(preparesOn(await liteDb(), true)).toBe(false); // PGlite's query takes text only
      expect(preparesOn({ query: async () => ({ rows: [] }) }, undefined)).toBe(false);
      expect(preparesOn({ query: async () => ({ rows: [] }) }, true)).toBe(true);
    } finally {
      await p.end();
    }
  });
});

describe('postgresStore on PGlite: strings PostgreSQL text cannot hold', () => {
  it('round-trips U+0000 (the desk puts it in idempotency keys) and U+0001 in ids, keys, filters and JSON', async () => {
    const store = await storeOn(pglite);
    const id = 'a\u0000b\u0001c';
    const c = commitFor(id, [{ complaintId: id, key: 'k\u0000', dueAt: START }]);
    c.record.snapshot = { 'key\u0000': ['x\u0000y', '\u0001', '\\u0000'] } as unknown as PersistedComplaintSnapshot;
    c.record.summary.department = 'd\u0000';
    c.idempotency = { key: 'send\u0000a\u0000k', complaintId: id, version: 1, result: { s: '\u0000' } };
    c.timeline = [{ complaintId: id, version: 1, seq: 0, at: START, kind: 'event', type: 'T\u0000', actor: { id: 'a\u0000', role: 'agent' }, data: { z: '\u0000' } }];
    await store.commit(c);
    expect(await store.load(id)).toEqual(c.record);
    expect(await store.timeline(id)).toEqual(c.timeline);
    expect(await store.idempotency('send\u0000a\u0000k')).toEqual(c.idempotency);
    expect(await store.idempotency('send\u0001a\u0000k')).toBeUndefined();
    expect((await store.list({ department: 'd\u0000' })).items.map((s) => s.id)).toEqual([id]);
    expect(await store.list({ department: 'd' })).toEqual({ items: [] });
    expect(await store.claimDue(START, 10, { owner: 'o\u0000', until: START + 1 })).toEqual([{ complaintId: id, key: 'k\u0000', dueAt: START, attempts: 0 }]);
  });
});

describe('postgresStore: an unavailable database', () => {
  it('reports a refused connection as STORE_UNAVAILABLE with the cause, from the store and from the desk', async () => {
    const refused = new pg.Pool({ host: '127.0.0.1', port: 1, user: 'postgres', database: 'test', connectionTimeoutMillis: 5_000 });
    try {
      const store = postgresStore(refused);
      const e1 = await rejection(store.load('x'));
      expect(e1.code).toBe('STORE_UNAVAILABLE');
      expect((e1.cause as { code?: string }).code).toBe('ECONNREFUSED');
      expect((await rejection(store.migrate())).code).toBe('STORE_UNAVAILABLE');
      const { desk } = deskOn(store);
      const e2 = await rejection(desk.file(intake('C-9'), { actor: agent }));
      expect(e2.code).toBe('STORE_UNAVAILABLE');
      expect(e2.cause).toBeInstanceOf(Error);
    } finally {
      await refused.end();
    }
  });

  it('reports a statement timeout or a shutdown as STORE_UNAVAILABLE and leaves the complaint as it was', async () => {
    const db = await liteDb();
    const { client, control } = flakyClient(db);
    const store = postgresStore(client, pglite.fresh());
    await store.migrate();
    const { desk, clock } = deskOn(store);
    await desk.file(intake('C-2'), { actor: agent });
    clock.advance(MIN);
    await desk.send('C-2', { type: 'ACKNOWLEDGE' }, { actor: agent });
    const before = { view: await desk.get('C-2'), timeline: await desk.timeline('C-2'), outbox: await desk.outbox(), next: await store.nextDueAt() };

    clock.advance(MIN);
    control.fail = () => timeoutError();
    const e1 = await rejection(desk.send('C-2', { type: 'TRIAGE', categories: ['billing'], severity: 'general' }, { actor: agent }));
    expect(e1.code).toBe('STORE_UNAVAILABLE');
    expect(e1.message).toContain('57014');
    expect((e1.cause as { code?: string }).code).toBe('57014');

    // The read succeeds, the write is cut off.
    control.fail = (text) => (text.startsWith('WITH w AS') ? shutdownError() : undefined);
    const e2 = await rejection(desk.send('C-2', { type: 'TRIAGE', categories: ['billing'], severity: 'general' }, { actor: agent }));
    expect(e2.code).toBe('STORE_UNAVAILABLE');
    expect((e2.cause as { code?: string }).code).toBe('57P01');
    // A timer whose commit fails is quarantined (fault isolation); a store that cannot even be read fails runDue.
    control.fail = () => shutdownError();
    clock.advance(100 * HOUR);
    expect((await rejection(desk.runDue())).code).toBe('STORE_UNAVAILABLE');

    control.fail = undefined;
    expect({ view: await desk.get('C-2'), timeline: await desk.timeline('C-2'), outbox: await desk.outbox(), next: await store.nextDueAt() }).toEqual(before);
    // …and works again once the database is back.
    const triaged = await desk.send('C-2', { type: 'TRIAGE', categories: ['billing'], severity: 'general' }, { actor: agent });
    expect(triaged.version).toBe(before.view.version + 1);
  });

  it('classifies client errors: conflicts, malformed data, and everything else as unavailable', async () => {
    const failWith = (error: unknown) => postgresStore({ query: () => Promise.reject(error) });
    const sqlError = (code: string) => Object.assign(new Error(`sqlstate ${code}`), { code });
    expect(await rejection(failWith(sqlError('40001')).load('x'))).toBeInstanceOf(ConflictError);
    expect(await rejection(failWith(sqlError('40P01')).load('x'))).toBeInstanceOf(ConflictError);
    for (const code of ['57014', '57P01', '08006', '53300', '42P01', 'ECONNRESET']) {
      const e = await rejection(failWith(sqlError(code)).nextDueAt());
      expect(e.code).toBe('STORE_UNAVAILABLE');
      expect((e.cause as Error).message).toBe(`sqlstate ${code}`);
    }
    expect((await rejection(failWith(sqlError('42P01')).load('x'))).message).toContain('migrate()');
    expect((await rejection(failWith('not even an Error').load('x'))).code).toBe('STORE_UNAVAILABLE');
    // A NOT NULL or CHECK violation is a malformed write, not an outage: the driver's error as is.
    const notNull = sqlError('23502');
    await expect(failWith(notNull).load('x')).rejects.toBe(notNull);
  });

  it('keeps unique violations as ConflictError, not STORE_UNAVAILABLE', async () => {
    const store = await storeOn(pglite);
    await store.commit(commitFor('dup'));
    const e = await rejection(store.commit(commitFor('dup')));
    expect(e).toBeInstanceOf(ConflictError);
  });
});

describe('postgresStore: records written by another machine version', () => {
  it('refuses a newer one with MACHINE_VERSION, and upgrades an older one with the desk\'s migration, writing it back', async () => {
    const db = await liteDb();
    const placement = pglite.fresh();
    const store = postgresStore(db, placement);
    await store.migrate();
    const { desk } = deskOn(store);
    await desk.file(intake('C-3'), { actor: agent });
    const n = namesFor(placement);
    // Written by a newer release (a rolling deploy): refused, never guessed at.
    await db.query(`UPDATE ${n.records} SET machine_version = $1 WHERE id = 'C-3'`, [MACHINE_VERSION + 1]);
    expect((await store.load('C-3'))?.machineVersion).toBe(MACHINE_VERSION + 1);
    // A desk started after the change (the one that filed still holds the record it wrote, at the same version).
    const { desk: later } = deskOn(store);
    expect((await rejection(later.get('C-3'))).code).toBe('MACHINE_VERSION');
    expect((await rejection(later.send('C-3', { type: 'ACKNOWLEDGE' }, { actor: agent }))).code).toBe('MACHINE_VERSION');

    // Written by an older one: the desk's migration for that version runs (here one standing in for the default).
    await db.query(`UPDATE ${n.records} SET machine_version = 1 WHERE id = 'C-3'`);
    const upgraded: unknown[] = [];
    const { desk: migrating } = deskOn(store, {
      migrations: {
        1: (state) => {
          upgraded.push(state.snapshot);
          return state;
        },
      },
    });
    expect((await migrating.get('C-3')).stage).toBe('received');
    const acknowledged = await migrating.send('C-3', { type: 'ACKNOWLEDGE' }, { actor: agent });
    expect(acknowledged.stage).toBe('triage');
    expect(upgraded.length).toBeGreaterThanOrEqual(1);
    // The intake came back with the snapshot the migration saw, and went back with the commit.
    expect((upgraded[0] as PersistedComplaintSnapshot).context.intake.description).toBe(intake('C-3').description);
    // Written back by the current machine version.
    const stored = await store.load('C-3');
    expect(stored?.machineVersion).toBe(MACHINE_VERSION);
    expect(stored?.snapshot.context.intake.description).toBe(intake('C-3').description);
    expect((await desk.get('C-3')).version).toBe(2);
  });
});
