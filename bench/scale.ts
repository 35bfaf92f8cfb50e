// npm run bench:scale — the desk scaled out over processes, per timer backend, on real time.
//
//   DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test), REDIS_URL (default redis://127.0.0.1:6379).
//   --backend <key> (repeatable): only these (keys of test/fixtures/backends); default every available one.
//   BENCH_SCALE_LATENCY (default 300): complaints in the latency run;
//   BENCH_SCALE_TIMERS (default 2000): overdue timers in each throughput run.
//
// Every run has its own schema (and engine schema / queue), dropped at the end. The processes are
// test/fixtures/pg-worker.ts, as in the multi-process test, each a desk built by the backend's `open`.
//
// 1. Wake-up latency for timers armed by another instance: one process only writes (its desk is never
//    started) and files complaints whose one timer is due 2 s after filing; two other processes run the
//    desk (scheduler, engine workers) and fire them. Latency = when the firing commit returned in the
//    firing process − the due instant (same machine clock). p50 / p99 / max.
// 2. Timer firings per second at 1, 2 and 4 processes: the writing process (its clock 20 s behind)
//    files N complaints whose timers are all overdue, nobody running; then k processes start and fire
//    them all (each firing is a commit, and queues one message, which they deliver too). Rate = N / (last
//    firing − first firing).
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { namesFor } from '../src/adapters/postgres/names.js';
import { postgresStore } from '../src/adapters/postgres/index.js';
import type { IntakeInput } from '../src/schemas/intake.js';
import { backends, backendOf, type RunContext } from '../test/fixtures/backends/index.js';
import type { PolicyKey } from '../test/fixtures/backends/policies.js';
import type { FromWorker, RealTimeOptions, RoundMessage, RoundResult, ToWorker } from '../test/fixtures/pg-worker.js';

const DB_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
// The Redis server of this machine, for backends that need one (as DATABASE_URL above).
process.env.REDIS_URL ??= 'redis://127.0.0.1:6379';
const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const WORKER = join(ROOT, 'test', 'fixtures', 'pg-worker.ts');
const LATENCY_N = Number(process.env.BENCH_SCALE_LATENCY ?? 300);
const TIMERS_N = Number(process.env.BENCH_SCALE_TIMERS ?? 2000);
const POLL_MS = 30_000; // the in-process scheduler's default
const SWEEP_GRACE_MS = 60_000; // the timer-backend default

const argBackends: string[] = [];
for (let i = 2; i < process.argv.length; i++) if (process.argv[i] === '--backend') argBackends.push(process.argv[++i]!);

function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let t: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([p.finally(() => clearTimeout(t)), new Promise<never>((_, rej) => (t = setTimeout(() => rej(new Error(`timed out after ${ms} ms: ${what}`)), ms)))]);
}

/** One desk process (test/fixtures/pg-worker.ts). */
class Proc {
  private readonly child: ChildProcess;
  private readonly waiting = new Map<number, (r: RoundResult) => void>();
  private readonly ready: Promise<void>;
  private stderr = '';
  private readonly exited: Promise<void>;

  constructor(id: string, schema: string, rt: RealTimeOptions, dir: string) {
    this.child = fork(WORKER, [], { cwd: ROOT, execArgv: ['--import', 'tsx'], stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    this.child.stderr?.on('data', (d: Buffer) => {
      if (this.stderr.length < 10_000) this.stderr += d.toString();
    });
    let ok!: () => void;
    let fail!: (e: Error) => void;
    this.ready = new Promise((a, b) => ((ok = a), (fail = b)));
    this.exited = new Promise((done) => this.child.once('exit', () => done()));
    void this.exited.then(() => fail(new Error(`${id} exited:\n${this.stderr}`)));
    this.child.on('message', (m: FromWorker) => {
      if (m.type === 'ready') ok();
      else if (m.type === 'done') this.waiting.get(m.round)?.(m.result);
      else if (m.type === 'failed') {
        console.error(`${id}: ${m.error}`);
        process.exitCode = 1;
      }
    });
    this.post({ type: 'init', url: DB_URL, schema, instanceId: id, deliveries: join(dir, `${id}.deliveries`), now: Date.now(), leaseMs: 30_000, failSlot: 99, hang: false, realTime: rt });
  }
  private post(m: ToWorker) {
    this.child.send(m);
  }
  whenReady() {
    return within(this.ready, 60_000, 'a worker to start');
  }
  round(m: Omit<RoundMessage, 'type' | 'runDue' | 'dispatch' | 'sends'> & { sends?: RoundMessage['sends'] }): Promise<RoundResult> {
    const p = new Promise<RoundResult>((res) => this.waiting.set(m.round, res));
    this.post({ type: 'round', sends: [], runDue: false, dispatch: false, ...m });
    return within(p, 300_000, `round ${m.round}`);
  }
  async stop() {
    if (this.child.exitCode !== null || this.child.signalCode !== null || !this.child.connected) return;
    this.post({ type: 'exit' });
    await within(this.exited, 20_000, 'a worker to exit').catch(() => this.child.kill('SIGKILL'));
  }
}

const intake = (id: string): IntakeInput => ({
  id,
  customer: { id: `cust-${id}`, name: 'Li Lei', phone: '13800001234' },
  channel: 'phone',
  description: 'The kettle leaks after two days of use.',
  demand: 'A replacement kettle',
  emotion: 'anxious',
  motive: 'compensation',
});

/** A fresh schema (and the backend's engine state) for one measurement. */
async function withRun<T>(admin: pg.Pool, key: string, fn: (run: RunContext, spawn: (id: string, rt: Partial<RealTimeOptions> & { policy: PolicyKey; active: boolean }) => Proc) => Promise<T>): Promise<T> {
  const backend = backendOf(key);
  const runId = randomBytes(4).toString('hex');
  const run: RunContext = { databaseUrl: DB_URL, redisUrl: process.env.REDIS_URL, schema: `redress_scale_${runId}`, runId };
  const dir = mkdtempSync(join(tmpdir(), 'redress-scale-'));
  const procs: Proc[] = [];
  await postgresStore(admin, { schema: run.schema }).migrate();
  await backend.prepare?.(run);
  try {
    return await fn(run, (id, rt) => {
      const p = new Proc(id, run.schema, { backend: key, runId, redisUrl: run.redisUrl, pollMs: POLL_MS, sweepGraceMs: SWEEP_GRACE_MS, ...rt }, dir);
      procs.push(p);
      return p;
    });
  } finally {
    await Promise.all(procs.map((p) => p.stop()));
    await backend.cleanup?.(run);
    await admin.query(`DROP SCHEMA IF EXISTS "${run.schema}" CASCADE`);
    rmSync(dir, { recursive: true, force: true });
  }
}

async function waitForFirings(admin: pg.Pool, schema: string, n: number, ms: number) {
  const t = namesFor({ schema }).timeline;
  await within(
    (async () => {
      for (;;) {
        const { rows } = await admin.query<{ n: string }>(`SELECT count(*) AS n FROM ${t} tl, json_array_elements(tl.entries) e WHERE e->>3 = 'timer'`);
        if (Number(rows[0]!.n) >= n) return;
        await new Promise((r) => setTimeout(r, 50));
      }
    })(),
    ms,
    `${n} firings`,
  );
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const files = (prefix: string, n: number, from = 0) => Array.from({ length: n }, (_, i) => intake(`${prefix}-${from + i}`));

async function latency(admin: pg.Pool, key: string) {
  return withRun(admin, key, async (run, spawn) => {
    const writer = spawn('writer', { active: false, policy: 'latency' });
    const firing = [spawn('fire-a', { active: true, policy: 'latency' }), spawn('fire-b', { active: true, policy: 'latency' })];
    await Promise.all([writer, ...firing].map((p) => p.whenReady()));
    // File in batches of 30 every 100 ms, so due instants spread over the run as they would in production.
    let r = 0;
    for (let i = 0; i < LATENCY_N; i += 30) {
      const t = Date.now();
      await writer.round({ round: r++, now: t, files: files('lat', Math.min(30, LATENCY_N - i), i) });
      await new Promise((res) => setTimeout(res, Math.max(0, 100 - (Date.now() - t))));
    }
    await waitForFirings(admin, run.schema, LATENCY_N, 180_000);
    const results = await Promise.all(firing.map((p) => p.round({ round: 10_000, now: Date.now(), files: [] })));
    const lat = results.flatMap((x) => x.firings.map(([due, at]) => at - due)).sort((a, b) => a - b);
    return { p50: pct(lat, 50), p99: pct(lat, 99), max: lat[lat.length - 1]! };
  });
}

async function throughput(admin: pg.Pool, key: string, k: number) {
  return withRun(admin, key, async (run, spawn) => {
    // The writer's clock is 20 s behind: every timer it arms (1 s after filing) is overdue already, by less than the
    // sweep grace (60 s), so with a job engine the engine fires them, not the desk's sweep.
    const writer = spawn('writer', { active: false, policy: 'throughput', clockOffsetMs: -20_000 });
    await writer.whenReady();
    const per = 250;
    for (let i = 0, r = 0; i < TIMERS_N; i += per) await writer.round({ round: r++, now: Date.now(), files: files('tp', Math.min(per, TIMERS_N - i), i) });
    await writer.stop();
    const firing = Array.from({ length: k }, (_, w) => spawn(`fire-${w}`, { active: true, policy: 'throughput' }));
    await Promise.all(firing.map((p) => p.whenReady()));
    await waitForFirings(admin, run.schema, TIMERS_N, 300_000);
    const results = await Promise.all(firing.map((p) => p.round({ round: 10_000, now: Date.now(), files: [] })));
    const at = results.flatMap((x) => x.firings.map(([, firedAt]) => firedAt)).sort((a, b) => a - b);
    const engine = results.reduce((s, x) => s + x.engineFired, 0);
    return { perSecond: (at.length - 1) / ((at[at.length - 1]! - at[0]!) / 1000), byEngine: engine / at.length };
  });
}

async function main() {
  const admin = new pg.Pool({ connectionString: DB_URL, max: 3 });
  admin.on('error', () => {});
  await admin.query('SELECT 1');
  const keys = (argBackends.length > 0 ? argBackends : Object.keys(backends)).filter((key) => {
    const why = backendOf(key).unavailable(process.env);
    if (why) console.log(`(${key}: not run, ${why})`);
    return !why;
  });
  const version = (await admin.query<{ server_version: string }>('SHOW server_version')).rows[0]?.server_version;
  console.log(`bench:scale — PostgreSQL ${version}, ${cpus().length} CPUs, load ${loadavg()[0]!.toFixed(1)}; latency: ${LATENCY_N} timers armed by another process; throughput: ${TIMERS_N} overdue timers`);
  const rows: string[] = [];
  for (const key of keys) {
    const name = backendOf(key).name;
    const lat = await latency(admin, key);
    const tp: number[] = [];
    let byEngine = 0;
    for (const k of [1, 2, 4]) {
      const r = await throughput(admin, key, k);
      tp.push(r.perSecond);
      byEngine = r.byEngine;
    }
    const engine = key.startsWith('builtin') ? '' : ` (engine fired ${(byEngine * 100).toFixed(0)} % at 4)`;
    const row = `| ${name} | ${lat.p50} | ${lat.p99} | ${lat.max} | ${tp.map((x) => x.toFixed(0)).join(' | ')} |${engine}`;
    console.log(row);
    rows.push(row);
  }
  console.log('\n| backend | wake-up p50 (ms) | p99 (ms) | max (ms) | firings/s, 1 process | 2 | 4 |\n| --- | --: | --: | --: | --: | --: | --: |');
  for (const r of rows) console.log(r);
  console.log(`(load average at the end ${loadavg()[0]!.toFixed(1)})`);
  await admin.end();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
