// Australia, ASIC IDR data report (ASIC Corporations (Internal Dispute
// Resolution Data Reporting) Instrument 2022/205; RG 271; the IDR data
// reporting handbook): one CSV row per complaint that was open at any time in
// the six-month period. Element names and order follow the data dictionary as
// far as it could be read (see docs/reporting.md): the code tables (product or
// service, issue, outcome) and most allowed values could not; the host maps
// them (`codes`/`classify`, `channelCodes`, `outcomeCodes`, `statusCodes`).
import { z } from 'zod';
import type { ComplaintExport } from '../desk/desk.js';
import type { CodeSet } from '../schemas/classification.js';
import { parseWith } from '../schemas/parse.js';
import { channels, type Channel } from '../schemas/intake.js';
import { classificationOf, classifySchema, codeSetOptionSchema, type Classify } from './classify.js';
import { csvLines, type CsvColumn } from './csv.js';
import { daysBetween, localDate } from './days.js';
import { factsOf, lastClosingIn, openBefore, openDuring } from './facts.js';
import { reliefOf, type Relief } from './outcome.js';
import { periodSchema, timeZoneSchema, type PeriodInput } from './period.js';
import { eachRecord, type ReturnRecords } from './records.js';

/** How a closed complaint ended, before the host's outcome codes: from the relief given. */
export type AsicOutcome = 'monetary_remedy' | 'non_monetary_remedy' | 'explanation_or_apology' | 'withdrawn';

const outcomeOfRelief: Readonly<Record<Relief, AsicOutcome>> = {
  monetary: 'monetary_remedy',
  non_monetary: 'non_monetary_remedy',
  explanation: 'explanation_or_apology',
  withdrawn: 'withdrawn',
};

/**
 * Default "complaint received method" values for our channels. Unverified:
 * the handbook's allowed values could not be read; pass `channelCodes`.
 */
export const asicDefaultChannelCodes: Readonly<Record<Channel, string>> = Object.freeze({
  phone: 'Phone',
  email: 'Email',
  web: 'Online',
  chat: 'Online',
  app: 'Online',
  in_person: 'In person',
  letter: 'Letter',
  social: 'Social media',
});

/** Options of {@link asicIdrRows} and {@link asicIdrCsv}. */
export interface AsicIdrOptions {
  /** The reporting period, `[from, to)`: 1 January–30 June or 1 July–31 December. */
  period: PeriodInput;
  /** Time zone of the dates and the day counts (default `Australia/Sydney`). */
  timeZone?: string;
  /** The ASIC code tables, when the host has transcribed them: codes outside them are an error. */
  codes?: CodeSet;
  /** Maps a record to its product-or-service code (`product`) and issue code (`cause`). */
  classify?: Classify;
  /** The subsidiary, brand or fund the complaint is about (mandatory for entities with several under one licence). */
  brand?: string | ((record: ComplaintExport) => string | null);
  /** The complaint type element (e.g. the RG 271 timeframe class), when the host records one. */
  complaintType?: (record: ComplaintExport) => string | null;
  /** "Complaint received method" value per channel (default {@link asicDefaultChannelCodes}). */
  channelCodes?: Partial<Record<Channel, string>>;
  /** Outcome code per outcome (default: the outcome's own name). */
  outcomeCodes?: Partial<Record<AsicOutcome, string>>;
  /** Status values (default `Open` and `Closed`). */
  statusCodes?: { open?: string; closed?: string };
}

const optionsSchema = z.strictObject({
  period: periodSchema,
  timeZone: timeZoneSchema.optional(),
  codes: codeSetOptionSchema.optional(),
  classify: classifySchema.optional(),
  brand: z.union([z.string().min(1).max(200), z.custom<(r: ComplaintExport) => string | null>((f) => typeof f === 'function')]).optional(),
  complaintType: z.custom<(r: ComplaintExport) => string | null>((f) => typeof f === 'function', 'expected a function').optional(),
  channelCodes: z.partialRecord(z.enum(channels), z.string().min(1).max(100)).optional(),
  outcomeCodes: z.partialRecord(z.enum(['monetary_remedy', 'non_monetary_remedy', 'explanation_or_apology', 'withdrawn']), z.string().min(1).max(100)).optional(),
  statusCodes: z.strictObject({ open: z.string().min(1).max(50).optional(), closed: z.string().min(1).max(50).optional() }).optional(),
});

/** One row of the IDR data file: one complaint. */
export interface AsicIdrRow {
  /** 1. Entity's complaint unique identifier (the complaint id: unique, never re-used, the same in every period). */
  complaintId: string;
  /** 2. Name of subsidiary, brand or superannuation fund. */
  brand: string | null;
  /** 3. Complaint type. */
  complaintType: string | null;
  /** 4–6. Complainant gender, age, postcode: optional, not recorded by redress (blank). */
  gender: null;
  age: null;
  postcode: null;
  /** 7. Complaint status at the end of the period. */
  status: string;
  /** 8. Complaint received method. */
  receivedMethod: string;
  /** 9. Date complaint received (`YYYY-MM-DD`, local). */
  dateReceived: string;
  /** 10. Date complaint closed, when closed by the end of the period. */
  dateClosed: string | null;
  /** 11. Number of days taken to resolve: calendar days from the date received to the date closed (same day = 0). */
  daysToResolve: number | null;
  /** 12. Complaint about a representative: not recorded by redress (blank). */
  aboutRepresentative: null;
  /** 13. Product or service code. */
  product: string | null;
  /** 14. Complaint issue code. */
  issue: string | null;
  /** 15. Complaint outcome code, when closed. */
  outcome: string | null;
  /** 16. Monetary remedy: redress paid up to the end of the period, when closed. */
  monetaryRemedy: number | null;
}

/** The columns of the IDR data file, in the data dictionary's order. */
export const asicIdrColumns: readonly CsvColumn<AsicIdrRow>[] = [
  { header: 'complaint_unique_identifier', value: (r) => r.complaintId },
  { header: 'subsidiary_brand_or_fund', value: (r) => r.brand },
  { header: 'complaint_type', value: (r) => r.complaintType },
  { header: 'complainant_gender', value: (r) => r.gender },
  { header: 'complainant_age', value: (r) => r.age },
  { header: 'complainant_postcode', value: (r) => r.postcode },
  { header: 'complaint_status', value: (r) => r.status },
  { header: 'complaint_received_method', value: (r) => r.receivedMethod },
  { header: 'date_complaint_received', value: (r) => r.dateReceived },
  { header: 'date_complaint_closed', value: (r) => r.dateClosed },
  { header: 'days_to_resolve', value: (r) => r.daysToResolve },
  { header: 'complaint_about_representative', value: (r) => r.aboutRepresentative },
  { header: 'product_or_service', value: (r) => r.product },
  { header: 'complaint_issue', value: (r) => r.issue },
  { header: 'complaint_outcome', value: (r) => r.outcome },
  { header: 'monetary_remedy', value: (r) => r.monetaryRemedy },
];

/**
 * The IDR data file's rows, one per complaint open at any time in the
 * period (received in it, or not closed by its start), streamed as the
 * records come.
 *
 * Closed means: accepted final response, resolved on first contact, declared
 * unresolvable, or withdrawn (a re-opened complaint is open again).
 *
 * @param records - complete records with their timelines
 * @param options - period, time zone, code mapping
 * @returns the rows (options are checked at once; records as they are read)
 * @throws ValidationError for bad options; ReturnInputError for a record it cannot read
 * @example
 * for await (const row of asicIdrRows(desk.records({ timeline: true }), { period: { from: '2026-01-01T00:00:00+11:00', to: '2026-07-01T00:00:00+10:00' } })) console.log(row.complaintId, row.status);
 */
export function asicIdrRows(records: ReturnRecords, options: AsicIdrOptions): AsyncGenerator<AsicIdrRow> {
  const o = parseWith(optionsSchema, 'ASIC IDR options', options);
  const tz = o.timeZone ?? 'Australia/Sydney';
  const channelCodes = { ...asicDefaultChannelCodes, ...o.channelCodes };
  const open = o.statusCodes?.open ?? 'Open';
  const closedStatus = o.statusCodes?.closed ?? 'Closed';
  const { from, to } = o.period;
  return (async function* () {
    for await (const { raw, record, index } of eachRecord(records)) {
      if (record.receivedAt >= to) continue;
      const f = factsOf(record);
      if (!openDuring(f, from, to)) continue;
      const c = classificationOf(raw, record, index, o.classify, o.codes);
      const closing = openBefore(f, to) ? undefined : lastClosingIn(f, 0, to);
      const outcome = closing ? outcomeOfRelief[reliefOf(closing)] : undefined;
      const brand = typeof o.brand === 'function' ? o.brand(raw) : (o.brand ?? null);
      yield {
        complaintId: record.id,
        brand,
        complaintType: o.complaintType ? o.complaintType(raw) : null,
        gender: null,
        age: null,
        postcode: null,
        status: closing ? closedStatus : open,
        receivedMethod: channelCodes[record.channel],
        dateReceived: localDate(record.receivedAt, tz),
        dateClosed: closing ? localDate(closing.at, tz) : null,
        daysToResolve: closing ? daysBetween(record.receivedAt, closing.at, tz) : null,
        aboutRepresentative: null,
        product: c.product,
        issue: c.cause,
        outcome: outcome ? (o.outcomeCodes?.[outcome] ?? outcome) : null,
        monetaryRemedy: closing ? f.payments.reduce((sum, p) => (p.at < to ? sum + p.amount : sum), 0) : null,
      };
    }
  })();
}

/**
 * The IDR data file as CSV lines (header first), streamed.
 *
 * @param records - complete records with their timelines
 * @param options - as {@link asicIdrRows}
 * @returns the lines
 * @throws ValidationError for bad options; ReturnInputError for a record it cannot read
 * @example
 * for await (const line of asicIdrCsv(desk.records({ timeline: true }), { period, brand: 'Example Cards' })) out.write(line);
 */
export function asicIdrCsv(records: ReturnRecords, options: AsicIdrOptions): AsyncGenerator<string> {
  return csvLines(asicIdrColumns, asicIdrRows(records, options));
}
