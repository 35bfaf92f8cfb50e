/**
 * Two clocks on one complaint: the internal SLA and a regulator's deadline
 * (`withRegulatoryClock`), in one desk. They differ in how they pause,
 * extend and breach; both show in views, the timeline and analytics.
 *
 * Times are local Asia/Shanghai (UTC+8, no DST); Brussels is UTC+1 in
 * winter, so Shanghai 09:00 is Brussels 02:00. 2026-11-23 is a Monday. The
 * guideline's business calendar: Mon–Fri 09:00–12:00 and 13:30–18:00
 * (7.5 working hours a day). PSD2's: whole days Mon–Fri, Europe/Brussels.
 * Every expected instant is worked out by hand in the comments.
 */
import { describe, expect, it } from 'vitest';
import {
  definePolicy,
  isRuleViolationError,
  presets,
  summarize,
  withRegulatoryClock,
  type ComplaintView,
  type Policy,
} from '../src/index.js';
import { agent, customer, director, handler, intake, local, rejection, setup, sh, supervisor } from './support/desk.js';

const clockOf = (v: ComplaintView, name: string) => {
  const d = v.deadlines.find((x) => x.clock === name);
  return d ? `${d.rule} ${local(d.deadline)} ${d.status} w${d.warnings} b${d.breaches}` : undefined;
};

/** The guideline with an internal resolution target of 10 working days, plus PSD2 beside it. */
function internalPlusPsd2(): Policy {
  const g = presets.guideline;
  const internal = definePolicy({ ...g, targets: { ...g.targets, resolution: { within: { workingDays: 10 }, calendar: 'business' } } });
  return withRegulatoryClock(internal, presets.psd2, { notify: ['role:compliance'] });
}

/** File at Mon 09:00 and walk to `investigating.verifying` by 09:20. */
async function toInvestigating(t: ReturnType<typeof setup>, id: string) {
  await t.desk.file(intake(id), { actor: agent });
  t.clock.set(sh('2026-11-23T09:05'));
  await t.desk.send(id, { type: 'ACKNOWLEDGE' }, { actor: agent });
  t.clock.set(sh('2026-11-23T09:10'));
  await t.desk.send(id, { type: 'TRIAGE', categories: ['billing'], severity: 'normal', assignee: 'h1' }, { actor: agent });
  t.clock.set(sh('2026-11-23T09:20'));
  return t.desk.send(id, { type: 'CONTACT_CUSTOMER' }, { actor: handler });
}

describe('withRegulatoryClock', () => {
  it('copies the regime’s deadline, extension cap and calendars under the regime’s name', () => {
    const p = internalPlusPsd2();
    expect(p.name).toBe('guideline + eu-psd2-art101');
    expect(p.regulatory).toMatchObject({
      name: 'eu-psd2-art101',
      deadline: { within: { workingDays: 15 }, calendar: 'eu-psd2-art101/business' },
      extension: { max: { within: { workingDays: 35 }, calendar: 'eu-psd2-art101/business' } },
      pausesWhileWaiting: false,
      notify: ['role:compliance'],
    });
    // The internal business calendar is untouched; the regime's sits beside it.
    expect(p.calendars.business!.timeZone).toBe('Asia/Shanghai');
    expect(p.calendars['eu-psd2-art101/business']!.timeZone).toBe('Europe/Brussels');
  });

  it('refuses a regime without a single resolution target', () => {
    expect(() => withRegulatoryClock(presets.guideline, presets.guideline)).toThrow(/no single resolution target/);
  });
});

describe('an internal and a regulatory clock on one complaint', () => {
  it('the internal clock pauses while waiting on the customer; the regulatory one runs on', async () => {
    const t = setup({ policy: internalPlusPsd2() });
    // Filed Mon 23 09:00. Internal resolution: 10 working days, same time of day → Mon Dec 7 09:00.
    // Regulatory: 15 Brussels business days from Mon 23 02:00 Brussels → Mon Dec 14 02:00 Brussels = 09:00 Shanghai.
    const contacted = await toInvestigating(t, 'R1');
    expect(clockOf(contacted, 'resolution')).toBe('resolution 2026-12-07T09:00 pending w0 b0');
    expect(clockOf(contacted, 'regulatory')).toBe('regulatory.eu-psd2-art101 2026-12-14T09:00 pending w0 b0');

    // Mon 10:00 the handler asks for evidence: resolution pauses with 74 working hours left
    // (75 h in 10 working days, 1 h used since 09:00); the regulatory clock keeps running.
    t.clock.set(sh('2026-11-23T10:00'));
    const waiting = await t.desk.send('R1', { type: 'REQUEST_INFO', request: 'a photo of the bill' }, { actor: handler });
    expect(clockOf(waiting, 'resolution')).toBe('resolution 2026-12-07T09:00 paused w0 b0');
    expect(clockOf(waiting, 'regulatory')).toBe('regulatory.eu-psd2-art101 2026-12-14T09:00 pending w0 b0');

    // Wed 25 11:00 the customer answers: 74 working hours from Wed 11:00 — 9 working days (67.5 h) to
    // Tue Dec 8 11:00, then 6.5 h more: 1 h to 12:00, 4.5 h to 18:00, 1 h on Wed Dec 9 → 10:00.
    t.clock.set(sh('2026-11-25T11:00'));
    const back = await t.desk.send('R1', { type: 'PROVIDE_INFO', info: 'photo attached' }, { actor: customer });
    expect(clockOf(back, 'resolution')).toBe('resolution 2026-12-09T10:00 pending w0 b0');
    expect(clockOf(back, 'regulatory')).toBe('regulatory.eu-psd2-art101 2026-12-14T09:00 pending w0 b0');
  });

  it('an EXTEND moves only the clock it names, each within its own cap', async () => {
    const t = setup({ policy: internalPlusPsd2() });
    await toInvestigating(t, 'R2');
    t.clock.set(sh('2026-11-24T09:00'));
    // No clock named: the internal resolution clock (the guideline sets no cap on it).
    const internal = await t.desk.send('R2', { type: 'EXTEND', until: sh('2026-12-11T09:00'), reason: 'supplier report pending' }, { actor: supervisor });
    expect(clockOf(internal, 'resolution')).toBe('extension 2026-12-11T09:00 pending w0 b0');
    expect(clockOf(internal, 'regulatory')).toBe('regulatory.eu-psd2-art101 2026-12-14T09:00 pending w0 b0');

    // PSD2's cap: 35 business days from receipt → 7 weeks → Mon 2027-01-11 02:00 Brussels = 09:00 Shanghai.
    const tooFar = await rejection(
      t.desk.send('R2', { type: 'EXTEND', clock: 'regulatory', until: sh('2027-01-20T09:00'), reason: 'holding reply' }, { actor: supervisor }),
    );
    expect(isRuleViolationError(tooFar) && tooFar.rule).toBe('extensionCap');
    expect((tooFar as Error).message).toContain('2027-01-11T01:00:00.000Z');

    const held = await t.desk.send(
      'R2',
      { type: 'EXTEND', clock: 'regulatory', until: sh('2027-01-08T09:00'), reason: 'holding reply', notice: { channel: 'email' } },
      { actor: supervisor },
    );
    expect(clockOf(held, 'regulatory')).toBe('extension 2027-01-08T09:00 pending w0 b0');
    expect(clockOf(held, 'resolution')).toBe('extension 2026-12-11T09:00 pending w0 b0');
    const details = await t.desk.get('R2');
    expect(details.history.extensions.map((e) => [e.value.clock, local(e.value.until)])).toEqual([
      ['resolution', '2026-12-11T09:00'],
      ['regulatory', '2027-01-08T09:00'],
    ]);
    const tl = await t.desk.timeline('R2');
    expect(tl.filter((e) => e.type === 'EXTEND').map((e) => e.data.notice ?? null)).toEqual([null, { channel: 'email' }]);
  });

  it('a regulatory breach warns and escalates with its own recipients and grants no new time', async () => {
    // The guideline sets no internal resolution target: in `verifying` only the regulatory clock counts.
    const t = setup({ policy: withRegulatoryClock(presets.guideline, presets.psd2, { notify: ['role:compliance'] }) });
    await toInvestigating(t, 'R3');

    // Warning at 80 % of 15 × 24 h = 288 working hours on the Brussels business-day calendar, from
    // Mon 23 02:00 Brussels: 22 h (Mon) + 96 (Tue–Fri) + 120 (next week) + 48 (Mon–Tue Dec 7–8) = 286,
    // 2 h more → Wed Dec 9 02:00 Brussels = 09:00 Shanghai.
    await t.advanceTo(sh('2026-12-09T08:59'));
    expect(t.sent().filter((m) => m.kind === 'sla.warning')).toEqual([]);
    await t.advanceTo(sh('2026-12-09T09:00'));
    const warned = t.sent().filter((m) => m.kind === 'sla.warning');
    expect(warned.map((m) => m.recipient).sort()).toEqual(['role:compliance', 'user:h1']);
    expect(warned[0]!.payload).toMatchObject({ data: { rule: 'regulatory.eu-psd2-art101' } });

    // Deadline Mon Dec 14 09:00: breached, one level up, the clock stays overdue at its deadline.
    await t.advanceTo(sh('2026-12-14T09:00'));
    const v = await t.desk.get('R3');
    expect(v.escalationLevel).toBe(1);
    expect(clockOf(v, 'regulatory')).toBe('regulatory.eu-psd2-art101 2026-12-14T09:00 breached w1 b1');
    expect(t.sent().filter((m) => m.kind === 'sla.breached').map((m) => m.recipient).sort()).toEqual(['role:compliance', 'user:h1']);
    // Nothing more is armed for it: a month later nothing else has fired.
    await t.advance({ days: 30 });
    expect(t.sent().filter((m) => m.kind === 'sla.breached')).toHaveLength(2);
    expect((await t.desk.get('R3')).escalationLevel).toBe(1);
    const steps = (await t.desk.timeline('R3')).filter((e) => e.kind === 'escalation');
    expect(steps.map((e) => [e.data.from, e.data.to, e.data.reason, e.data.clock])).toEqual([[0, 1, 'breach', 'regulatory']]);

    // Analytics count the regulatory breach under its own clock.
    const k = await summarize(t.desk.records());
    expect(k.total.sla.regulatory.breached).toBe(1);
  });

  it('is met when the customer accepts, with the internal resolution clock', async () => {
    const t = setup({ policy: internalPlusPsd2() });
    await toInvestigating(t, 'R4');
    t.clock.set(sh('2026-11-23T11:00'));
    await t.desk.send('R4', { type: 'RECORD_ROOT_CAUSE', method: 'five_whys', cause: 'double charge', liability: 'company' }, { actor: handler });
    t.clock.set(sh('2026-11-23T14:00'));
    await t.desk.send('R4', { type: 'PROPOSE', remedies: ['refund'], compensation: 100, executeBy: sh('2026-11-30T18:00') }, { actor: handler });
    t.clock.set(sh('2026-11-24T10:00'));
    const accepted = await t.desk.send('R4', { type: 'ACCEPT' }, { actor: customer });
    expect(clockOf(accepted, 'resolution')).toBe('resolution 2026-12-07T09:00 met w0 b0');
    expect(clockOf(accepted, 'regulatory')).toBe('regulatory.eu-psd2-art101 2026-12-14T09:00 met w0 b0');
  });

  it('restarts from the re-opening, as for a new complaint', async () => {
    const t = setup({ policy: withRegulatoryClock(presets.guideline, presets.psd2) });
    await t.desk.file(intake('R5'), { actor: agent });
    t.clock.set(sh('2026-11-23T09:30'));
    await t.desk.send('R5', { type: 'RESOLVE_ON_FIRST_CONTACT', summary: 'explained' }, { actor: agent });
    // Re-opened Wed 25 09:00 Shanghai (02:00 Brussels): 15 business days → Wed Dec 16 02:00 Brussels.
    t.clock.set(sh('2026-11-25T09:00'));
    const again = await t.desk.send('R5', { type: 'REOPEN', reason: 'not fixed' }, { actor: customer });
    expect(clockOf(again, 'regulatory')).toBe('regulatory.eu-psd2-art101 2026-12-16T09:00 pending w0 b0');
  });
});

describe('an extension past the approval limit (NFRA 2020: 30 days, 60 with approval)', () => {
  it('needs a director or executive past 30 days, within the 60-day cap', async () => {
    const t = setup({ policy: withRegulatoryClock(presets.guideline, presets.nfra2020) });
    // 15 calendar days from Mon 23 09:00 → Tue Dec 8 09:00; 30 days → Wed Dec 23; 60 → Fri 2027-01-22.
    const filed = await toInvestigating(t, 'N1');
    expect(clockOf(filed, 'regulatory')).toBe('regulatory.cn-nfra-2020 2026-12-08T09:00 pending w0 b0');
    t.clock.set(sh('2026-11-30T09:00'));
    const within30 = await t.desk.send('N1', { type: 'EXTEND', clock: 'regulatory', until: sh('2026-12-20T09:00'), reason: 'complex case' }, { actor: supervisor });
    expect(clockOf(within30, 'regulatory')).toBe('extension 2026-12-20T09:00 pending w0 b0');

    const refused = await rejection(
      t.desk.send('N1', { type: 'EXTEND', clock: 'regulatory', until: sh('2027-01-10T09:00'), reason: 'expert opinion' }, { actor: supervisor }),
    );
    expect(isRuleViolationError(refused) && refused.rule).toBe('extensionApproval');
    expect((refused as Error).message).toContain('director or executive');
    // Nothing was stored by the refusal.
    expect(clockOf(await t.desk.get('N1'), 'regulatory')).toBe('extension 2026-12-20T09:00 pending w0 b0');

    const approved = await t.desk.send(
      'N1',
      { type: 'EXTEND', clock: 'regulatory', until: sh('2027-01-10T09:00'), reason: 'expert opinion', notice: { channel: 'letter' } },
      { actor: director },
    );
    expect(clockOf(approved, 'regulatory')).toBe('extension 2027-01-10T09:00 pending w0 b0');
    const cap = await rejection(
      t.desk.send('N1', { type: 'EXTEND', clock: 'regulatory', until: sh('2027-01-23T09:00'), reason: 'more' }, { actor: director }),
    );
    expect(isRuleViolationError(cap) && cap.rule).toBe('extensionCap');
  });
});
