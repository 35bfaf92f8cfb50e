// The commands of `redress`, one file each; re-exported here for existing imports.
export { simulateCommand } from './simulate-command.js';
export { summarizeCommand } from './summarize-command.js';
export { diagramCommand, diagramFormats } from './diagram-command.js';
export { CommandError } from './io.js';
export type { CliDeps, SimulateFn, SimulateOutcome } from './deps.js';
