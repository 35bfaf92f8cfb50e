// npm run bench:pg — the PostgreSQL store under the desk, against a real server.
//
//   DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test). Everything
//   lives in a schema made for this run (redress_bench_<random>), dropped at the end.
//
// 1. events/s through desk.send with 1, 4 and 16 concurrent senders, each on
//    its own complaints (no conflicts), one desk, a pg Pool sized to the
//    senders, and every event's latency (p50/p99). Each complaint is filed
//    (untimed), then taken through a whole lifecycle, 9 events: ACKNOWLEDGE,
//    TRIAGE, CONTACT_CUSTOMER, RECORD_ROOT_CAUSE, PROPOSE, ACCEPT,
//    COMPLETE_EXECUTION, RECORD_FOLLOW_UP, ARCHIVE.
// 2. pgbench on the same server: a one-row UPDATE transaction
//    (`\set id random(1, 1000)` / `UPDATE bench_rows SET v = v + 1 WHERE id = :id;`)
//    on a 1,000-row table, -c 4 -j 2 -T 10 -n.
// 3. The ratio of desk events/s at 4 senders to pgbench tps at 4 clients (target ≥ 40 %).
// 4. Where the time goes: this process's CPU per event, the server's CPU per
//    event and per pgbench transaction (when the server runs on this machine:
//    read from /proc), the time awaiting each store statement, a bare round
//    trip, the desk alone on the memory store; and two what-ifs at 4 senders,
//    through client wrappers (the shipped store is unchanged): named prepared
//    statements, and on top of that no `load` round trip.
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { memoryStore } from '../src/adapters/memory-store.js';
import { postgresStore, type PostgresClient } from '../src/adapters/postgres/index.js';
import type { ComplaintRecord, ComplaintStore, Notifier } from '../src/adapters/types.js';
import { manualClock } from '../src/desk/clock.js';
import { createDesk } from '../src/desk/desk.js';
import { ConflictError } from '../src/errors.js';

const URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const SCHEMA = `redress_bench_${randomBytes(4).toString('hex')}`;
const SENDERS = [1, 4, 16];
/** Complaints per sender, per level: 2,000–9,000 timed events each. */
const COMPLAINTS_PER_SENDER: Record<number, number> = { 1: 250, 4: 150, 16: 60 };
const PGBENCH_SECONDS = 10;
const TARGET = 0.4;

const T0 = Date.parse('2026-11-23T09:00:00+08:00');
const HOUR = 3_600_000;
const agent = { id: 'agent-1', role: 'agent' as const };
const supervisor = { id: 'sup-1', role: 'supervisor' as const };
const nullNotifier: Notifier = { send: async () => {} };

const intake = (id: string) => ({
  id,
  customer: { id: `cust-${id}`, name: 'Li Lei', phone: '13800001234', email: 'li.lei@example.com' },
  channel: 'phone' as const,
  description: 'The kettle leaks after two days of use; the base is wet and the plug got warm.',
  product: 'KT-200 kettle',
  order: `SO-${id}`,
  demand: 'A replacement kettle',
  emotion: 'anxious' as const,
  motive: 'compensation' as const,
});

type Actor = { id: string; role: 'agent' | 'supervisor' | 'customer' };
/** The events of one complaint's lifecycle, in order, with who sends them. */
const lifecycle = (id: string): [Record<string, unknown>, Actor][] => [
  [{ type: 'ACKNOWLEDGE' }, agent],
  [{ type: 'TRIAGE', categories: ['product_quality'], severity: 'normal', department: 'quality' }, agent],
  [{ type: 'CONTACT_CUSTOMER', summary: 'called back, photos requested' }, agent],
  [{ type: 'RECORD_ROOT_CAUSE', method: 'five_whys', cause: 'bad seal on the base', liability: 'supplier' }, agent],
  [{ type: 'PROPOSE', remedies: ['replace'], executeBy: T0 + 48 * HOUR }, agent],
  [{ type: 'ACCEPT' }, { id: `cust-${id}`, role: 'customer' }],
  [{ type: 'COMPLETE_EXECUTION' }, agent],
  [{ type: 'RECORD_FOLLOW_UP', satisfaction: 'satisfied' }, agent],
  [{ type: 'ARCHIVE' }, supervisor],
];
const EVENTS_PER_COMPLAINT = lifecycle('x').length;

// --------------------------------------------------------------------------
// Measuring

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;

/** CPU time (ms) of the PostgreSQL server's processes, when it runs on this machine (Linux /proc); else undefined. */
const serverIsLocal = /@(127\.0\.0\.1|localhost|\[::1\])(:|\/)/.test(URL) && existsSync('/proc/self/stat');
function serverCpuMs(): number | undefined {
  if (!serverIsLocal) return undefined;
  let ticks = 0;
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (!stat.includes('(postgres)')) continue;
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]); // utime + stime, in clock ticks (USER_HZ = 100 on Linux)
    } catch {
      // the process ended meanwhile
    }
  }
  return ticks * 10;
}

/** CPU of this process and of the server over `fn`. */
async function withCpu<T>(fn: () => Promise<T>): Promise<{ value: T; ownMs: number; serverMs: number | undefined }> {
  const own = process.cpuUsage();
  const server = serverCpuMs();
  const value = await fn();
  const used = process.cpuUsage(own);
  const serverAfter = serverCpuMs();
  return { value, ownMs: (used.user + used.system) / 1000, serverMs: server === undefined || serverAfter === undefined ? undefined : serverAfter - server };
}

interface LevelResult {
  senders: number;
  events: number;
  seconds: number;
  eventsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** CPU of this process (desk, driver, event loop) per event. */
  ownCpuMs: number;
  /** CPU of the server's processes per event, when measurable. */
  serverCpuMs: number | undefined;
  /** Mean time per event awaiting store.load / store.commit (includes waiting for a pooled connection). */
  loadMs: number;
  commitMs: number;
}

/** A store wrapper that adds up the time spent awaiting load and commit. */
function timed(store: ComplaintStore) {
  const spent = { load: 0, commit: 0 };
  const wrapped: ComplaintStore = {
    ...store,
    async load(id) {
      const t = performance.now();
      try {
        return await store.load(id);
      } finally {
        spent.load += performance.now() - t;
      }
    },
    async commit(c) {
      const t = performance.now();
      try {
        return await store.commit(c);
      } finally {
        spent.commit += performance.now() - t;
      }
    },
  };
  return { store: wrapped, spent };
}

/** File `perSender` complaints per sender (untimed), then each sender takes its complaints through their lifecycles. */
async function runLevel(store: ComplaintStore, senders: number, perSender: number, prefix: string): Promise<LevelResult> {
  const t = timed(store);
  const desk = createDesk({ store: t.store, notifier: nullNotifier, clock: manualClock(T0), scheduler: false });
  const ids = (s: number) => Array.from({ length: perSender + 1 }, (_, k) => `${prefix}-s${s}-${k}`);
  const eachSender = (fn: (s: number) => Promise<void>) => Promise.all(Array.from({ length: senders }, (_, s) => fn(s)));
  await eachSender(async (s) => {
    for (const id of ids(s)) await desk.file(intake(id), { actor: agent });
  });
  // Warm-up (JIT, connections, plan caches): one lifecycle per sender, untimed.
  await eachSender(async (s) => {
    const id = ids(s)[perSender]!;
    for (const [event, actor] of lifecycle(id)) await desk.send(id, event, { actor });
  });
  t.spent.load = t.spent.commit = 0;
  const latencies: number[] = [];
  const started = performance.now();
  const { ownMs, serverMs } = await withCpu(() =>
    eachSender(async (s) => {
      for (const id of ids(s).slice(0, perSender)) {
        for (const [event, actor] of lifecycle(id)) {
          const t0 = performance.now();
          await desk.send(id, event, { actor });
          latencies.push(performance.now() - t0);
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const events = latencies.length;
  return {
    senders,
    events,
    seconds,
    eventsPerSecond: events / seconds,
    p50Ms: quantile(latencies, 0.5),
    p99Ms: quantile(latencies, 0.99),
    ownCpuMs: ownMs / events,
    serverCpuMs: serverMs === undefined ? undefined : serverMs / events,
    loadMs: t.spent.load / events,
    commitMs: t.spent.commit / events,
  };
}

type Variant = 'shipped' | 'prepared' | 'prepared, no load';

/**
 * What the desk would gain by not reading the record before each commit: a
 * sender's own last write is served from memory (sound here only because each
 * sender alone writes its complaints; a conflict would drop it).
 */
function withoutLoad(store: ComplaintStore): ComplaintStore {
  const last = new Map<string, ComplaintRecord>();
  return {
    ...store,
    async load(id) {
      const hit = last.get(id);
      return hit ? structuredClone(hit) : store.load(id);
    },
    async commit(c) {
      try {
        await store.commit(c);
        last.set(c.record.id, structuredClone(c.record));
      } catch (e) {
        if (e instanceof ConflictError) last.delete(c.record.id);
        throw e;
      }
    },
  };
}

async function deskOnServer(senders: number, variant: Variant = 'shipped'): Promise<LevelResult> {
  const pool = new pg.Pool({ connectionString: URL, max: senders });
  pool.on('error', (e) => console.error('idle client error:', e.message));
  try {
    const tablePrefix = `s${senders}_${variant === 'shipped' ? '' : variant === 'prepared' ? 'p_' : 'pn_'}`;
    const store = postgresStore(pool, { schema: SCHEMA, tablePrefix, prepare: variant !== 'shipped' });
    await store.migrate();
    return await runLevel(variant === 'prepared, no load' ? withoutLoad(store) : store, senders, COMPLAINTS_PER_SENDER[senders]!, tablePrefix);
  } finally {
    await pool.end();
  }
}

/** The desk's own CPU per event: the same workload on the memory store, one sender. */
async function deskAloneMs(): Promise<number> {
  const r = await runLevel(memoryStore(), 1, 250, 'mem');
  return (r.seconds * 1000) / r.events;
}

/** Mean round trip of `SELECT 1` on one connection. */
async function roundTripMs(): Promise<number> {
  const client = new pg.Client({ connectionString: URL });
  await client.connect();
  try {
    for (let i = 0; i < 200; i++) await client.query('SELECT 1');
    const n = 2000;
    const t = performance.now();
    for (let i = 0; i < n; i++) await client.query('SELECT 1');
    return (performance.now() - t) / n;
  } finally {
    await client.end();
  }
}

async function pgbench(admin: pg.Pool): Promise<{ tps: number; transactions: number; serverCpuMs: number | undefined; command: string }> {
  await admin.query(`CREATE TABLE "${SCHEMA}".bench_rows (id integer PRIMARY KEY, v bigint NOT NULL)`);
  await admin.query(`INSERT INTO "${SCHEMA}".bench_rows SELECT i, 0 FROM generate_series(1, 1000) AS i`);
  await admin.query(`VACUUM ANALYZE "${SCHEMA}".bench_rows`);
  const dir = mkdtempSync(join(tmpdir(), 'redress-pgbench-'));
  try {
    const script = join(dir, 'update-one-row.sql');
    writeFileSync(script, '\\set id random(1, 1000)\nUPDATE bench_rows SET v = v + 1 WHERE id = :id;\n');
    const args = ['-n', '-c', '4', '-j', '2', '-T', String(PGBENCH_SECONDS), '-f', script, URL];
    // The script names the table unqualified: put this run's schema first on the search_path.
    const env = { ...process.env, PGOPTIONS: `-c search_path=${SCHEMA}` };
    let stdout: string;
    const before = serverCpuMs();
    try {
      ({ stdout } = await promisify(execFile)('pgbench', args, { env, maxBuffer: 1 << 20 }));
    } catch (e) {
      const err = e as NodeJS.ErrnoException & { stderr?: string };
      if (err.code === 'ENOENT') {
        throw new Error('pgbench not found: on Debian it is in the server package postgresql-<major> (postgresql-contrib depends on it), not in postgresql-client-<major>');
      }
      throw new Error(`pgbench failed: ${err.message}\n${err.stderr ?? ''}`);
    }
    const after = serverCpuMs();
    const tps = /tps = ([\d.]+) \(without initial connection time\)/.exec(stdout) ?? /tps = ([\d.]+)/.exec(stdout);
    const done = /number of transactions actually processed: (\d+)/.exec(stdout);
    if (!tps) throw new Error(`could not find tps in pgbench's output:\n${stdout}`);
    const transactions = Number(done?.[1] ?? NaN);
    return {
      tps: Number(tps[1]),
      transactions,
      serverCpuMs: before === undefined || after === undefined ? undefined : (after - before) / transactions,
      command: `pgbench ${args.slice(0, -2).join(' ')} update-one-row.sql`,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// --------------------------------------------------------------------------
// Reporting

const fmt = (v: number | undefined, digits = 0) =>
  v === undefined || Number.isNaN(v) ? 'n/a' : v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const pct = (v: number) => `${fmt(v * 100, 1)} %`;

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

async function main(): Promise<void> {
  const admin = new pg.Pool({ connectionString: URL, max: 2 });
  admin.on('error', (e) => console.error('idle client error:', e.message));
  try {
    const { rows } = await admin.query<{ v: string; sc: string; fsync: string }>(
      `SELECT current_setting('server_version') AS v, current_setting('synchronous_commit') AS sc, current_setting('fsync') AS fsync`,
    );
    const load = loadavg().map((l) => l.toFixed(2)).join(' ');
    console.log(
      `redress bench:pg — Node ${process.version}; PostgreSQL ${rows[0]!.v} (synchronous_commit=${rows[0]!.sc}, fsync=${rows[0]!.fsync}); ` +
        `schema ${SCHEMA}; load average at start ${load}\n`,
    );

    const levels: LevelResult[] = [];
    for (const s of SENDERS) levels.push(await deskOnServer(s));
    const bench = await pgbench(admin);
    const prepared = await deskOnServer(4, 'prepared');
    const preparedNoLoad = await deskOnServer(4, 'prepared, no load');
    const aloneMs = await deskAloneMs();
    const rtMs = await roundTripMs();

    console.log(`desk.send — ${EVENTS_PER_COMPLAINT}-event lifecycles (ACKNOWLEDGE … ARCHIVE), each sender on its own complaints, pg Pool max = senders:`);
    console.log(
      table(
        ['senders', 'events', 'events/s', 'p50 ms', 'p99 ms', 'node CPU ms/ev', 'server CPU ms/ev', 'awaiting load ms/ev', 'awaiting commit ms/ev'],
        levels.map((l) => [
          String(l.senders),
          fmt(l.events),
          fmt(l.eventsPerSecond),
          fmt(l.p50Ms, 2),
          fmt(l.p99Ms, 2),
          fmt(l.ownCpuMs, 3),
          fmt(l.serverCpuMs, 3),
          fmt(l.loadMs, 2),
          fmt(l.commitMs, 2),
        ]),
      ),
    );

    const four = levels.find((l) => l.senders === 4)!;
    const ratio = four.eventsPerSecond / bench.tps;
    console.log(`\n${bench.command} (\\set id random(1, 1000); UPDATE bench_rows SET v = v + 1 WHERE id = :id;)`);
    console.log(
      table(
        ['comparison', 'value'],
        [
          ['pgbench one-row UPDATE, 4 clients (tps)', fmt(bench.tps)],
          ['  server CPU per transaction (ms)', fmt(bench.serverCpuMs, 3)],
          ['desk.send, 4 senders (events/s)', fmt(four.eventsPerSecond)],
          ['ratio desk / pgbench', pct(ratio)],
          ['target', `≥ ${pct(TARGET)}`],
          ['result', ratio >= TARGET ? 'PASS' : 'MISS'],
        ],
      ),
    );

    console.log('\nwhere the time goes, 4 senders (the no-load what-if wraps the store):');
    const row = (what: string, l: LevelResult) => [
      what,
      fmt(l.eventsPerSecond),
      pct(l.eventsPerSecond / bench.tps),
      fmt(l.p50Ms, 2),
      fmt(l.ownCpuMs, 3),
      fmt(l.serverCpuMs, 3),
    ];
    console.log(
      table(
        ['variant', 'events/s', 'of pgbench', 'p50 ms', 'node CPU ms/ev', 'server CPU ms/ev'],
        [
          row('as shipped: load + commit, unnamed statements', four),
          row('postgresStore(pool, { prepare: true })', prepared),
          row('prepare: true, and no load round trip', preparedNoLoad),
        ],
      ),
    );
    const one = levels[0]!;
    console.log(
      `\n1 sender, per event: ${fmt(one.p50Ms, 2)} ms p50 = the desk's own work ${fmt(aloneMs, 3)} ms (same events on the memory store)` +
        ` + awaiting load ${fmt(one.loadMs, 2)} ms + awaiting commit ${fmt(one.commitMs, 2)} ms (a bare SELECT 1 round trip: ${fmt(rtMs, 3)} ms).`,
    );
  } finally {
    try {
      await admin.query(`DROP SCHEMA IF EXISTS "${SCHEMA}" CASCADE`);
    } finally {
      await admin.end();
    }
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
