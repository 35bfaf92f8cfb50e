/**
 * Generates test/fixtures/v1/: complaints written by MACHINE_VERSION 1 (the
 * statechart before the redesign) at every stage, each with a continuation
 * to the end and the deadlines version 1 showed after every step of it, plus
 * the rows of a PostgreSQL database (schema 1) holding the same complaints.
 *
 * It ran once, on the version-1 code, and its output is committed: the
 * migration tests replay the continuations under the current machine and
 * expect the same deadlines. It cannot run on later versions.
 *
 *   npx tsx scripts/generate-v1-fixtures.ts
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { createDesk, manualClock, memoryNotifier, presets, type Actor, type ComplaintView } from '../src/index.js';
import { postgresStore } from '../src/adapters/postgres/index.js';

type Step = { at: string; send?: Record<string, unknown> & { type: string }; actor?: Actor };
interface Scenario {
  name: string;
  policy: 'guideline' | 'psd2' | 'fcaDisp';
  intake?: Record<string, unknown>;
  setup: Step[];
  continuation: Step[];
}

const agent: Actor = { id: 'agent-1', role: 'agent' };
const handler: Actor = { id: 'handler-1', role: 'handler' };
const handler2: Actor = { id: 'handler-2', role: 'handler' };
const supervisor: Actor = { id: 'sup-1', role: 'supervisor' };
const director: Actor = { id: 'dir-1', role: 'director' };
const customer: Actor = { id: 'cust-1', role: 'customer' };

const t = (local: string) => `${local}:00+08:00`;
const executeBy = (local: string) => Date.parse(t(local));

// The happy path of the guideline policy from filing on Monday 2026-11-23 09:00 (Shanghai).
const ack: Step = { at: t('2026-11-23T09:10'), send: { type: 'ACKNOWLEDGE' }, actor: agent };
const triage: Step = {
  at: t('2026-11-23T09:30'),
  send: { type: 'TRIAGE', categories: ['product_quality'], severity: 'general', assignee: 'handler-1' },
  actor: agent,
};
const contact: Step = { at: t('2026-11-23T10:00'), send: { type: 'CONTACT_CUSTOMER', summary: 'Called; kettle collected.' }, actor: handler };
const rootCause: Step = {
  at: t('2026-11-23T11:00'),
  send: { type: 'RECORD_ROOT_CAUSE', method: 'five_whys', cause: 'Seal out of tolerance.', liability: 'supplier' },
  actor: handler,
};
const propose: Step = {
  at: t('2026-11-23T14:00'),
  send: { type: 'PROPOSE', remedies: ['replace'], compensation: 100, executeBy: executeBy('2026-11-27T18:00') },
  actor: handler,
};
const accept: Step = { at: t('2026-11-23T15:00'), send: { type: 'ACCEPT' }, actor: customer };
const progress: Step = { at: t('2026-11-24T10:00'), send: { type: 'REPORT_PROGRESS', progress: 'Replacement shipped.' }, actor: handler };
const complete: Step = { at: t('2026-11-24T16:00'), send: { type: 'COMPLETE_EXECUTION' }, actor: handler };
const followUp: Step = { at: t('2026-11-25T10:00'), send: { type: 'RECORD_FOLLOW_UP', satisfaction: 'satisfied' }, actor: supervisor };
const archiveTick: Step = { at: t('2026-12-26T10:00') };

const happy = [ack, triage, contact, rootCause, propose, accept, progress, complete, followUp, archiveTick];
const upTo = (n: number) => happy.slice(0, n);
const from = (n: number) => happy.slice(n);

const scenarios: Scenario[] = [
  { name: 'received', policy: 'guideline', setup: [], continuation: [{ at: t('2026-11-24T09:05') }, ...from(0).map((s) => ({ ...s, at: shift(s.at, 1) }))] },
  {
    name: 'triage',
    policy: 'guideline',
    setup: upTo(1),
    // Triage is due 11:10; the 80 % warning at 10:46; breach → supervisor, 4 working hours more.
    continuation: [{ at: t('2026-11-23T11:30') }, { ...triage, at: t('2026-11-23T11:40') }, ...from(2).map((s) => ({ ...s, at: later(s.at, '2026-11-23T11:40') }))],
  },
  {
    name: 'investigating.contacting urgent',
    policy: 'guideline',
    setup: [ack, { ...triage, send: { type: 'TRIAGE', categories: ['product_quality'], severity: 'urgent', assignee: 'handler-1' } }],
    // Urgent first contact within 30 min (24×7): due 10:00, breach → executive, 1 h more, then overdue.
    continuation: [{ at: t('2026-11-23T12:00') }, { ...contact, at: t('2026-11-23T12:05') }, ...from(3).map((s) => ({ ...s, at: later(s.at, '2026-11-23T12:05') }))],
  },
  { name: 'investigating.verifying', policy: 'guideline', setup: upTo(3), continuation: from(3) },
  {
    name: 'investigating.awaitingInfo',
    policy: 'guideline',
    setup: [...upTo(3), { at: t('2026-11-23T10:30'), send: { type: 'REQUEST_INFO', request: 'Photo of the seal, please.' }, actor: handler }],
    continuation: [
      { at: t('2026-11-26T09:30'), send: { type: 'PROVIDE_INFO', info: 'Photo attached.', attachments: ['seal.jpg'] }, actor: customer },
      { ...rootCause, at: t('2026-11-26T11:00') },
      { ...propose, at: t('2026-11-26T14:00'), send: { ...propose.send!, executeBy: executeBy('2026-12-01T18:00') } },
      { ...accept, at: t('2026-11-26T15:00') },
      { ...complete, at: t('2026-11-27T16:00') },
      { ...followUp, at: t('2026-11-30T10:00') },
      { at: t('2027-01-05T10:00') },
    ],
  },
  {
    name: 'resolving.drafting after objection',
    policy: 'guideline',
    setup: [...upTo(5), { at: t('2026-11-23T15:00'), send: { type: 'OBJECT', objection: 'A replacement is not enough.' }, actor: customer }],
    continuation: [
      { at: t('2026-11-24T16:00') },
      { ...propose, at: t('2026-11-24T16:30'), send: { type: 'PROPOSE', remedies: ['replace', 'voucher'], compensation: 150, executeBy: executeBy('2026-11-30T18:00') }, actor: handler },
      { ...accept, at: t('2026-11-24T17:00') },
      { ...complete, at: t('2026-11-26T16:00') },
      { ...followUp, at: t('2026-11-27T10:00') },
      { at: t('2026-12-29T10:00') },
    ],
  },
  {
    name: 'resolving.awaitingApproval',
    policy: 'guideline',
    setup: [...upTo(4), { ...propose, send: { ...propose.send!, compensation: 3000 } }],
    continuation: [
      { at: t('2026-11-24T15:00'), send: { type: 'APPROVE' }, actor: supervisor },
      { ...accept, at: t('2026-11-24T15:30') },
      { ...complete, at: t('2026-11-25T16:00') },
      { ...followUp, at: t('2026-11-26T10:00'), actor: director },
      { at: t('2026-12-28T10:00') },
    ],
  },
  { name: 'resolving.awaitingCustomer', policy: 'guideline', setup: upTo(5), continuation: from(5) },
  {
    name: 'executing.inProgress after an execution issue',
    policy: 'guideline',
    setup: [
      ...upTo(7),
      { at: t('2026-11-24T11:00'), send: { type: 'REPORT_EXECUTION_ISSUE', issue: 'Out of stock.', kind: 'out_of_stock' }, actor: handler },
      { at: t('2026-11-24T14:00'), send: { type: 'PROPOSE', remedies: ['refund'], compensation: 150, executeBy: executeBy('2026-11-26T18:00') }, actor: handler },
      { at: t('2026-11-24T15:00'), send: { type: 'ACCEPT' }, actor: customer },
    ],
    // The committed date passes: execution breach → escalation.
    continuation: [{ at: t('2026-11-27T10:00') }, { ...complete, at: t('2026-11-27T11:00') }, { ...followUp, at: t('2026-11-30T10:00') }, { at: t('2027-01-05T10:00') }],
  },
  { name: 'followUp.pending', policy: 'guideline', setup: upTo(8), continuation: [{ at: t('2026-11-30T12:00') }, { ...followUp, at: t('2026-11-30T14:00') }, { at: t('2027-01-05T10:00') }] },
  {
    name: 'closed, then re-opened',
    policy: 'guideline',
    setup: upTo(9),
    continuation: [
      { at: t('2026-12-01T09:00'), send: { type: 'REOPEN', reason: 'The replacement leaks too.' }, actor: customer },
      { at: t('2026-12-01T09:30'), send: { type: 'TRIAGE', categories: ['product_quality'], severity: 'urgent', assignee: 'handler-2' }, actor: agent },
      { at: t('2026-12-01T09:45'), send: { type: 'CONTACT_CUSTOMER' }, actor: handler2 },
      { at: t('2026-12-01T10:00'), send: { type: 'RECORD_ROOT_CAUSE', method: 'rca', cause: 'Discontinued model.', liability: 'company' }, actor: handler2 },
      { at: t('2026-12-01T10:30'), send: { type: 'DECLARE_UNRESOLVABLE', reason: 'Model discontinued; refund refused.' }, actor: supervisor },
      { at: t('2027-01-02T10:00') },
    ],
  },
  { name: 'archived', policy: 'guideline', setup: happy, continuation: [{ at: t('2027-01-10T10:00') }] },
  {
    name: 'unsatisfied follow-up re-opens at triage',
    policy: 'guideline',
    setup: [...upTo(8), { ...followUp, send: { type: 'RECORD_FOLLOW_UP', satisfaction: 'unsatisfied', comment: 'Still leaking.' } }],
    continuation: [
      { at: t('2026-11-25T14:00') },
      { at: t('2026-11-25T14:30'), send: { type: 'TRIAGE', categories: ['product_quality', 'service_experience'], severity: 'general' }, actor: agent },
      { at: t('2026-11-25T15:00'), send: { type: 'ESCALATE', reason: 'Second round.' }, actor: handler },
      { at: t('2026-11-25T15:30'), send: { type: 'WITHDRAW', reason: 'Bought another brand.' }, actor: customer },
      { at: t('2026-12-27T10:00') },
    ],
  },
  {
    name: 'notes, reassignment and manual escalation while verifying',
    policy: 'guideline',
    setup: [
      ...upTo(3),
      { at: t('2026-11-23T10:05'), send: { type: 'ADD_NOTE', note: 'Customer prefers e-mail.' }, actor: handler },
      { at: t('2026-11-23T10:06'), send: { type: 'ADD_NOTE', note: 'Batch 42 affected?' }, actor: handler },
      { at: t('2026-11-23T10:10'), send: { type: 'REASSIGN', assignee: 'handler-2', reason: 'Workload.' }, actor: supervisor },
      { at: t('2026-11-23T10:20'), send: { type: 'ESCALATE', reason: 'Key account.' }, actor: handler2 },
    ],
    continuation: [{ ...rootCause, actor: handler2 }, { ...propose, actor: handler2 }, accept, { ...complete, actor: handler2 }, followUp, archiveTick],
  },
  {
    name: 'psd2 holding reply extension',
    policy: 'psd2',
    setup: [ack, triage, contact, { at: t('2026-11-24T10:00'), send: { type: 'EXTEND', until: Date.parse('2026-12-30T17:00:00+01:00'), reason: 'Holding reply: awaiting the acquirer.' }, actor: supervisor }],
    continuation: [
      { at: t('2026-12-20T10:00') },
      { ...rootCause, at: t('2026-12-21T10:00') },
      { ...propose, at: t('2026-12-21T11:00'), send: { ...propose.send!, executeBy: executeBy('2026-12-29T18:00') } },
      { ...accept, at: t('2026-12-21T12:00') },
      { ...complete, at: t('2026-12-22T16:00') },
      { ...followUp, at: t('2026-12-23T10:00') },
      { at: t('2027-02-01T10:00') },
    ],
  },
  {
    name: 'fca summary resolution on first contact',
    policy: 'fcaDisp',
    setup: [],
    continuation: [{ at: t('2026-11-24T10:00'), send: { type: 'RESOLVE_ON_FIRST_CONTACT', summary: 'Refunded the fee on the call.' }, actor: agent }, { at: t('2027-01-10T10:00') }],
  },
  {
    name: 'fca resolution clock breaches',
    policy: 'fcaDisp',
    setup: [ack, triage, contact, rootCause],
    continuation: [{ at: t('2027-01-25T10:00') }, { ...propose, at: t('2027-01-25T11:00'), send: { ...propose.send!, executeBy: executeBy('2027-01-29T18:00') } }, { ...accept, at: t('2027-01-25T12:00') }, { ...complete, at: t('2027-01-26T16:00') }, { ...followUp, at: t('2027-01-27T10:00') }, { at: t('2027-03-01T10:00') }],
  },
];

function shift(at: string, days: number): string {
  return new Date(Date.parse(at) + days * 86_400_000).toISOString();
}
/** A step's time moved after `after` when the original happy-path time is earlier. */
function later(at: string, after: string): string {
  const a = Date.parse(at);
  const b = Date.parse(t(after.slice(0, 16)));
  return a > b ? at : new Date(b + 5 * 60_000).toISOString();
}

/** What a step leaves to compare: stage, step, level, outcome and every deadline. */
function expectationOf(v: ComplaintView) {
  return {
    stage: v.stage,
    step: v.step,
    escalationLevel: v.escalationLevel,
    outcome: v.outcome,
    status: v.status,
    deadlines: v.deadlines.map((d) => ({ clock: d.clock, rule: d.rule, deadline: d.deadline, status: d.status, warnings: d.warnings, breaches: d.breaches, endedAt: d.endedAt })),
  };
}

const out: unknown[] = [];
const rows: Record<string, unknown[]> = { records: [], timeline: [], timers: [], outbox: [], idempotency: [] };
const filedAt = Date.parse(t('2026-11-23T09:00'));

for (const [i, s] of scenarios.entries()) {
  const db = await PGlite.create();
  const store = postgresStore(db);
  await store.migrate();
  const clock = manualClock(filedAt);
  const desk = createDesk({ store, notifier: memoryNotifier(), policy: presets[s.policy], clock, scheduler: false });
  const id = `v1-${String(i + 1).padStart(2, '0')}`;
  const intake = {
    id,
    customer: { id: 'cust-1', name: 'Li Lei', phone: '+86 138 0000 0000' },
    channel: 'phone',
    description: 'The kettle leaks from the base after two weeks.',
    product: 'KT-200',
    order: 'SO-1001',
    demand: 'A working kettle.',
    emotion: 'anxious',
    motive: 'compensation',
    ...s.intake,
  };
  await desk.file(intake, { actor: agent, idempotencyKey: `file-${id}` });
  const run = async (step: Step) => {
    const at = Date.parse(step.at);
    if (at > clock.now()) clock.set(at);
    await desk.runDue(at);
    if (step.send) await desk.send(id, { ...step.send, at }, { actor: step.actor! });
    await desk.dispatch(at);
    return expectationOf(await desk.get(id));
  };
  for (const step of s.setup) await run(step);
  const record = await store.load(id);
  const timeline = await store.timeline(id);
  const before = expectationOf(await desk.get(id));
  for (const table of Object.keys(rows)) {
    const r = await db.query<{ j: unknown }>(`SELECT row_to_json(x) AS j FROM redress_${table} x`);
    rows[table]!.push(...r.rows.map((row) => row.j));
  }
  const expected = [];
  for (const step of s.continuation) expected.push(await run(step));
  out.push({ id, name: s.name, policy: s.policy, record, timeline, before, continuation: s.continuation, expected });
  await db.close();
  console.log(`${id} ${s.name}: ${before.step} → ${expected.at(-1)!.step}`);
}

mkdirSync('test/fixtures/v1', { recursive: true });
writeFileSync('test/fixtures/v1/complaints.json', `${JSON.stringify(out, null, 1)}\n`);
writeFileSync('test/fixtures/v1/postgres-rows.json', `${JSON.stringify(rows, null, 1)}\n`);
