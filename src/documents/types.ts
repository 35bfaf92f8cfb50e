// The public shapes of the guideline's documents: which ones exist, what they
// are rendered from, and the options a host passes.
import type { TimelineEntry } from '../adapters/types.js';
import type { ComplaintExport } from '../desk/desk.js';
import type { ComplaintDetails } from '../desk/view.js';

/** The documents of the guideline (004 §(一), §(四), §(六)), in the order they arise. */
export const documentKinds = ['registration', 'remedyConfirmation', 'followUp'] as const;
/**
 * A document of the guideline:
 * - `registration` — 《客户投诉登记表》 (template 1), the intake as registered and its triage;
 * - `remedyConfirmation` — 《投诉处理方案确认书》 (template 3), the accepted remedy and both sides' confirmation;
 * - `followUp` — 《客户满意度回访表》 (template 4), the satisfaction follow-up and what was done.
 */
export type DocumentKind = (typeof documentKinds)[number];

/** The languages of the labels. */
export const documentLocales = ['zh', 'en'] as const;
/** The language of a document's labels: `zh` (简体中文) or `en`. Recorded text is shown as it was written. */
export type DocumentLocale = (typeof documentLocales)[number];

/**
 * What a document is rendered from, whichever a host has at hand:
 * - a `ComplaintDetails` from `desk.get(id)` (staff or customer reading);
 * - a `ComplaintExport` from `desk.records({ timeline: true })`, with its timeline.
 */
export type DocumentRecord = ComplaintDetails | ComplaintExport;

/** Options of `renderDocument`. */
export interface DocumentOptions {
  /** The language of the labels. */
  locale: DocumentLocale;
  /**
   * Show the customer's name, phone and e-mail as recorded (default `false`:
   * masked, `李雷` → `李*`, `13800001234` → `*******1234`, `li@example.com` → `l***@example.com`).
   */
  personalData?: boolean;
  /** IANA time zone the instants are written in (default: `policy`'s `business` calendar zone, else `UTC`). */
  timeZone?: string;
  /** The policy whose `business` calendar gives the default time zone (`desk.policy` fits). */
  policy?: { readonly calendars: Readonly<Record<string, { readonly timeZone: string }>> };
  /**
   * The complaint's timeline (`desk.timeline(id)`), for a `ComplaintDetails`:
   * adds who registered, triaged and acknowledged the complaint, how the
   * customer's acceptance was noted and the execution's completion. An export
   * brings its own.
   */
  timeline?: readonly TimelineEntry[];
  /** The company's name, printed above the title. */
  organization?: string;
  /** ISO 4217 code the amounts are in (e.g. `CNY`); plain numbers without it. */
  currency?: string;
  /** Display names for ids: people (staff ids in the record) and departments (`after_sales` → `售后部` is built in). */
  names?: { people?: Readonly<Record<string, string>>; departments?: Readonly<Record<string, string>> };
}
