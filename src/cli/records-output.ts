// Writing complaint records as JSON Lines (one record per line), the format
// `redress summarize` streams. Records are serialised one at a time into a
// bounded buffer that is flushed to the file as it fills.
import { open } from 'node:fs/promises';
import { CommandError, type CliIo } from './io.js';
import { pathOf } from './option-files.js';

/** Bytes (UTF-16 code units) gathered before a write. */
const FLUSH_AT = 1 << 20;

/**
 * Write records to `file`, one JSON document per line.
 *
 * @param records - any (async) iterable of records; read once, one at a time
 * @returns how many records were written
 * @throws CommandError when the file cannot be written
 */
export async function writeJsonLines(io: CliIo, command: string, file: string, records: Iterable<unknown> | AsyncIterable<unknown>): Promise<number> {
  const fail = (e: unknown) => new CommandError(`${command}: cannot write the records to ${file}: ${(e instanceof Error ? e.message : String(e)).split('\n')[0]}`);
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(pathOf(io, file), 'w');
  } catch (e) {
    throw fail(e);
  }
  let count = 0;
  try {
    let chunk = '';
    for await (const r of records) {
      chunk += `${JSON.stringify(r)}\n`;
      count++;
      if (chunk.length >= FLUSH_AT) {
        await handle.write(chunk);
        chunk = '';
      }
    }
    if (chunk) await handle.write(chunk);
  } catch (e) {
    throw e instanceof CommandError ? e : fail(e);
  } finally {
    await handle.close().catch(() => undefined);
  }
  return count;
}
