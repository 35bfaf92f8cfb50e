/**
 * A small fixed week of five complaints, driven through known paths on a
 * test desk at known virtual times, for the analytics, report and CLI tests.
 * The guideline policy: working hours Mon–Fri 09:00–12:00 and 13:30–18:00 in
 * Asia/Shanghai (UTC+8 all year). All times below are Shanghai local time;
 * Sunday 2026-11-22 to Wednesday 2026-11-25.
 *
 *   A  phone  Sun 20:00 filed → Mon 09:30 ACK → 10:00 TRIAGE normal [logistics] → 11:00 CONTACT
 *            → 11:30 ROOT CAUSE five_whys / logistics_partner → 14:00 PROPOSE 50 (handler) → 15:00 ACCEPT
 *            → Tue 10:00 COMPLETE → 11:00 FOLLOW-UP satisfied → closed (resolved)
 *   B  email  Mon 10:00 filed → 10:10 ACK → 10:20 TRIAGE urgent [product_quality] (escalated 0→2, director)
 *            → first contact due 10:50 (30 min, 24×7), warned 10:44, breached 10:50 (escalated 2→3, executive;
 *            re-granted 1 h) → 11:30 CONTACT → 12:00 WITHDRAW → closed (withdrawn)
 *   C  chat   Mon 12:10 filed [billing] (lunch break) → 12:40 RESOLVE_ON_FIRST_CONTACT → closed
 *   D  web    Mon 15:00 filed → 15:30 ACK → 16:00 TRIAGE general [service_experience, billing] → 16:30 CONTACT
 *            → 17:00 ROOT CAUSE fishbone / company → 17:30 PROPOSE 500 (handler) → Tue 09:30 OBJECT (escalated 0→1)
 *            → 10:00 PROPOSE 1500 (above the handler's 1000) → 11:00 APPROVE (supervisor) → 14:00 ACCEPT
 *            → Wed 10:00 COMPLETE → 11:00 FOLLOW-UP unsatisfied → re-opened at triage (level back to 0,
 *            proposal cleared, clocks restarted: triage due Wed 14:30)
 *   E  app    Mon 16:00 filed [other], never acknowledged: acknowledge due Tue 16:00 (24 h, 24×7), warned
 *            Tue 11:12 (80 % of 24 h), breached Tue 16:00 (escalated 0→1, re-granted 4 working hours → Wed 11:00,
 *            warned Wed 10:12), breached Wed 11:00 (escalated 1→2, re-granted 2 working hours → Wed 14:30)
 *
 * The scenario ends Wednesday 2026-11-25 12:00.
 */
import type { Actor, ComplaintCommand, ComplaintRecord, DailyPoint, IntakeInput } from '../../src/index.js';
import { createTestDesk, type TestDesk } from '../../src/testing/index.js';

/** A Shanghai local time, `'2026-11-23 09:30'` → epoch ms. */
export const sh = (local: string): number => Date.parse(`${local.replace(' ', 'T')}:00+08:00`);

export const MIN = 60_000;
export const HOUR = 60 * MIN;

export const scenarioStart = sh('2026-11-22 20:00');
export const scenarioEnd = sh('2026-11-25 12:00');

const agent: Actor = { id: 'agent-1', role: 'agent' };
const agent2: Actor = { id: 'agent-2', role: 'agent' };
const handler: Actor = { id: 'handler-1', role: 'handler' };
const supervisor: Actor = { id: 'supervisor-1', role: 'supervisor' };
const customerOf = (id: string): Actor => ({ id: `cu-${id}`, role: 'customer' });

function intake(id: string, channel: IntakeInput['channel'], extra: Partial<IntakeInput> = {}): Omit<IntakeInput, 'filedAt'> {
  return {
    id,
    customer: { id: `cu-${id}`, name: `Customer ${id}` },
    channel,
    description: `Complaint ${id}`,
    demand: 'Put it right',
    emotion: 'calm',
    motive: 'respect',
    ...extra,
  };
}

/** Run the scenario; returns the test desk (at Wednesday 12:00) and the five stored records. */
export async function runScenario(): Promise<{ t: TestDesk; records: ComplaintRecord[] }> {
  const t = createTestDesk({ start: scenarioStart });
  const { desk } = t;
  const at = async (local: string) => t.advanceTo(sh(local));
  const send = (id: string, event: ComplaintCommand, actor: Actor) => desk.send(id, event, { actor });

  await desk.file(intake('A', 'phone'), { actor: agent });
  await at('2026-11-23 09:30');
  await send('A', { type: 'ACKNOWLEDGE' }, agent);
  await at('2026-11-23 10:00');
  await desk.file(intake('B', 'email'), { actor: agent });
  await send('A', { type: 'TRIAGE', categories: ['logistics'], severity: 'normal' }, agent);
  await at('2026-11-23 10:10');
  await send('B', { type: 'ACKNOWLEDGE' }, agent);
  await at('2026-11-23 10:20');
  await send('B', { type: 'TRIAGE', categories: ['product_quality'], severity: 'urgent' }, agent);
  await at('2026-11-23 11:00');
  await send('A', { type: 'CONTACT_CUSTOMER' }, handler);
  await at('2026-11-23 11:30');
  await send('A', { type: 'RECORD_ROOT_CAUSE', method: 'five_whys', cause: 'Parcel crushed in transit', liability: 'logistics_partner' }, handler);
  await send('B', { type: 'CONTACT_CUSTOMER' }, handler);
  await at('2026-11-23 12:00');
  await send('B', { type: 'WITHDRAW', reason: 'Sorted it out myself' }, customerOf('B'));
  await at('2026-11-23 12:10');
  await desk.file(intake('C', 'chat', { categories: ['billing'] }), { actor: agent });
  await at('2026-11-23 12:40');
  await send('C', { type: 'RESOLVE_ON_FIRST_CONTACT', summary: 'Explained the invoice' }, agent);
  await at('2026-11-23 14:00');
  await send('A', { type: 'PROPOSE', remedies: ['apology', 'voucher'], compensation: 50, executeBy: sh('2026-11-25 18:00') }, handler);
  await at('2026-11-23 15:00');
  await send('A', { type: 'ACCEPT' }, customerOf('A'));
  await desk.file(intake('D', 'web'), { actor: agent });
  await at('2026-11-23 15:30');
  await send('D', { type: 'ACKNOWLEDGE' }, agent);
  await at('2026-11-23 16:00');
  await send('D', { type: 'TRIAGE', categories: ['service_experience', 'billing'], severity: 'general', department: 'billing_ops' }, agent);
  await desk.file(intake('E', 'app', { categories: ['other'] }), { actor: agent });
  await at('2026-11-23 16:30');
  await send('D', { type: 'CONTACT_CUSTOMER' }, handler);
  await at('2026-11-23 17:00');
  await send('D', { type: 'RECORD_ROOT_CAUSE', method: 'fishbone', cause: 'Double charge by the billing system', liability: 'company' }, handler);
  await at('2026-11-23 17:30');
  await send('D', { type: 'PROPOSE', remedies: ['refund'], compensation: 500, executeBy: sh('2026-11-25 18:00') }, handler);
  await at('2026-11-24 09:30');
  await send('D', { type: 'OBJECT', objection: 'Not enough for the trouble' }, customerOf('D'));
  await at('2026-11-24 10:00');
  await send('A', { type: 'COMPLETE_EXECUTION' }, handler);
  await send('D', { type: 'PROPOSE', remedies: ['refund', 'voucher'], compensation: 1500, executeBy: sh('2026-11-26 18:00') }, handler);
  await at('2026-11-24 11:00');
  await send('A', { type: 'RECORD_FOLLOW_UP', satisfaction: 'satisfied' }, agent2);
  await send('D', { type: 'APPROVE' }, supervisor);
  await at('2026-11-24 14:00');
  await send('D', { type: 'ACCEPT' }, customerOf('D'));
  await at('2026-11-25 10:00');
  await send('D', { type: 'COMPLETE_EXECUTION' }, handler);
  await at('2026-11-25 11:00');
  await send('D', { type: 'RECORD_FOLLOW_UP', satisfaction: 'unsatisfied', comment: 'Still waiting for the refund' }, agent2);
  await at('2026-11-25 12:00');

  const records: ComplaintRecord[] = [];
  for (const id of ['A', 'B', 'C', 'D', 'E']) {
    const r = await t.store.load(id);
    if (!r) throw new Error(`no record ${id}`);
    records.push(r);
  }
  return { t, records };
}

/** Filing to closing (ms) of each closed record. */
export function resolutionTimesOf(records: ComplaintRecord[]): number[] {
  return records
    .map((r) => r.snapshot.context)
    .filter((c) => c.milestones.closedAt !== null)
    .map((c) => c.milestones.closedAt! - c.intake.filedAt);
}

/** Fourteen days of a made-up series: arrivals and backlog follow simple closed formulas. */
export function syntheticDaily(): DailyPoint[] {
  return Array.from({ length: 14 }, (_, i) => {
    const date = new Date(Date.UTC(2026, 10, 16 + i)).toISOString().slice(0, 10);
    const weekend = i % 7 === 5 || i % 7 === 6;
    return {
      date,
      arrivals: weekend ? 6 + i : 20 + ((i * 7) % 11),
      backlog: {
        received: 3 + (i % 4),
        triage: 5 + (i % 3),
        investigating: 12 + i,
        resolving: 8 + ((i * 3) % 5),
        executing: 4 + (i % 2),
        followUp: 2 + (i % 3),
        closed: 40 * i,
      },
      breaches: (i * 5) % 4,
      escalations: (i * 3) % 5,
    };
  });
}

