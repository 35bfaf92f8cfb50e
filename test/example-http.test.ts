/**
 * examples/http: the desk behind a JSON HTTP service (Fastify), driven over
 * real HTTP with `fetch`.
 *
 * - In-process: `createServer({ desk })` with a desk built here — on PGlite
 *   always, and on the PostgreSQL server at DATABASE_URL when it is set (a
 *   schema of its own for the run, dropped afterwards; an unreachable server
 *   FAILS these tests, nothing is skipped) — on a virtual clock with no
 *   scheduler: time moves only when the test says so, and due timers fire when
 *   the test calls `desk.runDue()`. Listens on port 0 (a free port).
 * - Failures: a store that is gone, a broken clock, an unexpected error.
 * - As a process: `tsx examples/http/main.ts` starts, serves, notifies and
 *   exits 0 on SIGTERM.
 */
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { afterAll, describe, expect, it, it as vitestIt } from 'vitest';
import {
  createDesk,
  manualClock,
  memoryNotifier,
  memoryStore,
  type Actor,
  type ComplaintCommand,
  type ComplaintDetails,
  type ComplaintSummary,
  type ComplaintView,
  type CustomerView,
  type Desk,
  type DeskHealth,
  type IntakeInput,
  type ManualClock,
  type MemoryNotifier,
  type TimelineEntry,
} from '../src/index.js';
import { postgresStore, type PostgresClient } from '../src/adapters/postgres/index.js';
import type { ErrorBody } from '../examples/http/errors.js';
import { createServer } from '../examples/http/server.js';

const DATABASE_URL = process.env.DATABASE_URL;
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const MIN = 60_000;
const DAY = 24 * 60 * MIN;
const START = Date.parse('2026-11-23T09:00:00+08:00'); // a Monday morning in Shanghai (the guideline's calendar)

const agent: Actor = { id: 'agent-1', role: 'agent' };
const handler: Actor = { id: 'handler-1', role: 'handler' };
const supervisor: Actor = { id: 'sup-1', role: 'supervisor' };
const reviewer: Actor = { id: 'qa-1', role: 'agent' }; // never handles the complaint: may record the follow-up
const customer: Actor = { id: 'cust-1', role: 'customer' };
const otherCustomer: Actor = { id: 'cust-2', role: 'customer' };

const intake = (customerId: string, name: string): IntakeInput => ({
  customer: { id: customerId, name, phone: '13800001234', email: `${customerId}@example.com` },
  channel: 'web',
  description: 'The kettle leaks after two days.',
  product: 'KT-2 kettle',
  demand: 'A replacement',
  emotion: 'anxious',
  motive: 'compensation',
});

// ---------------------------------------------------------------------------
// HTTP

interface Reply<T> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

interface Call {
  actor?: Actor;
  /** Sent as JSON. */
  body?: unknown;
  /** Sent as is, with `content-type: application/json` unless `headers` says otherwise. */
  raw?: string;
  headers?: Record<string, string>;
}

async function http<T>(base: string, method: string, path: string, call: Call = {}): Promise<Reply<T>> {
  const headers: Record<string, string> = { ...call.headers };
  if (call.actor) {
    headers['x-actor-id'] = call.actor.id;
    headers['x-actor-role'] = call.actor.role;
  }
  let body: string | undefined;
  if (call.raw !== undefined || call.body !== undefined) {
    headers['content-type'] ??= 'application/json';
    body = call.raw ?? JSON.stringify(call.body);
  }
  const res = await fetch(`${base}${path}`, { method, headers, ...(body === undefined ? {} : { body }) });
  const text = await res.text();
  const json: unknown = text === '' ? undefined : JSON.parse(text);
  return { status: res.status, headers: res.headers, body: json as T, text };
}

/** Expect an error response: status, code, and the body's shape. */
function expectError(r: Reply<unknown>, status: number, code: string): ErrorBody['error'] {
  expect(r.status, r.text).toBe(status);
  expect(r.headers.get('content-type')).toMatch(/^application\/json/);
  const { error } = r.body as ErrorBody;
  expect(error.code).toBe(code);
  expect(typeof error.message).toBe('string');
  expect(error.message.length).toBeGreaterThan(0);
  return error;
}

async function listen(app: FastifyInstance): Promise<string> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  return `http://127.0.0.1:${port}`;
}

// ---------------------------------------------------------------------------
// Engines

interface Engine {
  name: string;
  open(): Promise<{ client: PostgresClient; schema: string; close(): Promise<void> }>;
}

const engines: Engine[] = [
  {
    name: 'PGlite',
    async open() {
      const db = await PGlite.create();
      return { client: db, schema: 'redress_http', close: () => db.close() };
    },
  },
];
if (DATABASE_URL) {
  engines.push({
    name: 'PostgreSQL server',
    async open() {
      // A schema of its own, so that parallel runs and a developer's own `redress_http` are left alone.
      const schema = `redress_http_test_${randomBytes(5).toString('hex')}`;
      const pool = new pg.Pool({ connectionString: DATABASE_URL, max: 6, connectionTimeoutMillis: 10_000 });
      pool.on('error', () => undefined);
      await pool.query('SELECT 1'); // unreachable → this throws, and every test of the engine fails
      return {
        client: pool,
        schema,
        async close() {
          await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
          await pool.end();
        },
      };
    },
  });
}

// ---------------------------------------------------------------------------
// The service in-process, on virtual time

for (const engine of engines) {
  describe(`examples/http on ${engine.name}`, () => {
    let close: () => Promise<void> = async () => undefined;
    let app: FastifyInstance;
    let base = '';
    let desk: Desk;
    let clock: ManualClock;
    let notifier: MemoryNotifier;
    const get = <T>(path: string, call?: Call) => http<T>(base, 'GET', path, call);
    const post = <T>(path: string, call?: Call) => http<T>(base, 'POST', path, call);

    /** Send an event and expect it to be applied; checks the ETag against the view. */
    async function send(id: string, actor: Actor, command: ComplaintCommand, ifMatch?: string): Promise<Reply<ComplaintView>> {
      const r = await post<ComplaintView>(`/complaints/${id}/events`, {
        actor,
        body: command,
        ...(ifMatch === undefined ? {} : { headers: { 'if-match': ifMatch } }),
      });
      expect(r.status, r.text).toBe(200);
      expect(r.headers.get('etag')).toBe(`"${r.body.version}"`);
      return r;
    }
    /** A customer's event: the answer is their own page (desk.customerView), with nothing internal in it. */
    async function sendAsCustomer(id: string, actor: Actor, command: ComplaintCommand, ifMatch?: string): Promise<Reply<CustomerView>> {
      const r = await post<CustomerView>(`/complaints/${id}/events`, {
        actor,
        body: command,
        ...(ifMatch === undefined ? {} : { headers: { 'if-match': ifMatch } }),
      });
      expect(r.status, r.text).toBe(200);
      expect(r.headers.get('etag')).toBe(`"${r.body.version}"`);
      expect(Object.keys(r.body).sort()).toEqual(['canDo', 'filedAt', 'id', 'locale', 'messages', 'next', 'outcome', 'proposal', 'reopenUntil', 'request', 'stage', 'status', 'version']);
      return r;
    }
    const later = (ms: number) => new Date(clock.now() + ms).toISOString();

    // Set up by the first test that runs and awaited by every test (not a beforeAll): when DATABASE_URL
    // names a server that cannot be reached, every one of these tests FAILS with the connection error
    // instead of being reported as skipped.
    let setUp: Promise<void> | undefined;
    const ready = () =>
      (setUp ??= (async () => {
        const db = await engine.open();
        close = db.close;
        const store = postgresStore(db.client, { schema: db.schema });
        await store.migrate();
        clock = manualClock(START);
        notifier = memoryNotifier();
        desk = createDesk({ store, notifier, clock, scheduler: false, instanceId: 'http-test' });
        app = createServer({ desk });
        base = await listen(app);
      })());
    const it = (name: string, fn: () => Promise<void>) => vitestIt(name, async () => {
      await ready();
      await fn();
    });

    afterAll(async () => {
      await app?.close();
      await desk?.stop();
      await close();
    });

    let a = ''; // the complaint whose whole lifecycle the test drives
    let aTag = '';

    it('files a complaint with an Idempotency-Key: twice gives the same result and one complaint', async () => {
      const first = await post<ComplaintView>('/complaints', { actor: agent, body: intake('cust-1', 'Li Lei'), headers: { 'idempotency-key': 'web-0001' } });
      expect(first.status, first.text).toBe(201);
      expect(first.body).toMatchObject({ version: 1, stage: 'received', step: 'received', status: 'open', customerId: 'cust-1', filedAt: START });
      expect(first.body.accepted).toContain('ACKNOWLEDGE');
      expect(first.headers.get('etag')).toBe('"1"');
      expect(first.headers.get('location')).toBe(`/complaints/${first.body.id}`);
      a = first.body.id;

      clock.advance(MIN); // a retry a minute later: same key, same body
      const again = await post<ComplaintView>('/complaints', { actor: agent, body: intake('cust-1', 'Li Lei'), headers: { 'idempotency-key': 'web-0001' } });
      expect(again.status).toBe(201);
      expect(again.body).toEqual(first.body);

      const all = await get<{ items: ComplaintSummary[]; next: string | null }>('/complaints?customerId=cust-1', { actor: agent });
      expect(all.status).toBe(200);
      expect(all.body.items.map((s) => s.id)).toEqual([a]);
      expect(all.body.next).toBeNull();

      // The same key for another intake is the caller's mistake: 409, nothing filed.
      const misuse = await post('/complaints', { actor: agent, body: intake('cust-9', 'Wang Wu'), headers: { 'idempotency-key': 'web-0001' } });
      expectError(misuse, 409, 'CONFLICT');
    });

    it('drives the lifecycle: approval, objection, execution issue, unsatisfied follow-up, withdrawal', async () => {
      clock.advance(4 * MIN); // 09:05
      let v = await send(a, agent, { type: 'ACKNOWLEDGE', note: 'Received, we are on it.' }, '"1"');
      expect(v.body).toMatchObject({ version: 2, stage: 'triage' });

      // A customer may not triage, not even their own complaint.
      expectError(await post(`/complaints/${a}/events`, { actor: customer, body: { type: 'TRIAGE', categories: ['product_quality'], severity: 'general' } }), 403, 'FORBIDDEN');

      clock.advance(5 * MIN); // 09:10
      v = await send(a, agent, { type: 'TRIAGE', categories: ['product_quality'], severity: 'general', assignee: 'handler-1' }, v.headers.get('etag')!);
      expect(v.body).toMatchObject({ stage: 'investigating', step: 'investigating.contacting', department: 'after_sales', assignee: 'handler-1', severity: 'general' });
      expect(v.body.deadlines.find((d) => d.clock === 'firstContact')).toMatchObject({ status: 'pending', rule: 'firstContact.general' });

      // Not accepted in this state: 409 with the state and what it accepts.
      const invalid = expectError(await post(`/complaints/${a}/events`, { actor: agent, body: { type: 'ACKNOWLEDGE' } }), 409, 'INVALID_TRANSITION');
      expect(invalid).toMatchObject({ eventType: 'ACKNOWLEDGE', state: 'investigating.contacting' });
      expect(invalid.accepted).toEqual(expect.arrayContaining(['CONTACT_CUSTOMER', 'WITHDRAW']));
      expect(invalid.accepted).not.toContain('ACKNOWLEDGE');

      // A stale If-Match changes nothing: 412, with the current version (the caller may act on the complaint).
      const stale = expectError(await post(`/complaints/${a}/events`, { actor: handler, body: { type: 'CONTACT_CUSTOMER' }, headers: { 'if-match': '"2"' } }), 412, 'CONFLICT');
      expect(stale.message).toMatch(/changed/);
      expect(stale).toMatchObject({ expectedVersion: 2, actualVersion: 3 });
      // Someone who may not act on it learns nothing, not even its version: 403 before any version check.
      const stranger = expectError(
        await post(`/complaints/${a}/events`, { actor: otherCustomer, body: { type: 'WITHDRAW', reason: 'x' }, headers: { 'if-match': '"2"' } }),
        403,
        'FORBIDDEN',
      );
      expect(stranger).not.toHaveProperty('actualVersion');
      expect((await get<ComplaintDetails>(`/complaints/${a}`, { actor: agent })).body).toMatchObject({ version: 3, step: 'investigating.contacting' });

      clock.advance(10 * MIN); // 09:20
      v = await send(a, handler, { type: 'CONTACT_CUSTOMER', summary: 'Called; the base seal is cracked.' }, '"3"');
      expect(v.body.step).toBe('investigating.verifying');
      clock.advance(10 * MIN); // 09:30
      v = await send(a, handler, { type: 'RECORD_ROOT_CAUSE', method: 'five_whys', cause: 'A faulty seal batch.', liability: 'supplier' });
      expect(v.body.step).toBe('resolving.drafting');

      // The state takes PROPOSE, but a business rule refuses this one: 422 with the rule.
      const rule = expectError(
        await post(`/complaints/${a}/events`, { actor: handler, body: { type: 'PROPOSE', remedies: ['refund'], compensation: 300, executeBy: new Date(clock.now() - DAY).toISOString() } }),
        422,
        'RULE',
      );
      expect(rule).toMatchObject({ rule: 'executeByAfterEvent', eventType: 'PROPOSE' });

      // 3,000 is above a handler's authority (1,000): it waits for someone whose authority covers it.
      clock.advance(10 * MIN); // 09:40
      v = await send(a, handler, { type: 'PROPOSE', remedies: ['refund'], compensation: 3000, executeBy: later(3 * DAY) });
      expect(v.body.step).toBe('resolving.awaitingApproval');
      expect(v.body.accepted).toEqual(expect.arrayContaining(['APPROVE', 'DECLINE']));
      clock.advance(10 * MIN); // 09:50
      v = await send(a, supervisor, { type: 'APPROVE', note: 'Supplier fault; refund approved.' });
      expect(v.body.step).toBe('resolving.awaitingCustomer');

      // The customer reads their own page (desk.customerView): plain words, the proposal, what they may
      // do now, nothing internal; no ETag (delivery states change without a version), its version for If-Match.
      const mine = await get<CustomerView>(`/complaints/${a}`, { actor: customer });
      expect(mine.status, mine.text).toBe(200);
      expect(mine.body).toMatchObject({ id: a, version: v.body.version, locale: 'en', status: 'open' });
      expect(mine.body.stage).toMatchObject({ step: 'resolving.awaitingCustomer', label: 'Waiting for your answer' });
      expect(mine.body.canDo.map((c) => c.type)).toEqual(['ACCEPT', 'OBJECT', 'WITHDRAW']);
      expect(mine.body.proposal).toMatchObject({ remedies: ['refund'], compensation: 3000 });
      expect(mine.headers.get('etag')).toBeNull();
      expect(mine.headers.get('vary')).toMatch(/Accept-Language/);
      for (const internal of ['handler-1', 'sup-1', 'after_sales', 'escalation', 'Supplier fault']) expect(mine.text).not.toContain(internal);
      expect(Object.keys(mine.body)).not.toEqual(expect.arrayContaining(['internal']));
      const zh = await get<CustomerView>(`/complaints/${a}`, { actor: customer, headers: { 'accept-language': 'zh-CN,zh;q=0.9,en;q=0.8' } });
      expect([zh.body.locale, zh.body.stage.label, zh.headers.get('content-language')]).toEqual(['zh', '等待您确认', 'zh']);
      expectError(await get(`/complaints/${a}`, { actor: otherCustomer }), 403, 'FORBIDDEN');

      // No remedy confirmation before the customer accepted: 409 with the reason.
      const early = expectError(await get(`/complaints/${a}/documents/remedyConfirmation`, { actor: supervisor }), 409, 'DOCUMENT_UNAVAILABLE');
      expect(early).toMatchObject({ kind: 'remedyConfirmation', reason: 'notAccepted' });

      clock.advance(10 * MIN); // 10:00
      const objected = await sendAsCustomer(a, customer, { type: 'OBJECT', objection: 'I want a new kettle, not my money back.' });
      expect(objected.body.stage.step).toBe('resolving.preparing');
      expect(objected.text).not.toMatch(/escalat|supervisor/i); // the objection escalated it: staff see that, the customer does not
      expect((await get<ComplaintDetails>(`/complaints/${a}`, { actor: agent })).body).toMatchObject({ step: 'resolving.drafting', escalationLevel: 1, escalationName: 'supervisor' });
      clock.advance(10 * MIN); // 10:10
      const replaceBy = later(2 * DAY);
      v = await send(a, handler, { type: 'PROPOSE', remedies: ['replace'], compensation: 500, executeBy: replaceBy });
      expect(v.body.step).toBe('resolving.awaitingCustomer'); // within a handler's authority: straight to the customer
      clock.advance(10 * MIN); // 10:20
      const accepted = await sendAsCustomer(a, customer, { type: 'ACCEPT' });
      expect(accepted.body.stage.step).toBe('executing');
      expect(accepted.body.next?.by).toBe(Date.parse(replaceBy)); // the agreed execution date
      v = await get<ComplaintDetails>(`/complaints/${a}`, { actor: agent });
      expect(v.body.deadlines.find((d) => d.clock === 'execution')).toMatchObject({ status: 'pending' });

      clock.advance(10 * MIN); // 10:30
      v = await send(a, handler, { type: 'REPORT_EXECUTION_ISSUE', issue: 'The model is out of stock.', kind: 'out_of_stock' });
      expect(v.body.step).toBe('resolving.drafting');
      expect(v.body.deadlines.find((d) => d.clock === 'execution')?.status).toBe('stopped');
      clock.advance(10 * MIN); // 10:40
      v = await send(a, handler, { type: 'PROPOSE', remedies: ['refund', 'voucher'], compensation: 800, executeBy: later(DAY) });
      expect(v.body.step).toBe('resolving.awaitingCustomer');
      clock.advance(10 * MIN); // 10:50
      expect((await sendAsCustomer(a, customer, { type: 'ACCEPT', note: 'Fine, a refund then.' })).body.stage.step).toBe('executing');
      clock.advance(10 * MIN); // 11:00
      v = await send(a, handler, { type: 'COMPLETE_EXECUTION', summary: 'Refunded 800 and sent a voucher.' });
      expect(v.body.stage).toBe('followUp');

      // The confirmation of the accepted remedy, printable, in the caller's language; for staff only.
      const doc = await fetch(`${base}/complaints/${a}/documents/remedyConfirmation`, {
        headers: { 'x-actor-id': supervisor.id, 'x-actor-role': supervisor.role, 'accept-language': 'zh' },
      });
      expect(doc.status).toBe(200);
      expect(doc.headers.get('content-type')).toMatch(/^text\/html/);
      const page = await doc.text();
      expect(page).toContain('投诉处理方案确认书');
      expect(page).toContain('800');
      expect(page).not.toContain('13800001234'); // personal data masked
      expectError(await get(`/complaints/${a}/documents/remedyConfirmation`, { actor: customer }), 403, 'FORBIDDEN');
      expectError(await get(`/complaints/${a}/documents/invoice`, { actor: supervisor }), 400, 'VALIDATION');

      // The follow-up must be independent: the handler may not record it.
      const notIndependent = expectError(await post(`/complaints/${a}/events`, { actor: handler, body: { type: 'RECORD_FOLLOW_UP', satisfaction: 'satisfied' } }), 403, 'FORBIDDEN');
      expect(notIndependent.message).toMatch(/never handled/);

      clock.advance(10 * MIN); // 11:10
      v = await send(a, reviewer, { type: 'RECORD_FOLLOW_UP', satisfaction: 'unsatisfied', comment: 'The voucher never arrived.' });
      expect(v.body).toMatchObject({ stage: 'triage', status: 'open', escalationLevel: 0 });
      aTag = v.headers.get('etag')!;

      const details = await get<ComplaintDetails>(`/complaints/${a}`, { actor: supervisor });
      expect(details.body.counts).toMatchObject({ proposals: 3, objections: 1, executionIssues: 1, reopens: 1 });
      expect(details.body.history.proposals.map((p) => p.value.compensation)).toEqual([3000, 500, 800]);
      expect(details.body.history.objections.map((o) => o.value)).toEqual(['I want a new kettle, not my money back.']);
      expect(details.body.history.followUps.map((f) => f.value.satisfaction)).toEqual(['unsatisfied']);
      expect(details.body.internal?.involved).toEqual(expect.arrayContaining(['handler-1', 'sup-1']));
      expect(details.body.internal?.involved).not.toContain('qa-1');
    });

    it('answers 304 to If-None-Match with the current ETag, and only to an actor who may read it', async () => {
      const fresh = await get<ComplaintDetails>(`/complaints/${a}`, { actor: agent });
      expect(fresh.headers.get('etag')).toBe(aTag);
      expect(fresh.headers.get('vary')).toMatch(/X-Actor-Id/);

      const unchanged = await get(`/complaints/${a}`, { actor: agent, headers: { 'if-none-match': aTag } });
      expect(unchanged.status).toBe(304);
      expect(unchanged.text).toBe('');
      expect(unchanged.headers.get('etag')).toBe(aTag);
      expect((await get(`/complaints/${a}`, { actor: agent, headers: { 'if-none-match': `W/${aTag}, "999"` } })).status).toBe(304);

      const changed = await get<ComplaintDetails>(`/complaints/${a}`, { actor: agent, headers: { 'if-none-match': '"1"' } });
      expect(changed.status).toBe(200);
      expect(changed.body.id).toBe(a);

      // Another customer learns nothing, not even that the version is unchanged.
      expectError(await get(`/complaints/${a}`, { actor: otherCustomer, headers: { 'if-none-match': aTag } }), 403, 'FORBIDDEN');
    });

    it('lets the customer withdraw later', async () => {
      clock.advance(2 * 60 * MIN); // Monday 13:10
      const v = await sendAsCustomer(a, customer, { type: 'WITHDRAW', reason: 'Sorted it out with the shop.' }, aTag);
      expect(v.body).toMatchObject({ status: 'closed', outcome: { key: 'withdrawn' } });
      expect(v.body.canDo.map((c) => c.type)).toEqual(['REOPEN']); // what the customer may still do
    });

    it('breaches a deadline on virtual time: the escalation shows in GET, the timeline and the notifications', async () => {
      const filed = await post<ComplaintView>('/complaints', { actor: agent, body: intake('cust-3', 'Zhang Wei') });
      expect(filed.status).toBe(201);
      const b = filed.body.id;
      const acked = await send(b, agent, { type: 'ACKNOWLEDGE' });
      const triage = acked.body.deadlines.find((d) => d.clock === 'triage')!;
      expect(triage).toMatchObject({ status: 'pending', rule: 'triage' });

      // Nothing happens until the desk's clock passes the deadline and the desk runs its due timers.
      clock.set(triage.deadline + MIN);
      expect((await get<ComplaintDetails>(`/complaints/${b}`, { actor: supervisor })).body).toMatchObject({ breached: false, escalationLevel: 0 });
      const run = await desk.runDue();
      expect(run.fired).toBeGreaterThanOrEqual(1);
      expect(run.failed).toBe(0);

      const after = await get<ComplaintDetails>(`/complaints/${b}`, { actor: supervisor });
      expect(after.status).toBe(200);
      expect(after.body).toMatchObject({ stage: 'triage', breached: true, escalationLevel: 1, escalationName: 'supervisor' });
      expect(after.body.version).toBeGreaterThan(acked.body.version);
      expect(after.headers.get('etag')).toBe(`"${after.body.version}"`);
      expect(after.body.deadlines.find((d) => d.clock === 'triage')).toMatchObject({ status: 'breached', rule: 'escalation.supervisor', breaches: 1 });
      expect(after.body.internal?.escalations).toEqual([expect.objectContaining({ from: 0, to: 1, reason: 'breach', clock: 'triage' })]);

      const staff = await get<{ items: TimelineEntry[] }>(`/complaints/${b}/timeline`, { actor: supervisor });
      expect(staff.body.items.map((e) => e.type)).toEqual(expect.arrayContaining(['FILED', 'ACKNOWLEDGE', 'sla.warn', 'sla.breach']));
      expect(staff.body.items.some((e) => e.kind === 'escalation')).toBe(true);

      await desk.dispatch();
      const sent = notifier.sent.filter((m) => m.complaintId === b).map((m) => `${m.kind} → ${m.recipient}`);
      expect(sent).toEqual(expect.arrayContaining(['sla.breached → role:agent', 'complaint.escalated → role:supervisor']));

      // Breached and open complaints, soonest deadline first.
      const breached = await get<{ items: ComplaintSummary[] }>('/complaints?breached=true&status=open&sort=nextDeadline', { actor: supervisor });
      expect(breached.body.items.map((s) => s.id)).toEqual([b]);
    });

    it('lists with filters, nextDeadline order and keyset pages; a customer sees only their own', async () => {
      const own = await post<ComplaintView>('/complaints', { actor: otherCustomer, body: intake('cust-2', 'Han Meimei') });
      expect(own.status).toBe(201);
      for (const who of ['cust-4', 'cust-5']) expect((await post('/complaints', { actor: agent, body: intake(who, 'Someone') })).status).toBe(201);

      const all = await get<{ items: ComplaintSummary[]; next: string | null }>('/complaints?status=open&sort=nextDeadline&order=asc&limit=1000', { actor: agent });
      expect(all.status).toBe(200);
      const deadlines = all.body.items.map((s) => s.nextDeadline ?? Number.MAX_SAFE_INTEGER);
      expect(deadlines).toEqual([...deadlines].sort((x, y) => x - y));
      expect(all.body.items.length).toBeGreaterThanOrEqual(4);

      // Page by page with the cursor: the same complaints in the same order.
      const paged: string[] = [];
      let cursor: string | null = null;
      do {
        const q: string = `/complaints?status=open&sort=nextDeadline&order=asc&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
        const page: Reply<{ items: ComplaintSummary[]; next: string | null }> = await get(q, { actor: agent });
        expect(page.status, page.text).toBe(200);
        paged.push(...page.body.items.map((s) => s.id));
        cursor = page.body.next;
      } while (cursor);
      expect(paged).toEqual(all.body.items.map((s) => s.id));

      const received = await get<{ items: ComplaintSummary[] }>('/complaints?stage=received,triage&order=desc', { actor: agent });
      expect(received.body.items.every((s) => s.stage === 'received' || s.stage === 'triage')).toBe(true);
      expect(received.body.items.map((s) => s.filedAt)).toEqual([...received.body.items.map((s) => s.filedAt)].sort((x, y) => y - x));

      // Customers: their own (the desk narrows the list, `{ as }`); asking for someone else's is refused.
      const mine = await get<{ items: ComplaintSummary[] }>('/complaints', { actor: otherCustomer });
      expect(mine.body.items.map((s) => s.id)).toEqual([own.body.id]);
      const ownFilter = await get<{ items: ComplaintSummary[] }>('/complaints?customerId=cust-2&stage=received', { actor: otherCustomer });
      expect(ownFilter.body.items.map((s) => s.id)).toEqual([own.body.id]);
      expectError(await get('/complaints?customerId=cust-1', { actor: otherCustomer }), 403, 'FORBIDDEN');
      const first = await get<{ items: ComplaintSummary[] }>('/complaints', { actor: customer });
      expect(first.body.items.map((s) => s.id)).toEqual([a]);
    });

    it('shows a customer their timeline without internal notes and escalations', async () => {
      const note = await send(a, agent, { type: 'ADD_NOTE', note: 'Customer sounded upset; be gentle.' });
      expect(note.body.stage).toBe('closed');
      const staff = await get<{ items: TimelineEntry[] }>(`/complaints/${a}/timeline`, { actor: agent });
      const theirs = await get<{ items: TimelineEntry[] }>(`/complaints/${a}/timeline`, { actor: customer });
      expect(staff.status).toBe(200);
      expect(theirs.status).toBe(200);
      const types = (r: Reply<{ items: TimelineEntry[] }>) => r.body.items.filter((e) => e.kind === 'event' || e.kind === 'filed').map((e) => e.type);
      expect(types(staff)).toEqual([
        'FILED', 'ACKNOWLEDGE', 'TRIAGE', 'CONTACT_CUSTOMER', 'RECORD_ROOT_CAUSE', 'PROPOSE', 'APPROVE', 'OBJECT', 'PROPOSE', 'ACCEPT',
        'REPORT_EXECUTION_ISSUE', 'PROPOSE', 'ACCEPT', 'COMPLETE_EXECUTION', 'RECORD_FOLLOW_UP', 'WITHDRAW', 'ADD_NOTE',
      ]);
      expect(staff.body.items.some((e) => e.kind === 'escalation')).toBe(true); // the objection's
      expect(types(theirs)).toEqual(types(staff).filter((t) => t !== 'ADD_NOTE'));
      expect(theirs.body.items.some((e) => e.kind === 'escalation')).toBe(false);
      expectError(await get(`/complaints/${a}/timeline`, { actor: otherCustomer }), 403, 'FORBIDDEN');
    });

    it('maps bad requests to 400 with the issues and their paths', async () => {
      const badIntake = expectError(await post('/complaints', { actor: agent, body: { customer: { id: 'c-1' }, channel: 'fax', description: 'x' } }), 400, 'VALIDATION');
      const paths = (badIntake.issues as { path: unknown[] }[]).map((i) => i.path.join('.'));
      expect(paths).toEqual(expect.arrayContaining(['customer.name', 'channel', 'demand', 'emotion', 'motive']));

      const badEvent = expectError(await post(`/complaints/${a}/events`, { actor: agent, body: { type: 'TRIAGE', categories: [], severity: 'extreme' } }), 400, 'VALIDATION');
      expect((badEvent.issues as { path: unknown[] }[]).map((i) => i.path.join('.'))).toEqual(expect.arrayContaining(['categories', 'severity']));
      const unknownType = expectError(await post(`/complaints/${a}/events`, { actor: agent, body: { type: 'FLY_AWAY' } }), 400, 'VALIDATION');
      expect((unknownType.issues as { path: unknown[] }[])[0]?.path).toEqual(['type']);

      const malformed = expectError(await post(`/complaints/${a}/events`, { actor: agent, raw: '{"type": "ACKNOW' }), 400, 'MALFORMED_JSON');
      expect(malformed.issues).toBeUndefined();
      expectError(await post('/complaints', { actor: agent, raw: '' }), 400, 'MALFORMED_JSON');
      expectError(await post('/complaints', { actor: agent }), 400, 'VALIDATION'); // no body at all
      expectError(await post('/complaints', { actor: agent, raw: 'hello', headers: { 'content-type': 'text/plain' } }), 415, 'UNSUPPORTED_MEDIA_TYPE');
      expectError(await post('/complaints', { actor: agent, raw: '<intake/>', headers: { 'content-type': 'application/xml' } }), 415, 'UNSUPPORTED_MEDIA_TYPE');

      const badQuery = expectError(await get('/complaints?limit=many&colour=red&stage=nowhere', { actor: agent }), 400, 'VALIDATION');
      const queryIssues = badQuery.issues as { path: unknown[]; code: string }[];
      expect(queryIssues.map((i) => i.path.join('.'))).toEqual(expect.arrayContaining(['limit', 'stage']));
      expect(queryIssues.some((i) => i.code === 'unrecognized_keys')).toBe(true);
      expectError(await get('/complaints?cursor=not-a-cursor', { actor: agent }), 400, 'VALIDATION');

      expectError(await post(`/complaints/${a}/events`, { actor: agent, body: { type: 'ADD_NOTE', note: 'x' }, headers: { 'if-match': '7' } }), 400, 'BAD_REQUEST');
      // `at` ahead of the desk's clock is refused by the desk: the caller never controls time.
      const future = expectError(await post(`/complaints/${a}/events`, { actor: agent, body: { type: 'ADD_NOTE', note: 'x', at: later(DAY) } }), 400, 'VALIDATION');
      expect((future.issues as { path: unknown[] }[])[0]?.path).toEqual(['at']);
    });

    it('answers 401 without a valid actor', async () => {
      const none = expectError(await get('/complaints'), 401, 'UNAUTHENTICATED');
      expect(none.message).toMatch(/X-Actor-Id/);
      expectError(await get('/complaints', { headers: { 'x-actor-id': 'agent-1' } }), 401, 'UNAUTHENTICATED');
      expectError(await get('/complaints', { headers: { 'x-actor-id': 'agent-1', 'x-actor-role': 'wizard' } }), 401, 'UNAUTHENTICATED');
      expectError(await get('/complaints', { headers: { 'x-actor-id': 'a'.repeat(201), 'x-actor-role': 'agent' } }), 401, 'UNAUTHENTICATED');
      // `system` is the desk itself, never an HTTP caller.
      expectError(await post(`/complaints/${a}/events`, { headers: { 'x-actor-id': 'cron', 'x-actor-role': 'system' }, body: { type: 'ARCHIVE' } }), 401, 'UNAUTHENTICATED');
      expectError(await post('/complaints', { body: intake('cust-1', 'Li Lei') }), 401, 'UNAUTHENTICATED');
      expectError(await get(`/complaints/${a}/timeline`), 401, 'UNAUTHENTICATED');
    });

    it('answers 403 when the desk forbids it', async () => {
      const reading = expectError(await get(`/complaints/${a}`, { actor: otherCustomer }), 403, 'FORBIDDEN');
      expect(reading.message).toMatch(/own/);
      expectError(await post(`/complaints/${a}/events`, { actor: otherCustomer, body: { type: 'REOPEN', reason: 'Not mine, but still.' } }), 403, 'FORBIDDEN');
      expectError(await post('/complaints', { actor: otherCustomer, body: intake('cust-1', 'Li Lei') }), 403, 'FORBIDDEN');
    });

    it('answers 404 for unknown complaints and routes', async () => {
      expectError(await get('/complaints/no-such-complaint', { actor: agent }), 404, 'NOT_FOUND');
      expectError(await get('/complaints/no-such-complaint/timeline', { actor: agent }), 404, 'NOT_FOUND');
      expectError(await post('/complaints/no-such-complaint/events', { actor: agent, body: { type: 'ACKNOWLEDGE' } }), 404, 'NOT_FOUND');
      const route = expectError(await get('/nowhere?x=1', { actor: agent }), 404, 'NOT_FOUND');
      expect(route.message).toBe('no route GET /nowhere');
    });

    it('reports health: 200 when ready', async () => {
      const r = await get<DeskHealth>('/health');
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ ready: true, now: clock.now(), clock: { ok: true }, store: { ok: true, error: null }, scheduling: false });
      expect(r.body.timers.due).toBe(0);
      expect(r.body.outbox.parked).toBe(0);
    });
  });
}

// ---------------------------------------------------------------------------
// When things go wrong

describe('examples/http when the store, the clock or the code fails', () => {
  it('answers 503 when the store is gone (GET /health too)', async () => {
    const db = await PGlite.create();
    const store = postgresStore(db, { schema: 'redress_http' });
    await store.migrate();
    const desk = createDesk({ store, notifier: memoryNotifier(), clock: manualClock(START), scheduler: false });
    const app = createServer({ desk });
    const base = await listen(app);
    try {
      expect((await http<DeskHealth>(base, 'GET', '/health')).status).toBe(200);
      await db.close();
      const health = await http<DeskHealth>(base, 'GET', '/health');
      expect(health.status).toBe(503);
      expect(health.body).toMatchObject({ ready: false, store: { ok: false } });
      const list = expectError(await http(base, 'GET', '/complaints', { actor: agent }), 503, 'STORE_UNAVAILABLE');
      expect(list.message).toBe('the complaint store is unavailable; try again shortly');
    } finally {
      await app.close();
    }
  });

  it('answers 503 when the clock is broken', async () => {
    const desk = createDesk({ store: memoryStore(), notifier: memoryNotifier(), clock: { now: () => Number.NaN }, scheduler: false });
    const app = createServer({ desk });
    const base = await listen(app);
    try {
      const filed = await http(base, 'POST', '/complaints', { actor: agent, body: intake('cust-1', 'Li Lei') });
      expectError(filed, 503, 'CLOCK');
      expect(filed.headers.get('retry-after')).toBe('5');
      const health = await http<DeskHealth>(base, 'GET', '/health');
      expect(health.status).toBe(503);
      expect(health.body).toMatchObject({ ready: false, clock: { ok: false } });
    } finally {
      await app.close();
    }
  });

  it('answers 500 for anything unexpected, without internals', async () => {
    const real = createDesk({ store: memoryStore(), notifier: memoryNotifier(), scheduler: false });
    const secret = 'connect to 10.0.0.5 as admin:hunter2 failed';
    const desk: Desk = { ...real, get: () => Promise.reject(new Error(secret)), list: () => Promise.reject(new TypeError(secret)) };
    const app = createServer({ desk });
    const base = await listen(app);
    try {
      for (const path of ['/complaints/c-1', '/complaints']) {
        const r = await http(base, 'GET', path, { actor: agent });
        const error = expectError(r, 500, 'INTERNAL');
        expect(error.message).toBe('internal error');
        expect(typeof error.requestId).toBe('string');
        expect(r.text).not.toContain('hunter2');
        expect(r.text).not.toContain('10.0.0.5');
      }
    } finally {
      await app.close();
    }
  });
});

// ---------------------------------------------------------------------------
// main.ts as a process

/** Lines of a child's stdout, awaited by predicate (no timers: the test's timeout bounds the wait). */
class Lines {
  readonly all: string[] = [];
  private partial = '';
  private waiters: { match: (line: string) => boolean; resolve: (line: string) => void; reject: (e: Error) => void }[] = [];
  private ended: Error | undefined;

  constructor(stream: Readable, what: string) {
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      const parts = (this.partial + chunk).split('\n');
      this.partial = parts.pop() ?? '';
      for (const line of parts) this.push(line);
    });
    stream.on('end', () => {
      if (this.partial) this.push(this.partial);
      this.ended = new Error(`${what} ended before the expected line; it printed:\n${this.all.join('\n')}`);
      for (const w of this.waiters.splice(0)) w.reject(this.ended);
    });
  }

  private push(line: string): void {
    this.all.push(line);
    this.waiters = this.waiters.filter((w) => (w.match(line) ? (w.resolve(line), false) : true));
  }

  next(match: (line: string) => boolean): Promise<string> {
    const seen = this.all.find(match);
    if (seen !== undefined) return Promise.resolve(seen);
    if (this.ended) return Promise.reject(this.ended);
    return new Promise((resolve, reject) => this.waiters.push({ match, resolve, reject }));
  }
}

describe('examples/http/main.ts as a process', () => {
  const targets: { name: string; url: string }[] = [{ name: 'PGlite', url: '' }];
  if (DATABASE_URL) targets.push({ name: 'the PostgreSQL server', url: DATABASE_URL });

  for (const target of targets) {
    it(`starts on ${target.name}, serves, notifies, and exits 0 on SIGTERM`, { timeout: 120_000 }, async () => {
      const schema = `redress_http_smoke_${randomBytes(5).toString('hex')}`;
      const tsx = join(root, 'node_modules', '.bin', process.platform === 'win32' ? 'tsx.cmd' : 'tsx');
      const child: ChildProcessByStdio<null, Readable, Readable> = spawn(tsx, [join('examples', 'http', 'main.ts')], {
        cwd: root,
        env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATABASE_URL: target.url, DATABASE_SCHEMA: schema, LOG_LEVEL: 'info' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
      const stdout = new Lines(child.stdout, 'main.ts');
      let stderr = '';
      let passed = false;
      child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
      try {
        const listening = await stdout.next((l) => l.includes('listening on http://'));
        const base = /listening on (http:\/\/[\d.]+:\d+)/.exec(listening)?.[1];
        expect(base, listening).toBeDefined();

        const health = await http<DeskHealth>(base!, 'GET', '/health');
        expect(health.status).toBe(200);
        expect(health.body).toMatchObject({ ready: true, scheduling: true, store: { ok: true } });

        // The scheduler is running: the filing's notification is delivered without anyone calling dispatch.
        const filed = await http<ComplaintView>(base!, 'POST', '/complaints', { actor: agent, body: intake('cust-1', 'Li Lei') });
        expect(filed.status, `${filed.text}\n${stdout.all.join('\n')}`).toBe(201);
        const line = await stdout.next((l) => l.includes('"type":"notification"') && l.includes(filed.body.id) && l.includes('complaint.received'));
        expect(JSON.parse(line)).toMatchObject({ type: 'notification', kind: 'complaint.received', complaintId: filed.body.id, recipient: 'customer:cust-1' });

        child.kill('SIGTERM');
        expect(await exited, stderr).toEqual({ code: 0, signal: null });
        await stdout.next((l) => l.includes('"msg":"stopped"'));
        // Stdout is JSON lines only: logs and notifications.
        for (const l of stdout.all.filter((x) => x.trim() !== '')) expect(() => JSON.parse(l), l).not.toThrow();
        passed = true;
      } finally {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
        if (target.url) {
          const pool = new pg.Pool({ connectionString: target.url, max: 1 });
          // A failed cleanup fails a passing test; after a failure it must not hide the first error.
          await pool
            .query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
            .catch((e: unknown) => {
              if (passed) throw e;
            })
            .finally(() => pool.end());
        }
      }
    });
  }
});
