// Writing what a command produced: JSON on stdout, the HTML report to a file.
import { writeFile } from 'node:fs/promises';
import { CommandError, type CliIo } from './io.js';
import { pathOf } from './option-files.js';

/** Pretty JSON with a trailing newline. */
export const json = (x: unknown): string => `${JSON.stringify(x, null, 2)}\n`;

/**
 * Write the HTML report and say so on stderr.
 * @throws CommandError when the file cannot be written
 */
export async function writeReport(io: CliIo, command: string, file: string, html: string): Promise<void> {
  try {
    await writeFile(pathOf(io, file), html);
  } catch (e) {
    throw new CommandError(`${command}: cannot write the report to ${file}: ${(e as Error).message}`);
  }
  io.stderr.write(`report written to ${file}\n`);
}
