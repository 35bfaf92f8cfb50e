/**
 * The desk end to end on virtual time: a complaint from filing to archive
 * with the guideline preset (Asia/Shanghai business hours Mon–Fri
 * 09:00–12:00 and 13:30–18:00, no holidays configured), its views, `list`
 * filters and pagination, the audit timeline, timers fired by `send` and by
 * `runDue`, the escalation chain, and stale timers.
 *
 * Every expected instant is worked out by hand in the comments. Times are
 * local Asia/Shanghai (UTC+8 all year, no DST). 2026-11-23 is a Monday.
 * The 80 % warning of an allowance is 80 % of its *working* time, counted
 * on the clock's calendar from the start of the allowance.
 */
import { describe, expect, it } from 'vitest';
import { definePolicy, memoryStore, presets, type ComplaintStore, type ComplaintView, type TimelineEntry } from '../src/index.js';
import { agent, ARCHIVE_TIMER, brief, customer, handler, intake, local, reviewer, rows, setup, sh, SLA_TIMER, supervisor } from './support/desk.js';

const none = { fired: 0, stale: 0, failed: 0, parked: 0 };
const fired = (n: number, stale = 0) => ({ ...none, fired: n, stale });

describe('desk lifecycle with the guideline preset', () => {
  it('files a complaint and walks it to the archive: views, deadlines and an append-only timeline', async () => {
    const { desk, clock } = setup();
    const reads: TimelineEntry[][] = [];
    const step = async (v: ComplaintView) => {
      // The returned view is what `get` shows afterwards (for the same role; `get` adds the content).
      const { accepted: _a, ...shown } = v;
      expect(await desk.get('C1')).toMatchObject(shown);
      reads.push(await desk.timeline('C1'));
      return brief(v);
    };

    // Filed Mon 09:00. acknowledge: 24 h on the 24×7 calendar → Tue 09:00. No resolution target in the guideline.
    expect(await step(await desk.file(intake('C1'), { actor: agent }))).toEqual({
      version: 1, stage: 'received', step: 'received', status: 'open', severity: null, level: 0, levelName: 'agent',
      breached: false, atRisk: false, next: '2026-11-24T09:00',
      deadlines: { acknowledge: 'acknowledge 2026-11-24T09:00 pending w0 b0' },
    });

    // Mon 09:10 ACKNOWLEDGE: acknowledge met; triage 2 working hours → 11:10 (warning at 96 min → 10:46).
    clock.set(sh('2026-11-23T09:10'));
    expect(await step(await desk.send('C1', { type: 'ACKNOWLEDGE' }, { actor: agent }))).toMatchObject({
      version: 2, step: 'triage', next: '2026-11-23T11:10',
      deadlines: { acknowledge: 'acknowledge 2026-11-24T09:00 met w0 b0', triage: 'triage 2026-11-23T11:10 pending w0 b0' },
    });

    // Mon 10:50 TRIAGE general (no runDue before it): the 10:46 warning fires first in the same commit, then
    // triage is met; firstContact.general 2 working hours from 10:50 = 70 min to 12:00 + 50 min from 13:30 → 14:20.
    clock.set(sh('2026-11-23T10:50'));
    const triaged = await desk.send('C1', { type: 'TRIAGE', categories: ['product_quality'], severity: 'general', assignee: 'h1' }, { actor: agent });
    expect(await step(triaged)).toMatchObject({
      version: 3, stage: 'investigating', step: 'investigating.contacting', severity: 'general', next: '2026-11-23T14:20',
      deadlines: {
        triage: 'triage 2026-11-23T11:10 met w1 b0',
        firstContact: 'firstContact.general 2026-11-23T14:20 pending w0 b0',
      },
    });
    expect(triaged.assignee).toBe('h1');
    // general → the category's department (product_quality → after-sales, as the guideline routes quality problems)
    expect(triaged.department).toBe('after_sales');

    // Mon 13:40 CONTACT_CUSTOMER: first contact met; nothing counts while verifying in the guideline.
    clock.set(sh('2026-11-23T13:40'));
    expect(await step(await desk.send('C1', { type: 'CONTACT_CUSTOMER' }, { actor: handler }))).toMatchObject({
      version: 4, step: 'investigating.verifying', next: null,
      deadlines: { firstContact: 'firstContact.general 2026-11-23T14:20 met w0 b0' },
    });

    // Mon 14:00 RECORD_ROOT_CAUSE → resolving; proposal: 1 working day → Tue 14:00.
    // Its working time is Mon 14:00–18:00 (4 h) + Tue 09:00–12:00 (3 h) + 13:30–14:00 (0.5 h) = 7.5 h;
    // 80 % = 6 h → 4 h on Monday + 2 h on Tuesday → warning Tue 11:00.
    clock.set(sh('2026-11-23T14:00'));
    expect(
      await step(await desk.send('C1', { type: 'RECORD_ROOT_CAUSE', method: 'five_whys', cause: 'Seal', liability: 'company' }, { actor: handler })),
    ).toMatchObject({ version: 5, step: 'resolving.drafting', next: '2026-11-24T14:00', deadlines: { proposal: 'proposal 2026-11-24T14:00 pending w0 b0' } });

    // Tue 10:00 PROPOSE 3000 by a handler (authority 1000) → awaiting approval.
    clock.set(sh('2026-11-24T10:00'));
    expect(
      await step(
        await desk.send('C1', { type: 'PROPOSE', remedies: ['replace'], compensation: 3000, executeBy: sh('2026-11-27T18:00') }, { actor: handler }),
      ),
    ).toMatchObject({ version: 6, step: 'resolving.awaitingApproval' });

    // runDue(Tue 11:30) fires the proposal warning of 11:00: the clock is warned, the complaint at risk.
    clock.set(sh('2026-11-24T11:30'));
    expect(await desk.runDue()).toEqual(fired(1));
    expect(await step(await desk.get('C1'))).toMatchObject({
      version: 7, breached: false, atRisk: true, deadlines: { proposal: 'proposal 2026-11-24T14:00 warned w1 b0' },
    });
    expect((await desk.list({ atRisk: true })).items.map((s) => s.id)).toEqual(['C1']);

    // Tue 11:30 APPROVE by a supervisor (authority 5000 ≥ 3000): proposal sent, proposal clock met.
    expect(await step(await desk.send('C1', { type: 'APPROVE' }, { actor: supervisor }))).toMatchObject({
      version: 8, step: 'resolving.awaitingCustomer', atRisk: false, deadlines: { proposal: 'proposal 2026-11-24T14:00 met w1 b0' },
    });

    // Tue 15:00 ACCEPT by the customer: execution clock to the committed Fri 18:00 on the 24×7 calendar.
    // 75 h allowed, 80 % = 60 h → warning Fri 03:00.
    clock.set(sh('2026-11-24T15:00'));
    expect(await step(await desk.send('C1', { type: 'ACCEPT' }, { actor: customer }))).toMatchObject({
      version: 9, stage: 'executing', step: 'executing', next: '2026-11-27T18:00',
      deadlines: { execution: 'execution.committed 2026-11-27T18:00 pending w0 b0' },
    });

    clock.set(sh('2026-11-26T10:00'));
    expect(await step(await desk.send('C1', { type: 'REPORT_PROGRESS', progress: 'Replacement shipped' }, { actor: handler }))).toMatchObject({
      version: 10,
    });

    // Fri 12:00 COMPLETE_EXECUTION: the Fri 03:00 warning fires first (same commit); follow-up: 3 working days →
    // Wed 12-02 12:00, the end of a working period, so it rolls to 13:30.
    clock.set(sh('2026-11-27T12:00'));
    expect(await step(await desk.send('C1', { type: 'COMPLETE_EXECUTION' }, { actor: handler }))).toMatchObject({
      version: 11, stage: 'followUp', step: 'followUp', next: '2026-12-02T13:30',
      deadlines: { execution: 'execution.committed 2026-11-27T18:00 met w1 b0', followUp: 'followUp 2026-12-02T13:30 pending w0 b0' },
    });

    // Mon 11-30 10:00 satisfied follow-up → closed, re-open window 30 days. It must be independent: the
    // supervisor approved the proposal (so handled the complaint) and is refused; a reviewer records it.
    clock.set(sh('2026-11-30T10:00'));
    await expect(desk.send('C1', { type: 'RECORD_FOLLOW_UP', satisfaction: 'satisfied' }, { actor: supervisor })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const closed = await desk.send('C1', { type: 'RECORD_FOLLOW_UP', satisfaction: 'satisfied' }, { actor: reviewer });
    expect(await step(closed)).toMatchObject({ version: 12, stage: 'closed', step: 'closed', status: 'closed', next: null });
    expect(closed.outcome).toBe('resolved');
    expect(closed.closedAt).toBe(sh('2026-11-30T10:00'));
    expect(closed.accepted).toEqual(['REOPEN', 'ADD_NOTE', 'ARCHIVE']);

    // The re-open window ends 30 calendar days later (Wed 12-30 10:00): archived, final.
    clock.set(sh('2026-12-29T10:00'));
    expect(await desk.runDue()).toEqual(none);
    clock.set(sh('2026-12-31T00:00'));
    expect(await desk.runDue()).toEqual(fired(1));
    const archived = await desk.get('C1');
    expect(await step(archived)).toMatchObject({ version: 13, stage: 'archived', step: 'archived' });
    expect(archived.status).toBe('archived');
    expect(archived.accepted).toEqual([]);
    expect(Object.values(archived.deadlines).every((d) => d.status === 'met')).toBe(true);

    const tl = await desk.timeline('C1');
    expect(rows(tl)).toEqual([
      [1, 0, 'filed', 'FILED', '2026-11-23T09:00', 'a1'],
      [1, 1, 'sla', 'sla.start', '2026-11-23T09:00', 'redress'],
      [2, 0, 'event', 'ACKNOWLEDGE', '2026-11-23T09:10', 'a1'],
      [2, 1, 'sla', 'sla.met', '2026-11-23T09:10', 'a1'],
      [2, 2, 'sla', 'sla.start', '2026-11-23T09:10', 'a1'],
      [3, 0, 'timer', SLA_TIMER, '2026-11-23T10:46', 'redress'],
      [3, 1, 'sla', 'sla.warn', '2026-11-23T10:46', 'redress'],
      [3, 2, 'event', 'TRIAGE', '2026-11-23T10:50', 'a1'],
      [3, 3, 'sla', 'sla.met', '2026-11-23T10:50', 'a1'],
      [3, 4, 'sla', 'sla.start', '2026-11-23T10:50', 'a1'],
      [4, 0, 'event', 'CONTACT_CUSTOMER', '2026-11-23T13:40', 'h1'],
      [4, 1, 'sla', 'sla.met', '2026-11-23T13:40', 'h1'],
      [5, 0, 'event', 'RECORD_ROOT_CAUSE', '2026-11-23T14:00', 'h1'],
      [5, 1, 'sla', 'sla.start', '2026-11-23T14:00', 'h1'],
      [6, 0, 'event', 'PROPOSE', '2026-11-24T10:00', 'h1'],
      [7, 0, 'timer', SLA_TIMER, '2026-11-24T11:00', 'redress'],
      [7, 1, 'sla', 'sla.warn', '2026-11-24T11:00', 'redress'],
      [8, 0, 'event', 'APPROVE', '2026-11-24T11:30', 's1'],
      [8, 1, 'sla', 'sla.met', '2026-11-24T11:30', 's1'],
      [9, 0, 'event', 'ACCEPT', '2026-11-24T15:00', 'cu1'],
      [9, 1, 'sla', 'sla.start', '2026-11-24T15:00', 'cu1'],
      [10, 0, 'event', 'REPORT_PROGRESS', '2026-11-26T10:00', 'h1'],
      [11, 0, 'timer', SLA_TIMER, '2026-11-27T03:00', 'redress'],
      [11, 1, 'sla', 'sla.warn', '2026-11-27T03:00', 'redress'],
      [11, 2, 'event', 'COMPLETE_EXECUTION', '2026-11-27T12:00', 'h1'],
      [11, 3, 'sla', 'sla.met', '2026-11-27T12:00', 'h1'],
      [11, 4, 'sla', 'sla.start', '2026-11-27T12:00', 'h1'],
      [12, 0, 'event', 'RECORD_FOLLOW_UP', '2026-11-30T10:00', 'qa1'],
      [12, 1, 'sla', 'sla.met', '2026-11-30T10:00', 'qa1'],
      [13, 0, 'timer', ARCHIVE_TIMER, '2026-12-30T10:00', 'redress'],
    ]);
    // Which clock each SLA line is about, and the event data as sent.
    expect(tl.filter((e) => e.kind === 'sla').map((e) => `${e.type}:${String(e.data.clock)}`)).toEqual([
      'sla.start:acknowledge', 'sla.met:acknowledge', 'sla.start:triage', 'sla.warn:triage', 'sla.met:triage',
      'sla.start:firstContact', 'sla.met:firstContact', 'sla.start:proposal', 'sla.warn:proposal', 'sla.met:proposal',
      'sla.start:execution', 'sla.warn:execution', 'sla.met:execution', 'sla.start:followUp', 'sla.met:followUp',
    ]);
    expect(tl[7]!.data).toEqual({ categories: ['product_quality'], severity: 'general', assignee: 'h1' });
    expect(tl[5]!.data).toEqual({ dueAt: sh('2026-11-23T10:46') });
    expect(tl[4]!.data).toMatchObject({ clock: 'triage', deadline: sh('2026-11-23T11:10'), calendar: 'business' });
    // Every entry names its complaint; version+seq order, seq from 0 without gaps in each version.
    expect(tl.every((e) => e.complaintId === 'C1')).toBe(true);
    for (let i = 1; i < tl.length; i++) {
      const [a, b] = [tl[i - 1]!, tl[i]!];
      expect(b.version === a.version ? b.seq === a.seq + 1 : b.version === a.version + 1 && b.seq === 0).toBe(true);
    }
    // Never rewritten: every earlier read is a prefix of every later one.
    for (let i = 0; i < reads.length; i++) {
      for (let j = i + 1; j < reads.length; j++) expect(reads[j]!.slice(0, reads[i]!.length)).toEqual(reads[i]);
    }
  });

  it('send fires the timers due at or before the event`s time first, in the same commit', async () => {
    const { desk, store, commits, clock } = setup();
    await desk.file(intake('C1'), { actor: agent });
    clock.set(sh('2026-11-23T09:10'));
    await desk.send('C1', { type: 'ACKNOWLEDGE' }, { actor: agent });
    // triage: deadline 11:10, warning 10:46 (see the first test).
    expect(await store.nextDueAt()).toBe(sh('2026-11-23T10:46'));

    // 10:40: nothing is due yet.
    clock.set(sh('2026-11-23T10:40'));
    await desk.send('C1', { type: 'ADD_NOTE', note: 'Called back, no answer' }, { actor: agent });
    expect(commits.at(-1)!.timeline.map((e) => e.type)).toEqual(['ADD_NOTE']);

    // Exactly at the warning's instant: the timer goes first.
    clock.set(sh('2026-11-23T10:46'));
    await desk.send('C1', { type: 'ADD_NOTE', note: 'Second try' }, { actor: agent });
    expect(commits.at(-1)!.timeline.map((e) => [e.version, e.type, local(e.at)])).toEqual([
      [4, SLA_TIMER, '2026-11-23T10:46'],
      [4, 'sla.warn', '2026-11-23T10:46'],
      [4, 'ADD_NOTE', '2026-11-23T10:46'],
    ]);

    // Mon 11:20, past the 11:10 deadline, no runDue: one commit holds the breach, the re-grant to the supervisor
    // level (4 working hours from 11:10 = 50 min to 12:00 + 3 h 10 min from 13:30 → 16:40) and then TRIAGE
    // (firstContact.general from 11:20: 40 min to 12:00 + 80 min from 13:30 → 14:50).
    clock.set(sh('2026-11-23T11:20'));
    const before = commits.length;
    const v = await desk.send('C1', { type: 'TRIAGE', categories: ['billing'], severity: 'general' }, { actor: agent });
    expect(commits.length).toBe(before + 1);
    const c = commits.at(-1)!;
    expect(c.expectedVersion).toBe(4);
    expect(c.timeline.map((e) => [e.version, e.seq, e.kind, e.type, local(e.at), e.actor.id])).toEqual([
      [5, 0, 'timer', SLA_TIMER, '2026-11-23T11:10', 'redress'],
      [5, 1, 'sla', 'sla.breach', '2026-11-23T11:10', 'redress'],
      [5, 2, 'sla', 'sla.recomputed', '2026-11-23T11:10', 'redress'],
      [5, 3, 'escalation', 'escalation', '2026-11-23T11:10', 'redress'],
      [5, 4, 'event', 'TRIAGE', '2026-11-23T11:20', 'a1'],
      [5, 5, 'sla', 'sla.met', '2026-11-23T11:20', 'a1'],
      [5, 6, 'sla', 'sla.start', '2026-11-23T11:20', 'a1'],
    ]);
    expect(c.timeline[1]!.data).toMatchObject({ clock: 'triage', rule: 'triage', deadline: sh('2026-11-23T11:10') });
    expect(c.timeline[2]!.data).toMatchObject({ rule: 'escalation.supervisor', deadline: sh('2026-11-23T16:40'), previousDeadline: sh('2026-11-23T11:10') });
    expect(c.timeline[3]!.data).toMatchObject({ at: sh('2026-11-23T11:10'), from: 0, to: 1, reason: 'breach', clock: 'triage' });
    // The escalation notification is in the same commit.
    expect(c.outbox.map((m) => m.id)).toContain('C1:5:complaint.escalated:role:supervisor');
    expect(brief(v)).toMatchObject({
      version: 5, step: 'investigating.contacting', level: 1, levelName: 'supervisor', breached: false,
      deadlines: { triage: 'escalation.supervisor 2026-11-23T16:40 met w1 b1', firstContact: 'firstContact.general 2026-11-23T14:50 pending w0 b0' },
    });
  });

  it('runDue fires the triage breach chain in due order: supervisor (4 h), director (2 h), executive (1 h, 24×7), overdue', async () => {
    const { desk, clock, store } = setup();
    await desk.file(intake('C1'), { actor: agent });
    await desk.send('C1', { type: 'ACKNOWLEDGE' }, { actor: agent });
    // ACK Mon 09:00 → triage deadline 11:00 (2 working hours), warning 10:36 (96 min).

    // Breach 11:00 → supervisor, 4 working hours from 11:00: 11:00–12:00 + 13:30–16:30 → 16:30;
    // its warning at 80 % = 3 h 12 min: 1 h to 12:00 + 2 h 12 min from 13:30 → 15:42.
    clock.set(sh('2026-11-23T11:00'));
    expect(await desk.runDue()).toEqual(fired(2));
    expect(brief(await desk.get('C1'))).toMatchObject({
      version: 4, level: 1, levelName: 'supervisor', breached: true, atRisk: false, next: '2026-11-23T16:30',
      deadlines: { triage: 'escalation.supervisor 2026-11-23T16:30 breached w1 b1' },
    });
    expect((await desk.list({ breached: true })).items.map((s) => s.id)).toEqual(['C1']);

    // Breach 16:30 → director, 2 working hours: 16:30–18:00 (1.5 h) + Tue 09:00–09:30 → Tue 09:30;
    // warning at 96 min: 90 min to 18:00 + 6 min → Tue 09:06.
    clock.set(sh('2026-11-23T16:30'));
    expect(await desk.runDue()).toEqual(fired(2));
    expect(brief(await desk.get('C1'))).toMatchObject({
      version: 6, level: 2, levelName: 'director', deadlines: { triage: 'escalation.director 2026-11-24T09:30 breached w2 b2' },
    });

    // Breach Tue 09:30 → executive, 1 h on the 24×7 calendar → 10:30, warning at 48 min → 10:18;
    // breach 10:30 at the top of the ladder: the clock stays overdue, nothing more is armed.
    clock.set(sh('2026-11-24T12:00'));
    expect(await desk.runDue()).toEqual(fired(4));
    expect(brief(await desk.get('C1'))).toMatchObject({
      version: 10, level: 3, levelName: 'executive', breached: true, next: null,
      deadlines: { triage: 'escalation.executive 2026-11-24T10:30 breached w4 b4' },
    });
    expect(await store.nextDueAt()).toBeUndefined();

    const tl = await desk.timeline('C1');
    const timers = tl.filter((e) => e.kind === 'timer');
    expect(timers.map((e) => [e.type, local(e.data.dueAt as number), local(e.at), e.version])).toEqual([
      [SLA_TIMER, '2026-11-23T10:36', '2026-11-23T10:36', 3],
      [SLA_TIMER, '2026-11-23T11:00', '2026-11-23T11:00', 4],
      [SLA_TIMER, '2026-11-23T15:42', '2026-11-23T15:42', 5],
      [SLA_TIMER, '2026-11-23T16:30', '2026-11-23T16:30', 6],
      [SLA_TIMER, '2026-11-24T09:06', '2026-11-24T09:06', 7],
      [SLA_TIMER, '2026-11-24T09:30', '2026-11-24T09:30', 8],
      [SLA_TIMER, '2026-11-24T10:18', '2026-11-24T10:18', 9],
      [SLA_TIMER, '2026-11-24T10:30', '2026-11-24T10:30', 10],
    ]);
    // Each breach names the allowance that was breached.
    expect(tl.filter((e) => e.type === 'sla.breach').map((e) => [e.data.rule, local(e.data.deadline as number), e.data.calendar])).toEqual([
      ['triage', '2026-11-23T11:00', 'business'],
      ['escalation.supervisor', '2026-11-23T16:30', 'business'],
      ['escalation.director', '2026-11-24T09:30', 'business'],
      ['escalation.executive', '2026-11-24T10:30', 'always'],
    ]);
    expect(tl.filter((e) => e.type === 'sla.recomputed').map((e) => [e.data.rule, local(e.data.deadline as number)])).toEqual([
      ['escalation.supervisor', '2026-11-23T16:30'],
      ['escalation.director', '2026-11-24T09:30'],
      ['escalation.executive', '2026-11-24T10:30'],
    ]);
    expect(tl.filter((e) => e.kind === 'escalation').map((e) => [e.data.from, e.data.to, e.data.reason, local(e.at), e.actor.role])).toEqual([
      [0, 1, 'breach', '2026-11-23T11:00', 'system'],
      [1, 2, 'breach', '2026-11-23T16:30', 'system'],
      [2, 3, 'breach', '2026-11-24T09:30', 'system'],
    ]);
    expect(tl.filter((e) => e.type === 'sla.overdue').map((e) => local(e.at))).toEqual(['2026-11-24T10:30']);
    // Each level's contact is told, in the commit of its escalation.
    expect((await desk.outbox({ complaintId: 'C1' })).filter((m) => m.kind === 'complaint.escalated').map((m) => m.id)).toEqual([
      'C1:4:complaint.escalated:role:supervisor',
      'C1:6:complaint.escalated:role:director',
      'C1:8:complaint.escalated:role:executive',
    ]);
  });

  it('runDue fires the timers armed at the time of the run in due order across complaints', async () => {
    const { desk, commits, clock } = setup();
    // Ids in reverse of due order. Acknowledged 09:00, 09:05, 09:10 → triage warnings 10:36, 10:41, 10:46.
    for (const [id, ack] of [['Z', '09:00'], ['M', '09:05'], ['A', '09:10']] as const) {
      clock.set(sh(`2026-11-23T${ack}`));
      await desk.file(intake(id), { actor: agent });
      await desk.send(id, { type: 'ACKNOWLEDGE' }, { actor: agent });
    }
    const from = commits.length;
    clock.set(sh('2026-11-23T10:50'));
    expect(await desk.runDue()).toEqual(fired(3));
    expect(commits.slice(from).map((c) => `${c.record.id}@${local(c.timeline[0]!.data.dueAt as number)}`)).toEqual([
      'Z@2026-11-23T10:36',
      'M@2026-11-23T10:41',
      'A@2026-11-23T10:46',
    ]);
  });

  it('list filters by stage, severity, breached, atRisk and escalation level, and pages with a cursor', async () => {
    const { desk, clock } = setup();
    const at = (t: string) => {
      if (sh(`2026-11-23T${t}`) > clock.now()) clock.set(sh(`2026-11-23T${t}`));
    };
    const file = (id: string, t: string) => (at(t), desk.file(intake(id), { actor: agent }));
    const send = (id: string, t: string, e: Parameters<typeof desk.send>[1]) => (at(t), desk.send(id, e, { actor: agent }));
    await file('L-A', '09:00'); // stays received: acknowledge warning only Tue 04:12
    await file('L-B', '09:00');
    await send('L-B', '09:00', { type: 'ACKNOWLEDGE' }); // triage warn 10:36, breach 11:00 → supervisor
    await file('L-D', '09:00');
    await send('L-D', '09:00', { type: 'ACKNOWLEDGE' });
    await send('L-D', '09:00', { type: 'TRIAGE', categories: ['logistics'], severity: 'general' }); // first contact 11:00, warn 10:36 → supervisor at 11:00
    await file('L-E', '09:00');
    await send('L-E', '09:00', { type: 'ACKNOWLEDGE' });
    // urgent: director at once; first contact 30 min 24×7 → 09:40 (warn 09:34); breach → executive, 1 h → 10:40
    // (warn 10:28); breach at the top → overdue.
    await send('L-E', '09:10', { type: 'TRIAGE', categories: ['product_quality'], severity: 'urgent' });
    await file('L-C', '09:30');
    await send('L-C', '09:30', { type: 'ACKNOWLEDGE' }); // triage 11:30, warning 11:06
    await file('L-F', '10:00');
    await send('L-F', '10:00', { type: 'ACKNOWLEDGE' });
    await send('L-F', '10:30', { type: 'TRIAGE', categories: ['billing'], severity: 'normal' }); // first contact 14:00, warn 13:36

    // Due by 11:10: L-E 09:34, 09:40, 10:28, 10:40; L-B 10:36, 11:00; L-D 10:36, 11:00; L-C 11:06 → 9;
    // but L-E's 09:34 and 09:40 and L-D's … fell due while later commands ran: every send fires what is due first.
    clock.set(sh('2026-11-23T11:10'));
    const due = await desk.runDue();
    expect(due.stale + due.failed + due.parked).toBe(0);

    const ids = async (q: Parameters<typeof desk.list>[0]) => (await desk.list(q)).items.map((s) => s.id);
    // Order: filing time, then id: 09:00 A, B, D, E; 09:30 C; 10:00 F.
    expect(await ids({})).toEqual(['L-A', 'L-B', 'L-D', 'L-E', 'L-C', 'L-F']);
    expect(await ids({ stage: 'received' })).toEqual(['L-A']);
    expect(await ids({ stage: 'triage' })).toEqual(['L-B', 'L-C']);
    expect(await ids({ stage: ['investigating', 'received'] })).toEqual(['L-A', 'L-D', 'L-E', 'L-F']);
    expect(await ids({ stage: 'closed' })).toEqual([]);
    expect(await ids({ severity: 'urgent' })).toEqual(['L-E']);
    expect(await ids({ severity: ['general', 'normal'] })).toEqual(['L-D', 'L-F']);
    expect(await ids({ breached: true })).toEqual(['L-B', 'L-D', 'L-E']);
    expect(await ids({ breached: false })).toEqual(['L-A', 'L-C', 'L-F']);
    expect(await ids({ atRisk: true })).toEqual(['L-C']);
    expect(await ids({ escalationLevel: 1 })).toEqual(['L-B', 'L-D', 'L-E']);
    expect(await ids({ escalationLevel: 3 })).toEqual(['L-E']);
    expect(await ids({ stage: 'triage', breached: true })).toEqual(['L-B']);
    expect(await ids({ filedFrom: sh('2026-11-23T09:30'), filedTo: sh('2026-11-23T10:00') })).toEqual(['L-C']);

    const all = await desk.list({});
    expect(all.items.find((s) => s.id === 'L-E')).toMatchObject({ stage: 'investigating', escalationLevel: 3, breached: true, nextDeadline: null });
    expect(all.items.find((s) => s.id === 'L-C')).toMatchObject({ atRisk: true, nextDeadline: sh('2026-11-23T11:30') });

    // Pages of 2: [A, B], [D, E], [C, F] and no cursor after the last.
    const pages: string[][] = [];
    let cursor: string | undefined;
    do {
      const page = await desk.list({ limit: 2, ...(cursor ? { cursor } : {}) });
      pages.push(page.items.map((s) => s.id));
      cursor = page.next;
    } while (cursor);
    expect(pages).toEqual([['L-A', 'L-B'], ['L-D', 'L-E'], ['L-C', 'L-F']]);
    // A filtered query pages over the matches only.
    const first = await desk.list({ breached: true, limit: 2 });
    expect(first.items.map((s) => s.id)).toEqual(['L-B', 'L-D']);
    const second = await desk.list({ breached: true, limit: 2, cursor: first.next! });
    expect(second.items.map((s) => s.id)).toEqual(['L-E']);
    expect(second.next).toBeUndefined();
  });

  it('shows a paused deadline while waiting on the customer, and records pause, resume and recomputation', async () => {
    // The guideline has no overall resolution target, so nothing counts while verifying. Add one
    // (10 working days); the ladder, warnings and authority are definePolicy's defaults, which are the guideline's.
    const policy = definePolicy({
      name: 'guideline+resolution',
      calendars: { business: presets.guideline.calendars.business! },
      targets: { ...(presets.guideline.targets as object), resolution: { within: { workingDays: 10 }, calendar: 'business' } },
    });
    expect(policy.escalation).toEqual(presets.guideline.escalation);
    const { desk, clock, store } = setup({ policy });
    // resolution: 10 working days from Mon 11-23 09:00 → Mon 12-07 09:00.
    expect(brief(await desk.file(intake('C1'), { actor: agent })).deadlines.resolution).toBe('resolution 2026-12-07T09:00 pending w0 b0');
    clock.set(sh('2026-11-23T09:10'));
    await desk.send('C1', { type: 'ACKNOWLEDGE' }, { actor: agent });
    // TRIAGE general at 09:30: first contact 2 working hours → 11:30.
    clock.set(sh('2026-11-23T09:30'));
    await desk.send('C1', { type: 'TRIAGE', categories: ['billing'], severity: 'general' }, { actor: agent });
    // Re-classified urgent at 09:40: first contact recomputed from its start, 30 min 24×7 → 10:00; director level.
    clock.set(sh('2026-11-23T09:40'));
    expect(brief(await desk.send('C1', { type: 'TRIAGE', categories: ['billing'], severity: 'urgent' }, { actor: agent }))).toMatchObject({
      severity: 'urgent', level: 2, levelName: 'director', deadlines: { firstContact: 'firstContact.urgent 2026-11-23T10:00 pending w0 b0' },
    });
    clock.set(sh('2026-11-23T09:50'));
    await desk.send('C1', { type: 'CONTACT_CUSTOMER' }, { actor: handler });
    // 10:00 REQUEST_INFO: every running clock pauses.
    clock.set(sh('2026-11-23T10:00'));
    const waiting = await desk.send('C1', { type: 'REQUEST_INFO', request: 'A photo of the seal, please' }, { actor: handler });
    expect(brief(waiting)).toMatchObject({
      step: 'investigating.awaitingInfo', next: null, deadlines: { resolution: 'resolution 2026-12-07T09:00 paused w0 b0' },
    });
    expect(waiting.tags).toEqual(['open', 'slaPaused']);
    expect(waiting.paused).toBe(true);
    // Nothing to wake for while paused.
    expect((await store.load('C1'))!.timers).toEqual({});
    // Wed 11-25 10:00 PROVIDE_INFO: the paused working time (Mon 10:00–12:00 2 h + 13:30–18:00 4.5 h, Tue 7.5 h,
    // Wed 09:00–10:00 1 h = 15 h = two 7.5 h days) moves the deadline: Mon 12-07 09:00 + 15 working hours → Tue 12-08 18:00.
    clock.set(sh('2026-11-25T10:00'));
    const resumed = await desk.send('C1', { type: 'PROVIDE_INFO', info: 'Photo attached' }, { actor: customer });
    expect(brief(resumed)).toMatchObject({ step: 'investigating.verifying', deadlines: { resolution: 'resolution 2026-12-08T18:00 pending w0 b0' } });
    expect(resumed.tags).toEqual(['open']);
    expect(resumed.paused).toBe(false);

    const tl = await desk.timeline('C1');
    const sla = tl.filter((e) => e.kind !== 'event' && e.kind !== 'filed' && e.data.clock !== 'acknowledge' && e.data.clock !== 'triage');
    expect(sla.map((e) => [e.version, e.type, e.data.clock ?? null, local(e.at), e.actor.id])).toEqual([
      [1, 'sla.start', 'resolution', '2026-11-23T09:00', 'redress'],
      [3, 'sla.start', 'firstContact', '2026-11-23T09:30', 'a1'],
      [4, 'sla.recomputed', 'firstContact', '2026-11-23T09:40', 'a1'],
      [4, 'escalation', null, '2026-11-23T09:40', 'a1'],
      [5, 'sla.met', 'firstContact', '2026-11-23T09:50', 'h1'],
      [6, 'sla.pause', 'resolution', '2026-11-23T10:00', 'h1'],
      [7, 'sla.resume', 'resolution', '2026-11-25T10:00', 'cu1'],
    ]);
    expect(sla[2]!.data).toMatchObject({ rule: 'firstContact.urgent', deadline: sh('2026-11-23T10:00'), previousRule: 'firstContact.general', previousDeadline: sh('2026-11-23T11:30') });
    expect(sla[3]!.data).toMatchObject({ from: 0, to: 2, reason: 'urgent' });
    expect(sla[6]!.data).toMatchObject({ deadline: sh('2026-12-08T18:00') });
  });

  describe('stale and cancelled timers', () => {
    /** A memory store whose next claimDue runs `hook` after claiming (another writer acting meanwhile). */
    function racing() {
      const inner = memoryStore();
      let hook: (() => Promise<void>) | undefined;
      const store: ComplaintStore = {
        ...inner,
        async claimDue(now, limit, lease) {
          const claimed = await inner.claimDue(now, limit, lease);
          const h = hook;
          hook = undefined;
          if (h && claimed.length > 0) await h();
          return claimed;
        },
      };
      return { store, onNextClaim: (h: () => Promise<void>) => void (hook = h) };
    }

    it('ignores a claimed timer that was cancelled meanwhile', async () => {
      const r = racing();
      const { desk, clock } = setup({ store: r.store });
      await desk.file(intake('C1'), { actor: agent });
      // acknowledge: 24 h → Tue 09:00, warning at 19.2 h → Tue 04:12.
      expect((await r.store.load('C1'))!.timers).toEqual({ [SLA_TIMER]: sh('2026-11-24T04:12') });
      // While runDue holds the claim, the customer withdraws: the SLA timer is cancelled.
      clock.set(sh('2026-11-24T04:30'));
      r.onNextClaim(async () => {
        await desk.send('C1', { type: 'WITHDRAW' }, { actor: customer });
      });
      // The withdrawal waits for nothing (the desk fires a timer of C1 only after commands to C1 that came first) …
      expect(await desk.runDue()).toEqual(fired(0, 1));
      const tl = await desk.timeline('C1');
      expect(tl.filter((e) => e.kind === 'timer').map((e) => local(e.data.dueAt as number))).toEqual(['2026-11-24T04:12']);
      expect(tl.at(-1)!.version).toBe(2);
      // … but it fired the 04:12 warning itself (it was due) before withdrawing. Closed: only the re-open
      // window (30 days from Tue 04:30) is armed.
      expect(tl.map((e) => e.type)).toContain('WITHDRAW');
      expect((await r.store.load('C1'))!.timers).toEqual({ [ARCHIVE_TIMER]: sh('2026-12-24T04:30') });
    });

    it('ignores a claimed timer re-armed with another due instant, and fires the new one', async () => {
      const r = racing();
      const { desk, clock } = setup({ store: r.store });
      await desk.file(intake('C1'), { actor: agent });
      // At Mon 10:00 runDue claims the acknowledge warning (due Tue 04:12 — the run is asked for Tue 04:30
      // on a clock already there); meanwhile a supervisor extends acknowledgement to Wed 09:00. Here the
      // supervisor acts at Mon 10:00 by a second desk on the same store whose clock says Mon 10:00.
      const other = setup({ store: r.store, start: '2026-11-23T10:00' }).desk;
      clock.set(sh('2026-11-24T04:30'));
      r.onNextClaim(async () => {
        await other.send('C1', { type: 'EXTEND', clock: 'acknowledge', until: sh('2026-11-25T09:00'), reason: 'Holiday backlog' }, { actor: supervisor });
      });
      // A fresh allowance of 47 h (24×7) from Mon 10:00 with its 80 % warning at 37 h 36 min → Tue 23:36.
      expect(await desk.runDue()).toEqual(fired(0, 1));
      expect((await r.store.load('C1'))!.timers).toEqual({ [SLA_TIMER]: sh('2026-11-24T23:36') });
      // Tue 23:36 warning and Wed 09:00 breach (→ supervisor).
      clock.set(sh('2026-11-25T09:00'));
      expect(await desk.runDue()).toEqual(fired(2));
      const timers = (await desk.timeline('C1')).filter((e) => e.kind === 'timer');
      expect(timers.map((e) => local(e.data.dueAt as number))).toEqual(['2026-11-24T23:36', '2026-11-25T09:00']);
      expect((await desk.get('C1')).escalationLevel).toBe(1);
    });
  });
});
