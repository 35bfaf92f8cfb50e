/**
 * Rewrite the Mermaid diagram in docs/lifecycle.md from the machine:
 * everything between `<!-- diagram:start -->` and `<!-- diagram:end -->` is
 * replaced by a ```mermaid block holding
 * `toMermaid(complaintMachine, { actions: true })` (edges read
 * `EVENT [guard] / action`, states show their entry actions, as in Stately's
 * tools). test/diagram.test.ts fails while the two differ.
 *
 * Run with `npm run docs:diagram`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { complaintMachine, toMermaid, type MermaidOptions } from '../src/index.js';

/** The options of the documented diagram (test/diagram.test.ts uses the same). */
const options: MermaidOptions = { actions: true };

const START = '<!-- diagram:start -->';
const END = '<!-- diagram:end -->';
const file = join(dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'lifecycle.md');

const doc = readFileSync(file, 'utf8');
const from = doc.indexOf(START);
const to = doc.indexOf(END);
if (from < 0 || to < from) {
  console.error(`${file}: missing ${START} … ${END} markers`);
  process.exit(1);
}
const block = `${START}\n\n\`\`\`mermaid\n${toMermaid(complaintMachine, options)}\`\`\`\n\n`;
const next = doc.slice(0, from) + block + doc.slice(to);
if (next === doc) {
  console.log(`${file}: diagram up to date`);
} else {
  writeFileSync(file, next);
  console.log(`${file}: diagram updated`);
}
