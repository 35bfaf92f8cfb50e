// renderDocument: one of the guideline's documents of a complaint, as
// self-contained, printable HTML.
import { formatter } from './format.js';
import { followUpDocument } from './follow-up.js';
import { parseKind, resolveOptions } from './options.js';
import { registrationDocument } from './registration.js';
import { remedyConfirmationDocument } from './remedy-confirmation.js';
import { sourceOf } from './source.js';
import type { DocumentKind, DocumentOptions, DocumentRecord } from './types.js';

const documents = {
  registration: registrationDocument,
  remedyConfirmation: remedyConfirmationDocument,
  followUp: followUpDocument,
} as const;

/**
 * Render one of the guideline's documents of a complaint as a self-contained,
 * printable HTML page (A4, print CSS; inline styles only, no scripts, no
 * network resources — a Content-Security-Policy forbids them). Every recorded
 * value is HTML-escaped; the customer's name, phone and e-mail are masked
 * unless `personalData` is true; instants are written in `timeZone` (default:
 * the `policy`'s `business` calendar zone, else UTC).
 *
 * - `registration` — 《客户投诉登记表》: the intake and its triage (any stage);
 * - `remedyConfirmation` — 《投诉处理方案确认书》: the accepted proposal with both
 *   sides' confirmation and signature lines (once the customer accepted);
 * - `followUp` — 《客户满意度回访表》: the satisfaction follow-up and what was done
 *   (once a follow-up is recorded).
 *
 * @param kind - which document
 * @param record - a `ComplaintDetails` (`desk.get`) or a `ComplaintExport` with its timeline (`desk.records({ timeline: true })`)
 * @param options - locale (`zh` or `en`), personal data, time zone or policy, and the rest of {@link DocumentOptions}
 * @returns the HTML document
 * @throws ValidationError for an unknown kind, invalid options or a malformed record;
 *   DocumentUnavailableError when the complaint has not reached what the document records
 * @example
 * const details = await desk.get(id);
 * const html = renderDocument('remedyConfirmation', details, { locale: 'zh', policy: desk.policy });
 * writeFileSync(`${id}-confirmation.html`, html);
 */
export function renderDocument(kind: DocumentKind, record: DocumentRecord, options: DocumentOptions): string {
  const k = parseKind(kind);
  const o = resolveOptions(options);
  return documents[k](sourceOf(record, o.timeline), formatter(o));
}
