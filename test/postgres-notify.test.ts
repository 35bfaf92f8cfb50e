/**
 * LISTEN/NOTIFY wake-ups on the built-in path: a store made with `notify`
 * notifies from inside its commit statement, and a desk whose scheduler is
 * `postgresScheduler` wakes on it. Two desks on one database: a timer armed
 * by desk A is fired by desk B, whose poll is an hour away (so only the
 * notification can have woken it). On PGlite always; on the server at
 * DATABASE_URL too when it is set (failing when it cannot be reached).
 *
 * Waiting is bounded polling of the store on real notifications (a deadline,
 * no fixed sleeps); the desks' clocks are manual.
 */
import { PGlite } from '@electric-sql/pglite';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { postgresScheduler, postgresStore, type ListenClient, type PostgresClient } from '../src/adapters/postgres/index.js';
import { commitStatement } from '../src/adapters/postgres/commit.js';
import { namesFor } from '../src/adapters/postgres/names.js';
import { notifySql } from '../src/adapters/postgres/notify.js';
import { createDesk, manualClock, memoryNotifier, SLA_TIMER, ValidationError } from '../src/index.js';
import { agent, HOUR, intake, T0 } from './support/desk.js';

const DATABASE_URL = process.env.DATABASE_URL;

/** Resolves once `check` holds, polling every 10 ms; fails after `ms` (a bound on waiting, not a sleep). */
async function eventually(check: () => Promise<boolean>, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

interface Db {
  client: PostgresClient & ListenClient;
  schema: string | undefined;
  /** Notifications seen on `channel` by a plain listener (for the statement-level checks). */
  listen(channel: string, fn: (payload: string) => void): Promise<() => Promise<void>>;
}

function suite(name: string, open: () => Promise<Db>) {
  describe(`LISTEN/NOTIFY wake-ups (${name})`, () => {
    it('a timer armed by desk A is fired by desk B, woken by the notification long before its poll', async () => {
      const db = await open();
      const storeA = postgresStore(db.client, { ...(db.schema ? { schema: db.schema } : {}), notify: true });
      await storeA.migrate();
      const storeB = postgresStore(db.client, { ...(db.schema ? { schema: db.schema } : {}), notify: true });
      const clockA = manualClock(T0);
      const deskA = createDesk({ store: storeA, notifier: memoryNotifier(), clock: clockA, scheduler: false, instanceId: 'A' });
      // B's clock is two days on: whatever A arms is due for B. Its poll is an hour of real time away.
      const clockB = manualClock(T0 + 48 * HOUR);
      const scheduler = postgresScheduler(db.client, { clock: clockB, pollMs: HOUR });
      const deskB = createDesk({ store: storeB, notifier: memoryNotifier(), clock: clockB, scheduler, instanceId: 'B' });
      try {
        await deskB.start();
        await scheduler.listening();
        // B's first wake-up (at start) found nothing; its next is the poll, an hour from now.
        await eventually(async () => (await deskB.health()).lastWakeAt !== null, 10_000, 'desk B to wake once at start');
        const view = await deskA.file(intake('N1'), { actor: agent });
        const armedFor = (await storeA.load('N1'))!.timers[SLA_TIMER]!;
        expect(armedFor).toBeGreaterThan(T0);
        await eventually(async () => (await storeA.timeline('N1')).some((e) => e.kind === 'timer'), 10_000, 'desk B to fire the timer desk A armed');
        const record = (await storeA.load('N1'))!;
        expect(record.version).toBeGreaterThan(view.version);
        expect(record.timers[SLA_TIMER]).not.toBe(armedFor);
      } finally {
        await deskB.stop();
      }
    }, 30_000);

    it('notifies from inside the commit statement: the earliest armed instant, a queued message, nothing for a lost race', async () => {
      const db = await open();
      const channel = `redress_t_${randomBytes(4).toString('hex')}`;
      const store = postgresStore(db.client, { ...(db.schema ? { schema: db.schema } : {}), notify: channel });
      await store.migrate();
      const seen: string[] = [];
      const unlisten = await db.listen(channel, (p) => seen.push(p));
      try {
        const desk = createDesk({ store, notifier: memoryNotifier(), clock: manualClock(T0), scheduler: false });
        await desk.file(intake('N2'), { actor: agent });
        const due = (await store.load('N2'))!.timers[SLA_TIMER]!;
        // The filing armed sla.due and queued the acknowledgement to the customer (available now).
        await eventually(async () => seen.length >= 2, 10_000, 'two notifications');
        expect(seen.map(Number).sort((a, b) => a - b)).toEqual([T0, due].sort((a, b) => a - b));
        // A commit that loses its version race notifies nothing: the stale writer's whole statement writes nothing.
        const before = seen.length;
        const record = (await store.load('N2'))!;
        await expect(
          store.commit({ expectedVersion: record.version - 1, record: { ...record }, timeline: [], armTimers: [{ complaintId: 'N2', key: SLA_TIMER, dueAt: due + 1 }], disarmTimers: [], outbox: [] }),
        ).rejects.toMatchObject({ code: 'CONFLICT' });
        // A later notifying commit arrives after it: the lost race sent nothing in between.
        await desk.send('N2', { type: 'ADD_NOTE', note: 'marker' }, { actor: agent });
        await desk.send('N2', { type: 'ACKNOWLEDGE' }, { actor: agent });
        await eventually(async () => seen.length > before, 10_000, 'the acknowledgement to notify');
        expect(seen.slice(before).map(Number)).not.toContain(due + 1);
      } finally {
        await unlisten();
      }
    }, 30_000);
  });
}

describe('LISTEN/NOTIFY options', () => {
  it('refuses a channel that is not a plain identifier, in the store and in the scheduler', () => {
    const lite = { query: async () => ({ rows: [] }) } as unknown as PostgresClient;
    expect(() => postgresStore(lite, { notify: 'no; DROP TABLE x' })).toThrow(ValidationError);
    expect(() => postgresScheduler({ connect: async () => Promise.reject(new Error('unused')) } as unknown as ListenClient, { channel: 'a-b' })).toThrow(ValidationError);
  });

  it('adds the notify parts to the commit statement only when asked', () => {
    const n = namesFor({});
    expect(commitStatement(n, false).text).not.toContain('pg_notify');
    const text = commitStatement(n, false, [notifySql('redress_wake')]).text;
    expect(text).toContain(`pg_notify('redress_wake', min(due_at)::text)`);
    expect(text).toContain(`pg_notify('redress_wake', min(available_at)::text)`);
  });
});

let lite: Promise<PGlite> | undefined;
suite('PGlite', async () => {
  const db = await (lite ??= PGlite.create());
  return { client: db as unknown as PostgresClient & ListenClient, schema: undefined, listen: (ch, fn) => db.listen(ch, fn) };
});

if (DATABASE_URL) {
  const schema = `redress_nt_${randomBytes(5).toString('hex')}`;
  const pool = new pg.Pool({ connectionString: DATABASE_URL, max: 6, connectionTimeoutMillis: 10_000 });
  pool.on('error', () => {});
  let reachable = false;
  afterAll(async () => {
    try {
      if (reachable) await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    } finally {
      await pool.end();
    }
  });
  suite('PostgreSQL server', async () => {
    try {
      await pool.query('SELECT 1');
      reachable = true;
    } catch (e) {
      throw new Error(`DATABASE_URL is set but the PostgreSQL server cannot be reached: ${(e as Error).message}`, { cause: e });
    }
    return {
      client: pool,
      schema,
      async listen(channel, fn) {
        const conn = await pool.connect();
        conn.on('notification', (m) => {
          if (m.channel === channel) fn(m.payload ?? '');
        });
        await conn.query(`LISTEN "${channel}"`);
        return async () => {
          await conn.query(`UNLISTEN "${channel}"`);
          conn.release();
        };
      },
    };
  });
}
