/**
 * The NFRA 2020 extension log on a small fixed scenario: a real desk under
 * the NFRA preset on virtual time (15 days; 30 for complex cases; 60 with
 * approval by a director or executive), and under an internal policy with the
 * NFRA deadline as a second, regulatory clock.
 *
 * Times are Shanghai wall time (+08:00, no DST). Natural days (Art. 43): the
 * day of receipt is not counted, so "30 days" from 5 Jan is 4 Feb.
 */
import { describe, expect, it } from 'vitest';
import { definePolicy, presets, withRegulatoryClock } from '../src/index.js';
import { nfraExtensionLog, nfraExtensionLogCsv } from '../src/reporting/index.js';
import { agent, director, intake, supervisor } from './support/desk.js';
import { collect, scenario } from './support/reporting.js';

const QUARTER = { from: '2026-01-01T00:00:00+08:00', to: '2026-04-01T00:00:00+08:00' };

async function run() {
  const s = scenario({ start: '2026-01-05T09:00:00+08:00', policy: presets.nfra2020 });
  await s.file('2026-01-05T10:00:00+08:00', intake('N1'), agent); // version 1
  // Deadline: 5 Jan + 15 days = 20 Jan 10:00. A supervisor extends to 30 days (4 Feb 10:00): no approval needed.
  await s.send('2026-01-15T10:00:00+08:00', 'N1', { type: 'EXTEND', until: '2026-02-04T10:00:00+08:00', reason: '情况复杂', notice: { channel: 'phone' } }, supervisor); // version 2
  // The extension's warning (80 % of 15 Jan → 4 Feb = day 16) fires on 31 Jan: version 3.
  // A director extends to 60 days (5 Jan + 60 = 6 Mar 10:00): past 30 days, approval needed — a director counts.
  await s.send('2026-02-02T10:00:00+08:00', 'N1', { type: 'EXTEND', until: '2026-03-06T10:00:00+08:00', reason: '情况特别复杂', notice: { channel: 'letter' } }, director); // version 4
  return s;
}

describe('nfraExtensionLog (NFRA 2020 art. 18 extension log)', () => {
  it('logs each extension: from → until, who, whether the role counted as the approval, how and when the complainant was told', async () => {
    const s = await run();
    const rows = await collect(nfraExtensionLog(s.desk.records({ timeline: true }), { period: QUARTER }));
    expect(rows).toEqual([
      {
        complaintId: 'N1',
        clock: 'resolution',
        receivedAt: '2026-01-05T02:00:00.000Z', // 10:00 +08:00
        from: '2026-01-20T02:00:00.000Z', // 15 days
        until: '2026-02-04T02:00:00.000Z',
        daysFromReceipt: 30, // 26 days left in January + 4
        reason: '情况复杂',
        extendedBy: 's1',
        extendedByRole: 'supervisor',
        approvalLimit: '2026-02-04T02:00:00.000Z', // 30 days: an extension up to here needs no approval
        approvalRequired: false,
        approvalCounted: null,
        approvers: 'director|executive',
        noticeChannel: 'phone',
        toldAt: '2026-01-15T02:00:00.000Z',
        noticeMessageId: 'N1:2:sla.extended:customer:cu1',
      },
      {
        complaintId: 'N1',
        clock: 'resolution',
        receivedAt: '2026-01-05T02:00:00.000Z',
        from: '2026-02-04T02:00:00.000Z',
        until: '2026-03-06T02:00:00.000Z',
        daysFromReceipt: 60, // 30 to 4 Feb, 24 more to 28 Feb, 6 in March
        reason: '情况特别复杂',
        extendedBy: 'd1',
        extendedByRole: 'director',
        approvalLimit: '2026-02-04T02:00:00.000Z',
        approvalRequired: true,
        approvalCounted: true,
        approvers: 'director|executive',
        noticeChannel: 'letter',
        toldAt: '2026-02-02T02:00:00.000Z',
        noticeMessageId: 'N1:4:sla.extended:customer:cu1',
      },
    ]);
    // The messages named are the ones the desk put in its outbox for the complainant.
    const ids = (await s.desk.outbox()).map((m) => m.id);
    for (const r of rows) expect(ids).toContain(r.noticeMessageId);
  });

  it('keeps to the period, and judges the approval by the policy given', async () => {
    const s = await run();
    const all = await collect(s.desk.records({ timeline: true }));
    const january = await collect(nfraExtensionLog(all, { period: { from: '2026-01-01T00:00:00+08:00', to: '2026-02-01T00:00:00+08:00' } }));
    expect(january.map((r) => r.until)).toEqual(['2026-02-04T02:00:00.000Z']); // the 2 Feb extension is in February
    // Had only an executive counted as the approval, the director's extension would not have.
    const strict = definePolicy({ ...presets.nfra2020, extension: { ...presets.nfra2020.extension!, approvers: ['executive'] } });
    const rows = await collect(nfraExtensionLog(all, { period: QUARTER, policy: strict }));
    expect(rows.map((r) => [r.approvalRequired, r.approvalCounted, r.approvers])).toEqual([
      [false, null, 'executive'],
      [true, false, 'executive'],
    ]);
  });

  it('logs the regulatory clock beside an internal SLA, and writes CSV', async () => {
    const policy = withRegulatoryClock(presets.guideline, presets.nfra2020);
    const s = scenario({ start: '2026-01-05T09:00:00+08:00', policy });
    await s.file('2026-01-05T10:00:00+08:00', intake('R1'), agent);
    // A regulatory extension by an executive to 45 days: 5 Jan + 45 = 19 Feb 10:00 (26 + 19). Past 30: approval, counted.
    await s.send('2026-01-12T10:00:00+08:00', 'R1', { type: 'EXTEND', clock: 'regulatory', until: '2026-02-19T10:00:00+08:00', reason: '外部鉴定' }, { id: 'x1', role: 'executive' });
    const rows = await collect(nfraExtensionLog(s.desk.records({ timeline: true }), { period: QUARTER, policy }));
    expect(rows.map((r) => [r.clock, r.from, r.until, r.daysFromReceipt, r.approvalRequired, r.approvalCounted, r.noticeChannel])).toEqual([
      ['regulatory', '2026-01-20T02:00:00.000Z', '2026-02-19T02:00:00.000Z', 45, true, true, null],
    ]);
    const lines = await collect(nfraExtensionLogCsv(s.desk.records({ timeline: true }), { period: QUARTER, policy }));
    expect(lines).toEqual([
      'complaint_id,clock,received_at,from,until,days_from_receipt,reason,extended_by,extended_by_role,approval_limit,approval_required,approval_counted,approvers,notice_channel,told_at,notice_message_id\r\n',
      `R1,regulatory,2026-01-05T02:00:00.000Z,2026-01-20T02:00:00.000Z,2026-02-19T02:00:00.000Z,45,外部鉴定,x1,executive,2026-02-04T02:00:00.000Z,true,true,director|executive,,2026-01-12T02:00:00.000Z,${rows[0]!.noticeMessageId}\r\n`,
    ]);
    expect(rows[0]!.noticeMessageId).toMatch(/^R1:\d+:sla\.extended:customer:cu1$/);
  });
});
