/**
 * redress/graphile-worker: timers as graphile-worker jobs added in the commit
 * statement, fired by the runner through the desk; deliveries as a task.
 *
 * Always: the options are validated, and the SQL the commit runs has the
 * shape the issue names (add_job … run_at, job_key, 'replace'; remove_job).
 * On the server at DATABASE_URL (graphile-worker needs real connections; it
 * cannot run on PGlite), when it is set, failing when it cannot be reached:
 * the job is enqueued in the same transaction (a commit that loses its
 * version race enqueues nothing), a disarm removes it, a re-arm moves it, the
 * runner fires it, a duplicate delivery is a no-op, and the outbox is
 * delivered by the dispatch task (the desks here have no scheduler, so only
 * the engine can have done it). Real time, waiting is bounded polling.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { graphileWorker } from '../src/adapters/graphile-worker/index.js';
import { settingsOf } from '../src/adapters/graphile-worker/options.js';
import { graphileTimerSql } from '../src/adapters/graphile-worker/sql.js';
import { createDesk, memoryNotifier, SLA_TIMER, systemClock, ValidationError } from '../src/index.js';
import { policies } from './fixtures/backends/policies.js';
import { agent, intake } from './support/desk.js';

const DATABASE_URL = process.env.DATABASE_URL;

async function eventually(check: () => Promise<boolean>, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('graphileWorker options and SQL', () => {
  it('refuses invalid options with a ValidationError naming them', () => {
    const pool = { query: async () => ({ rows: [] }) } as unknown as pg.Pool;
    expect(() => graphileWorker(pool, { workerSchema: 'gw; DROP' })).toThrow(ValidationError);
    expect(() => graphileWorker(pool, { taskPrefix: 'a:b' })).toThrow(/taskPrefix/);
    expect(() => graphileWorker(pool, { concurrency: 0 })).toThrow(/concurrency/);
    expect(() => graphileWorker(pool, { schema: 'bad-schema' })).toThrow(ValidationError);
  });

  it('adds, moves and removes one job per timer by key, and one dispatch job per commit with messages', () => {
    const sql = graphileTimerSql(settingsOf({ workerSchema: 'gw', taskPrefix: 'desk1' }));
    const armed = sql.armed!('arm');
    expect(armed).toContain(`"gw".add_job('desk1_timer'`);
    expect(armed).toContain('run_at => to_timestamp(due_at / 1000.0)');
    expect(armed).toContain(`job_key => 'desk1:' || complaint_id || ':' || key, job_key_mode => 'replace'`);
    expect(sql.disarmed!('disarm')).toBe(`SELECT "gw".remove_job('desk1:' || complaint_id || ':' || key) FROM disarm`);
    expect(sql.outbox!('queued')).toContain(`"gw".add_job('desk1_dispatch', '{}'::json, queue_name => 'desk1_dispatch'`);
    expect(sql.outbox!('queued')).toContain('HAVING count(*) > 0');
  });
});

if (DATABASE_URL) {
  const run = randomBytes(4).toString('hex');
  const schema = `redress_gw_${run}`;
  const workerSchema = `gw_t_${run}`;
  const pool = new pg.Pool({ connectionString: DATABASE_URL, max: 14, connectionTimeoutMillis: 10_000 });
  pool.on('error', () => {});
  let reachable = false;
  let migrated: Promise<void> | undefined;
  const setUp = async () => {
    try {
      await pool.query('SELECT 1');
      reachable = true;
    } catch (e) {
      throw new Error(`DATABASE_URL is set but the PostgreSQL server cannot be reached: ${(e as Error).message}`, { cause: e });
    }
    migrated ??= graphileWorker(pool, { schema, workerSchema }).store.migrate();
    await migrated;
  };
  afterAll(async () => {
    try {
      if (reachable) await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE; DROP SCHEMA IF EXISTS "${workerSchema}" CASCADE`);
    } finally {
      await pool.end();
    }
  });
  interface JobRow {
    id: string;
    key: string | null;
    run_at: Date;
    payload: { complaintId: string; key: string; dueAt: number };
    locked_at: Date | null;
  }
  const jobs = async (task: string) =>
    (
      await pool.query<JobRow>(
        `SELECT j.id, j.key, j.run_at, j.payload, j.locked_at FROM "${workerSchema}"._private_jobs j
         JOIN "${workerSchema}"._private_tasks t ON t.id = j.task_id WHERE t.identifier = $1 ORDER BY j.id`,
        [task],
      )
    ).rows;

  describe('graphileWorker on the PostgreSQL server', () => {
    it('enqueues the timer job in the commit, moves it on re-arm, removes it on disarm, and a lost race enqueues nothing', async () => {
      await setUp();
      const { store, timerBackend } = graphileWorker(pool, { schema, workerSchema, taskPrefix: 'enq' });
      // Never started: nothing runs the jobs, so they can be looked at.
      const desk = createDesk({ store, notifier: memoryNotifier(), scheduler: false, timerBackend });
      await desk.file(intake('G1'), { actor: agent });
      const due1 = (await store.load('G1'))!.timers[SLA_TIMER]!;
      let rows = await jobs('enq_timer');
      expect(rows.map((j) => [j.key, j.run_at.getTime(), j.payload])).toEqual([['enq:G1:sla.due', due1, { complaintId: 'G1', key: SLA_TIMER, dueAt: due1 }]]);

      // A commit that loses its version race writes nothing, its add_job included.
      const record = (await store.load('G1'))!;
      await expect(
        store.commit({ expectedVersion: record.version - 1, record: { ...record }, timeline: [], armTimers: [{ complaintId: 'G1', key: SLA_TIMER, dueAt: due1 + 5 }], disarmTimers: [], outbox: [] }),
      ).rejects.toMatchObject({ code: 'CONFLICT' });
      expect((await jobs('enq_timer')).map((j) => j.run_at.getTime())).toEqual([due1]);

      // Acknowledging re-arms sla.due for the next deadline: the same job, moved.
      await desk.send('G1', { type: 'ACKNOWLEDGE' }, { actor: agent });
      const due2 = (await store.load('G1'))!.timers[SLA_TIMER]!;
      expect(due2).not.toBe(due1);
      rows = await jobs('enq_timer');
      expect(rows.map((j) => [j.key, j.run_at.getTime(), j.payload.dueAt])).toEqual([['enq:G1:sla.due', due2, due2]]);

      // Withdrawing disarms it: the job is gone.
      await desk.send('G1', { type: 'WITHDRAW', reason: 'sorted' }, { actor: { id: 'cu1', role: 'customer' } });
      const left = (await store.load('G1'))!.timers;
      expect(left[SLA_TIMER]).toBeUndefined();
      // (Closing armed the re-open window's timer: its own job.)
      expect((await jobs('enq_timer')).map((j) => [j.key, j.run_at.getTime()])).toEqual(Object.entries(left).map(([k, at]) => [`enq:G1:${k}`, at]));
      // The filing and the acknowledgement queued messages: dispatch jobs, by shard key.
      expect((await jobs('enq_dispatch')).length).toBeGreaterThan(0);
      expect((await jobs('enq_dispatch')).every((j) => /^enq:dispatch:\d$/.test(j.key ?? ''))).toBe(true);
    }, 60_000);

    it('the runner fires each timer through the desk and delivers the outbox by its task; a duplicate job is a no-op', async () => {
      await setUp();
      const { store, timerBackend } = graphileWorker(pool, { schema, workerSchema, taskPrefix: 'run', pollInterval: 500 });
      const notifier = memoryNotifier();
      // No scheduler: only graphile-worker can fire timers and deliver messages here. Real time: the engine runs jobs by it.
      const desk = createDesk({ store, notifier, clock: systemClock, policy: policies.latency, scheduler: false, timerBackend });
      await desk.start();
      try {
        await desk.file(intake('G2'), { actor: agent });
        const due = (await store.load('G2'))!.timers[SLA_TIMER]!;
        const fired = async () => (await desk.timeline('G2')).filter((e) => e.kind === 'timer');
        await eventually(async () => (await fired()).length === 1, 20_000, 'the runner to fire the timer');
        expect((await fired())[0]!.data).toEqual({ dueAt: due });
        // Delivered by the dispatch task: the acknowledgement at filing and what the breach sent.
        await eventually(async () => (await store.outbox({ complaintId: 'G2' })).every((m) => m.status === 'sent'), 20_000, 'the dispatch task to deliver');
        const sent = await store.outbox({ complaintId: 'G2' });
        expect(sent.length).toBeGreaterThanOrEqual(2);
        expect(new Set(notifier.sent.filter((m) => m.complaintId === 'G2').map((m) => m.id))).toEqual(new Set(sent.map((m) => m.id)));

        // The engine delivers the same job again (at-least-once): the desk finds the timer gone, nothing changes.
        const version = (await store.load('G2'))!.version;
        await pool.query(`SELECT "${workerSchema}".add_job('run_timer', json_build_object('complaintId', 'G2', 'key', 'sla.due', 'dueAt', $1::bigint), job_key => 'dup')`, [due]);
        await eventually(async () => (await pool.query(`SELECT 1 FROM "${workerSchema}"._private_jobs WHERE key = 'dup'`)).rowCount === 0, 20_000, 'the duplicate to run');
        expect((await store.load('G2'))!.version).toBe(version);
        expect(await fired()).toHaveLength(1);
        // A malformed payload is dropped (completed), not retried for ever.
        await pool.query(`SELECT "${workerSchema}".add_job('run_timer', '{"complaintId": 7}'::json, job_key => 'bad')`);
        await eventually(async () => (await pool.query(`SELECT 1 FROM "${workerSchema}"._private_jobs WHERE key = 'bad'`)).rowCount === 0, 20_000, 'the malformed job to be dropped');
      } finally {
        await desk.stop();
      }
    }, 60_000);
  });
} else {
  describe('graphileWorker on the PostgreSQL server', () => {
    it('needs DATABASE_URL for the runner tests (not set here)', () => expect(process.env.DATABASE_URL).toBeUndefined());
  });
}
