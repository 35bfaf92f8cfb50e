// CSV (RFC 4180): fields quoted when they hold a comma, quote, CR or LF, or
// begin with a character a spreadsheet would read as a formula; lines end CRLF.

/** A CSV field value: empty for null and undefined. */
export type CsvValue = string | number | boolean | null | undefined;

/** One column of a CSV file: its header and how to read it from a row. */
export interface CsvColumn<R> {
  readonly header: string;
  readonly value: (row: R) => CsvValue;
}

/**
 * One CSV field, quoted as needed. Text starting with `=`, `+`, `-` or `@`
 * (a spreadsheet formula) is prefixed with `'` unless it is a number.
 *
 * @param v - the value
 * @returns the field text
 */
export function csvField(v: CsvValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  let s = v;
  if (/^[=+\-@]/.test(s) && !/^[+-]?\d+(\.\d+)?$/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * One CSV line (with its CRLF).
 *
 * @param values - the fields
 * @returns the line
 */
export const csvLine = (values: readonly CsvValue[]): string => `${values.map(csvField).join(',')}\r\n`;

/**
 * Rows as CSV lines, header first, one line per row as the rows come
 * (nothing is collected).
 *
 * @param columns - the columns
 * @param rows - the rows, read once
 * @returns the lines
 * @example
 * for await (const line of csvLines(columns, rows)) out.write(line);
 */
export async function* csvLines<R>(columns: readonly CsvColumn<R>[], rows: AsyncIterable<R> | Iterable<R>): AsyncGenerator<string> {
  yield csvLine(columns.map((c) => c.header));
  for await (const row of rows) yield csvLine(columns.map((c) => c.value(row)));
}
