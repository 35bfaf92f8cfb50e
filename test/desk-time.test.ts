/**
 * The desk's clock is the authority for when things happen. A caller may
 * omit `at` / `filedAt`; later than the clock plus the skew (5 s) is
 * refused; earlier is backdating, a privilege of named staff roles within
 * an allowance, never before the complaint's latest recorded time, and
 * audited (`reportedAt`). Every timer due by the desk's clock fires first.
 */
import { describe, expect, it } from 'vitest';
import { presets, summarize, type DeskOptions } from '../src/index.js';
import { agent, customer, DAY, handler, HOUR, intake, MIN, rejection, setup, sh, supervisor, T0 } from './support/desk.js';

const validationAt = (path: string) => expect.objectContaining({ code: 'VALIDATION', issues: [expect.objectContaining({ path: [path] })] });

describe('time forgery is refused', () => {
  it("a customer's WITHDRAW dated ten years ahead fires nothing and changes nothing", async () => {
    const t = setup();
    await t.desk.file(intake('C1'), { actor: agent });
    const e = await rejection(t.desk.send('C1', { type: 'WITHDRAW', at: T0 + 3653 * DAY }, { actor: customer }));
    expect(e).toEqual(validationAt('at'));
    expect((e as Error).message).toMatch(/later than the desk's clock/);
    const v = await t.desk.get('C1');
    expect([v.version, v.escalationLevel, v.stage]).toEqual([1, 0, 'received']);
  });

  it('an ACKNOWLEDGE dated 30 h back by an agent without the privilege is refused', async () => {
    const t = setup({ start: '2026-11-24T15:00' });
    await t.desk.file(intake('C1'), { actor: agent });
    expect(await rejection(t.desk.send('C1', { type: 'ACKNOWLEDGE', at: sh('2026-11-23T09:00') }, { actor: agent }))).toEqual(validationAt('at'));
  });

  it('a customer never backdates, even where staff may', async () => {
    const t = setup({ time: { backdating: { roles: ['agent', 'supervisor'], eventsMs: DAY, filingMs: 7 * DAY } } });
    await t.desk.file(intake('C1'), { actor: agent });
    t.clock.advance(HOUR);
    expect(await rejection(t.desk.send('C1', { type: 'WITHDRAW', at: T0 + 10 * MIN }, { actor: customer }))).toEqual(validationAt('at'));
    expect(await rejection(t.desk.file({ ...intake('C2'), filedAt: T0 }, { actor: customer }))).toEqual(validationAt('filedAt'));
  });

  it("filedAt 0 and filedAt in 2076 are refused; a filing within the skew takes the desk's time", async () => {
    const t = setup();
    expect(await rejection(t.desk.file({ ...intake('C1'), filedAt: 0 }, { actor: agent }))).toEqual(validationAt('filedAt'));
    expect(await rejection(t.desk.file({ ...intake('C1'), filedAt: Date.parse('2076-01-01T00:00:00Z') }, { actor: agent }))).toEqual(validationAt('filedAt'));
    expect(await t.store.load('C1')).toBeUndefined();
    const v = await t.desk.file({ ...intake('C1'), filedAt: T0 + 3_000 }, { actor: agent });
    expect(v.filedAt).toBe(T0);
  });

  it('a REOPEN dated inside a closed re-open window is refused, and the window is a rule in words', async () => {
    const t = setup();
    await t.desk.file(intake('C1'), { actor: agent });
    await t.desk.send('C1', { type: 'WITHDRAW' }, { actor: customer });
    t.clock.advance(31 * DAY);
    // Backdated into the window: no privilege.
    expect(await rejection(t.desk.send('C1', { type: 'REOPEN', reason: 'still broken', at: T0 + DAY }, { actor: customer }))).toEqual(validationAt('at'));
    // The archive timer fired first (the window closed): nothing to re-open any more.
    expect(await rejection(t.desk.send('C1', { type: 'REOPEN', reason: 'still broken' }, { actor: customer }))).toMatchObject({ code: 'INVALID_TRANSITION' });
  });

  it('runDue and dispatch for an instant ahead of the clock are refused', async () => {
    const t = setup();
    await t.desk.file(intake('C1'), { actor: agent });
    expect(await rejection(t.desk.runDue(T0 + DAY))).toMatchObject({ code: 'VALIDATION' });
    expect(await rejection(t.desk.dispatch(T0 + DAY))).toMatchObject({ code: 'VALIDATION' });
    expect((await t.desk.get('C1')).version).toBe(1);
  });
});

describe('backdating, a bounded and audited privilege', () => {
  const privileged: Partial<DeskOptions> = { time: { backdating: { roles: ['agent', 'handler', 'supervisor'], eventsMs: 2 * HOUR, filingMs: 7 * DAY } } };

  it("a letter received last week is filed with last week's filedAt; what fell due since happens now, and it is audited", async () => {
    const t = setup({ ...privileged, start: '2026-11-30T10:00' });
    const v = await t.desk.file({ ...intake('L1', { channel: 'letter' }), filedAt: sh('2026-11-24T09:00') }, { actor: agent });
    // Acknowledge counts from receipt: 24 h → Wed 11-25 09:00; it warned and breached (→ supervisor, …) before now.
    expect(v.filedAt).toBe(sh('2026-11-24T09:00'));
    expect(v.escalationLevel).toBeGreaterThanOrEqual(1);
    expect(v.breached).toBe(true);
    const tl = await t.desk.timeline('L1');
    expect(tl[0]).toMatchObject({ type: 'FILED', at: sh('2026-11-24T09:00'), data: { reportedAt: sh('2026-11-30T10:00') } });
    expect(tl.some((e) => e.type === 'sla.breach' && e.data.clock === 'acknowledge')).toBe(true);
    // Beyond the filing allowance: refused.
    expect(await rejection(t.desk.file({ ...intake('L2'), filedAt: sh('2026-11-20T09:00') }, { actor: agent }))).toEqual(validationAt('filedAt'));
  });

  it('an event backdated within the allowance takes effect then, keeps reportedAt, and summarize counts it per clock', async () => {
    const t = setup(privileged);
    await t.desk.file(intake('C1'), { actor: agent });
    // Acknowledged by phone at 09:20, recorded at 10:30 (the 80 % warning is only due at 04:12 next day).
    t.clock.set(sh('2026-11-23T10:30'));
    const v = await t.desk.send('C1', { type: 'ACKNOWLEDGE', at: sh('2026-11-23T09:20') }, { actor: agent });
    // Triage counts from 09:20: 2 working hours → 11:20.
    expect(v.deadlines.find((d) => d.clock === 'triage')).toMatchObject({ deadline: sh('2026-11-23T11:20') });
    const ack = (await t.desk.timeline('C1')).filter((e) => e.version === 2);
    expect(ack.map((e) => [e.type, e.at, e.data.reportedAt])).toEqual([
      ['ACKNOWLEDGE', sh('2026-11-23T09:20'), sh('2026-11-23T10:30')],
      ['sla.met', sh('2026-11-23T09:20'), sh('2026-11-23T10:30')],
      ['sla.start', sh('2026-11-23T09:20'), undefined],
    ]);
    const details = await t.desk.get('C1');
    expect(details.counts.backdated).toBe(1);
    const record = await t.store.load('C1');
    const s = summarize([record!], { policy: presets.guideline });
    expect(s.total.backdated).toEqual({
      events: 1,
      byClock: { acknowledge: 1, triage: 0, firstContact: 0, proposal: 0, execution: 0, followUp: 0, resolution: 0, regulatory: 0 },
    });
    // Beyond the allowance, or by a role without the privilege: refused.
    t.clock.set(sh('2026-11-23T13:40'));
    expect(await rejection(t.desk.send('C1', { type: 'ADD_NOTE', note: 'x', at: sh('2026-11-23T11:30') }, { actor: agent }))).toEqual(validationAt('at'));
    expect(await rejection(t.desk.send('C1', { type: 'ADD_NOTE', note: 'x', at: sh('2026-11-23T13:00') }, { actor: { id: 'd1', role: 'director' } }))).toEqual(validationAt('at'));
  });

  it('no event is dated before the latest recorded time: a timer that fell due since the claimed time refuses it', async () => {
    const t = setup(privileged);
    await t.desk.file(intake('C1'), { actor: agent });
    await t.desk.send('C1', { type: 'ACKNOWLEDGE' }, { actor: agent });
    // Triage: deadline 11:00, warning 10:36. At 10:50 a handler claims the triage was done at 10:30.
    t.clock.set(sh('2026-11-23T10:50'));
    const e = await rejection(t.desk.send('C1', { type: 'TRIAGE', categories: ['billing'], severity: 'general', at: sh('2026-11-23T10:30') }, { actor: handler }));
    expect(e).toEqual(validationAt('at'));
    expect((e as Error).message).toMatch(/before the complaint's latest recorded time \(2026-11-23T02:36:00.000Z\)/);
    // Nothing was committed: the warning fires with the next command that is accepted, at its own time.
    expect((await t.desk.get('C1')).version).toBe(2);
    const ok = await t.desk.send('C1', { type: 'TRIAGE', categories: ['billing'], severity: 'general', at: sh('2026-11-23T10:40') }, { actor: handler });
    const tl = (await t.desk.timeline('C1')).filter((x) => x.version === ok.version);
    expect(tl.map((x) => [x.type, x.at])).toEqual([
      ['sla.due', sh('2026-11-23T10:36')],
      ['sla.warn', sh('2026-11-23T10:36')],
      ['TRIAGE', sh('2026-11-23T10:40')],
      ['sla.met', sh('2026-11-23T10:40')],
      ['sla.start', sh('2026-11-23T10:40')],
    ]);
    expect(ok.deadlines.find((d) => d.clock === 'triage')).toMatchObject({ status: 'met', warnings: 1, breaches: 0 });
  });

  it("a deadline that passed by the desk's clock cannot be met by backdating past it", async () => {
    const t = setup(privileged);
    await t.desk.file(intake('C1'), { actor: agent });
    await t.desk.send('C1', { type: 'ACKNOWLEDGE' }, { actor: agent });
    // Triage breached at 11:00 (→ supervisor). At 11:30 a supervisor claims triage at 10:59.
    t.clock.set(sh('2026-11-23T11:30'));
    expect(await rejection(t.desk.send('C1', { type: 'TRIAGE', categories: ['billing'], severity: 'general', at: sh('2026-11-23T10:59') }, { actor: supervisor }))).toEqual(validationAt('at'));
    const v = await t.desk.send('C1', { type: 'TRIAGE', categories: ['billing'], severity: 'general' }, { actor: supervisor });
    expect(v.deadlines.find((d) => d.clock === 'triage')).toMatchObject({ status: 'met', breaches: 1 });
    expect(v.escalationLevel).toBe(1);
  });
});
