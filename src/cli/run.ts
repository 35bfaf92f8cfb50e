// The `redress` command as a testable function: run(argv, io) → exit code.
import { RedressError } from '../errors.js';
import type { CliDeps } from './deps.js';
import { diagramCommand } from './diagram-command.js';
import { mainHelp } from './help.js';
import { CommandError, EXIT_FAILURE, EXIT_OK, EXIT_USAGE, UsageError, packageVersion, type CliIo } from './io.js';
import { simulateCommand } from './simulate-command.js';
import { summarizeCommand } from './summarize-command.js';

export type { CliIo } from './io.js';
export type { CliDeps, SimulateFn, SimulateOutcome } from './deps.js';
export type { DatabaseConnection, OpenDatabase } from './database.js';

const commands: Record<string, (args: string[], io: CliIo, deps: CliDeps) => Promise<number>> = {
  simulate: simulateCommand,
  summarize: summarizeCommand,
  diagram: (args, io) => diagramCommand(args, io),
  view: async (args, io) => (await import('./view-command.js')).viewCommand(args, io),
  report: async (args, io, deps) => (await import('./report-command.js')).reportCommand(args, io, deps),
};

/** One line: the first line of a message, without a trailing period. */
const oneLine = (s: string) => s.split('\n')[0]!.trim();

/**
 * Run the `redress` command line.
 *
 * @param argv - the arguments after the executable (`process.argv.slice(2)`)
 * @param io - stdout, stderr and whether stderr is a terminal
 * @param deps - replacements for tests (the simulation, the clock, the database opener)
 * @returns the exit code: 0 done, 1 failed, 2 bad command line
 */
export async function run(argv: readonly string[], io: CliIo, deps: CliDeps = {}): Promise<number> {
  const [first, ...rest] = argv;
  try {
    if (first === undefined) throw new UsageError('missing command (try redress --help)');
    if (first === '-h' || first === '--help' || first === 'help') {
      if (first === 'help' && rest[0] !== undefined) return await run([rest[0], '--help'], io, deps);
      io.stdout.write(mainHelp);
      return EXIT_OK;
    }
    if (first === '-v' || first === '--version') {
      io.stdout.write(`${packageVersion()}\n`);
      return EXIT_OK;
    }
    if (first.startsWith('-')) throw new UsageError(`unknown option ${first} (try redress --help)`);
    const command = commands[first];
    if (!command) throw new UsageError(`unknown command "${first}" (try redress --help)`);
    return await command(rest, io, deps);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr.write(`redress: ${oneLine(e.message)}\n`);
      return EXIT_USAGE;
    }
    if (e instanceof CommandError) {
      io.stderr.write(`redress: ${oneLine(e.message)}\n`);
      return EXIT_FAILURE;
    }
    if (e instanceof RedressError) {
      io.stderr.write(`redress: ${first}: ${oneLine(e.message)}\n`);
      return EXIT_FAILURE;
    }
    io.stderr.write(`redress: ${first ?? ''}: ${oneLine(e instanceof Error ? e.message : String(e))}\n`);
    return EXIT_FAILURE;
  }
}
