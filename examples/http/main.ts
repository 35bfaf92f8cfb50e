/**
 * The complaint desk as a JSON HTTP service.
 *
 *   npx tsx examples/http/main.ts                       # PGlite in memory, port 3000
 *   DATABASE_URL=postgres://… PORT=8080 npx tsx examples/http/main.ts
 *
 * Environment: PORT (default 3000; 0 picks a free port), HOST (default
 * 127.0.0.1; 0.0.0.0 in a container), DATABASE_URL (PostgreSQL; unset for
 * PGlite), DATABASE_SCHEMA (default redress_http), PG_POOL_MAX (default 10),
 * LOG_LEVEL (default info). Stdout carries JSON lines only: the server's
 * logs and one line per notification. SIGTERM or SIGINT shuts down
 * gracefully: stop accepting, finish requests in flight, stop the desk's
 * scheduler, close the database, exit 0.
 */
import { hostname } from 'node:os';
import { createDesk, type Desk } from '../../src/index.js';
import { postgresStore } from '../../src/adapters/postgres/index.js';
import { openDatabase } from './database.js';
import { jsonLinesNotifier } from './notifier.js';
import { createServer } from './server.js';

const env = process.env;
const port = Number(env.PORT ?? 3000);
const host = env.HOST ?? '127.0.0.1';
const SHUTDOWN_LIMIT_MS = 20_000;

// The desk is created before the app and reports through the app's logger: a closure, read when a report comes.
let log: { error(obj: object, msg: string): void; info(msg: string): void } = {
  error: (obj, msg) => console.error(msg, obj),
  info: (msg) => console.error(msg),
};

const db = await openDatabase({
  url: env.DATABASE_URL,
  poolMax: Number(env.PG_POOL_MAX ?? 10),
  onIdleError: (e) => log.error({ err: e }, 'idle PostgreSQL connection failed'),
});
let desk: Desk;
let app: ReturnType<typeof createServer>;
try {
  const store = postgresStore(db.client, { schema: env.DATABASE_SCHEMA ?? 'redress_http' });
  await store.migrate(); // creates or upgrades the tables; safe with several instances starting at once
  desk = createDesk({
    store,
    notifier: jsonLinesNotifier(),
    // Names this process in the leases on timers and messages; must differ between instances.
    instanceId: `${hostname()}-${process.pid}`,
    // Everything the desk handles by itself (a timer that failed, a delivery retried …) — rate-limit here
    // in production, or keep the default (`logger`, one line per distinct error a minute).
    onError: (error, context) => log.error({ err: error, context }, `desk: ${context.kind} failed`),
  });
  app = createServer({ desk, logger: { level: env.LOG_LEVEL ?? 'info' } });
  log = app.log;
  await desk.start(); // wake on due timers and pending messages (resolves once a timer backend, if any, runs)
  await app.listen({ port, host, listenTextResolver: (address) => `listening on ${address} (${db.label})` });
} catch (e) {
  log.error({ err: e }, 'start-up failed');
  await db.close().catch(() => undefined);
  process.exit(1);
}

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  log.info(`${signal}: shutting down`);
  // Whatever hangs, the process ends: a watchdog that does not itself keep it alive.
  setTimeout(() => {
    log.error({ limitMs: SHUTDOWN_LIMIT_MS }, 'shutdown took too long');
    process.exit(1);
  }, SHUTDOWN_LIMIT_MS).unref();
  try {
    await app.close(); // stop accepting; requests in flight finish, idle keep-alive connections close
    await desk.stop(); // stop waking; wait for a timer or delivery run in progress
    await db.close(); // end the pool / close PGlite
    log.info('stopped');
    process.exitCode = 0; // nothing is left to keep the event loop alive: the process ends by itself
  } catch (e) {
    log.error({ err: e }, 'shutdown failed');
    process.exit(1);
  }
}
process.once('SIGTERM', () => void shutdown('SIGTERM'));
process.once('SIGINT', () => void shutdown('SIGINT'));
