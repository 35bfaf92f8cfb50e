// LISTEN/NOTIFY wake-ups for the built-in path: a store made with
// `notify` sends `pg_notify(channel, earliest instant)` from inside its commit
// statement (so only when the commit is written, and delivered when it
// commits) for the timers it arms and the messages it queues; a desk whose
// scheduler is `postgresScheduler` LISTENs on the channel and wakes at that
// instant instead of at its next poll. The store stays the truth: a lost
// notification only costs latency (the poll still runs), never a timer.
import type { Scheduler } from '../types.js';
import { inProcessScheduler, type InProcessSchedulerOptions } from '../../desk/scheduler.js';
import { validationIssue } from '../../errors.js';
import type { TimerSql } from './commit.js';

/** The channel a store notifies and a scheduler listens on when none is named. */
export const DEFAULT_WAKE_CHANNEL = 'redress_wake';

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Check a channel name (a plain identifier, so it needs no quoting rules of its own). */
export function checkChannel(option: string, channel: string): string {
  if (!IDENT.test(channel) || channel.length > 63) {
    throw validationIssue('postgres wake-up options', [option], 'must be a plain SQL identifier (letters, digits, _; at most 63 characters)');
  }
  return channel;
}

/** The commit-statement hook that notifies `channel` with the earliest armed due instant / queued message time. */
export function notifySql(channel: string): TimerSql {
  const ch = `'${checkChannel('notify', channel)}'`;
  return {
    armed: (rel) => `SELECT pg_notify(${ch}, min(due_at)::text) FROM ${rel} HAVING count(*) > 0`,
    outbox: (rel) => `SELECT pg_notify(${ch}, min(available_at)::text) FROM ${rel} HAVING count(*) > 0`,
  };
}

/** One notification as node-postgres reports it. */
interface PgNotification {
  channel: string;
  payload?: string;
}

/** A dedicated connection lent by a node-postgres `Pool`. */
interface ListeningConnection {
  query(text: string): Promise<unknown>;
  on(event: 'notification', fn: (m: PgNotification) => void): unknown;
  on(event: 'error', fn: (e: Error) => void): unknown;
  removeAllListeners(event?: string): unknown;
  release(destroy?: boolean | Error): void;
}

/**
 * What {@link postgresScheduler} listens through: a node-postgres `Pool`
 * (it keeps one connection of it for LISTEN) or a PGlite instance (its
 * `listen`).
 */
export type ListenClient =
  | { connect(): Promise<ListeningConnection> }
  | { listen(channel: string, fn: (payload: string) => void): Promise<() => Promise<void>> };

/** Options of {@link postgresScheduler}: the in-process scheduler's, plus the channel. */
export interface PostgresSchedulerOptions extends InProcessSchedulerOptions {
  /** The channel the store notifies (its `notify` option); default `redress_wake`. */
  channel?: string;
  /** Wait this long before listening again after the connection was lost (default 1,000 ms). */
  reconnectMs?: number;
  /** Told when listening fails (the scheduler keeps polling and retries); default: nothing. */
  onError?: (error: unknown) => void;
}

/** A {@link Scheduler} that also wakes on the store's notifications. */
export interface PostgresScheduler extends Scheduler {
  /**
   * Resolves once LISTEN is in place (after `start`), so that every commit
   * from then on wakes this desk.
   * @returns when listening
   */
  listening(): Promise<void>;
}

/**
 * The in-process scheduler (see `inProcessScheduler`) plus a LISTEN on the
 * channel a `postgresStore(client, { notify: true })` notifies from its
 * commits: a desk with it hears within milliseconds of a timer or message
 * written by another instance, instead of at its next poll (default 30 s).
 * The poll stays, so a notification lost while the connection was down
 * costs latency only; after listening again the desk wakes at once.
 *
 * @param client - a node-postgres `Pool` (one of its connections is kept for LISTEN) or a PGlite instance
 * @param options - the channel (default `redress_wake`), reconnect delay, and the in-process scheduler's options
 * @returns a scheduler for `createDesk({ scheduler })`
 * @throws ValidationError when the channel is not a plain identifier
 * @example
 * import pg from 'pg';
 * import { createDesk, consoleNotifier } from 'redress';
 * import { postgresScheduler, postgresStore } from 'redress/postgres';
 *
 * const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
 * const store = postgresStore(pool, { notify: true });
 * await store.migrate();
 * const desk = createDesk({ store, notifier: consoleNotifier(), scheduler: postgresScheduler(pool) });
 * await desk.start();
 */
export function postgresScheduler(client: ListenClient, options: PostgresSchedulerOptions = {}): PostgresScheduler {
  const { channel: channelOption, reconnectMs: reconnectOption, onError, ...inner } = options;
  const channel = checkChannel('channel', channelOption ?? DEFAULT_WAKE_CHANNEL);
  const reconnectMs = Math.max(reconnectOption ?? 1_000, 1);
  const base = inProcessScheduler(inner);
  const now = () => (inner.clock ?? { now: Date.now }).now();
  let running = false;
  let generation = 0;
  let stopListening: (() => Promise<void>) | undefined;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let ready: Promise<void> = Promise.resolve();
  let markReady: () => void = () => {};

  const onPayload = (payload: string | undefined) => {
    const at = Number(payload);
    base.schedule(Number.isFinite(at) ? at : now());
  };

  const fail = (gen: number, e: unknown) => {
    onError?.(e);
    if (!running || gen !== generation) return;
    retry = setTimeout(() => void listen(gen), reconnectMs);
    retry.unref?.();
  };

  async function listen(gen: number): Promise<void> {
    if (!running || gen !== generation) return;
    try {
      if ('listen' in client) {
        const unsubscribe = await client.listen(channel, onPayload);
        stopListening = unsubscribe;
      } else {
        const conn = await client.connect();
        let released = false;
        const release = (e?: Error) => {
          if (released) return;
          released = true;
          conn.removeAllListeners('notification');
          conn.removeAllListeners('error');
          conn.on('error', () => {});
          conn.release(e ?? true);
        };
        conn.on('notification', (m) => {
          if (m.channel === channel) onPayload(m.payload);
        });
        conn.on('error', (e) => {
          release(e);
          if (stopListening === unlisten) stopListening = undefined;
          fail(gen, e);
        });
        const unlisten = async () => {
          try {
            await conn.query(`UNLISTEN "${channel}"`);
          } finally {
            release();
          }
        };
        stopListening = unlisten;
        try {
          await conn.query(`LISTEN "${channel}"`);
        } catch (e) {
          release(e instanceof Error ? e : new Error(String(e)));
          throw e;
        }
      }
      if (!running || gen !== generation) {
        await stopListening?.().catch(() => undefined);
        return;
      }
      markReady();
      // Whatever was committed while not listening: look now.
      base.schedule(now());
    } catch (e) {
      fail(gen, e);
    }
  }

  return {
    start(wake) {
      running = true;
      generation++;
      ready = new Promise<void>((resolve) => (markReady = resolve));
      base.start(wake);
      void listen(generation);
    },
    schedule(at) {
      base.schedule(at);
    },
    stop() {
      running = false;
      generation++;
      if (retry !== undefined) clearTimeout(retry);
      retry = undefined;
      base.stop();
      const unlisten = stopListening;
      stopListening = undefined;
      void unlisten?.().catch(() => undefined);
    },
    listening: () => ready,
  };
}
