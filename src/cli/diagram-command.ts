// `redress diagram`: the statechart as Mermaid, as JSON, or as an XState module.
import { complaintMachine, toJSONDiagram, toMermaid } from '../machine/index.js';
import { MACHINE_VERSION } from '../machine/migrations.js';
import { choiceFlag, parse } from './args.js';
import { diagramHelp } from './help.js';
import { EXIT_OK, packageVersion, type CliIo } from './io.js';
import { json } from './output.js';
import { toXStateModule } from './xstate-module.js';

/** The formats of `redress diagram`. */
export const diagramFormats = ['mermaid', 'json', 'xstate'] as const;

/**
 * `redress diagram [--format mermaid|json|xstate]`
 *
 * - `mermaid` (default): `toMermaid(complaintMachine)`, a `stateDiagram-v2`;
 * - `json`: `toJSONDiagram(complaintMachine)` (every state with its
 *   transitions, guards and actions by name; unlike `machine.toJSON()` it
 *   keeps guard names and `always` transitions);
 * - `xstate`: a standalone ES module (`import { setup } from 'xstate'`) with
 *   the machine's config and a stub per named guard, action and delay, for
 *   Stately Studio's "Import from code".
 *
 * @param args - the arguments after `diagram`
 * @param io - where to write
 * @returns the exit code
 */
export async function diagramCommand(args: string[], io: CliIo): Promise<number> {
  const cmd = 'diagram';
  const { values } = parse(cmd, args, { help: { type: 'boolean', short: 'h' }, format: { type: 'string' } }, false);
  if (values.help) {
    io.stdout.write(diagramHelp);
    return EXIT_OK;
  }
  const format = choiceFlag(cmd, 'format', values.format, diagramFormats) ?? 'mermaid';
  const text =
    format === 'json'
      ? json(toJSONDiagram(complaintMachine))
      : format === 'xstate'
        ? toXStateModule(complaintMachine, [
            `The redress complaint statechart (redress ${packageVersion()}, machine version ${MACHINE_VERSION}),`,
            'written by `redress diagram --format xstate` for Stately Studio ("Import from code") or any XState v5 tool.',
            'Guards, actions and delays are stubs: the real ones live in redress (createComplaintMachine(policy)).',
          ])
        : toMermaid(complaintMachine);
  io.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  return EXIT_OK;
}
