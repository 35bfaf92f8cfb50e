/**
 * The outbox: notifications are written in the commit of the transition that
 * caused them, then delivered by `dispatch` with exponential back-off on
 * virtual time, parked after `maxAttempts`, with deterministic ids, and with
 * personal data masked by default.
 *
 * Times are local Asia/Shanghai (UTC+8, no DST); 2026-11-23 is a Monday.
 */
import { describe, expect, it } from 'vitest';
import { memoryNotifier, type DeskOptions, type Notifier, type OutboundMessage } from '../src/index.js';
import { agent, intake as baseIntake, setup as baseSetup, sh, supervisor, T0 } from './support/desk.js';

const intake = (id: string, customer: Record<string, unknown> = {}) =>
  baseIntake(id, { customer: { id: 'cu1', name: 'Li Lei', phone: '13800001234', email: 'li@example.com', ...customer } as never, description: 'The kettle leaks.' });

function setup(extra: Partial<DeskOptions> = {}) {
  const t = baseSetup(extra);
  // The test desk's notifier is a memory notifier unless one is given.
  const notifier = t.notifier;
  /** Dispatch at virtual time `at` (the desk's clock moves there first). */
  const dispatchAt = (at: number) => {
    if (at > t.clock.now()) t.clock.set(at);
    return t.desk.dispatch();
  };
  return { ...t, notifier, dispatchAt };
}

describe('outbox', () => {
  it('writes notifications in the same commit as the transition, pending until dispatched', async () => {
    const { desk, commits, notifier } = setup();
    await desk.file(intake('C1'), { actor: agent });
    await desk.send('C1', { type: 'ACKNOWLEDGE' }, { actor: agent });
    expect(commits.map((c) => [c.record.version, c.timeline[0]!.type, c.outbox.map((m) => m.id)])).toEqual([
      [1, 'FILED', ['C1:1:complaint.received:customer:cu1']],
      [2, 'ACKNOWLEDGE', ['C1:2:complaint.acknowledged:customer:cu1']],
    ]);
    expect(commits[1]!.outbox[0]).toMatchObject({
      complaintId: 'C1', version: 2, kind: 'complaint.acknowledged', recipient: 'customer:cu1',
      status: 'pending', attempts: 0, createdAt: T0, nextAttemptAt: T0, lastError: null, sentAt: null,
    });
    expect(notifier.sent).toEqual([]);
    expect((await desk.outbox({ status: 'pending' })).map((m) => m.id)).toEqual([
      'C1:1:complaint.received:customer:cu1',
      'C1:2:complaint.acknowledged:customer:cu1',
    ]);
  });

  it('dispatch sends through the notifier and marks each message sent, once', async () => {
    const { desk, notifier, clock } = setup();
    await desk.file(intake('C1'), { actor: agent });
    await desk.send('C1', { type: 'ACKNOWLEDGE' }, { actor: agent });
    clock.set(T0 + 5_000);
    expect(await desk.dispatch()).toEqual({ sent: 2, failed: 0, parked: 0 });
    expect(notifier.sent.map((m) => [m.id, m.complaintId, m.kind, m.recipient])).toEqual([
      ['C1:1:complaint.received:customer:cu1', 'C1', 'complaint.received', 'customer:cu1'],
      ['C1:2:complaint.acknowledged:customer:cu1', 'C1', 'complaint.acknowledged', 'customer:cu1'],
    ]);
    const out = await desk.outbox();
    expect(out.map((m) => [m.status, m.attempts, m.sentAt, m.lastError])).toEqual([
      ['sent', 1, T0 + 5_000, null],
      ['sent', 1, T0 + 5_000, null],
    ]);
    expect(await desk.dispatch()).toEqual({ sent: 0, failed: 0, parked: 0 });
    expect(notifier.sent.length).toBe(2);
  });

  it('a notifier that throws never rolls back or loses a transition', async () => {
    const { desk, notifier, store, dispatchAt } = setup();
    notifier.failNext(1_000, new Error('SMTP down'));
    await desk.file(intake('C1'), { actor: agent });
    expect(await desk.dispatch()).toEqual({ sent: 0, failed: 1, parked: 0 });
    const acked = await desk.send('C1', { type: 'ACKNOWLEDGE' }, { actor: agent });
    expect(acked.version).toBe(2);
    expect(await dispatchAt(T0 + 1_000)).toEqual({ sent: 0, failed: 2, parked: 0 });
    // The complaint moved on regardless, and its record and timeline say so.
    expect((await desk.get('C1')).step).toBe('triage');
    expect((await store.load('C1'))!.version).toBe(2);
    expect((await desk.timeline('C1')).map((e) => e.type)).toEqual(['FILED', 'sla.start', 'ACKNOWLEDGE', 'sla.met', 'sla.start']);
    expect((await desk.outbox()).map((m) => [m.id, m.status, m.lastError])).toEqual([
      ['C1:1:complaint.received:customer:cu1', 'pending', 'SMTP down'],
      ['C1:2:complaint.acknowledged:customer:cu1', 'pending', 'SMTP down'],
    ]);
    // Once the notifier is back, everything is delivered.
    notifier.failNext(0);
    expect(await dispatchAt(T0 + 60_000)).toEqual({ sent: 2, failed: 0, parked: 0 });
  });

  it('retries with exponential back-off on virtual time: nextAttemptAt = now + base·2^(attempts−1)', async () => {
    const { desk, notifier, dispatchAt } = setup({ outbox: { baseDelayMs: 1_000, maxDelayMs: 60_000, maxAttempts: 6 } });
    await desk.file(intake('C1'), { actor: agent });
    notifier.failNext(4);
    const msg = async () => (await desk.outbox())[0]!;

    // attempt 1 at T0 fails → T0 + 1000·2^0 = T0 + 1 000
    expect(await dispatchAt(T0)).toEqual({ sent: 0, failed: 1, parked: 0 });
    expect(await msg()).toMatchObject({ status: 'pending', attempts: 1, nextAttemptAt: T0 + 1_000 });
    // not yet due
    expect(await dispatchAt(T0 + 999)).toEqual({ sent: 0, failed: 0, parked: 0 });
    // attempt 2 at T0 + 1 500 fails → T0 + 1 500 + 1000·2^1 = T0 + 3 500
    expect(await dispatchAt(T0 + 1_500)).toEqual({ sent: 0, failed: 1, parked: 0 });
    expect(await msg()).toMatchObject({ attempts: 2, nextAttemptAt: T0 + 3_500 });
    // attempt 3 at T0 + 3 500 fails → T0 + 3 500 + 1000·2^2 = T0 + 7 500
    expect(await dispatchAt(T0 + 3_500)).toEqual({ sent: 0, failed: 1, parked: 0 });
    expect(await msg()).toMatchObject({ attempts: 3, nextAttemptAt: T0 + 7_500 });
    // attempt 4 at T0 + 10 000 fails → T0 + 10 000 + 1000·2^3 = T0 + 18 000
    expect(await dispatchAt(T0 + 10_000)).toEqual({ sent: 0, failed: 1, parked: 0 });
    expect(await msg()).toMatchObject({ attempts: 4, nextAttemptAt: T0 + 18_000, lastError: 'notifier failure (simulated)' });
    expect(await dispatchAt(T0 + 17_999)).toEqual({ sent: 0, failed: 0, parked: 0 });
    // attempt 5 succeeds
    expect(await dispatchAt(T0 + 18_000)).toEqual({ sent: 1, failed: 0, parked: 0 });
    expect(await msg()).toMatchObject({ status: 'sent', attempts: 5, sentAt: T0 + 18_000, lastError: null });
    expect(notifier.sent.map((m) => m.id)).toEqual(['C1:1:complaint.received:customer:cu1']);
  });

  it('caps the back-off at maxDelayMs', async () => {
    const { desk, notifier, dispatchAt } = setup({ outbox: { baseDelayMs: 1_000, maxDelayMs: 3_000, maxAttempts: 10 } });
    await desk.file(intake('C1'), { actor: agent });
    notifier.failNext(4);
    const next: number[] = [];
    let t = T0;
    for (let i = 0; i < 4; i++) {
      await dispatchAt(t);
      t = (await desk.outbox())[0]!.nextAttemptAt;
      next.push(t - T0);
    }
    // delays 1 000, 2 000, then min(4 000, 3 000), min(8 000, 3 000): cumulative 1 000, 3 000, 6 000, 9 000
    expect(next).toEqual([1_000, 3_000, 6_000, 9_000]);
  });

  it('with no back-off a retried message is still delivered once per dispatch pass', async () => {
    const { desk, notifier, dispatchAt } = setup({ outbox: { baseDelayMs: 0, maxAttempts: 3 } });
    await desk.file(intake('C1'), { actor: agent });
    notifier.failNext(1);
    // Attempt 1 fails with nextAttemptAt unchanged (T0), so the same dispatch retries it: sent once.
    expect(await dispatchAt(T0)).toEqual({ sent: 1, failed: 1, parked: 0 });
    expect(notifier.sent.map((m) => m.id)).toEqual(['C1:1:complaint.received:customer:cu1']);
    expect(await dispatchAt(T0)).toEqual({ sent: 0, failed: 0, parked: 0 });
  });

  it('parks a poisoned message after maxAttempts with its error; the others and the transitions go on', async () => {
    const inner = memoryNotifier();
    const poisoned: Notifier = {
      async send(m: OutboundMessage) {
        if (m.kind === 'complaint.acknowledged') throw new Error('mailbox full');
        await inner.send(m);
      },
    };
    const { desk, dispatchAt } = setup({ notifier: poisoned, outbox: { baseDelayMs: 1_000, maxAttempts: 3 } });
    await desk.file(intake('C1'), { actor: agent });
    await desk.send('C1', { type: 'ACKNOWLEDGE' }, { actor: agent });
    // attempt 1 at T0 → retry at T0 + 1 000; attempt 2 there → T0 + 3 000; attempt 3 there → parked.
    expect(await dispatchAt(T0)).toEqual({ sent: 1, failed: 1, parked: 0 });
    expect(await dispatchAt(T0 + 1_000)).toEqual({ sent: 0, failed: 1, parked: 0 });
    expect(await dispatchAt(T0 + 3_000)).toEqual({ sent: 0, failed: 0, parked: 1 });
    expect(await dispatchAt(T0 + 86_400_000)).toEqual({ sent: 0, failed: 0, parked: 0 });
    const parked = await desk.outbox({ status: 'parked' });
    expect(parked.map((m) => [m.id, m.attempts, m.lastError, m.sentAt])).toEqual([
      ['C1:2:complaint.acknowledged:customer:cu1', 3, 'mailbox full', null],
    ]);
    expect(await desk.outbox({ status: 'pending' })).toEqual([]);
    expect(inner.sent.map((m) => m.id)).toEqual(['C1:1:complaint.received:customer:cu1']);
    // A parked message never blocks the complaint: a day later (the triage deadlines fired meanwhile) it moves on,
    // and every new message is delivered while the parked one stays parked.
    expect((await desk.send('C1', { type: 'TRIAGE', categories: ['billing'], severity: 'normal' }, { actor: agent })).stage).toBe('investigating');
    const pending = await desk.outbox({ status: 'pending' });
    expect(pending.length).toBeGreaterThan(0);
    expect(await desk.dispatch()).toEqual({ sent: pending.length, failed: 0, parked: 0 });
    expect((await desk.outbox({ status: 'parked' })).map((m) => m.id)).toEqual(['C1:2:complaint.acknowledged:customer:cu1']);
  });

  it('redeliver queues a parked message again (attempts reset), audited in the timeline; operators only', async () => {
    let broken = true;
    const inner = memoryNotifier();
    const flaky: Notifier = {
      async send(m: OutboundMessage) {
        if (broken && m.kind === 'complaint.acknowledged') throw new Error('mailbox full');
        await inner.send(m);
      },
    };
    const { desk, dispatchAt } = setup({ notifier: flaky, outbox: { baseDelayMs: 1_000, maxAttempts: 2 } });
    await desk.file(intake('C1'), { actor: agent });
    const acked = await desk.send('C1', { type: 'ACKNOWLEDGE' }, { actor: agent });
    await dispatchAt(T0);
    await dispatchAt(T0 + 1_000);
    const id = 'C1:2:complaint.acknowledged:customer:cu1';
    expect((await desk.outbox({ status: 'parked' })).map((m) => [m.id, m.attempts])).toEqual([[id, 2]]);

    // Only supervisors, directors, executives and the system; an unknown id; a message already sent.
    await expect(desk.redeliver(id, { actor: agent })).rejects.toMatchObject({ code: 'FORBIDDEN', role: 'agent', eventType: 'REDELIVER' });
    await expect(desk.redeliver('C1:9:nope', { actor: supervisor })).rejects.toMatchObject({ code: 'NOT_FOUND', id: 'C1:9:nope' });
    await expect(desk.redeliver('C1:1:complaint.received:customer:cu1', { actor: supervisor })).rejects.toMatchObject({ code: 'RULE', rule: 'notSent' });
    expect((await desk.get('C1')).version).toBe(acked.version);

    broken = false;
    await dispatchAt(T0 + 60_000);
    const again = await desk.redeliver(id, { actor: supervisor });
    expect(again).toMatchObject({ id, status: 'pending', attempts: 0, nextAttemptAt: T0 + 60_000 });
    const audit = (await desk.timeline('C1')).at(-1)!;
    expect(audit).toMatchObject({ kind: 'operation', type: 'outbox.redeliver', actor: supervisor, at: T0 + 60_000, data: { messageId: id, attempts: 2, lastError: 'mailbox full' } });
    // The record is written back as it was (one version up), the complaint's state untouched.
    expect((await desk.get('C1'))).toMatchObject({ version: acked.version + 1, step: acked.step });
    expect(await desk.dispatch()).toEqual({ sent: 1, failed: 0, parked: 0 });
    expect(inner.sent.map((m) => m.id)).toContain(id);
    expect(await desk.outbox({ status: 'parked' })).toEqual([]);
  });

  it('gives every message a deterministic id: complaint:version:kind:recipient, #n for repeats in one commit', async () => {
    const run = async () => {
      const { desk, clock } = setup();
      await desk.file(intake('C1'), { actor: agent });
      await desk.send('C1', { type: 'ACKNOWLEDGE' }, { actor: agent });
      // Mon 16:00, no runDue since 09:00: one commit fires the triage warning (10:36), the breach (11:00 →
      // supervisor, 4 working hours → 16:30), that allowance's warning (15:42), then applies the note.
      clock.set(sh('2026-11-23T16:00'));
      await desk.send('C1', { type: 'ADD_NOTE', note: 'Still waiting for the category' }, { actor: agent });
      clock.set(sh('2026-11-23T16:10'));
      await desk.send('C1', { type: 'TRIAGE', categories: ['billing'], severity: 'general', assignee: 'h7' }, { actor: agent });
      return (await desk.outbox()).map((m) => m.id).sort();
    };
    const ids = await run();
    expect(ids).toEqual(
      [
        'C1:1:complaint.received:customer:cu1',
        'C1:2:complaint.acknowledged:customer:cu1',
        'C1:3:sla.warning:role:agent',
        'C1:3:sla.breached:role:agent',
        'C1:3:complaint.escalated:role:supervisor',
        'C1:3:sla.warning:role:agent#1',
        'C1:4:complaint.assigned:user:h7',
      ].sort(),
    );
    // The same history gives the same ids (a notifier may de-duplicate on them).
    expect(await run()).toEqual(ids);
  });
});

describe('redaction', () => {
  it("masks the customer's name, phone and e-mail by default", async () => {
    const { desk, notifier } = setup();
    await desk.file(intake('C1'), { actor: agent });
    await desk.file(intake('C2', { id: 'cu2', name: '李雷', phone: '+86 139 0000 4321', email: 'wang.fang@example.cn' }), { actor: agent });
    // Nothing personal is stored in the outbox either.
    const raw = JSON.stringify(await desk.outbox());
    for (const secret of ['Li Lei', '13800001234', 'li@example.com', '李雷', 'wang.fang']) expect(raw).not.toContain(secret);
    await desk.dispatch();
    expect(notifier.sent[0]!.payload).toEqual({
      kind: 'complaint.received',
      complaintId: 'C1',
      recipient: 'customer:cu1',
      at: T0,
      data: { channel: 'phone' },
      complaint: { severity: null, escalationLevel: 0, department: null },
      // 'Li Lei' → first letter of each word; 11-digit phone → last 4 digits; e-mail → first letter and domain.
      customer: { id: 'cu1', name: 'L* L**', phone: '*******1234', email: 'l***@example.com' },
    });
    // '李雷' is one word of two characters; '+86 139 0000 4321' is 17 characters → 13 masked + '4321'.
    expect(notifier.sent[1]!.payload.customer).toEqual({ id: 'cu2', name: '李*', phone: '*************4321', email: 'w***@example.cn' });
  });

  it('sends personal data as is with redact: false', async () => {
    const { desk, notifier } = setup({ redact: false });
    await desk.file(intake('C1'), { actor: agent });
    await desk.dispatch();
    expect(notifier.sent[0]!.payload.customer).toEqual({ id: 'cu1', name: 'Li Lei', phone: '13800001234', email: 'li@example.com' });
  });

  it('uses a custom redactor for every message', async () => {
    const seen: string[] = [];
    const { desk, notifier } = setup({
      redact: (p) => {
        seen.push(`${String(p.kind)}→${String(p.recipient)}`);
        const { customer: _drop, ...rest } = p;
        return { ...rest, redactedBy: 'host' };
      },
    });
    await desk.file(intake('C1'), { actor: agent });
    await desk.send('C1', { type: 'ACKNOWLEDGE' }, { actor: agent });
    await desk.send('C1', { type: 'TRIAGE', categories: ['billing'], severity: 'general', assignee: 'h7' }, { actor: agent });
    await desk.dispatch();
    expect(seen).toEqual(['complaint.received→customer:cu1', 'complaint.acknowledged→customer:cu1', 'complaint.assigned→user:h7']);
    expect(notifier.sent.map((m) => [m.payload.redactedBy, 'customer' in m.payload])).toEqual([
      ['host', false],
      ['host', false],
      ['host', false],
    ]);
    expect(notifier.sent[2]!.payload.data).toEqual({ department: 'finance', severity: 'general' });
  });
});

describe('inspector sanitizers', () => {
  it('mask names, phones, e-mails and free text whatever the key spelling, and cut cycles', async () => {
    const { inspectorSanitizers } = await import('../src/index.js');
    const s = inspectorSanitizers();
    const context: Record<string, unknown> = {
      intake: {
        customer: { id: 'cu1', Name: 'Li Lei', mobile: '13800001234', e_mail: 'li@example.com' },
        description: 'My card 4111 was charged twice; I live at 5 Elm St.',
        demand: 'refund',
      },
      notes: [{ at: 1, by: 'h1', text: 'customer is pregnant' }],
      routing: { department: 'finance' },
    };
    context.self = context;
    const out = s.sanitizeContext(context) as Record<string, Record<string, unknown>>;
    expect(out.intake!.customer).toEqual({ id: 'cu1', Name: 'L* L**', mobile: '*******1234', e_mail: 'l***@example.com' });
    expect(out.intake!.description).toBe('[text withheld, 51 characters]');
    expect(out.intake!.demand).toBe('[text withheld, 6 characters]');
    expect(out.notes).toEqual([{ at: 1, by: '[text withheld, 2 characters]', text: '[text withheld, 20 characters]' }]);
    expect(out.routing).toEqual({ department: 'finance' });
    expect(out.self).toBe('[circular]');
    expect(JSON.stringify(out)).not.toMatch(/4111|Elm|pregnant|Li Lei|13800001234|li@example/);
    // Events too, and the field list can be narrowed.
    expect(s.sanitizeEvent({ type: 'ADD_NOTE', note: 'secret' })).toEqual({ type: 'ADD_NOTE', note: '[text withheld, 6 characters]' });
    const namesOnly = inspectorSanitizers({ names: ['name'] });
    expect(namesOnly.sanitizeEvent({ type: 'X', note: 'kept', customer: { name: 'Li' } })).toEqual({ type: 'X', note: 'kept', customer: { name: 'L*' } });
  });
});
