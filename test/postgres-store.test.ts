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
import { postgresStore, type PostgresClient, type PostgresStore } from '../src/adapters/postgres/index.js';
import { claimDueSql } from '../src/adapters/postgres/claims.js';
import { listSql } from '../src/adapters/postgres/list.js';
import { namesFor } from '../src/adapters/postgres/names.js';
import { memoryStore } from '../src/adapters/memory-store.js';
import { memoryNotifier } from '../src/adapters/notifiers.js';
import type { Commit, ComplaintStore, ListQuery } from '../src/adapters/types.js';
import { manualClock } from '../src/desk/clock.js';
import { createDesk, MACHINE_VERSION, type Desk, type DeskOptions } from '../src/desk/desk.js';
import { ConflictError, RedressError } from '../src/errors.js';
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

  const send = async (event: Record<string, unknown>, actor: { id: string; role: 'agent' | 'customer' | 'supervisor' } = agent, key?: string) => {
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
  await send({ type: 'RECORD_FOLLOW_UP', satisfaction: 'satisfied' });
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

async function explain(engine: Engine, text: string, params: unknown[]): Promise<string[]> {
  return engine.inTransaction(async (q) => {
    // The planner would pick an index anyway at this size; this makes the check independent of cost settings.
    await q('SET LOCAL enable_seqscan = off');
    const { rows } = await q(`EXPLAIN (FORMAT JSON) ${text}`, params);
    const raw = rows[0]?.['QUERY PLAN'];
    return indexesIn(typeof raw === 'string' ? JSON.parse(raw) : raw);
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
        const versions = await a.query(`SELECT version FROM ${names.schemaVersion}`);
        expect(versions.rows).toEqual([{ version: 1 }]);
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
      expect(got.final.status).toBe('done');
      expect(got.archived).toEqual(['C-1']);
      expect(got.sent.length).toBeGreaterThan(0);
      expect(new Set(got.sent.map((m) => m.id)).size).toBe(got.sent.length);
      expect(got.outbox.every((m) => m.status === 'sent')).toBe(true);
      expect(got.timeline.map((e) => `${e.version}.${e.seq}`)).toEqual(want.timeline.map((e) => `${e.version}.${e.seq}`));
      expect(got).toEqual(want);
    });

    it('uses the indexes for the common list queries and for claiming due timers', async () => {
      const placement = engine.fresh();
      const store = postgresStore(await engine.client(), placement);
      await store.migrate();
      const n = namesFor(placement);
      // Realistic shape: most complaints archived, few urgent or breached; filing order unrelated to insertion order.
      const rows = 5000;
      const filedAt = `${START} + ((i * 7919) % ${rows}) * 1000`;
      {
        const q = engine.exec;
        await q(`INSERT INTO ${n.records} (id, version, machine_version, snapshot, summary, timers, stage, step, severity,
            categories, department, assignee, customer_id, escalation_level, breached, at_risk, filed_at, updated_at)
          SELECT 'x' || lpad(i::text, 6, '0'), 1, 1, '{}', '{}', '{}',
            CASE i % 50 WHEN 0 THEN 'triage' WHEN 1 THEN 'investigating' WHEN 2 THEN 'resolving' WHEN 3 THEN 'closed' ELSE 'archived' END,
            'step', CASE WHEN i % 20 = 0 THEN 'urgent' WHEN i % 20 < 6 THEN 'general' ELSE 'normal' END,
            ARRAY['billing'], 'dept' || (i % 20), 'a' || (i % 50), 'cu' || i,
            i % 4, i % 50 = 7, i % 40 = 1, ${filedAt}, ${START}
          FROM generate_series(1, ${rows}) AS i`);
        await q(`INSERT INTO ${n.timers} (complaint_id, key, due_at)
          SELECT 'x' || lpad(i::text, 6, '0'), 'k', ${filedAt} FROM generate_series(1, ${rows}) AS i`);
        await q(`ANALYZE ${n.records}`);
        await q(`ANALYZE ${n.timers}`);
      }
      const idx = (name: string) => `${placement.tablePrefix ?? 'redress_'}${name}`;
      const listPlan = (query: ListQuery) => {
        const { text, params } = listSql(n, query);
        return explain(engine, text, params);
      };
      expect(await listPlan({ stage: 'triage', limit: 50 })).toContain(idx('records_stage_idx'));
      expect(await listPlan({ severity: 'urgent', limit: 50 })).toContain(idx('records_severity_idx'));
      expect(await listPlan({ breached: true, limit: 50 })).toContain(idx('records_breached_idx'));
      expect(await listPlan({ limit: 50 })).toContain(idx('records_filed_idx'));
      expect(await explain(engine, claimDueSql(n), [START + 100_000, 100, 'w', START + 200_000])).toContain(idx('timers_due_idx'));
      // And the pages themselves are right.
      const page = await store.list({ stage: 'triage', limit: 3 });
      expect(page.items).toHaveLength(3);
      expect(page.next).toBeDefined();
    });

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

function commitFor(id: string, armTimers: Commit['armTimers'] = []): Commit {
  return {
    expectedVersion: 0,
    record: {
      id,
      version: 1,
      machineVersion: 1,
      snapshot: { context: { id } },
      summary: {
        id,
        version: 1,
        stage: 'received',
        step: 'received.registered',
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

describe('postgresStore on PGlite: strings PostgreSQL text cannot hold', () => {
  it('round-trips U+0000 (the desk puts it in idempotency keys) and U+0001 in ids, keys, filters and JSON', async () => {
    const store = await storeOn(pglite);
    const id = 'a\u0000b\u0001c';
    const c = commitFor(id, [{ complaintId: id, key: 'k\u0000', dueAt: START }]);
    c.record.snapshot = { 'key\u0000': ['x\u0000y', '\u0001', '\\u0000'] };
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
    expect(await store.claimDue(START, 10, { owner: 'o\u0000', until: START + 1 })).toEqual([{ complaintId: id, key: 'k\u0000', dueAt: START }]);
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
    expect((await rejection(desk.runDue(clock.now() + 100 * HOUR))).code).toBe('STORE_UNAVAILABLE');

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

describe('postgresStore: records written by an older machine version', () => {
  it('refuses them with MACHINE_VERSION unless the desk has a migration, which it then runs', async () => {
    const db = await liteDb();
    const placement = pglite.fresh();
    const store = postgresStore(db, placement);
    await store.migrate();
    const { desk } = deskOn(store);
    await desk.file(intake('C-3'), { actor: agent });
    const n = namesFor(placement);
    await db.query(`UPDATE ${n.records} SET machine_version = $1 WHERE id = 'C-3'`, [MACHINE_VERSION - 1]);
    expect((await store.load('C-3'))?.machineVersion).toBe(MACHINE_VERSION - 1);

    // A desk started after the change (the one that filed still holds the record it wrote, at the same version).
    const { desk: later } = deskOn(store);
    expect((await rejection(later.get('C-3'))).code).toBe('MACHINE_VERSION');
    expect((await rejection(later.send('C-3', { type: 'ACKNOWLEDGE' }, { actor: agent }))).code).toBe('MACHINE_VERSION');

    const upgraded: unknown[] = [];
    const { desk: migrating } = deskOn(store, {
      migrations: {
        [MACHINE_VERSION - 1]: (snapshot) => {
          upgraded.push(snapshot);
          return snapshot;
        },
      },
    });
    expect((await migrating.get('C-3')).stage).toBe('received');
    const acknowledged = await migrating.send('C-3', { type: 'ACKNOWLEDGE' }, { actor: agent });
    expect(acknowledged.stage).toBe('triage');
    expect(upgraded.length).toBeGreaterThanOrEqual(2);
    // Written back by the current machine version.
    expect((await store.load('C-3'))?.machineVersion).toBe(MACHINE_VERSION);
    expect((await desk.get('C-3')).version).toBe(2);
  });
});
