// Complaint records from a file, for `redress summarize`: a JSON array (or
// `{ "records": [...] }`), read whole, or JSON Lines (`.jsonl`, `.ndjson`:
// one record per line), streamed line by line so a file of any size is
// summarised in bounded memory.
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { createInterface } from 'node:readline';
import { CommandError, type CliIo } from './io.js';
import { pathOf } from './option-files.js';

/** Records to summarise, and how to name the n-th one (0-based) in a message. */
export interface RecordSource {
  records: Iterable<unknown> | AsyncIterable<unknown>;
  /** `line 3`, `[2]`: where the record with this index is in the input. */
  placeOf(index: number): string;
}

/** Whether a file name says JSON Lines. */
export const isJsonLines = (file: string): boolean => ['.jsonl', '.ndjson'].includes(extname(file).toLowerCase());

const reason = (e: unknown): string => (e instanceof Error ? e.message : String(e)).split('\n')[0]!;

/**
 * Records from a file: JSON Lines by extension (`.jsonl`, `.ndjson`), else
 * a JSON array or an object with a `records` array.
 *
 * @throws CommandError when the file cannot be read or is not JSON (for JSON
 *   Lines, the error names the line; it is raised while iterating)
 */
export async function recordsFromFile(io: CliIo, command: string, file: string): Promise<RecordSource> {
  const path = pathOf(io, file);
  if (isJsonLines(file)) {
    try {
      const s = await stat(path);
      if (!s.isFile()) throw new Error('not a file');
    } catch (e) {
      throw new CommandError(`${command}: cannot read ${file}: ${reason(e)}`);
    }
    return jsonLines(command, file, path);
  }
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new CommandError(`${command}: cannot read ${file}: ${reason(e)}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    const hint = /^\s*\{[^\n]*\}\s*\n\s*\{/.test(text) ? ' (one record per line? name the file .jsonl)' : '';
    throw new CommandError(`${command}: ${file} is not JSON: ${reason(e)}${hint}`);
  }
  const records =
    data !== null && typeof data === 'object' && !Array.isArray(data) && Array.isArray((data as { records?: unknown }).records)
      ? (data as { records: unknown[] }).records
      : data;
  if (!Array.isArray(records)) throw new CommandError(`${command}: ${file} must hold an array of complaint records (or { "records": [...] })`);
  return { records, placeOf: (i) => `record ${i}` };
}

/** A JSON Lines file as records; blank lines are skipped, line numbers kept for messages. */
function jsonLines(command: string, file: string, path: string): RecordSource {
  // Index → line: the first line is 1, and each skipped blank line shifts the rest by one.
  // Only the shifts are kept (one number per blank line), not a number per record.
  const shifts: number[] = [];
  const placeOf = (index: number): string => {
    let line = index + 1;
    for (const at of shifts) if (at <= index) line++;
    return `line ${line}`;
  };
  async function* read(): AsyncGenerator<unknown> {
    const stream = createReadStream(path, { encoding: 'utf8' });
    let failure: unknown;
    stream.on('error', (e) => {
      failure = e;
    });
    const lines = createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY });
    let n = 0;
    let index = 0;
    try {
      for await (const line of lines) {
        n++;
        if (line.trim() === '') {
          shifts.push(index);
          continue;
        }
        let record: unknown;
        try {
          record = JSON.parse(line);
        } catch (e) {
          throw new CommandError(`${command}: ${file} line ${n} is not JSON: ${reason(e)}`);
        }
        index++;
        yield record;
      }
    } finally {
      lines.close();
      stream.destroy();
    }
    if (failure !== undefined) throw new CommandError(`${command}: cannot read ${file}: ${reason(failure)}`);
  }
  return { records: read(), placeOf };
}
