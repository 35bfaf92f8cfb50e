/**
 * The UK FCA complaints return (DISP 1 Annex 1R) on a small fixed scenario:
 * a real desk under the FCA DISP preset on virtual time, its records exported
 * with their timelines, and every figure worked out by hand below.
 *
 * Times are UK wall time: GMT (+00:00) until Sunday 29 March 2026, BST
 * (+01:00) after. Business days: Mon–Fri, and the England & Wales bank
 * holidays of Easter 2026 — Good Friday 3 April and Easter Monday 6 April.
 * The period is [Mon 2 March 2026 00:00 GMT, Mon 1 June 2026 00:00 BST).
 *
 * The complaints (product / main cause; what happens):
 * - C1 banking.current_accounts / admin: received Mon 23 Feb (before the
 *   period: outstanding at its start); proposal of a £50 refund, liability
 *   company; accepted Wed 4 Mar; executed Thu 5 Mar (£50 paid, the accepted
 *   compensation).
 * - C9 banking.credit_cards / admin: received Mon 2 Mar 10:00; resolved on
 *   first contact Tue 3 Mar, partially upheld, £10 paid; re-opened Tue 10 Mar;
 *   declared unresolvable Fri 20 Mar, not upheld.
 * - C2 banking.credit_cards / terms: received Fri 6 Mar 16:00; resolved on
 *   first contact Wed 11 Mar 17:00, upheld, £20 paid.
 * - C4 banking.current_accounts / admin, vulnerable (health): received Mon
 *   9 Mar; liability customer; apology proposed, objected; declared
 *   unresolvable Tue 5 May, no decision.
 * - C5 insurance.travel / other: received Tue 10 Mar 11:00; liability
 *   undetermined; replacement with £30 proposed; accepted Tue 5 May 23:30
 *   BST; executed Wed 3 Jun (£25 paid, after the period).
 * - C3 insurance.travel / advising: received Thu 2 Apr 10:00 BST; resolved
 *   on first contact Thu 9 Apr 16:00, not upheld.
 * - C6 home_finance.equity_release / arrears: received Mon 20 Apr; withdrawn
 *   Tue 21 Apr.
 * - C7 pensions.annuities / other: received Wed 20 May; still open.
 * - C8: received Fri 5 Jun (after the period): not in the return.
 */
import { describe, expect, it } from 'vitest';
import { createCalendar, definePolicy, presets, type Actor, type IntakeInput, type Policy } from '../src/index.js';
import {
  fcaAnnex1Codes,
  fcaBucketOf,
  fcaComplaintsReturn,
  fcaReturnCsv,
  ReturnInputError,
  type FcaReturn,
} from '../src/reporting/index.js';
import { agent, customer, handler, intake, supervisor } from './support/desk.js';
import { scenario } from './support/reporting.js';

const holidays = ['2026-04-03', '2026-04-06'];

/** The FCA DISP preset with the Easter bank holidays in its business calendar. */
function fcaPolicy(): Policy {
  const p = presets.fcaDisp;
  return definePolicy({
    ...p,
    calendars: { calendar: p.calendars.calendar!, business: createCalendar({ ...p.calendars.business!.spec, holidays }) },
  });
}

const PERIOD = { from: '2026-03-02T00:00:00+00:00', to: '2026-06-01T00:00:00+01:00' };
const coded = (id: string, product: string, cause: string, extra: Partial<IntakeInput> = {}) =>
  intake(id, { classification: { product, cause }, ...extra });

/** The handling of a complaint up to a proposal sent to the customer, at `day` from `hh`:00 on, ten minutes a step. */
async function toProposal(
  s: ReturnType<typeof scenario>,
  id: string,
  day: string,
  offset: string,
  liability: 'company' | 'customer' | 'undetermined',
  proposal: { remedies: ('refund' | 'apology' | 'replace')[]; compensation: number; executeBy: string },
) {
  const at = (m: string) => `${day}T${m}${offset}`;
  const staff: Actor = handler;
  await s.send(at('11:10'), id, { type: 'ACKNOWLEDGE' }, agent);
  await s.send(at('11:20'), id, { type: 'TRIAGE', categories: ['billing'], severity: 'normal', assignee: 'h1' }, agent);
  await s.send(at('11:30'), id, { type: 'CONTACT_CUSTOMER' }, staff);
  await s.send(at('11:40'), id, { type: 'RECORD_ROOT_CAUSE', method: 'five_whys', cause: 'found', liability }, staff);
  await s.send(at('11:50'), id, { type: 'PROPOSE', ...proposal }, staff);
}

/** Drive the scenario; returns the desk. */
async function run(policy = fcaPolicy()) {
  const s = scenario({ start: '2026-02-23T09:00:00+00:00', policy, codes: fcaAnnex1Codes });
  await s.file('2026-02-23T11:00:00+00:00', coded('C1', 'banking.current_accounts', 'admin_customer_service'), agent);
  await toProposal(s, 'C1', '2026-02-23', ':00+00:00', 'company', { remedies: ['refund'], compensation: 50, executeBy: '2026-03-10T17:00:00+00:00' });
  await s.file('2026-03-02T10:00:00+00:00', coded('C9', 'banking.credit_cards', 'admin_customer_service'), agent);
  await s.send('2026-03-03T10:00:00+00:00', 'C9', { type: 'RESOLVE_ON_FIRST_CONTACT', summary: 'fee refunded', decision: 'partially_upheld', redressPaid: 10 }, agent);
  await s.send('2026-03-04T10:00:00+00:00', 'C1', { type: 'ACCEPT', confirmation: { channel: 'phone' } }, customer);
  await s.send('2026-03-05T10:00:00+00:00', 'C1', { type: 'COMPLETE_EXECUTION' }, handler);
  await s.file('2026-03-06T16:00:00+00:00', coded('C2', 'banking.credit_cards', 'terms_disputed_sums'), agent);
  await s.file('2026-03-09T11:00:00+00:00', coded('C4', 'banking.current_accounts', 'admin_customer_service', { vulnerability: ['health'] }), agent);
  await toProposal(s, 'C4', '2026-03-09', ':00+00:00', 'customer', { remedies: ['apology'], compensation: 0, executeBy: '2026-03-20T17:00:00+00:00' });
  await s.send('2026-03-09T12:00:00+00:00', 'C4', { type: 'OBJECT', objection: 'not enough' }, customer);
  await s.send('2026-03-10T09:00:00+00:00', 'C9', { type: 'REOPEN', reason: 'the fee came back' }, customer);
  await s.file('2026-03-10T11:00:00+00:00', coded('C5', 'insurance.travel', 'other'), agent);
  await toProposal(s, 'C5', '2026-03-10', ':00+00:00', 'undetermined', { remedies: ['replace'], compensation: 30, executeBy: '2026-06-10T17:00:00+01:00' });
  await s.send('2026-03-11T17:00:00+00:00', 'C2', { type: 'RESOLVE_ON_FIRST_CONTACT', summary: 'charge reversed', decision: 'upheld', redressPaid: 20 }, agent);
  // C9's second round: triaged again, investigated, declared unresolvable.
  await s.send('2026-03-12T09:00:00+00:00', 'C9', { type: 'TRIAGE', categories: ['billing'], severity: 'normal', assignee: 'h1' }, agent);
  await s.send('2026-03-12T09:10:00+00:00', 'C9', { type: 'CONTACT_CUSTOMER' }, handler);
  await s.send('2026-03-12T09:20:00+00:00', 'C9', { type: 'RECORD_ROOT_CAUSE', method: 'rca', cause: 'terms applied', liability: 'none' }, handler);
  await s.send('2026-03-20T10:00:00+00:00', 'C9', { type: 'DECLARE_UNRESOLVABLE', reason: 'the fee is due', decision: 'not_upheld' }, supervisor);
  await s.file('2026-04-02T10:00:00+01:00', coded('C3', 'insurance.travel', 'advising_selling_arranging'), agent);
  await s.send('2026-04-09T16:00:00+01:00', 'C3', { type: 'RESOLVE_ON_FIRST_CONTACT', summary: 'explained the cover', decision: 'not_upheld' }, agent);
  await s.file('2026-04-20T09:00:00+01:00', coded('C6', 'home_finance.equity_release', 'arrears'), agent);
  await s.send('2026-04-21T09:00:00+01:00', 'C6', { type: 'WITHDRAW', reason: 'sorted it myself' }, customer);
  await s.send('2026-05-05T10:00:00+01:00', 'C4', { type: 'DECLARE_UNRESOLVABLE', reason: 'terms were clear' }, supervisor);
  await s.send('2026-05-05T23:30:00+01:00', 'C5', { type: 'ACCEPT' }, customer);
  await s.file('2026-05-20T10:00:00+01:00', coded('C7', 'pensions.annuities', 'other'), agent);
  await s.send('2026-06-03T10:00:00+01:00', 'C5', { type: 'COMPLETE_EXECUTION', redressPaid: 25 }, handler);
  await s.file('2026-06-05T10:00:00+01:00', coded('C8', 'pensions.annuities', 'other'), agent);
  return s;
}

const cell = (ret: FcaReturn, id: string) => {
  const c = ret.cells.find((x) => x.id === id);
  if (!c) throw new Error(`no cell ${id}`);
  return c.value;
};
const m = (o: Partial<Record<string, number>>) => ({
  outstanding_at_start: 0,
  opened: 0,
  closed: 0,
  closed_within_3_business_days: 0,
  closed_after_3_business_days_within_8_weeks: 0,
  closed_after_8_weeks: 0,
  upheld: 0,
  redress_paid: 0,
  ...o,
});

describe('fcaComplaintsReturn (DISP 1 Annex 1R)', () => {
  it('counts the scenario by hand: header, buckets, upheld, redress, by product and main cause', async () => {
    const s = await run();
    const ret = await fcaComplaintsReturn(s.desk.records({ timeline: true }), { period: PERIOD, calendar: fcaPolicy().calendars.business!, firm: { name: 'Example Bank plc', frn: '123456' } });

    // Header: outstanding at the start = C1 (received 23 Feb, accepted 4 Mar).
    // Opened = received in the period: C9, C2, C4, C5, C3, C6, C7 = 7 (C8 is after it).
    expect(ret.header).toEqual({ groupReporting: false, outstandingAtStart: 1, opened: 7, publication: { threshold: 500, reached: false } });
    expect(ret.nil).toBe(false);

    // Buckets, from receipt; day 0 is the day of receipt (DISP 1.5.1R), 8 weeks = 56 days after the date of receipt.
    // C1: Mon 23 Feb → day 3 = Thu 26 Feb; closed Wed 4 Mar (9 days)              → after 3 days, within 8 weeks.
    // C9: Mon 2 Mar → day 3 = Thu 5 Mar; latest closing Fri 20 Mar (18 days)     → after 3 days, within 8 weeks.
    // C2: Fri 6 Mar → Mon 9 (1), Tue 10 (2), Wed 11 (3); closed Wed 11 17:00      → within 3 business days.
    // C3: Thu 2 Apr → Fri 3 and Mon 6 are bank holidays: Tue 7 (1), Wed 8 (2), Thu 9 (3); closed Thu 9 16:00 → within 3.
    // C6: Mon 20 Apr; withdrawn Tue 21 Apr                                        → within 3 business days.
    // C4: Mon 9 Mar + 56 days = Mon 4 May; closed Tue 5 May (57 days)            → after 8 weeks.
    // C5: Tue 10 Mar + 56 days = Tue 5 May; closed Tue 5 May 23:30 BST (56 days) → within 8 weeks (by date).
    // Upheld: C1 (liability company), C2 (decision upheld), C5 (no liability found, a replacement given) = 3;
    // not: C9 (not upheld in its final round), C3 (not upheld), C4 (liability customer), C6 (withdrawn).
    // Redress paid in the period: C1 £50 (5 Mar) + C9 £10 (3 Mar) + C2 £20 (11 Mar) = £80; C5's £25 (3 Jun) is after it.
    expect(ret.totals).toEqual(
      m({
        outstanding_at_start: 1,
        opened: 7,
        closed: 7,
        closed_within_3_business_days: 3, // C2, C3, C6
        closed_after_3_business_days_within_8_weeks: 3, // C1, C9, C5
        closed_after_8_weeks: 1, // C4
        upheld: 3,
        redress_paid: 80,
      }),
    );

    // The aggregates by (product, main cause), in the code set's order.
    expect(ret.aggregates.map((a) => [a.product, a.cause, a.values])).toEqual([
      // C1 + C4
      ['banking.current_accounts', 'admin_customer_service', m({ outstanding_at_start: 1, opened: 1, closed: 2, closed_after_3_business_days_within_8_weeks: 1, closed_after_8_weeks: 1, upheld: 1, redress_paid: 50 })],
      // C2
      ['banking.credit_cards', 'terms_disputed_sums', m({ opened: 1, closed: 1, closed_within_3_business_days: 1, upheld: 1, redress_paid: 20 })],
      // C9
      ['banking.credit_cards', 'admin_customer_service', m({ opened: 1, closed: 1, closed_after_3_business_days_within_8_weeks: 1, redress_paid: 10 })],
      // C6
      ['home_finance.equity_release', 'arrears', m({ opened: 1, closed: 1, closed_within_3_business_days: 1 })],
      // C3
      ['insurance.travel', 'advising_selling_arranging', m({ opened: 1, closed: 1, closed_within_3_business_days: 1 })],
      // C5
      ['insurance.travel', 'other', m({ opened: 1, closed: 1, closed_after_3_business_days_within_8_weeks: 1, upheld: 1 })],
      // C7
      ['pensions.annuities', 'other', m({ opened: 1 })],
    ]);

    // Cells of the default map.
    expect(cell(ret, 'outstanding_at_start')).toBe(1);
    expect(cell(ret, 'opened')).toBe(7);
    expect(cell(ret, 'opened:banking.current_accounts:admin_customer_service')).toBe(1); // C4 (C1 was opened before the period)
    expect(cell(ret, 'opened:banking.current_accounts:arrears')).toBe(0); // a product with complaints: 0, not blank
    expect(cell(ret, 'opened:banking.credit_cards')).toBe(2); // C9, C2
    expect(cell(ret, 'closed_within_3_business_days:banking')).toBe(1); // C2
    expect(cell(ret, 'closed_after_3_business_days_within_8_weeks:banking')).toBe(2); // C1, C9
    expect(cell(ret, 'closed_after_8_weeks:banking')).toBe(1); // C4
    expect(cell(ret, 'upheld:banking')).toBe(2); // C1, C2
    expect(cell(ret, 'redress_paid:banking')).toBe(80);
    expect(cell(ret, 'upheld:insurance.travel')).toBe(1); // C5
    expect(cell(ret, 'closed_within_3_business_days:insurance')).toBe(1); // C3
    expect(cell(ret, 'opened:pensions.annuities:other')).toBe(1); // C7
    // No complaints and not named in businessIn: blank.
    expect(cell(ret, 'opened:investments.isas')).toBeNull();
    expect(cell(ret, 'upheld:investments')).toBeNull();

    // How upheld was derived for the 7 closed: decision C9, C2, C3 (1 upheld); liability C1, C4 (1); redress C5 (1); withdrawn C6.
    expect(ret.upheldBasis).toEqual({
      decision: { closed: 3, upheld: 1 },
      liability: { closed: 2, upheld: 1 },
      redress: { closed: 1, upheld: 1 },
      no_redress: { closed: 0, upheld: 0 },
      withdrawn: { closed: 1, upheld: 0 },
    });
    // Vulnerability on record: C4 (health), opened and closed in the period.
    expect(ret.vulnerability).toEqual({
      opened: { vulnerable: 1, byDriver: { health: 1, life_event: 0, resilience: 0, capability: 0 } },
      closed: { vulnerable: 1, byDriver: { health: 1, life_event: 0, resilience: 0, capability: 0 } },
    });
    expect(ret.unclassified).toBe(0);
    expect(ret.firm).toEqual({ name: 'Example Bank plc', frn: '123456', otherFrns: [] });
  });

  it('without the bank holidays C3 falls after the third business day', async () => {
    const s = await run();
    // Default calendar: Mon–Fri, no holidays. C3: Thu 2 Apr → Fri 3 (1), Mon 6 (2), Tue 7 (3); closed Thu 9 → after 3 days.
    const ret = await fcaComplaintsReturn(s.desk.records({ timeline: true }), { period: PERIOD });
    expect(ret.totals.closed_within_3_business_days).toBe(2); // C2, C6
    expect(ret.totals.closed_after_3_business_days_within_8_weeks).toBe(4); // C1, C9, C5, C3
    expect(ret.notes[0]).toContain('without holidays');
  });

  it('shows 0 for a product the firm does business in, and counts nothing for a later period with only C5\'s payment', async () => {
    const s = await run();
    const records = async () => {
      const out = [];
      for await (const r of s.desk.records({ timeline: true })) out.push(r);
      return out;
    };
    const all = await records();
    const ret = await fcaComplaintsReturn(all, { period: PERIOD, calendar: fcaPolicy().calendars.business!, businessIn: ['investments.isas', 'banking.current_accounts'] });
    expect(cell(ret, 'opened:investments.isas')).toBe(0);
    expect(cell(ret, 'opened:insurance.travel')).toBeNull(); // not in businessIn
    expect(cell(ret, 'opened:banking.current_accounts')).toBe(1);

    // [1 Jun, 1 Jul): outstanding at its start: C7 (open); C5 is closed (accepted 5 May) though its remedy is carried out now;
    // opened: C8 (5 Jun); redress: C5's £25 on 3 Jun.
    const next = await fcaComplaintsReturn(all, { period: { from: '2026-06-01T00:00:00+01:00', to: '2026-07-01T00:00:00+01:00' } });
    expect(next.totals).toEqual(m({ outstanding_at_start: 1, opened: 1, redress_paid: 25 }));
    expect(cell(next, 'redress_paid:insurance.travel')).toBe(25);
  });

  it('is a nil return when nothing happened in the period', async () => {
    const s = await run();
    const ret = await fcaComplaintsReturn(s.desk.records({ timeline: true }), { period: { from: '2025-01-01T00:00:00Z', to: '2025-07-01T00:00:00Z' } });
    expect(ret.nil).toBe(true);
    expect(ret.cells.every((c) => c.value === null)).toBe(true);
    const csv = [...fcaReturnCsv(ret)];
    expect(csv[0]).toBe('cell,label,value\r\n');
    expect(csv[1]).toBe('outstanding_at_start,Complaints outstanding at the start of the period,\r\n');
  });

  it('buckets at the edges: close of business on day 3, and the 56th day', () => {
    const calendar = presets.fcaDisp.calendars.business!;
    const timing = { calendar, timeZone: 'Europe/London' };
    const t = (s: string) => Date.parse(s);
    // Received Mon 2 Mar 2026 15:00 GMT; day 3 = Thu 5 Mar, whole-day calendar: close of business 24:00.
    expect(fcaBucketOf(t('2026-03-02T15:00Z'), t('2026-03-05T23:59Z'), timing)).toBe('closed_within_3_business_days');
    expect(fcaBucketOf(t('2026-03-02T15:00Z'), t('2026-03-06T00:00:01Z'), timing)).toBe('closed_after_3_business_days_within_8_weeks');
    // 2 Mar + 56 days = Mon 27 Apr (BST): 23:59 BST on 27 Apr is within, 00:01 BST on 28 Apr is not.
    expect(fcaBucketOf(t('2026-03-02T15:00Z'), t('2026-04-27T23:59+01:00'), timing)).toBe('closed_after_3_business_days_within_8_weeks');
    expect(fcaBucketOf(t('2026-03-02T15:00Z'), t('2026-04-28T00:01+01:00'), timing)).toBe('closed_after_8_weeks');
  });

  it('maps a host\'s own codes with classify, and refuses codes outside the code set', async () => {
    const s = scenario({ start: '2026-03-02T09:00:00+00:00', policy: fcaPolicy() });
    await s.file('2026-03-02T10:00:00+00:00', intake('H1', { classification: { product: 'CA', cause: 'SVC' } }), agent);
    const records = [];
    for await (const r of s.desk.records({ timeline: true })) records.push(r);
    const ours: Record<string, string> = { CA: 'banking.current_accounts', SVC: 'admin_customer_service' };
    const ret = await fcaComplaintsReturn(records, {
      period: PERIOD,
      classify: (r) => ({ product: ours[r.snapshot.context.routing.classification.product ?? ''], cause: ours[r.snapshot.context.routing.classification.cause ?? ''] }),
    });
    expect(cell(ret, 'opened:banking.current_accounts:admin_customer_service')).toBe(1);
    const e = await fcaComplaintsReturn(records, { period: PERIOD }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ReturnInputError);
    expect((e as ReturnInputError).recordId).toBe('H1');
    expect((e as ReturnInputError).issues.map((i) => i.path.join('.'))).toEqual(['snapshot.context.routing.classification.product', 'snapshot.context.routing.classification.cause']);
  });

  it('refuses records without their timeline, and bad options', async () => {
    const s = scenario({ start: '2026-03-02T09:00:00+00:00', policy: fcaPolicy() });
    await s.file('2026-03-02T10:00:00+00:00', intake('X1'), agent);
    const e = await fcaComplaintsReturn(s.desk.records(), { period: PERIOD }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ReturnInputError);
    expect((e as ReturnInputError).message).toContain('timeline');
    await expect(fcaComplaintsReturn([], { period: { from: PERIOD.to, to: PERIOD.from } })).rejects.toThrow(/period must end/);
    await expect(fcaComplaintsReturn([], { period: PERIOD, frequency: 'monthly' as 'annual' })).rejects.toMatchObject({ code: 'VALIDATION' });
  });
});
