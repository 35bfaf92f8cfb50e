/**
 * The ASIC IDR data file on a small fixed scenario: a real desk under the
 * ASIC RG 271 preset on virtual time, and the CSV rows written out by hand.
 *
 * Times are Sydney wall time: AEDT (+11:00) until Sunday 5 April 2026, AEST
 * (+10:00) after. The period is the first half of 2026:
 * [1 Jan 2026 00:00 AEDT, 1 Jul 2026 00:00 AEST).
 *
 * - A8 (phone; CRD-CC / FEES): received Wed 10 Dec 2025, resolved on first
 *   contact Thu 11 Dec, re-opened Mon 5 Jan 2026; open at the end.
 * - A1 (phone): received 15 Dec 2025 and resolved on first contact 16 Dec:
 *   closed before the period, never open in it — not in the file.
 * - A2 (phone; CRD-CC / FEES): received Mon 22 Dec 2025 (open at the start);
 *   a $100 refund accepted Mon 12 Jan, paid Wed 14 Jan.
 * - A3 (email; CRD-CC / SERVICE): received Mon 2 Feb 09:00, resolved on first
 *   contact the same day (no redress).
 * - A4 (web; HL / SERVICE): received Tue 31 Mar 08:00 AEDT (30 Mar 21:00 UTC);
 *   a repair accepted Thu 30 Apr 10:00 AEST.
 * - A6 (letter; HL / FEES): received Mon 4 May, withdrawn Wed 6 May.
 * - A5 (social; CRD-CC / SERVICE): received Sat 20 Jun; open at the end.
 * - A7: received 3 Jul 2026, after the period — not in the file.
 */
import { describe, expect, it } from 'vitest';
import { presets, type CodeSet } from '../src/index.js';
import { asicIdrColumns, asicIdrCsv, asicIdrRows, factsOf, readRecord } from '../src/reporting/index.js';
import { agent, customer, handler, intake } from './support/desk.js';
import { collect, scenario } from './support/reporting.js';

/** A host's transcription of (part of) the ASIC code tables — illustrative codes, not ASIC's. */
const hostCodes: CodeSet = {
  name: 'host-asic-idr',
  products: { 'CRD-CC': 'Credit card', HL: 'Home loan' },
  causes: { FEES: 'Fees and charges', SERVICE: 'Service quality' },
};
const PERIOD = { from: '2026-01-01T00:00:00+11:00', to: '2026-07-01T00:00:00+10:00' };

async function run() {
  const s = scenario({ start: '2025-12-10T09:00:00+11:00', policy: presets.asicRg271, codes: hostCodes });
  const c = (id: string, channel: 'phone' | 'email' | 'web' | 'letter' | 'social', product: string, cause: string) =>
    intake(id, { channel, classification: { product, cause } });
  const toProposal = async (id: string, day: string, off: string, remedy: 'refund' | 'repair', compensation: number) => {
    await s.send(`${day}T10:10:00${off}`, id, { type: 'ACKNOWLEDGE' }, agent);
    await s.send(`${day}T10:20:00${off}`, id, { type: 'TRIAGE', categories: ['billing'], severity: 'normal', assignee: 'h1' }, agent);
    await s.send(`${day}T10:30:00${off}`, id, { type: 'CONTACT_CUSTOMER' }, handler);
    await s.send(`${day}T10:40:00${off}`, id, { type: 'RECORD_ROOT_CAUSE', method: 'rca', cause: 'found', liability: 'company' }, handler);
    await s.send(`${day}T10:50:00${off}`, id, { type: 'PROPOSE', remedies: [remedy], compensation, executeBy: '2026-08-01T00:00:00+10:00' }, handler);
  };
  await s.file('2025-12-10T10:00:00+11:00', c('A8', 'phone', 'CRD-CC', 'FEES'), agent);
  await s.send('2025-12-11T10:00:00+11:00', 'A8', { type: 'RESOLVE_ON_FIRST_CONTACT', summary: 'explained' }, agent);
  await s.file('2025-12-15T10:00:00+11:00', c('A1', 'phone', 'CRD-CC', 'FEES'), agent);
  await s.send('2025-12-16T10:00:00+11:00', 'A1', { type: 'RESOLVE_ON_FIRST_CONTACT', summary: 'explained' }, agent);
  await s.file('2025-12-22T10:00:00+11:00', c('A2', 'phone', 'CRD-CC', 'FEES'), agent);
  await toProposal('A2', '2025-12-22', '+11:00', 'refund', 100);
  await s.send('2026-01-05T09:00:00+11:00', 'A8', { type: 'REOPEN', reason: 'charged again' }, customer);
  await s.send('2026-01-12T15:00:00+11:00', 'A2', { type: 'ACCEPT' }, customer);
  await s.send('2026-01-14T10:00:00+11:00', 'A2', { type: 'COMPLETE_EXECUTION' }, handler);
  await s.file('2026-02-02T09:00:00+11:00', c('A3', 'email', 'CRD-CC', 'SERVICE'), agent);
  await s.send('2026-02-02T16:00:00+11:00', 'A3', { type: 'RESOLVE_ON_FIRST_CONTACT', summary: 'apologised' }, agent);
  await s.file('2026-03-31T08:00:00+11:00', c('A4', 'web', 'HL', 'SERVICE'), agent);
  await toProposal('A4', '2026-03-31', '+11:00', 'repair', 0);
  await s.send('2026-04-30T10:00:00+10:00', 'A4', { type: 'ACCEPT' }, customer);
  await s.file('2026-05-04T10:00:00+10:00', c('A6', 'letter', 'HL', 'FEES'), agent);
  await s.send('2026-05-06T10:00:00+10:00', 'A6', { type: 'WITHDRAW' }, customer);
  await s.file('2026-06-20T10:00:00+10:00', c('A5', 'social', 'CRD-CC', 'SERVICE'), agent);
  await s.file('2026-07-03T10:00:00+10:00', c('A7', 'phone', 'HL', 'FEES'), agent);
  return s;
}

describe('asicIdrRows / asicIdrCsv (ASIC IDR data file)', () => {
  it('writes one row per complaint open at any time in the period, worked out by hand', async () => {
    const s = await run();
    const lines = await collect(asicIdrCsv(s.desk.records({ timeline: true }), { period: PERIOD, codes: hostCodes, brand: 'Example Cards' }));
    expect(lines).toEqual([
      'complaint_unique_identifier,subsidiary_brand_or_fund,complaint_type,complainant_gender,complainant_age,complainant_postcode,complaint_status,complaint_received_method,date_complaint_received,date_complaint_closed,days_to_resolve,complaint_about_representative,product_or_service,complaint_issue,complaint_outcome,monetary_remedy\r\n',
      // A8: closed 11 Dec 2025 but re-opened 5 Jan (in the period): open at the end; no closing date, no outcome.
      'A8,Example Cards,,,,,Open,Phone,2025-12-10,,,,CRD-CC,FEES,,\r\n',
      // A1 is not here: closed on 16 Dec 2025 and never open in the period.
      // A2: 22 Dec → 12 Jan = 9 days left in December + 12 = 21 days; a refund: monetary; $100 paid 14 Jan.
      'A2,Example Cards,,,,,Closed,Phone,2025-12-22,2026-01-12,21,,CRD-CC,FEES,monetary_remedy,100\r\n',
      // A3: closed the day it was received: 0 days; nothing given but an apology.
      'A3,Example Cards,,,,,Closed,Email,2026-02-02,2026-02-02,0,,CRD-CC,SERVICE,explanation_or_apology,0\r\n',
      // A4: received 31 Mar in Sydney (30 Mar in UTC); 31 Mar → 30 Apr = 30 days; a repair: non-monetary.
      'A4,Example Cards,,,,,Closed,Online,2026-03-31,2026-04-30,30,,HL,SERVICE,non_monetary_remedy,0\r\n',
      // A6: 4 May → 6 May = 2 days; withdrawn.
      'A6,Example Cards,,,,,Closed,Letter,2026-05-04,2026-05-06,2,,HL,FEES,withdrawn,0\r\n',
      // A5: open at the end.
      'A5,Example Cards,,,,,Open,Social media,2026-06-20,,,,CRD-CC,SERVICE,,\r\n',
      // A7 is after the period.
    ]);
    expect(asicIdrColumns).toHaveLength(16);
  });

  it('keeps a complaint\'s identifier from one period to the next, and maps codes the host gives', async () => {
    const s = await run();
    const all = await collect(s.desk.records({ timeline: true }));
    // Second half of 2026: A8 and A5 are still open (same ids as before); A7 was received in it.
    const rows = await collect(
      asicIdrRows(all, {
        period: { from: '2026-07-01T00:00:00+10:00', to: '2027-01-01T00:00:00+11:00' },
        channelCodes: { phone: 'PH', social: 'SM' },
        statusCodes: { open: 'O', closed: 'C' },
        complaintType: () => 'standard',
      }),
    );
    expect(rows.map((r) => [r.complaintId, r.status, r.receivedMethod, r.complaintType, r.brand])).toEqual([
      ['A8', 'O', 'PH', 'standard', null],
      ['A5', 'O', 'SM', 'standard', null],
      ['A7', 'O', 'PH', 'standard', null],
    ]);
    // Outcome codes: the host's names for our outcomes.
    const first = await collect(asicIdrRows(all, { period: PERIOD, outcomeCodes: { monetary_remedy: 'MR', withdrawn: 'WD' } }));
    expect(first.map((r) => r.outcome)).toEqual([null, 'MR', 'explanation_or_apology', 'non_monetary_remedy', 'WD', null]);
  });

  it('reads payments from the timeline: their sum is the redress the machine recorded', async () => {
    const s = await run();
    for await (const r of s.desk.records({ timeline: true })) {
      const f = factsOf(readRecord(r, 0));
      expect(f.payments.reduce((a, p) => a + p.amount, 0)).toBe(r.snapshot.context.resolution.redressPaid ?? 0);
    }
  });

  it('checks its options before reading any record', () => {
    let read = false;
    const records = (function* () {
      read = true;
    })();
    expect(() => asicIdrRows(records, { period: PERIOD, timeZone: 'Mars/Olympus' })).toThrow(/time zone/);
    expect(read).toBe(false);
  });
});
