// The printable page every document shares: an A4 sheet with print CSS, a
// bordered form table (label and value cells), signature lines and a footer.
// No scripts and no network resources: a Content-Security-Policy forbids them.
import { html, render, type Content, type Html } from './html.js';
import type { Formatter } from './format.js';
import type { DocumentKind } from './types.js';

const css = `
@page { size: A4; margin: 16mm 15mm 16mm; }
:root { color-scheme: light; }
* { box-sizing: border-box; }
html { background: #e5e7eb; }
body { margin: 0; color: #111; font-size: 10pt; line-height: 1.45; font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", "WenQuanYi Micro Hei", "Noto Sans", "Helvetica Neue", Arial, sans-serif; }
html:lang(en) body { font-family: "Helvetica Neue", Arial, "Noto Sans", "DejaVu Sans", "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif; }
.sheet { width: 210mm; min-height: 297mm; margin: 16px auto; padding: 16mm 15mm; background: #fff; box-shadow: 0 1px 4px rgba(0, 0, 0, 0.25); }
header { text-align: center; margin-bottom: 4mm; }
.org { font-size: 11pt; margin: 0 0 1mm; }
h1 { font-size: 18pt; margin: 0; letter-spacing: 0.08em; }
html:lang(en) h1 { letter-spacing: 0; }
.meta { display: flex; justify-content: space-between; gap: 8mm; font-size: 9.5pt; margin: 0 0 2mm; }
table.form { width: 100%; border-collapse: collapse; table-layout: fixed; margin: 0 0 4mm; }
.form col.label { width: 20%; }
.form col.value { width: 30%; }
.form th, .form td { border: 0.75pt solid #000; padding: 1.2mm 1.8mm; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
.form th { font-weight: 600; background: #eef1f4; }
.form th.section { background: #dde3ea; font-size: 11pt; }
.form tr { break-inside: avoid; page-break-inside: avoid; }
.form td.text { white-space: pre-wrap; }
.form ol, .form ul { margin: 0; padding-left: 5mm; }
.checks { display: inline-flex; flex-wrap: wrap; gap: 1mm 5mm; }
.check { white-space: nowrap; }
.check.on { font-weight: 600; }
.note { color: #444; font-size: 9pt; }
.statement { margin: 2mm 0 4mm; text-indent: 2em; }
.signatures { display: grid; grid-template-columns: 1fr 1fr; gap: 6mm 12mm; margin-top: 5mm; break-inside: avoid; page-break-inside: avoid; }
.signature p { margin: 0 0 3.5mm; }
.blank { display: inline-block; min-width: 38mm; border-bottom: 0.75pt solid #000; }
footer { margin-top: 5mm; padding-top: 2mm; border-top: 0.5pt solid #999; font-size: 8.5pt; color: #444; }
* { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
@media print {
  html { background: none; }
  .sheet { width: auto; min-height: 0; margin: 0; padding: 0; box-shadow: none; }
}
`;

/** The stylesheet: a literal of this module, never data. */
const stylesheet: Html = html(Object.assign([css], { raw: [css] }) as TemplateStringsArray);

/** A row of the form table. */
export type Row = Html;

/** A section heading across the table. */
export const section = (title: string): Row => html`<tr><th colspan="4" class="section">${title}</th></tr>`;

/** One label and value across the table; `text` keeps the value's line breaks. */
export const wide = (field: string, label: string, value: Content, text = false): Row =>
  html`<tr><th scope="row">${label}</th><td colspan="3"${text ? html` class="text"` : ''} data-field="${field}">${value}</td></tr>`;

/** Two labels and values side by side. */
export const pair = (a: [field: string, label: string, value: Content], b: [field: string, label: string, value: Content]): Row =>
  html`<tr><th scope="row">${a[1]}</th><td data-field="${a[0]}">${a[2]}</td><th scope="row">${b[1]}</th><td data-field="${b[0]}">${b[2]}</td></tr>`;

/** The bordered form table of `rows`. */
export const form = (rows: readonly Row[]): Html =>
  html`<table class="form"><colgroup><col class="label"><col class="value"><col class="label"><col class="value"></colgroup><tbody>${rows}</tbody></table>`;

/** A signature block: a heading, prefilled lines (who), then blank lines to sign (or seal) and date by hand. */
export const signature = (f: Formatter, title: string, lines: readonly Html[], signLabel: string = f.labels.text.signature): Html => {
  const t = f.labels.text;
  return html`<div class="signature"><p><strong>${title}</strong></p>${lines}<p>${signLabel}${t.colon}<span class="blank"></span></p><p>${t.date}${t.colon}<span class="blank">${t.dateBlank}</span></p></div>`;
};

/** A numbered list, or `—`. */
export const numbered = (f: Formatter, items: readonly Content[]): Content =>
  items.length === 0 ? f.labels.text.none : html`<ol>${items.map((i) => html`<li>${i}</li>`)}</ol>`;

/** What goes on the page. */
export interface Page {
  kind: DocumentKind;
  id: string;
  /** Label and value pairs under the title (complaint number, date). */
  meta: readonly [label: string, value: string][];
  body: readonly Html[];
  /** Extra footer notes. */
  notes?: readonly string[];
}

/**
 * The self-contained HTML document of a page.
 *
 * @param f - the document's formatter
 * @param page - title kind, complaint id, meta line, body and notes
 * @returns the HTML document
 */
export function page(f: Formatter, p: Page): string {
  const t = f.labels.text;
  const title = t.titles[p.kind];
  const notes = [`${t.complaintNo} ${p.id}`, t.timesIn(f.options.timeZone), ...(f.options.personalData ? [] : [t.masked]), ...(p.notes ?? []), t.generated];
  const lang = f.options.locale === 'zh' ? 'zh-CN' : 'en';
  const doc = html`<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${title} · ${p.id}</title>
<style>${stylesheet}</style>
</head>
<body data-document="${p.kind}">
<main class="sheet">
<header>${f.options.organization ? html`<p class="org">${f.options.organization}</p>` : ''}<h1>${title}</h1></header>
<div class="meta">${p.meta.map(([label, value]) => html`<span>${label}${t.colon}${value}</span>`)}</div>
${p.body}
<footer>${notes.join(' · ')}</footer>
</main>
</body>
</html>
`;
  return render(doc);
}
