/**
 * Recompute the flow viewer's layout from the chart with elkjs and write it
 * to src/viewer/layout.generated.ts (committed: the library never needs
 * elkjs at run time). test/viewer-layout.test.ts fails while the two differ.
 *
 * Run with `npm run viewer:layout`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { complaintMachine } from '../src/index.js';
import { buildFlowGraph } from '../src/viewer/graph.js';
import { computeFlowLayout, LAYOUT_MODULE, layoutModuleText } from './viewer-layout.js';

const file = join(dirname(fileURLToPath(import.meta.url)), '..', LAYOUT_MODULE);
const next = layoutModuleText(await computeFlowLayout(buildFlowGraph(complaintMachine)));
let before = '';
try {
  before = readFileSync(file, 'utf8');
} catch {
  // not written yet
}
if (before === next) {
  console.log(`${LAYOUT_MODULE}: layout up to date`);
} else {
  writeFileSync(file, next);
  console.log(`${LAYOUT_MODULE}: layout written`);
}
