/**
 * CFPB-style company responses on a small fixed scenario: a real desk under
 * the CFPB portal preset on virtual time (15 calendar days; an "In progress"
 * response is an extension of the resolution deadline, up to 60 days).
 *
 * Times are New York wall time: EST (-05:00) until Sunday 8 March 2026, EDT
 * (-04:00) after. Complaints are sent to the company when filed. The period
 * is March 2026: [1 Mar 00:00 EST, 1 Apr 00:00 EDT). Calendar days count
 * local dates (the day it was sent is day 0).
 */
import { describe, expect, it } from 'vitest';
import { cfpbCodes, presets } from '../src/index.js';
import { cfpbResponseColumns, cfpbResponses, cfpbResponsesCsv, type CfpbResponseRow } from '../src/reporting/index.js';
import { agent, customer, handler, intake, supervisor } from './support/desk.js';
import { collect, scenario } from './support/reporting.js';

const PERIOD = { from: '2026-03-01T00:00:00-05:00', to: '2026-04-01T00:00:00-04:00' };

async function run() {
  const s = scenario({ start: '2026-03-02T09:00:00-05:00', policy: presets.cfpb, codes: cfpbCodes });
  const c = (id: string, product: string, cause: string) => intake(id, { channel: 'web', classification: { product, cause } });
  const toProposal = async (id: string, day: string, off: string, remedies: ('refund' | 'repair')[], compensation: number) => {
    await s.send(`${day}T11:10:00${off}`, id, { type: 'ACKNOWLEDGE' }, agent);
    await s.send(`${day}T11:20:00${off}`, id, { type: 'TRIAGE', categories: ['billing'], severity: 'normal', assignee: 'h1' }, agent);
    await s.send(`${day}T11:30:00${off}`, id, { type: 'CONTACT_CUSTOMER' }, handler);
    await s.send(`${day}T11:40:00${off}`, id, { type: 'RECORD_ROOT_CAUSE', method: 'rca', cause: 'found', liability: 'company' }, handler);
    await s.send(`${day}T11:50:00${off}`, id, { type: 'PROPOSE', remedies, compensation, executeBy: '2026-07-01T00:00:00-04:00' }, handler);
  };
  await s.file('2026-03-02T10:00:00-05:00', c('U1', 'mortgage', 'mortgage/payment_process'), agent);
  await s.file('2026-03-03T10:00:00-05:00', c('U2', 'checking_savings', 'checking_savings/managing_account'), agent);
  await s.file('2026-03-05T10:00:00-05:00', c('U3', 'credit_reporting', 'credit_reporting/incorrect_information'), agent);
  await toProposal('U1', '2026-03-05', '-05:00', ['refund'], 200);
  await toProposal('U3', '2026-03-06', '-05:00', ['refund'], 0);
  await s.file('2026-03-09T10:00:00-04:00', c('U4', 'debt_collection', 'debt_collection/debt_not_owed'), agent);
  await s.send('2026-03-10T10:00:00-04:00', 'U1', { type: 'ACCEPT' }, customer);
  await s.file('2026-03-12T10:00:00-04:00', c('U8', 'mortgage', 'mortgage/closing'), agent);
  await s.send('2026-03-13T10:00:00-04:00', 'U8', { type: 'WITHDRAW' }, customer);
  await s.send('2026-03-17T10:00:00-04:00', 'U2', { type: 'EXTEND', until: '2026-04-30T10:00:00-04:00', reason: 'in progress: records requested' }, supervisor);
  await s.send('2026-03-25T10:00:00-04:00', 'U3', { type: 'DECLARE_UNRESOLVABLE', reason: 'the report is accurate' }, supervisor);
  await s.file('2026-03-30T10:00:00-04:00', c('U5', 'mortgage', 'mortgage/struggling_to_pay'), agent);
  await s.file('2026-03-31T23:30:00-04:00', c('U6', 'credit_card_prepaid', 'credit_card_prepaid/fees_interest'), agent);
  await s.send('2026-04-02T09:00:00-04:00', 'U6', { type: 'RESOLVE_ON_FIRST_CONTACT', summary: 'fee refunded', redressPaid: 15 }, agent);
  await s.file('2026-04-02T10:00:00-04:00', c('U7', 'mortgage', 'mortgage/closing'), agent);
  await s.send('2026-04-14T10:00:00-04:00', 'U5', { type: 'EXTEND', until: '2026-05-28T10:00:00-04:00', reason: 'in progress: valuation' }, supervisor);
  await toProposal('U2', '2026-04-27', '-04:00', ['repair'], 0);
  await s.send('2026-04-28T10:00:00-04:00', 'U2', { type: 'ACCEPT' }, customer);
  return s;
}

const brief = (r: CfpbResponseRow) => [r.complaintId, r.companyResponse, r.timely, r.firstResponseDays, r.finalResponseDays];

describe('cfpbResponses (CFPB company response and timeliness)', () => {
  it('as of 1 June: response categories and the 15/60-day timely flag, worked out by hand', async () => {
    const s = await run();
    const rows = await collect(cfpbResponses(s.desk.records({ timeline: true }), { period: PERIOD, asOf: '2026-06-01T00:00:00-04:00', company: 'Example Bank' }));
    expect(rows.map(brief)).toEqual([
      // U1: sent Mon 2 Mar; a $200 refund accepted Tue 10 Mar = day 8 ≤ 15.
      ['U1', 'Closed with monetary relief', 'Yes', 8, 8],
      // U2: sent 3 Mar; "in progress" (extension) 17 Mar = day 14 ≤ 15; a repair accepted 28 Apr:
      // 3 Mar → 31 Mar 28 days, + 28 = day 56 ≤ 60.
      ['U2', 'Closed with non-monetary relief', 'Yes', 14, 56],
      // U3: sent 5 Mar; declared unresolvable 25 Mar = day 20 > 15 (no "in progress" before): not timely.
      ['U3', 'Closed with explanation', 'No', 20, 20],
      // U4: sent 9 Mar; no response at all by 1 Jun.
      ['U4', 'Untimely response', 'No', null, null],
      // U8: sent 12 Mar, withdrawn 13 Mar = day 1.
      ['U8', 'Closed with explanation', 'Yes', 1, 1],
      // U5: sent Mon 30 Mar; "in progress" 14 Apr = day 15 (on time); still open on 31 May:
      // 30 Mar → 30 Apr 31 days, → 31 May 62 days > 60: not timely.
      ['U5', 'In progress', 'No', 15, null],
      // U6: sent Tue 31 Mar 23:30 EDT (1 Apr in UTC: still March in New York, so in the period);
      // resolved on first contact 2 Apr with $15 = day 2.
      ['U6', 'Closed with monetary relief', 'Yes', 2, 2],
      // U7 was sent on 2 Apr: not in March's list.
    ]);
    expect(rows[0]).toMatchObject({
      company: 'Example Bank',
      dateReceived: '2026-03-02',
      dateSentToCompany: '2026-03-02',
      product: 'Mortgage',
      issue: 'Trouble during payment process',
      firstResponseAt: '2026-03-10T14:00:00.000Z',
      channel: 'web',
    });
    expect(rows.find((r) => r.complaintId === 'U6')!.dateSentToCompany).toBe('2026-03-31');
  });

  it('as of the period\'s end: what was due by then', async () => {
    const s = await run();
    const rows = await collect(cfpbResponses(s.desk.records({ timeline: true }), { period: PERIOD }));
    expect(rows.map(brief)).toEqual([
      ['U1', 'Closed with monetary relief', 'Yes', 8, 8],
      // U2: "in progress" on day 14; 31 Mar is day 28 ≤ 60: still timely.
      ['U2', 'In progress', 'Yes', 14, null],
      ['U3', 'Closed with explanation', 'No', 20, 20],
      // U4: 9 Mar → 31 Mar = day 22 > 15 with no response.
      ['U4', 'Untimely response', 'No', null, null],
      ['U8', 'Closed with explanation', 'Yes', 1, 1],
      // U5 (day 1) and U6 (day 0): no response due yet.
      ['U5', null, null, null, null],
      ['U6', null, null, null, null],
    ]);
  });

  it('counts from the date sent to the company when the host records it, and writes CSV', async () => {
    const s = await run();
    const all = await collect(s.desk.records({ timeline: true }));
    // U3 sent to the company on 12 Mar: its closing on 25 Mar is day 13 ≤ 15.
    const sent = (id: string) => (id === 'U3' ? '2026-03-12T09:00:00-04:00' : undefined);
    const rows = await collect(cfpbResponses(all, { period: PERIOD, asOf: '2026-06-01T00:00:00-04:00', sentToCompanyAt: (r) => sent(r.id) }));
    expect(brief(rows.find((r) => r.complaintId === 'U3')!)).toEqual(['U3', 'Closed with explanation', 'Yes', 13, 13]);
    const lines = await collect(cfpbResponsesCsv(all, { period: PERIOD, asOf: '2026-06-01T00:00:00-04:00' }));
    expect(lines[0]).toBe(`${cfpbResponseColumns.map((c) => c.header).join(',')}\r\n`);
    expect(lines[0]).toBe(
      'Complaint ID,Company,Date received,Date sent to company,Product,Issue,Company response to consumer,Timely response?,First response at,First response days,Final response at,Final response days,Channel\r\n',
    );
    // U1: 10 Mar 10:00 EDT = 14:00 UTC; the product's label holds commas: quoted.
    expect(lines[1]).toBe('U1,,2026-03-02,2026-03-02,Mortgage,Trouble during payment process,Closed with monetary relief,Yes,2026-03-10T14:00:00.000Z,8,2026-03-10T14:00:00.000Z,8,web\r\n');
    expect(lines[3]).toContain(',"Credit reporting, credit repair services, or other personal consumer reports",Incorrect information on your report,');
  });
});
