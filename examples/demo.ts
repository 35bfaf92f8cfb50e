/**
 * The desk demo: complaints on a real PostgreSQL engine, on virtual time.
 *
 * By default the store is PGlite (PostgreSQL compiled to WebAssembly, in
 * memory: nothing to install); with DATABASE_URL set it is that server
 * (schema `redress_demo`, dropped at the end). Three complaints are filed on a
 * Monday morning in Shanghai; virtual time advances, deadlines warn, breach
 * and escalate; the outbox delivers notifications; then the desk is dropped
 * and a new one over the same database finds every timer still there.
 *
 *   npm run demo                                   # PGlite
 *   DATABASE_URL=postgres://… npm run demo         # a PostgreSQL server
 */
import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
import { createDesk, manualClock, type Actor, type ComplaintCommand, type ComplaintView, type Notifier } from '../src/index.js';
import { postgresStore, type PostgresClient } from '../src/adapters/postgres/index.js';

const ZONE = 'Asia/Shanghai';
const show = (t: number) => format(new TZDate(t, ZONE), 'EEE MM-dd HH:mm');
const line = (s = '') => console.log(s);

async function openDatabase(): Promise<{ client: PostgresClient; label: string; close: () => Promise<void> }> {
  const url = process.env.DATABASE_URL;
  if (url) {
    const { default: pg } = await import('pg');
    const pool = new pg.Pool({ connectionString: url, max: 4 });
    pool.on('error', () => {}); // idle connections dropped by the server must not crash the demo
    await pool.query('DROP SCHEMA IF EXISTS redress_demo CASCADE');
    return {
      client: pool,
      label: `PostgreSQL server (${url.replace(/\/\/[^@]*@/, '//')}), schema redress_demo`,
      close: async () => {
        await pool.query('DROP SCHEMA IF EXISTS redress_demo CASCADE');
        await pool.end();
      },
    };
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const db = new PGlite();
  return { client: db, label: 'PGlite (embedded PostgreSQL, in memory)', close: () => db.close() };
}

const delivered: string[] = [];
const notifier: Notifier = {
  async send(m) {
    delivered.push(m.id);
    const data = m.payload.data as Record<string, unknown>;
    const detail = data.clock ? ` ${String(data.clock)}` : data.levelName ? ` → ${String(data.levelName)}` : '';
    console.log(`    ✉ ${m.complaintId.padEnd(10)} ${m.kind}${detail} to ${m.recipient}`);
  },
};

/** Send a command and say so: when, to which complaint, what, by whom, and where it went. Every event the demo sends goes through here. */
async function send(id: string, command: ComplaintCommand, actor: Actor): Promise<ComplaintView> {
  const v = await desk.send(id, command, { actor });
  line(`${show(clock.now())}  ${id.padEnd(10)} ${command.type.padEnd(24)} by ${actor.id} (${actor.role}) → ${v.step}`);
  return v;
}

function summary(v: ComplaintView): string {
  const counting = v.deadlines
    .filter((d) => d.status !== 'met' && d.status !== 'stopped')
    .map((d) => `${d.clock} ${d.status} due ${show(d.deadline)} (${d.rule})`);
  return `${v.id.padEnd(10)} ${v.step.padEnd(26)} level ${v.escalationLevel} ${v.escalationName.padEnd(10)} ${counting.join('; ') || 'no clock counting'}`;
}

const db = await openDatabase();
const store = postgresStore(db.client, { schema: 'redress_demo' });
await store.migrate();

const clock = manualClock(Date.parse('2026-11-23T09:00:00+08:00'));
let desk = createDesk({ store, notifier, clock, scheduler: false, instanceId: 'desk-1' });
const agent: Actor = { id: 'agent-wang', role: 'agent' };
const supervisor: Actor = { id: 'sup-zhao', role: 'supervisor' };

line(`redress desk demo on ${db.label}`);
line(`policy: ${desk.policy.name}; virtual time starts ${show(clock.now())} (${ZONE})`);
line();

const customer = (id: string, name: string) => ({ id, name, phone: '13800001234', email: `${id}@example.com` });
const urgentIntake = {
  id: 'C-urgent',
  customer: customer('cust-1', 'Li Lei'),
  channel: 'social',
  description: 'A video of our heater smoking is spreading on social media.',
  product: 'HT-9 heater',
  demand: 'Public answer and a refund',
  emotion: 'angry',
  motive: 'respect',
} as const;
const filed = [
  await desk.file(urgentIntake, { actor: agent, idempotencyKey: 'intake-0001' }),
  await desk.file(
    {
      id: 'C-billing',
      customer: customer('cust-2', 'Han Meimei'),
      channel: 'phone',
      description: 'Charged twice for the November invoice.',
      demand: 'Refund of the duplicate charge',
      emotion: 'anxious',
      motive: 'compensation',
    },
    { actor: agent },
  ),
  await desk.file(
    {
      id: 'C-parcel',
      customer: customer('cust-3', 'Zhang Wei'),
      channel: 'chat',
      description: 'Parcel tracking has not moved for three days.',
      demand: 'Know where the parcel is',
      emotion: 'calm',
      motive: 'vent',
    },
    { actor: agent },
  ),
];
line(`${show(clock.now())}  filed ${filed.map((c) => c.id).join(', ')}`);
const again = await desk.file(urgentIntake, { actor: agent, idempotencyKey: 'intake-0001' });
line(`            filing C-urgent again with the same idempotency key returns version ${again.version}: nothing changed`);

clock.advance(10 * 60_000);
await send('C-urgent', { type: 'ACKNOWLEDGE' }, agent);
await send('C-urgent', { type: 'TRIAGE', categories: ['product_quality'], severity: 'urgent', department: 'after_sales', assignee: 'eng-liu' }, agent);
await send('C-billing', { type: 'ACKNOWLEDGE' }, agent);
await send('C-parcel', { type: 'RESOLVE_ON_FIRST_CONTACT', summary: 'Carrier confirmed delivery today; customer satisfied.' }, agent);
line('            the urgent one went to director level at once; where each complaint stands:');
for (const id of ['C-urgent', 'C-billing', 'C-parcel']) line(`            ${summary(await desk.get(id))}`);
line();

/** The complaints whose SLA timers fired after `since` (from their timelines), e.g. `C-urgent ×2`. */
async function firedSince(since: number): Promise<string> {
  const out: string[] = [];
  for (const id of ['C-urgent', 'C-billing', 'C-parcel']) {
    const n = (await desk.timeline(id)).filter((e) => e.kind === 'timer' && e.at > since).length;
    if (n > 0) out.push(n > 1 ? `${id} ×${n}` : id);
  }
  return out.length > 0 ? ` (${out.join(', ')})` : '';
}

async function advance(minutes: number, label: string): Promise<void> {
  const since = clock.now();
  clock.advance(minutes * 60_000);
  const { fired } = await desk.runDue();
  line(`${show(clock.now())}  ${label}: ${fired} timer(s) fired${await firedSince(since)}`);
  const { sent } = await desk.dispatch();
  if (sent === 0) line('    (nothing to send)');
}

await advance(1, 'outbox');
await advance(29, '30 minutes later');
await send('C-urgent', { type: 'CONTACT_CUSTOMER', summary: 'Called the customer; heater collected for testing.' }, { id: 'eng-liu', role: 'handler' });
line(`            ${summary(await desk.get('C-urgent'))}`);
await advance(120, 'two hours later (billing not triaged)');
line(`            ${summary(await desk.get('C-billing'))}`);
line();

line('— the desk process stops; deadlines keep passing while nobody runs it —');
const ids = ['C-urgent', 'C-billing', 'C-parcel'];
const versionsBefore = new Map<string, number>();
for (const id of ids) versionsBefore.set(id, (await desk.get(id)).version);
clock.advance(6 * 60 * 60_000);
desk = createDesk({ store, notifier, clock, scheduler: false, instanceId: 'desk-2' });
const recovered = await desk.runDue();
line(`${show(clock.now())}  a new desk over the same database fired ${recovered.fired} overdue timer(s); what they did, in order:`);
for (const id of ids) {
  const since = (await desk.timeline(id)).filter((x) => x.version > versionsBefore.get(id)! && (x.kind === 'timer' || x.kind === 'escalation' || x.type === 'sla.breach' || x.type === 'sla.warn'));
  for (const e of since) {
    const what =
      e.kind === 'timer'
        ? 'SLA timer fired'
        : e.kind === 'escalation'
          ? `escalated ${String(e.data.from)} → ${String(e.data.to)} (${String(e.data.reason)})`
          : `${e.type === 'sla.breach' ? 'breached' : 'warned'}: ${String(e.data.clock)} (${String(e.data.rule)})`;
    line(`            ${show(e.at)}  ${id.padEnd(10)} ${what}`);
  }
}
await desk.dispatch();
for (const id of ids) line(`            ${summary(await desk.get(id))}`);
line();

// Finish the urgent complaint: root cause, a refund above the handler's authority, approval, acceptance, execution, follow-up.
const handler: Actor = { id: 'eng-liu', role: 'handler' };
const steps: [ComplaintCommand, Actor][] = [
  [{ type: 'RECORD_ROOT_CAUSE', method: 'five_whys', cause: 'A thermal fuse batch from one supplier trips late.', liability: 'supplier' }, handler],
  [{ type: 'PROPOSE', remedies: ['refund', 'apology'], compensation: 3000, executeBy: clock.now() + 3 * 86_400_000 }, handler],
  [{ type: 'APPROVE', note: 'Within supervisor authority.' }, supervisor],
  [{ type: 'ACCEPT' }, { id: 'cust-1', role: 'customer' }],
  [{ type: 'COMPLETE_EXECUTION', summary: 'Refund paid, public apology posted.' }, handler],
  // The follow-up is independent: someone who never handled the complaint.
  [{ type: 'RECORD_FOLLOW_UP', satisfaction: 'basically_satisfied' }, { id: 'qa-sun', role: 'agent' }],
];
for (const [command, actor] of steps) {
  clock.advance(45 * 60_000);
  await send('C-urgent', command, actor);
  await desk.dispatch(); // what this step notified, printed under it
}
const closed = await desk.get('C-urgent');
line(`            outcome ${closed.outcome}; archived automatically when the re-open window ends`);
line();

const page = await desk.list({ breached: true });
line(`breached complaints: ${page.items.map((s) => `${s.id} (level ${s.escalationLevel})`).join(', ') || 'none'}`);
const tl = await desk.timeline('C-urgent');
line(`C-urgent timeline: ${tl.length} entries over ${tl[tl.length - 1]!.version} versions; first: ${tl[0]!.type}, last: ${tl[tl.length - 1]!.type}`);
line(`notifications delivered: ${delivered.length} (each with a deterministic id, e.g. ${delivered[0]})`);
const parked = await desk.outbox({ status: 'parked' });
line(`parked messages: ${parked.length}`);
await db.close();
