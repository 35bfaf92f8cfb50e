// FCA DISP 1 Annex 1R, step 3 of 3: the return — records → (product, cause)
// aggregates → the cell map — with its header items, the vulnerability data
// points the 2027 consolidated return adds, and how "upheld" was derived.
import { z } from 'zod';
import type { ComplaintExport } from '../../desk/desk.js';
import type { CodeSet, VulnerabilityDriver } from '../../schemas/classification.js';
import { parseWith } from '../../schemas/parse.js';
import { isCalendar, type Calendar } from '../../sla/calendar.js';
import { fcaDisp } from '../../sla/presets/regulatory.js';
import { classificationOf, classifySchema, codeSetOptionSchema, type Classify } from '../classify.js';
import { fcaAnnex1Codes, fcaCauses, fcaProductGroupings } from '../code-sets/fca.js';
import { csvLine } from '../csv.js';
import { factsOf, lastClosingIn } from '../facts.js';
import { upheldOf, type UpheldBasis } from '../outcome.js';
import { periodSchema, timeZoneSchema, type Period, type PeriodInput } from '../period.js';
import { eachRecord, type ReturnRecords } from '../records.js';
import { fcaCellMapSchema, fcaDefaultCellMap, fillCells, type FcaCellMap, type FcaCellValue } from './cell-map.js';
import { contributionOf, FcaAccumulator, fcaMeasures, noMeasures, type FcaAggregate, type FcaMeasureValues, type FcaTiming } from './measures.js';

/** Options of {@link fcaComplaintsReturn}. */
export interface FcaReturnOptions {
  /** The reporting period, `[from, to)`: anchored on the firm's accounting reference date (DISP 1.10.1R). */
  period: PeriodInput;
  /**
   * Business days for the 3-business-day bucket: a calendar whose working
   * days are the UK business days of the part of the UK where the complaint
   * was received (Mon–Fri without Christmas Day, Good Friday and bank
   * holidays). Default: Mon–Fri whole days in Europe/London, no holidays —
   * pass the bank holidays.
   */
  calendar?: Calendar;
  /** Time zone of the "8 weeks" calendar dates (default: the calendar's). */
  timeZone?: string;
  /** Codes of the return (default {@link fcaAnnex1Codes}); a record's code outside it is an error. */
  codes?: CodeSet;
  /** Maps a record to the return's product and cause codes (default: its `routing.classification`). */
  classify?: Classify;
  /** The cells (default {@link fcaDefaultCellMap}). */
  cellMap?: FcaCellMap;
  /**
   * Products the firm does business in: their cells show 0 when there were
   * no complaints; the others are blank (GABRIEL guidance). Default: the
   * products with complaints in the return.
   */
  businessIn?: string[];
  /** Twice a year (default) or once a year (DISP 1.10.1R(2)): sets the publication threshold. */
  frequency?: 'half-yearly' | 'annual';
  /** The reporting firm, and the other firms of a group return. */
  firm?: { name?: string; frn?: string; otherFrns?: string[] };
}

const optionsSchema = z.strictObject({
  period: periodSchema,
  calendar: z.custom<Calendar>(isCalendar, 'expected a calendar from createCalendar()').optional(),
  timeZone: timeZoneSchema.optional(),
  codes: codeSetOptionSchema.optional(),
  classify: classifySchema.optional(),
  cellMap: fcaCellMapSchema.optional(),
  businessIn: z.array(z.string().min(1)).max(10_000).optional(),
  frequency: z.enum(['half-yearly', 'annual']).optional(),
  firm: z.strictObject({ name: z.string().max(200).optional(), frn: z.string().max(20).optional(), otherFrns: z.array(z.string().max(20)).max(1000).optional() }).optional(),
});

/** Counts of complaints with vulnerability drivers on record (the 2027 return's first data point). */
export interface FcaVulnerabilityCounts {
  /** Complaints with at least one driver. */
  vulnerable: number;
  byDriver: Record<VulnerabilityDriver, number>;
}

/** The FCA complaints return for one period. */
export interface FcaReturn {
  form: 'DISP 1 Annex 1R';
  period: Period;
  frequency: 'half-yearly' | 'annual';
  firm: { name: string | null; frn: string | null; otherFrns: string[] };
  codeSet: string;
  cellMap: { name: string; verified: boolean };
  /** Nothing opened, closed, outstanding or paid: a nil return (every cell blank). */
  nil: boolean;
  /** The header items: group reporting, outstanding at the start, opened, and whether the publication threshold is reached (DISP 1.10A). */
  header: {
    groupReporting: boolean;
    outstandingAtStart: number;
    opened: number;
    publication: { threshold: number; reached: boolean };
  };
  /** Every measure over all complaints (redress exact, not rounded). */
  totals: FcaMeasureValues;
  /** The measures per (product, main cause), in the code set's order; unclassified last. */
  aggregates: FcaAggregate[];
  /** The cell map filled in. */
  cells: FcaCellValue[];
  /** Complaints in the return without a product or a main cause (they are in the header and totals, in no product cell). */
  unclassified: number;
  /** How "upheld" was decided for the complaints closed in the period. */
  upheldBasis: Record<UpheldBasis, { closed: number; upheld: number }>;
  /** Vulnerability drivers on record, for complaints opened and closed in the period (what the 2027 return asks first). */
  vulnerability: { opened: FcaVulnerabilityCounts; closed: FcaVulnerabilityCounts };
  /** Assumptions the figures rest on, in words. */
  notes: string[];
}

const noVulnerability = (): FcaVulnerabilityCounts => ({ vulnerable: 0, byDriver: { health: 0, life_event: 0, resilience: 0, capability: 0 } });
const countVulnerability = (into: FcaVulnerabilityCounts, drivers: readonly VulnerabilityDriver[]) => {
  if (drivers.length === 0) return;
  into.vulnerable++;
  for (const d of new Set(drivers)) into.byDriver[d]++;
};

/** Sort key of a code in the shipped order (unknown codes after, alphabetically; null last). */
function orderOf(order: ReadonlyMap<string, number>, code: string | null): [number, string] {
  if (code === null) return [Number.MAX_SAFE_INTEGER, ''];
  return [order.get(code) ?? order.size, code];
}

/**
 * The UK FCA complaints return (DISP 1 Annex 1R) for a period, from
 * complete records with their timelines, in bounded memory: each record adds
 * to one (product, cause) aggregate and is let go.
 *
 * What is counted (DISP 1.10.2R): complaints outstanding at the start
 * (received before it and not closed then), opened (received in the period),
 * closed in the period — within 3 business days of receipt, after 3 business
 * days but within 8 weeks, after 8 weeks (from receipt; a re-opened
 * complaint counts once, at its latest closing in the period) — upheld
 * (among those closed), and the redress paid in the period.
 *
 * @param records - complete records with their timelines (`desk.records({ timeline: true })`)
 * @param options - period, calendar, codes, cell map, firm
 * @returns the return
 * @throws ValidationError for bad options; ReturnInputError for a record it cannot read
 * @example
 * const ret = await fcaComplaintsReturn(desk.records({ timeline: true }), {
 *   period: { from: '2026-01-01T00:00:00Z', to: '2026-07-01T00:00:00+01:00' },
 * });
 * ret.header.opened; // complaints received in the half-year
 */
export async function fcaComplaintsReturn(records: ReturnRecords, options: FcaReturnOptions): Promise<FcaReturn> {
  const o = parseWith(optionsSchema, 'FCA return options', options);
  const calendar = o.calendar ?? fcaDisp.calendars.business!;
  const timing: FcaTiming = { calendar, timeZone: o.timeZone ?? calendar.timeZone };
  const codes = o.codes ?? fcaAnnex1Codes;
  const map = (o.cellMap as FcaCellMap | undefined) ?? fcaDefaultCellMap;
  const period: Period = o.period;
  const acc = new FcaAccumulator();
  const totals = noMeasures();
  const seenProducts = new Set<string>();
  const upheldBasis: FcaReturn['upheldBasis'] = {
    decision: { closed: 0, upheld: 0 },
    withdrawn: { closed: 0, upheld: 0 },
    liability: { closed: 0, upheld: 0 },
    redress: { closed: 0, upheld: 0 },
    no_redress: { closed: 0, upheld: 0 },
  };
  const vulnerability = { opened: noVulnerability(), closed: noVulnerability() };
  let unclassified = 0;

  for await (const { raw, record, index } of eachRecord(records)) {
    if (record.receivedAt >= period.to) continue;
    const facts = factsOf(record);
    const v = contributionOf(facts, period, timing);
    if (!v) continue;
    const c = classificationOf(raw as ComplaintExport, record, index, o.classify, codes);
    acc.add(c, v);
    for (const m of fcaMeasures) totals[m] += v[m];
    if (c.product !== null && (v.opened || v.closed || v.outstanding_at_start || v.redress_paid)) seenProducts.add(c.product);
    if (c.product === null || c.cause === null) unclassified++;
    if (v.opened) countVulnerability(vulnerability.opened, record.vulnerability);
    if (v.closed) {
      countVulnerability(vulnerability.closed, record.vulnerability);
      const u = upheldOf(lastClosingIn(facts, period.from, period.to)!);
      upheldBasis[u.basis].closed++;
      if (u.upheld) upheldBasis[u.basis].upheld++;
    }
  }

  const productOrder = new Map(fcaProductGroupings.flatMap((g) => g.products.map((x) => x.code)).map((code, i) => [code, i]));
  const causeOrder = new Map(fcaCauses.map((x, i) => [x.code, i]));
  const aggregates = acc.aggregates().sort((a, b) => {
    const [pa, pas] = orderOf(productOrder, a.product);
    const [pb, pbs] = orderOf(productOrder, b.product);
    if (pa !== pb || pas !== pbs) return pa - pb || pas.localeCompare(pbs);
    const [ca, cas] = orderOf(causeOrder, a.cause);
    const [cb, cbs] = orderOf(causeOrder, b.cause);
    return ca - cb || cas.localeCompare(cbs);
  });
  const nil = fcaMeasures.every((m) => totals[m] === 0);
  const active = new Set(o.businessIn ?? seenProducts);
  const frequency = o.frequency ?? 'half-yearly';
  const threshold = frequency === 'annual' ? 1000 : 500;
  const otherFrns = o.firm?.otherFrns ?? [];
  const holidays = calendar.spec.holidays?.length ?? 0;
  const notes = [
    `Business days: ${calendar.timeZone} calendar${holidays === 0 ? ' without holidays (pass the UK bank holidays as calendar holidays)' : ` with ${holidays} holidays`}; the day of receipt is day 0 (DISP 1.5.1R).`,
    `8 weeks: closed on a ${timing.timeZone} date at most 56 days after the date of receipt (DISP 1.6.2R); never paused.`,
    'Closed: the customer accepted the final response, it was resolved on first contact, declared unresolvable (the firm\'s final position), or withdrawn; a re-opened complaint counts once, at its latest closing in the period, timed from receipt.',
    'Upheld: the firm\'s decision when recorded (partly upheld counts); otherwise from the root cause\'s liability; otherwise from whether redress was given.',
    'Redress: paid in the period (first-contact resolution and execution), whatever the closing date; rounded to whole pounds in the cells.',
  ];
  if (!map.verified) notes.push(`Cell map ${map.name}: not checked against the form's table and column references.`);
  return {
    form: 'DISP 1 Annex 1R',
    period: { from: period.from, to: period.to },
    frequency,
    firm: { name: o.firm?.name ?? null, frn: o.firm?.frn ?? null, otherFrns },
    codeSet: codes.name,
    cellMap: { name: map.name, verified: map.verified },
    nil,
    header: {
      groupReporting: otherFrns.length > 0,
      outstandingAtStart: totals.outstanding_at_start,
      opened: totals.opened,
      publication: { threshold, reached: totals.opened >= threshold },
    },
    totals,
    aggregates,
    cells: fillCells(map, aggregates, active, nil),
    unclassified,
    upheldBasis,
    vulnerability,
    notes,
  };
}

/**
 * The return's cells as CSV lines (`cell,label,value`; blank cells empty).
 *
 * @param ret - the return
 * @returns the lines, header first
 * @example
 * for (const line of fcaReturnCsv(ret)) process.stdout.write(line); // cell,label,value
 */
export function* fcaReturnCsv(ret: FcaReturn): Generator<string> {
  yield csvLine(['cell', 'label', 'value']);
  for (const c of ret.cells) yield csvLine([c.id, c.label, c.value]);
}
