// redress/graphile-worker: the PostgreSQL store whose commits enqueue
// graphile-worker jobs in the same statement, and the timer backend that runs
// graphile-worker's runner with the desk's two tasks.
import { Logger, run, runMigrations, type Runner, type RunnerOptions } from 'graphile-worker';
import type { PostgresClient } from '../postgres/client.js';
import type { TimerBackend } from '../../desk/timer-backend.js';
import type { PostgresStoreOptions } from '../postgres/names.js';
import { buildPostgresStore, type PostgresStore } from '../postgres/store.js';
import { settingsOf } from './options.js';
import { graphileTimerSql } from './sql.js';
import { dispatchTask, timerTask } from './tasks.js';

/**
 * A node-postgres `Pool` (what graphile-worker runs on), described
 * structurally so that these declarations need neither `pg` nor
 * `graphile-worker` types.
 */
export interface GraphileWorkerPool extends PostgresClient {
  connect(): Promise<unknown>;
  on(event: 'error', listener: (error: Error) => void): unknown;
  end(): Promise<void>;
}

/** Where graphile-worker's log lines go: its level and message. */
export type GraphileWorkerLog = (level: 'error' | 'warning' | 'info' | 'debug', message: string) => void;

/** Options of {@link graphileWorker}: the PostgreSQL store's, plus graphile-worker's. */
export interface GraphileWorkerOptions extends Omit<PostgresStoreOptions, 'notify'> {
  /** graphile-worker's schema (default `graphile_worker`). */
  workerSchema?: string;
  /**
   * Names the two tasks (`<prefix>_timer`, `<prefix>_dispatch`) and prefixes
   * every job key (default `redress`). Give each desk sharing one
   * graphile-worker schema its own (e.g. two redress schemas on one database).
   */
  taskPrefix?: string;
  /** Jobs run at once per process (default 10); the pool needs a connection more than this. */
  concurrency?: number;
  /** How often the runner looks for jobs when no notification came (ms, default 2,000). */
  pollInterval?: number;
  /** Attempts of a timer job before graphile-worker gives up on it (default 25); the desk's sweep still fires the stored timer. */
  maxAttempts?: number;
  /** Dispatch jobs are keyed `<prefix>:dispatch:<0..n-1>` by message, so concurrent commits do not all update one job row (default 8). */
  dispatchShards?: number;
  /**
   * Timers overdue by more than this are fired by the desk's own sweep
   * (default 60 s): what a crashed worker held locked (graphile-worker
   * unlocks a dead worker's jobs only after 4 hours) or a job that kept failing.
   */
  sweepGraceMs?: number;
  /** graphile-worker's log lines (default: its warnings and errors on the console). */
  log?: GraphileWorkerLog;
}

/** The store and backend of {@link graphileWorker}. */
export interface GraphileWorkerDesk {
  /** The PostgreSQL store; its `migrate()` also runs graphile-worker's migrations. */
  store: PostgresStore;
  /** For `createDesk({ timerBackend })`: `desk.start()` starts the runner, `desk.stop()` stops it gracefully. */
  timerBackend: TimerBackend;
}

/** graphile-worker's warnings and errors, on the console. */
const consoleLog: GraphileWorkerLog = (level, message) => {
  if (level === 'error') console.error(`[graphile-worker] ${message}`);
  else if (level === 'warning') console.warn(`[graphile-worker] ${message}`);
};

/**
 * Timers and deliveries on graphile-worker. The store is the PostgreSQL store
 * (the truth: timer rows stay), and every commit that arms a timer also adds
 * its job **in the same statement**: `add_job('redress_timer', …, run_at =>
 * due, job_key => '<prefix>:<complaint>:<key>', job_key_mode => 'replace')`;
 * a disarm runs `remove_job`, a commit that queues messages adds a dispatch
 * job. A commit that loses its version race enqueues nothing. The runner,
 * started by `desk.start()`, fires each timer job through `desk.fireTimer`
 * (a stale or duplicate job is a no-op) and delivers the outbox with
 * `desk.dispatch()`. A runner finds a job whose `run_at` has come by its
 * poll (`pollInterval`), and one due when it is added (a dispatch job) at
 * once, through graphile-worker's LISTEN/NOTIFY.
 *
 * The desk's clock must be real time (graphile-worker runs jobs by the
 * database's clock). Keep the desk's scheduler (the default): it sweeps timers
 * overdue by more than `sweepGraceMs` and retries deliveries.
 *
 * @param pool - a node-postgres `Pool` (the store, the runner and its LISTEN connection share it)
 * @param options - the store's options (`schema`, `tablePrefix`, `prepare`, `compressSnapshots`) and graphile-worker's
 * @returns `{ store, timerBackend }` for `createDesk`
 * @throws ValidationError when an option is invalid
 * @example
 * import pg from 'pg';
 * import { createDesk, consoleNotifier } from 'redress';
 * import { graphileWorker } from 'redress/graphile-worker';
 *
 * const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 12 });
 * const { store, timerBackend } = graphileWorker(pool, { schema: 'complaints', concurrency: 10 });
 * await store.migrate(); // redress's tables, then graphile-worker's schema
 * const desk = createDesk({ store, notifier: consoleNotifier(), timerBackend });
 * await desk.start(); // the runner is up
 */
export function graphileWorker(pool: GraphileWorkerPool, options: GraphileWorkerOptions = {}): GraphileWorkerDesk {
  const { workerSchema, taskPrefix, concurrency, pollInterval, maxAttempts, dispatchShards, sweepGraceMs, log, ...storeOptions } = options;
  const s = settingsOf({ workerSchema, taskPrefix, concurrency, pollInterval, maxAttempts, dispatchShards, sweepGraceMs });
  const base = buildPostgresStore(pool as PostgresClient, storeOptions, { timerSql: graphileTimerSql(s) });
  const write = log ?? consoleLog;
  const logger = new Logger(() => (level, message) => write(level as Parameters<GraphileWorkerLog>[0], message));
  const pgPool = pool as unknown as NonNullable<RunnerOptions['pgPool']>;
  const store: PostgresStore = {
    ...base,
    async migrate() {
      await base.migrate();
      await runMigrations({ pgPool, schema: s.workerSchema, logger });
    },
  };
  let runner: Runner | undefined;
  const timerBackend: TimerBackend = {
    name: 'graphile-worker',
    sweepGraceMs: s.sweepGraceMs,
    async start(fire, desk) {
      if (runner) return;
      runner = await run({
        pgPool,
        schema: s.workerSchema,
        concurrency: s.concurrency,
        pollInterval: s.pollInterval,
        noHandleSignals: true,
        logger,
        taskList: { [s.timerTask]: timerTask(fire), ...(desk ? { [s.dispatchTask]: dispatchTask(desk, store, s) } : {}) },
      });
    },
    async stop() {
      const r = runner;
      runner = undefined;
      await r?.stop();
    },
  };
  return { store, timerBackend };
}
