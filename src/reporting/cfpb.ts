// US CFPB-style company response per complaint: the response category of the
// CFPB company portal and the "timely" flag (Company Portal Manual §8.1:
// respond within 15 calendar days of the complaint being sent to the company;
// after an "In progress" response, a final response within 60 calendar
// days). Field names follow the public Consumer Complaint Database.
import { z } from 'zod';
import type { ComplaintExport } from '../desk/desk.js';
import type { CodeSet } from '../schemas/classification.js';
import { instantInputSchema, type InstantInput } from '../schemas/common.js';
import type { Channel } from '../schemas/intake.js';
import { parseWith } from '../schemas/parse.js';
import { classificationOf, classifySchema, codeSetOptionSchema, type Classify } from './classify.js';
import { cfpbCodes } from './code-sets/cfpb.js';
import { csvLines, type CsvColumn } from './csv.js';
import { isoInstant, localDate, localDay } from './days.js';
import { issue, ReturnInputError } from './errors.js';
import { factsOf, lastClosingIn, openBefore, type ComplaintFacts } from './facts.js';
import { reliefOf, type Relief } from './outcome.js';
import { periodSchema, timeZoneSchema, type PeriodInput } from './period.js';
import { eachRecord, type ReturnRecords } from './records.js';

/** Values of "Company response to consumer" this exporter gives. */
export type CfpbResponse =
  | 'Closed with monetary relief'
  | 'Closed with non-monetary relief'
  | 'Closed with explanation'
  | 'In progress'
  | 'Untimely response';

const responseOfRelief: Readonly<Record<Relief, CfpbResponse>> = {
  monetary: 'Closed with monetary relief',
  non_monetary: 'Closed with non-monetary relief',
  explanation: 'Closed with explanation',
  withdrawn: 'Closed with explanation',
};

/** Calendar days for the first response (Company Portal Manual §8.1). */
export const CFPB_RESPONSE_DAYS = 15;
/** Calendar days for the final response after "In progress" (Company Portal Manual §8.1). */
export const CFPB_FINAL_RESPONSE_DAYS = 60;

/** Options of {@link cfpbResponses} and {@link cfpbResponsesCsv}. */
export interface CfpbResponseOptions {
  /** Complaints sent to the company in `[from, to)`. */
  period: PeriodInput;
  /** The responses as they stood at this instant (default: the period's end). */
  asOf?: InstantInput;
  /** Time zone of the dates and calendar-day counts (default `America/New_York`). */
  timeZone?: string;
  /** Products and issues (default {@link cfpbCodes}); codes outside it are an error. */
  codes?: CodeSet;
  /** Maps a record to its product (`product`) and issue (`cause`) codes. */
  classify?: Classify;
  /** When the CFPB sent the complaint to the company (the clock's start). Default: when it was filed. */
  sentToCompanyAt?: (record: ComplaintExport) => InstantInput | null | undefined;
  /** The company's name, for the `company` field. */
  company?: string;
}

const optionsSchema = z.strictObject({
  period: periodSchema,
  asOf: instantInputSchema.optional(),
  timeZone: timeZoneSchema.optional(),
  codes: codeSetOptionSchema.optional(),
  classify: classifySchema.optional(),
  sentToCompanyAt: z.custom<NonNullable<CfpbResponseOptions['sentToCompanyAt']>>((f) => typeof f === 'function', 'expected a function').optional(),
  company: z.string().min(1).max(200).optional(),
});

/** One complaint's response, as the public database shows it. */
export interface CfpbResponseRow {
  complaintId: string;
  company: string | null;
  /** Date received (`YYYY-MM-DD`, local). */
  dateReceived: string;
  /** Date sent to company (`YYYY-MM-DD`, local): the clock's start. */
  dateSentToCompany: string;
  /** Product (the code set's label for the code). */
  product: string | null;
  /** Issue (the code set's label for the code). */
  issue: string | null;
  /** Company response to consumer, at `asOf`; null while no response is due yet. */
  companyResponse: CfpbResponse | null;
  /** Timely response? null while no response is due yet. */
  timely: 'Yes' | 'No' | null;
  /** The first response: a closing, or an "In progress" extension (ISO instant). */
  firstResponseAt: string | null;
  /** Calendar days from sent to the first response. */
  firstResponseDays: number | null;
  /** The final response: the closing (ISO instant). */
  finalResponseAt: string | null;
  /** Calendar days from sent to the final response. */
  finalResponseDays: number | null;
  /** How the complaint reached the company (redress's channel). */
  channel: Channel;
}

/** The CSV columns: the database's field names, then the response times. */
export const cfpbResponseColumns: readonly CsvColumn<CfpbResponseRow>[] = [
  { header: 'Complaint ID', value: (r) => r.complaintId },
  { header: 'Company', value: (r) => r.company },
  { header: 'Date received', value: (r) => r.dateReceived },
  { header: 'Date sent to company', value: (r) => r.dateSentToCompany },
  { header: 'Product', value: (r) => r.product },
  { header: 'Issue', value: (r) => r.issue },
  { header: 'Company response to consumer', value: (r) => r.companyResponse },
  { header: 'Timely response?', value: (r) => r.timely },
  { header: 'First response at', value: (r) => r.firstResponseAt },
  { header: 'First response days', value: (r) => r.firstResponseDays },
  { header: 'Final response at', value: (r) => r.finalResponseAt },
  { header: 'Final response days', value: (r) => r.finalResponseDays },
  { header: 'Channel', value: (r) => r.channel },
];

/** The first "In progress" response: an extension of the resolution or regulatory deadline. */
const inProgressAt = (f: ComplaintFacts, before: number): number | undefined =>
  f.extensions.find((x) => (x.clock === 'resolution' || x.clock === 'regulatory') && x.at < before)?.at;

/**
 * The response category and timeliness of one complaint at `asOf`.
 *
 * @param f - the complaint's facts
 * @param sent - when it was sent to the company
 * @param asOf - the instant the response is read at (exclusive)
 * @param tz - time zone of the calendar days
 */
function responseOf(f: ComplaintFacts, sent: number, asOf: number, tz: string) {
  const days = (t: number) => localDay(t, tz) - localDay(sent, tz);
  const final = f.closings.find((c) => c.at < asOf);
  const progress = inProgressAt(f, asOf);
  const first = final === undefined ? progress : progress === undefined ? final.at : Math.min(progress, final.at);
  const elapsed = days(asOf - 1);
  let response: CfpbResponse | null;
  const closing = openBefore(f, asOf) ? undefined : lastClosingIn(f, 0, asOf);
  if (closing) response = responseOfRelief[reliefOf(closing)];
  else if (first !== undefined) response = 'In progress'; // an "In progress" reply, or a closing since re-opened
  else response = elapsed > CFPB_RESPONSE_DAYS ? 'Untimely response' : null;
  let timely: 'Yes' | 'No' | null;
  if (first === undefined) timely = elapsed > CFPB_RESPONSE_DAYS ? 'No' : null;
  else {
    const firstOnTime = days(first) <= CFPB_RESPONSE_DAYS;
    const inProgressFirst = final === undefined || (progress !== undefined && progress < final.at);
    const finalOnTime = !inProgressFirst || (final === undefined ? elapsed <= CFPB_FINAL_RESPONSE_DAYS : days(final.at) <= CFPB_FINAL_RESPONSE_DAYS);
    timely = firstOnTime && finalOnTime ? 'Yes' : 'No';
  }
  return { response, timely, first, final: final?.at, days };
}

/**
 * The CFPB-style company response of every complaint sent to the company in
 * the period, as it stood at `asOf`, streamed as the records come.
 *
 * - Response: a closed complaint is "Closed with monetary relief" (redress
 *   paid, compensation, refund or voucher), "… non-monetary relief"
 *   (repair, replacement, other remedy) or "… explanation" (apology only, no
 *   remedy, unresolvable, withdrawn); an open one after an extension of its
 *   resolution deadline is "In progress"; one with no response more than 15
 *   days after it was sent is "Untimely response".
 * - Timely: the first response (closing or "In progress") within 15
 *   calendar days of being sent and, after "In progress", the closing within
 *   60 calendar days.
 *
 * @param records - complete records with their timelines
 * @param options - period, as-of instant, time zone, codes
 * @returns the rows
 * @throws ValidationError for bad options; ReturnInputError for a record it cannot read
 * @example
 * for await (const r of cfpbResponses(desk.records({ timeline: true }), { period: { from: '2026-01-01T00:00:00-05:00', to: '2026-04-01T00:00:00-04:00' } })) console.log(r.companyResponse, r.timely);
 */
export function cfpbResponses(records: ReturnRecords, options: CfpbResponseOptions): AsyncGenerator<CfpbResponseRow> {
  const o = parseWith(optionsSchema, 'CFPB response options', options);
  const tz = o.timeZone ?? 'America/New_York';
  const codes = o.codes ?? cfpbCodes;
  const { from, to } = o.period;
  const asOf = o.asOf ?? to;
  return (async function* () {
    for await (const { raw, record, index } of eachRecord(records)) {
      let sent = record.receivedAt;
      if (o.sentToCompanyAt) {
        const given = o.sentToCompanyAt(raw);
        if (given !== null && given !== undefined) {
          const p = instantInputSchema.safeParse(given);
          if (!p.success) throw new ReturnInputError(index, record.id, [issue(['sentToCompanyAt'], 'sentToCompanyAt must return an instant (epoch ms, Date or ISO string with an offset)')]);
          sent = p.data;
        }
      }
      if (sent < from || sent >= to) continue;
      const f = factsOf(record);
      const c = classificationOf(raw, record, index, o.classify, codes);
      const r = responseOf(f, sent, asOf, tz);
      yield {
        complaintId: record.id,
        company: o.company ?? null,
        dateReceived: localDate(record.receivedAt, tz),
        dateSentToCompany: localDate(sent, tz),
        product: c.product === null ? null : (codes.products[c.product] ?? c.product),
        issue: c.cause === null ? null : (codes.causes[c.cause] ?? c.cause),
        companyResponse: r.response,
        timely: r.timely,
        firstResponseAt: r.first === undefined ? null : isoInstant(r.first),
        firstResponseDays: r.first === undefined ? null : r.days(r.first),
        finalResponseAt: r.final === undefined ? null : isoInstant(r.final),
        finalResponseDays: r.final === undefined ? null : r.days(r.final),
        channel: record.channel,
      };
    }
  })();
}

/**
 * The responses as CSV lines (header first), streamed.
 *
 * @param records - complete records with their timelines
 * @param options - as {@link cfpbResponses}
 * @returns the lines
 * @example
 * for await (const line of cfpbResponsesCsv(desk.records({ timeline: true }), { period })) out.write(line);
 */
export function cfpbResponsesCsv(records: ReturnRecords, options: CfpbResponseOptions): AsyncGenerator<string> {
  return csvLines(cfpbResponseColumns, cfpbResponses(records, options));
}
