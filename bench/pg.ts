// npm run bench:pg — the PostgreSQL store's write path under the desk, against a real server.
//
//   DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test). Everything
//   lives in a schema made for this run (redress_bench_<random>), dropped at the end.
//   BENCH_PG_COMPLAINTS: complaints per sender (default 300: 2,700 timed events each).
//   BENCH_PG_EXTRA=1: also 1 and 16 senders, the store with `prepare: false`, and a
//   what-if: the desk without its loadIfNewer round trip before each commit.
//   BENCH_PG_QUICK=1: the desk run only (no pgbench), for quick comparisons;
//   BENCH_PG_AB=1: the desk run with and without snapshot compression, twice.
//
// 1. The desk: 4 concurrent senders, each on its own complaints (no conflicts),
//    one desk, a pg Pool of 4, the store as shipped (named prepared statements).
//    Each complaint is filed (untimed), then taken through a whole lifecycle
//    of 9 events: ACKNOWLEDGE, TRIAGE, CONTACT_CUSTOMER, RECORD_ROOT_CAUSE,
//    PROPOSE, ACCEPT, COMPLETE_EXECUTION, RECORD_FOLLOW_UP, ARCHIVE, after
//    an untimed warm-up run of the same workload (JIT, pool). The
//    desk's clock runs (virtual time = start + real elapsed time), so every
//    commit has a new updated_at, as in production. Measured: events/s,
//    latency of each send (p50, p99), WAL written per event
//    (pg_current_wal_lsn() before and after), and with pg_walinspect (when
//    the server has it) the index entries inserted per commit and where the
//    WAL goes, by record type.
// 2. pgbench replaying THE SAME transaction: the 9 commit statements the desk
//    sent for one lifecycle (captured from the client, text and parameters),
//    replayed with -M prepared on 4 clients for 10 s, each client cycling
//    over its own 200 filed complaints with the version guard matching (so
//    every replay writes, like the desk's commits). Only the complaint id,
//    the versions and the outbox message ids (unique) change per replay.
// 3. Targets: desk events/s ≥ 85 % of that pgbench tps; WAL per event ≤ 2.5 KB;
//    p99 at 4 senders ≤ 15 ms.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir, cpus } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { memoryStore } from '../src/adapters/memory-store.js';
import { commitStatement, type Compiled } from '../src/adapters/postgres/commit.js';
import { postgresStore, type PostgresClient } from '../src/adapters/postgres/index.js';
import { namesFor } from '../src/adapters/postgres/names.js';
import type { Clock, ComplaintStore, Notifier } from '../src/adapters/types.js';
import { createDesk } from '../src/desk/desk.js';
import type { ComplaintCommand } from '../src/schemas/events.js';

const URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const SCHEMA = `redress_bench_${randomBytes(4).toString('hex')}`;
const PER_SENDER = Number(process.env.BENCH_PG_COMPLAINTS ?? 300);
const EXTRA = process.env.BENCH_PG_EXTRA === '1';
const QUICK = process.env.BENCH_PG_QUICK === '1';
const PGBENCH_SECONDS = 10;
const PGBENCH_CLIENTS = 4;
const PGBENCH_COMPLAINTS = 200; // per pgbench client
const TARGETS = { ratio: 0.85, walPerEvent: 2.5 * 1024, p99Ms: 15 };

const T0 = Date.parse('2026-11-23T09:00:00+08:00');
const HOUR = 3_600_000;
const agent = { id: 'agent-1', role: 'agent' as const };
const supervisor = { id: 'sup-1', role: 'supervisor' as const };
const reviewer = { id: 'qa-1', role: 'supervisor' as const }; // the follow-up needs someone who never handled the complaint
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
const lifecycle = (id: string, now: number): [ComplaintCommand, Actor][] => [
  [{ type: 'ACKNOWLEDGE' }, agent],
  [{ type: 'TRIAGE', categories: ['product_quality'], severity: 'normal', department: 'quality' }, agent],
  [{ type: 'CONTACT_CUSTOMER', summary: 'called back, photos requested' }, agent],
  [{ type: 'RECORD_ROOT_CAUSE', method: 'five_whys', cause: 'bad seal on the base', liability: 'supplier' }, agent],
  [{ type: 'PROPOSE', remedies: ['replace'], executeBy: now + 48 * HOUR }, agent],
  [{ type: 'ACCEPT' }, { id: `cust-${id}`, role: 'customer' }],
  [{ type: 'COMPLETE_EXECUTION' }, agent],
  [{ type: 'RECORD_FOLLOW_UP', satisfaction: 'satisfied' }, reviewer],
  [{ type: 'ARCHIVE' }, supervisor],
];
const EVENTS_PER_COMPLAINT = lifecycle('x', T0).length;

/** Virtual time that runs with real time from T0 (each commit at a later instant). */
function runningClock(): Clock {
  const started = performance.now();
  return { now: () => T0 + Math.floor(performance.now() - started) };
}

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

/** Busy CPU time (ms) of the whole machine since boot (Linux /proc/stat: everything but idle and iowait); else undefined. */
function machineCpuMs(): number | undefined {
  if (!existsSync('/proc/stat')) return undefined;
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = f;
  return (user + nice + system + irq + softirq + steal) * 10;
}

/** WAL position, and with pg_walinspect what was written between two positions, by record type. */
class Wal {
  private inspect = false;
  constructor(private readonly admin: pg.Pool) {}

  async init(): Promise<void> {
    try {
      await this.admin.query(`CREATE EXTENSION IF NOT EXISTS pg_walinspect SCHEMA "${SCHEMA}"`);
      this.inspect = true;
    } catch {
      this.inspect = false; // not installed or not allowed: totals only
    }
  }

  async lsn(): Promise<string> {
    const { rows } = await this.admin.query<{ l: string }>('SELECT pg_current_wal_lsn()::text AS l');
    return rows[0]!.l;
  }

  /** With pg_walinspect: WAL bytes and records between two positions, by relation (of this run's schema) and record type. */
  async byRelation(from: string, to: string): Promise<string[][] | undefined> {
    if (!this.inspect) return undefined;
    const { rows } = await this.admin.query<{ rel: string; t: string; n: string; b: string }>(
      `SELECT coalesce(c.relname, '(other)') AS rel, w.resource_manager || '/' || w.record_type AS t, count(*) AS n, sum(w.record_length) AS b
       FROM "${SCHEMA}".pg_get_wal_records_info($1::pg_lsn, $2::pg_lsn) AS w
       LEFT JOIN pg_class c ON c.relfilenode = (regexp_match(w.block_ref, 'rel \\d+/\\d+/(\\d+)'))[1]::oid
       GROUP BY 1, 2 ORDER BY sum(w.record_length) DESC`,
      [from, to],
    );
    return rows.map((r) => [r.rel, r.t, r.n, r.b]);
  }

  async between(from: string, to: string): Promise<{ bytes: number; byType: Map<string, { count: number; bytes: number; fpiBytes: number }> | undefined }> {
    const { rows } = await this.admin.query<{ d: string }>('SELECT pg_wal_lsn_diff($2::pg_lsn, $1::pg_lsn)::bigint AS d', [from, to]);
    const bytes = Number(rows[0]!.d);
    if (!this.inspect) return { bytes, byType: undefined };
    try {
      const r = await this.admin.query<{ t: string; n: string; rb: string; fb: string }>(
        `SELECT "resource_manager/record_type" AS t, count AS n, record_size AS rb, fpi_size AS fb
         FROM "${SCHEMA}".pg_get_wal_stats($1::pg_lsn, $2::pg_lsn, true) WHERE count > 0`,
        [from, to],
      );
      return { bytes, byType: new Map(r.rows.map((x) => [x.t, { count: Number(x.n), bytes: Number(x.rb), fpiBytes: Number(x.fb) }])) };
    } catch {
      return { bytes, byType: undefined };
    }
  }
}

/** Index entries inserted, from WAL record counts (btree leaf inserts and splits, which carry the new entry; GIN inserts). */
function indexInserts(byType: Map<string, { count: number }> | undefined): number | undefined {
  if (!byType) return undefined;
  let n = 0;
  for (const [t, v] of byType) if (/^Btree\/(INSERT_LEAF|INSERT_POST|SPLIT_L|SPLIT_R)$/.test(t) || t === 'Gin/INSERT') n += v.count;
  return n;
}

interface LevelResult {
  senders: number;
  events: number;
  seconds: number;
  eventsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  ownCpuMs: number;
  serverCpuMs: number | undefined;
  /** Busy CPU of the whole machine per event (all processes, other users' included). */
  machineCpuMs: number | undefined;
  walBytes: number;
  wal: Awaited<ReturnType<Wal['between']>>;
  relations?: string[][] | undefined;
}

/** File `perSender` complaints per sender (untimed), then each sender takes its complaints through their lifecycles. */
async function runLevel(store: ComplaintStore, senders: number, perSender: number, prefix: string, wal: Wal | undefined): Promise<LevelResult> {
  const clock = runningClock();
  const desk = createDesk({ store, notifier: nullNotifier, clock, scheduler: false });
  const ids = (s: number) => Array.from({ length: perSender + 1 }, (_, k) => `${prefix}-s${s}-${k}`);
  const eachSender = (fn: (s: number) => Promise<void>) => Promise.all(Array.from({ length: senders }, (_, s) => fn(s)));
  await eachSender(async (s) => {
    for (const id of ids(s)) await desk.file(intake(id), { actor: agent });
  });
  // Warm-up (JIT, connections, prepared statements, plan caches): one lifecycle per sender, untimed.
  await eachSender(async (s) => {
    const id = ids(s)[perSender]!;
    for (const [event, actor] of lifecycle(id, clock.now())) await desk.send(id, event, { actor });
  });
  const latencies: number[] = [];
  const before = wal ? await wal.lsn() : '';
  const own = process.cpuUsage();
  const server = serverCpuMs();
  const machine = machineCpuMs();
  const started = performance.now();
  await eachSender(async (s) => {
    for (const id of ids(s).slice(0, perSender)) {
      for (const [event, actor] of lifecycle(id, clock.now())) {
        const t0 = performance.now();
        await desk.send(id, event, { actor });
        latencies.push(performance.now() - t0);
      }
    }
  });
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(own);
  const serverAfter = serverCpuMs();
  const machineAfter = machineCpuMs();
  const after = wal ? await wal.lsn() : '';
  latencies.sort((a, b) => a - b);
  const events = latencies.length;
  const w = wal ? await wal.between(before, after) : { bytes: NaN, byType: undefined };
  return {
    senders,
    events,
    seconds,
    eventsPerSecond: events / seconds,
    p50Ms: quantile(latencies, 0.5),
    p99Ms: quantile(latencies, 0.99),
    maxMs: latencies[latencies.length - 1] ?? NaN,
    ownCpuMs: (used.user + used.system) / 1000 / events,
    serverCpuMs: server === undefined || serverAfter === undefined ? undefined : (serverAfter - server) / events,
    machineCpuMs: machine === undefined || machineAfter === undefined ? undefined : (machineAfter - machine) / events,
    walBytes: w.bytes / events,
    wal: w,
    relations: QUICK && wal ? await wal.byRelation(before, after) : undefined,
  };
}

let levelRuns = 0;
/**
 * What-if (not the shipped desk): no read before a commit when the desk holds
 * the version it committed last. `loadIfNewer` answers 'unchanged' from
 * memory for that version — sound here only because each sender alone writes
 * its complaints; a real desk would need the commit's conflict to hand back
 * the current record instead.
 */
function withoutRead(store: ComplaintStore): ComplaintStore {
  const committed = new Map<string, number>();
  return {
    ...store,
    async loadIfNewer(id, version) {
      return committed.get(id) === version ? 'unchanged' : store.loadIfNewer!(id, version);
    },
    async commit(c) {
      await store.commit(c);
      committed.set(c.record.id, c.record.version);
    },
  };
}

async function deskOnServer(
  senders: number,
  wal: Wal | undefined,
  options: { prepare?: boolean; compressSnapshots?: boolean; noRead?: boolean } = {},
  perSender?: number,
): Promise<LevelResult> {
  const pool = new pg.Pool({ connectionString: URL, max: senders });
  pool.on('error', (e) => console.error('idle client error:', e.message));
  try {
    const tablePrefix = `s${senders}_${++levelRuns}_`;
    const { noRead, ...storeOptions } = options;
    const store = postgresStore(pool, { schema: SCHEMA, tablePrefix, ...storeOptions });
    await store.migrate();
    return await runLevel(noRead ? withoutRead(store) : store, senders, perSender ?? (senders === 16 ? Math.ceil(PER_SENDER / 3) : PER_SENDER), tablePrefix, wal);
  } finally {
    await pool.end();
  }
}

/** The desk's own CPU per event: the same workload on the memory store, one sender. */
async function deskAloneMs(): Promise<number> {
  const r = await runLevel(memoryStore(), 1, 250, 'mem', undefined);
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

// --------------------------------------------------------------------------
// pgbench replaying the desk's commits

interface Captured {
  text: string;
  values: unknown[];
}

/**
 * A client that records the commit statements sent through it (node-postgres'
 * config form, so the store still prepares them), for one lifecycle.
 */
function capturing(pool: pg.Pool): { client: PostgresClient; commits: Captured[] } {
  const commits: Captured[] = [];
  const client = {
    query(textOrConfig: unknown, params?: unknown[]) {
      const config = typeof textOrConfig === 'string' ? { text: textOrConfig, values: params ?? [] } : (textOrConfig as { name?: string; text: string; values: unknown[] });
      if (config.text.startsWith('WITH w AS')) commits.push({ text: config.text, values: [...config.values] });
      return pool.query(config as pg.QueryConfig);
    },
    connect: () => pool.connect(),
  };
  return { client: client as unknown as PostgresClient, commits };
}

/**
 * The pgbench script: per transaction, the next of the captured commits, for
 * this client's next complaint, at that complaint's next version. Parameters
 * go in as pgbench variables (-D), so with -M prepared they are bound
 * parameters of a prepared statement, exactly as the desk sends them; NULLs
 * (pgbench variables cannot be NULL) are written as NULL.
 */
function pgbenchScript(commits: Captured[], statement: Compiled, capturedId: string): { script: string; defines: string[] } {
  const defines: string[] = [`t=0`, `m0=${PGBENCH_COMPLAINTS}`];
  const lines = [
    `\\set m :t % :m0`,
    `\\set step (:t / :m0) % ${commits.length}`,
    `\\set ver (:t / :m0) + 2`,
    `\\set exp :ver - 1`,
    `\\set t :t + 1`,
  ];
  const idExpr = `('pgb-' || :client_id || '-' || :m)`;
  commits.forEach((c, step) => {
    if (c.text !== statement.text) throw new Error('the captured commit is not the store\'s update statement');
    const version = c.values[statement.names.indexOf('version')] as number;
    const text = c.text.replace(/\$(\d+)/g, (_, d: string) => {
      const i = Number(d) - 1;
      const name = statement.names[i]!;
      const v = c.values[i];
      if (name === 'id') return idExpr;
      if (name === 'version') return ':ver';
      if (name === 'expected') return ':exp';
      if (v === null || v === undefined) return 'NULL';
      if (name === 'outbox' && typeof v === 'string') {
        // Message ids are unique: they carry this replay's complaint id and version.
        const templ = v.split(`${capturedId}:${version}:`).join('@ID@:@V@:').split(capturedId).join('@ID@');
        defines.push(`s${step}_${name}=${templ}`);
        return `replace(replace(:s${step}_${name}, '@V@', :ver::text), '@ID@', ${idExpr})`;
      }
      // bytea (the compressed snapshot) in its text form, as hex.
      defines.push(`s${step}_${name}=${Buffer.isBuffer(v) ? `\\x${v.toString('hex')}` : typeof v === 'string' ? v : JSON.stringify(v)}`);
      return `:s${step}_${name}`;
    });
    lines.push(`${step === 0 ? '\\if' : '\\elif'} :step = ${step}`, `${text};`);
  });
  lines.push('\\endif');
  return { script: lines.join('\n') + '\n', defines };
}

async function pgbench(admin: pg.Pool, wal: Wal): Promise<{ tps: number; transactions: number; machineCpuMs: number | undefined; walBytes: number; wal: Awaited<ReturnType<Wal['between']>>; command: string; statements: number }> {
  // Capture one lifecycle's commits through the store as shipped (prepared statements).
  const pool = new pg.Pool({ connectionString: URL, max: PGBENCH_CLIENTS });
  pool.on('error', (e) => console.error('idle client error:', e.message));
  const tablePrefix = 'pgb_';
  const cap = capturing(pool);
  const store = postgresStore(cap.client, { schema: SCHEMA, tablePrefix, prepare: true });
  await store.migrate();
  const clock = runningClock();
  const desk = createDesk({ store, notifier: nullNotifier, clock, scheduler: false });
  const capturedId = 'captured-1';
  await desk.file(intake(capturedId), { actor: agent });
  cap.commits.length = 0;
  for (const [event, actor] of lifecycle(capturedId, clock.now())) await desk.send(capturedId, event, { actor });
  const commits = cap.commits.slice();
  if (commits.length !== EVENTS_PER_COMPLAINT) throw new Error(`captured ${commits.length} commits, expected ${EVENTS_PER_COMPLAINT}`);
  // The complaints pgbench writes to: filed by the desk (version 1), 200 per client.
  for (let c = 0; c < PGBENCH_CLIENTS; c++) {
    await Promise.all(
      Array.from({ length: 4 }, async (_, lane) => {
        for (let m = lane; m < PGBENCH_COMPLAINTS; m += 4) await desk.file(intake(`pgb-${c}-${m}`), { actor: agent });
      }),
    );
  }
  await pool.end();
  await admin.query(`VACUUM ANALYZE "${SCHEMA}"."pgb_records"`);

  const { script, defines } = pgbenchScript(commits, commitStatement(namesFor({ schema: SCHEMA, tablePrefix }), false), capturedId);
  const dir = mkdtempSync(join(tmpdir(), 'redress-pgbench-'));
  try {
    const file = join(dir, 'desk-commits.sql');
    writeFileSync(file, script);
    const args = ['-n', '-M', 'prepared', '-c', String(PGBENCH_CLIENTS), '-j', '2', '-T', String(PGBENCH_SECONDS), ...defines.flatMap((d) => ['-D', d]), '-f', file, URL];
    let stdout: string;
    const before = machineCpuMs();
    const from = await wal.lsn();
    try {
      ({ stdout } = await promisify(execFile)('pgbench', args, { maxBuffer: 1 << 22 }));
    } catch (e) {
      const err = e as NodeJS.ErrnoException & { stderr?: string; stdout?: string };
      if (err.code === 'ENOENT') {
        throw new Error('pgbench not found: on Debian it is in the server package postgresql-<major> (postgresql-contrib depends on it), not in postgresql-client-<major>');
      }
      throw new Error(`pgbench failed: ${err.message}\n${err.stderr ?? ''}\n${script.slice(0, 2000)}`);
    }
    const to = await wal.lsn();
    const after = machineCpuMs();
    const tps = /tps = ([\d.]+) \(without initial connection time\)/.exec(stdout) ?? /tps = ([\d.]+)/.exec(stdout);
    const done = /number of transactions actually processed: (\d+)/.exec(stdout);
    if (!tps) throw new Error(`could not find tps in pgbench's output:\n${stdout}`);
    const transactions = Number(done?.[1] ?? NaN);
    // Every replay must have written (the version guard matched): count the versions reached.
    const { rows } = await admin.query<{ n: string }>(`SELECT coalesce(sum(version - 1), 0) AS n FROM "${SCHEMA}"."pgb_records" WHERE id LIKE 'pgb-%'`);
    if (Number(rows[0]!.n) !== transactions) throw new Error(`pgbench: ${transactions} transactions but ${rows[0]!.n} commits written (a replay missed its version guard)`);
    const w = await wal.between(from, to);
    return {
      tps: Number(tps[1]),
      transactions,
      machineCpuMs: before === undefined || after === undefined ? undefined : (after - before) / transactions,
      walBytes: w.bytes / transactions,
      wal: w,
      command: `pgbench -n -M prepared -c ${PGBENCH_CLIENTS} -j 2 -T ${PGBENCH_SECONDS} -f desk-commits.sql (${commits.length} captured commit statements, ${defines.length} -D parameters)`,
      statements: commits.length,
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
const kb = (bytes: number) => `${fmt(bytes / 1024, 2)} KB`;

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** WAL by record type, per unit (event or transaction), largest first. */
function walBreakdown(label: string, w: LevelResult['wal'], units: number): string {
  if (!w.byType) return `${label}: (pg_walinspect not available: totals only)`;
  const rows = [...w.byType].map(([t, v]) => ({ t, perUnit: v.count / units, bytes: (v.bytes + v.fpiBytes) / units, fpi: v.fpiBytes / units }));
  rows.sort((a, b) => b.bytes - a.bytes);
  return `${label}:\n${table(
    ['record type', 'records/unit', 'bytes/unit', 'of which FPI'],
    rows.filter((r) => r.bytes >= 1).map((r) => [r.t, fmt(r.perUnit, 2), fmt(r.bytes, 0), fmt(r.fpi, 0)]),
  )}`;
}

async function main(): Promise<void> {
  const admin = new pg.Pool({ connectionString: URL, max: 2 });
  admin.on('error', (e) => console.error('idle client error:', e.message));
  await admin.query(`CREATE SCHEMA "${SCHEMA}"`);
  try {
    const { rows } = await admin.query<{ v: string; sc: string; fsync: string; fpw: string }>(
      `SELECT current_setting('server_version') AS v, current_setting('synchronous_commit') AS sc, current_setting('fsync') AS fsync,
        current_setting('full_page_writes') AS fpw`,
    );
    const wal = new Wal(admin);
    await wal.init();
    console.log(
      `redress bench:pg — Node ${process.version}, ${cpus().length} CPUs; PostgreSQL ${rows[0]!.v} (synchronous_commit=${rows[0]!.sc}, fsync=${rows[0]!.fsync}, ` +
        `full_page_writes=${rows[0]!.fpw}); schema ${SCHEMA}; load average at start ${loadavg().map((l) => l.toFixed(2)).join(' ')}\n`,
    );

    if (process.env.BENCH_PG_AB === '1') {
      // A/B of snapshot compression, alternating (for the docs' figures).
      for (let i = 0; i < 2; i++) {
        for (const compressSnapshots of [false, true]) {
          const r = await deskOnServer(4, wal, { compressSnapshots });
          console.log(`compressSnapshots: ${compressSnapshots}: ${fmt(r.eventsPerSecond)} events/s, p99 ${fmt(r.p99Ms, 2)} ms, WAL ${kb(r.walBytes)}/event, node CPU ${fmt(r.ownCpuMs, 3)}, server CPU ${fmt(r.serverCpuMs, 3)} ms/event`);
        }
      }
      return;
    }
    // Warm-up: the same workload once, untimed (JIT, pool, prepared statements), on tables of its own.
    await deskOnServer(4, undefined, {}, Math.min(100, PER_SENDER));
    const four = await deskOnServer(4, wal);
    if (QUICK) {
      const inserts = indexInserts(four.wal.byType);
      console.log(`desk, 4 senders: ${fmt(four.eventsPerSecond)} events/s, p50 ${fmt(four.p50Ms, 2)} ms, p99 ${fmt(four.p99Ms, 2)} ms, WAL ${kb(four.walBytes)}/event, ` +
        `${fmt(inserts === undefined ? undefined : inserts / four.events, 2)} index entries/commit, node CPU ${fmt(four.ownCpuMs, 3)} ms/event, server CPU ${fmt(four.serverCpuMs, 3)} ms/event`);
      console.log(`\n${walBreakdown('WAL per desk event, by record type', four.wal, four.events)}`);
      if (four.relations) {
        console.log(`\n${table(['relation', 'record type', 'records/event', 'bytes/event'], four.relations.map(([r, t, n, b]) => [r!, t!, fmt(Number(n) / four.events, 2), fmt(Number(b) / four.events, 0)]).filter((x) => x[3] !== '0'))}`);
      }
      return;
    }
    const bench = await pgbench(admin, wal);
    const extra: [string, LevelResult][] = [];
    if (EXTRA) {
      extra.push(['1 sender', await deskOnServer(1, wal)]);
      extra.push(['16 senders', await deskOnServer(16, wal)]);
      extra.push(['4 senders, prepare: false', await deskOnServer(4, wal, { prepare: false })]);
      extra.push(['4 senders, what-if: no read before a commit', await deskOnServer(4, wal, { noRead: true })]);
    }
    const aloneMs = await deskAloneMs();
    const rtMs = await roundTripMs();

    const ratio = four.eventsPerSecond / bench.tps;
    const inserts = indexInserts(four.wal.byType);
    const benchInserts = indexInserts(bench.wal.byType);
    console.log(`desk.send, 4 senders (${fmt(four.events)} events: ${EVENTS_PER_COMPLAINT}-event lifecycles, each sender on its own complaints, pg Pool max 4):`);
    console.log(
      table(
        ['measure', 'desk', 'pgbench (same commits)', 'target', 'result'],
        [
          ['events/s (desk) vs tps (pgbench)', fmt(four.eventsPerSecond), fmt(bench.tps), '', ''],
          ['desk / pgbench', pct(ratio), '', `≥ ${pct(TARGETS.ratio)}`, ratio >= TARGETS.ratio ? 'PASS' : 'MISS'],
          ['WAL per event / per transaction', kb(four.walBytes), kb(bench.walBytes), `≤ ${kb(TARGETS.walPerEvent)}`, four.walBytes <= TARGETS.walPerEvent ? 'PASS' : 'MISS'],
          ['p99 latency (ms)', fmt(four.p99Ms, 2), '', `≤ ${TARGETS.p99Ms}`, four.p99Ms <= TARGETS.p99Ms ? 'PASS' : 'MISS'],
          ['p50 / max latency (ms)', `${fmt(four.p50Ms, 2)} / ${fmt(four.maxMs, 1)}`, '', '', ''],
          ['index entries inserted per commit', fmt(inserts === undefined ? undefined : inserts / four.events, 2), fmt(benchInserts === undefined ? undefined : benchInserts / bench.transactions, 2), '', ''],
          ['machine CPU per event / transaction (ms, all processes)', fmt(four.machineCpuMs, 3), fmt(bench.machineCpuMs, 3), '', ''],
          ['  of which PostgreSQL / node (desk)', `${fmt(four.serverCpuMs, 3)} / ${fmt(four.ownCpuMs, 3)}`, '', '', ''],
        ],
      ),
    );
    console.log(`\n${bench.command}`);
    console.log(`\n${walBreakdown('WAL per desk event, by record type', four.wal, four.events)}`);
    console.log(`\n${walBreakdown('WAL per pgbench transaction, by record type', bench.wal, bench.transactions)}`);
    if (extra.length > 0) {
      console.log(
        `\n${table(
          ['variant', 'events/s', 'of pgbench', 'p50 ms', 'p99 ms', 'WAL/event', 'node CPU ms/ev', 'server CPU ms/ev'],
          [['4 senders (above)', four] as [string, LevelResult], ...extra].map(([what, l]) => [
            what,
            fmt(l.eventsPerSecond),
            pct(l.eventsPerSecond / bench.tps),
            fmt(l.p50Ms, 2),
            fmt(l.p99Ms, 2),
            kb(l.walBytes),
            fmt(l.ownCpuMs, 3),
            fmt(l.serverCpuMs, 3),
          ]),
        )}`,
      );
    }
    console.log(
      `\nper event at 4 senders: ${fmt(four.p50Ms, 2)} ms p50; the desk's own work ${fmt(aloneMs, 3)} ms (same events on the memory store, 1 sender); ` +
        `a bare SELECT 1 round trip ${fmt(rtMs, 3)} ms. A send is 1 statement when the desk's cached copy is current (the commit, guarded by its version), 2 after a conflict (loadIfNewer, then the commit).`,
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
