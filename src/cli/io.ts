import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where the command writes, and what it knows about the terminal. */
export interface CliIo {
  stdout: { write(chunk: string): unknown };
  stderr: { write(chunk: string): unknown };
  /** Whether stderr is a terminal: the progress bar is drawn only then. */
  isTTY: boolean;
  /** Terminal width for the progress bar (default 80). */
  columns?: number;
  /** Directory relative file names are resolved against (default `process.cwd()`). */
  cwd?: string;
}

/** A bad command line: printed as one line on stderr, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** A command failed for a reason other than its command line (exit code 1): unreadable input, unreachable database, unwritable output. */
export class CommandError extends Error {
  override readonly name = 'CommandError';
}

/** Exit codes. */
/** Done. */
export const EXIT_OK = 0;
/** The command failed (input unreadable or invalid, database unreachable, output unwritable). */
export const EXIT_FAILURE = 1;
/** Bad command line: an unknown or malformed flag, or an invalid option file (`--config`, `--policy`, `--calendar`). */
export const EXIT_USAGE = 2;

let cachedVersion: string | undefined;

/** The package version, read from the nearest package.json named `redress` above this file. */
export function packageVersion(): string {
  if (cachedVersion !== undefined) return cachedVersion;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      try {
        const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown; version?: unknown };
        if (pkg.name === 'redress' && typeof pkg.version === 'string') return (cachedVersion = pkg.version);
      } catch {
        // not ours; keep looking
      }
    }
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return (cachedVersion = 'unknown');
}

/**
 * A progress bar on stderr, drawn only when stderr is a terminal.
 * @returns `update(done, total)` and `end()` (clears the line)
 */
export function progressBar(io: CliIo, label: string): { update(done: number, total: number): void; end(): void } {
  if (!io.isTTY) return { update: () => {}, end: () => {} };
  const columns = Math.max(40, io.columns ?? 80);
  let drawn = false;
  return {
    update(done, total) {
      const share = total > 0 ? Math.min(1, done / total) : 1;
      const tail = ` ${String(Math.round(share * 100)).padStart(3)}% ${done}/${total}`;
      const width = Math.max(10, Math.min(40, columns - label.length - tail.length - 4));
      const full = Math.round(share * width);
      io.stderr.write(`\r${label} [${'#'.repeat(full)}${'-'.repeat(width - full)}]${tail}`);
      drawn = true;
    },
    end() {
      if (drawn) io.stderr.write('\r\x1b[2K');
    },
  };
}
