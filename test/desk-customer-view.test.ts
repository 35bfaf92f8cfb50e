/**
 * desk.customerView: what the customer may see, in English or Chinese, and
 * nothing internal. Times are local Asia/Shanghai; 2026-11-23 is a Monday.
 */
import { describe, expect, it } from 'vitest';
import { isForbiddenError, isValidationError, presets, withRegulatoryClock } from '../src/index.js';
import { agent, customer, handler, intake, local, rejection, reviewer, setup, sh, supervisor } from './support/desk.js';

describe('desk.customerView', () => {
  it('walks the customer through the lifecycle in plain words, with nothing internal', async () => {
    const t = setup({ policy: withRegulatoryClock(presets.guideline, presets.psd2) });
    const { desk, clock } = t;
    await desk.file(intake('V1'), { actor: agent });
    let v = await desk.customerView('V1', { actor: customer });
    expect(v.version).toBe(1);
    expect(v.stage).toEqual({ step: 'received', label: 'Received', text: 'We have received your complaint.' });
    // Committed: the regulatory deadline (15 Brussels business days → Mon Dec 14 02:00 Brussels = 09:00 here).
    expect([v.next?.text, local(v.next?.by ?? null)]).toEqual(['We will confirm it and start handling it.', '2026-12-14T09:00']);
    expect(v.canDo.map((a) => a.type)).toEqual(['WITHDRAW']);

    clock.set(sh('2026-11-23T09:05'));
    await desk.send('V1', { type: 'ACKNOWLEDGE' }, { actor: agent });
    await desk.send('V1', { type: 'TRIAGE', categories: ['product_quality'], severity: 'general', assignee: 'h1' }, { actor: agent });
    await desk.send('V1', { type: 'ADD_NOTE', note: 'customer sounded like a reseller' }, { actor: agent });
    await desk.send('V1', { type: 'ESCALATE', reason: 'key account' }, { actor: agent });
    clock.set(sh('2026-11-23T09:30'));
    await desk.send('V1', { type: 'CONTACT_CUSTOMER' }, { actor: handler });
    await desk.send('V1', { type: 'REQUEST_INFO', request: 'A photo of the leaking kettle, please.' }, { actor: handler });
    await desk.dispatch();
    v = await desk.customerView('V1', { actor: customer });
    expect(v.version).toBe((await desk.get('V1')).version);
    expect(v.stage.step).toBe('investigating.awaitingInfo');
    expect(v.request).toBe('A photo of the leaking kettle, please.');
    expect(v.next).toEqual({ text: 'Please send us what we asked for.', by: null });
    expect(v.canDo.map((a) => a.type)).toEqual(['PROVIDE_INFO', 'WITHDRAW']);
    expect(v.messages.map((m) => [m.kind, m.delivered])).toEqual([
      ['complaint.received', true],
      ['complaint.acknowledged', true],
      ['info.requested', true],
    ]);
    // Nothing internal: the note, the department, the assignee, the level, other people.
    const shown = JSON.stringify(v);
    for (const secret of ['reseller', 'after_sales', 'h1', 'a1', 'supervisor', 'key account', 'escalat']) expect(shown).not.toContain(secret);

    clock.set(sh('2026-11-23T10:00'));
    await desk.send('V1', { type: 'PROVIDE_INFO', info: 'photo attached' }, { actor: customer });
    await desk.send('V1', { type: 'RECORD_ROOT_CAUSE', method: 'five_whys', cause: 'bad seal', liability: 'supplier' }, { actor: handler });
    v = await desk.customerView('V1', { actor: customer });
    expect(v.stage.step).toBe('resolving.preparing');
    expect(v.proposal).toBeNull();
    await desk.send('V1', { type: 'PROPOSE', remedies: ['replace'], compensation: 50, executeBy: sh('2026-11-27T18:00') }, { actor: handler });
    v = await desk.customerView('V1', { actor: customer, locale: 'zh' });
    expect(v.stage).toEqual({ step: 'resolving.awaitingCustomer', label: '等待您确认', text: '我们已向您发送处理方案。' });
    expect(v.proposal).toEqual({ remedies: ['replace'], compensation: 50, commitments: [], executeBy: sh('2026-11-27T18:00'), acceptedAt: null });
    expect(v.next?.by).toBe(sh('2026-11-27T18:00'));
    expect(v.canDo).toEqual([
      { type: 'ACCEPT', label: '接受方案' },
      { type: 'OBJECT', label: '提出异议' },
      { type: 'WITHDRAW', label: '撤回投诉' },
    ]);

    clock.set(sh('2026-11-23T11:00'));
    await desk.send('V1', { type: 'ACCEPT' }, { actor: customer });
    await desk.send('V1', { type: 'COMPLETE_EXECUTION' }, { actor: handler });
    await desk.send('V1', { type: 'RECORD_FOLLOW_UP', satisfaction: 'satisfied' }, { actor: reviewer });
    await desk.dispatch();
    v = await desk.customerView('V1', { actor: customer });
    expect(v.status).toBe('closed');
    expect(v.outcome).toEqual({ key: 'resolved', label: 'Resolved' });
    expect(v.next).toBeNull();
    // Re-open window: 30 days on the 24×7 calendar from closing at 11:00.
    expect(local(v.reopenUntil)).toBe('2026-12-23T11:00');
    expect(v.canDo.map((a) => a.type)).toEqual(['REOPEN']);
    expect(v.messages.map((m) => m.kind)).toEqual([
      'complaint.received',
      'complaint.acknowledged',
      'info.requested',
      'proposal.sent',
      'execution.completed',
      'complaint.closed',
    ]);
  });

  it('never shows a time the escalation ladder re-granted as a commitment', async () => {
    const { desk, advanceTo } = setup();
    await desk.file(intake('V2'), { actor: agent });
    // Acknowledge: 24 h on the 24×7 calendar → Tue 09:00 (the guideline sets no resolution target).
    expect(local((await desk.customerView('V2', { actor: customer })).next?.by ?? null)).toBe('2026-11-24T09:00');
    // Breached at Tue 09:00: one level up, 4 working hours re-granted (internal) — not shown.
    await advanceTo(sh('2026-11-24T09:00'));
    expect((await desk.get('V2')).escalationLevel).toBe(1);
    expect((await desk.customerView('V2', { actor: customer })).next?.by).toBeNull();
  });

  it('a customer sees only their own complaint; staff may preview it; options are validated', async () => {
    const { desk } = setup();
    await desk.file(intake('V3'), { actor: agent });
    expect(isForbiddenError(await rejection(desk.customerView('V3', { actor: { id: 'someone-else', role: 'customer' } })))).toBe(true);
    expect((await desk.customerView('V3', { actor: supervisor })).id).toBe('V3');
    expect(isValidationError(await rejection(desk.customerView('V3', { actor: customer, locale: 'fr' as never })))).toBe(true);
  });
});
