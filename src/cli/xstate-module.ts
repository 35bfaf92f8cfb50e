// `redress diagram --format xstate`: the statechart as a standalone ES module
// that imports only `xstate` — `setup({ guards, actions, delays })` with a stub
// for every named implementation, and the machine's config written out as an
// object literal — the shape Stately Studio's "Import from code" reads.
import type { AnyStateMachine } from 'xstate';

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** A JSON value as JavaScript source: identifier keys unquoted, two-space indent. */
function literal(value: unknown, indent: string): string {
  if (value === null || typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return JSON.stringify(value);
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    const items = value.filter((v) => v !== undefined && typeof v !== 'function');
    if (items.length === 0) return '[]';
    return `[\n${items.map((v) => `${inner}${literal(v, inner)}`).join(',\n')},\n${indent}]`;
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined && typeof v !== 'function');
    if (entries.length === 0) return '{}';
    return `{\n${entries.map(([k, v]) => `${inner}${IDENTIFIER.test(k) ? k : JSON.stringify(k)}: ${literal(v, inner)}`).join(',\n')},\n${indent}}`;
  }
  throw new TypeError(`cannot write ${typeof value} as a literal`);
}

const key = (k: string) => (IDENTIFIER.test(k) ? k : JSON.stringify(k));

/** Names of a machine's implementations of one kind, in their order. */
const namesOf = (machine: AnyStateMachine, kind: 'guards' | 'actions' | 'delays'): string[] =>
  Object.keys((machine.implementations as unknown as Record<string, Record<string, unknown> | undefined>)[kind] ?? {});

/**
 * The machine as the source of a standalone ES module.
 *
 * The config is `machine.config` as JSON: the `context` factory becomes `{}`
 * and the `output` function is left out (neither is part of the chart).
 * Guards are stubs that allow (`() => true`), actions do nothing, delays are
 * one minute: the module draws and steps through the chart, it does not
 * compute deadlines.
 *
 * @param machine - the machine, e.g. `complaintMachine`
 * @param header - comment lines put at the top
 * @returns module text exporting `machine` (also the default export)
 */
export function toXStateModule(machine: AnyStateMachine, header: readonly string[] = []): string {
  // JSON drops the `context` factory and the `output` function; an object context stays.
  const { id, ...rest } = JSON.parse(JSON.stringify(machine.config)) as Record<string, unknown>;
  const body = { id, context: {}, ...rest };
  const section = (name: string, names: string[], stub: string) =>
    names.length === 0 ? `  ${name}: {},` : `  ${name}: {\n${names.map((n) => `    ${key(n)}: ${stub},`).join('\n')}\n  },`;
  return [
    ...header.map((l) => `// ${l}`),
    `import { setup } from 'xstate';`,
    '',
    'export const machine = setup({',
    section('guards', namesOf(machine, 'guards'), '() => true'),
    section('actions', namesOf(machine, 'actions'), '() => {}'),
    section('delays', namesOf(machine, 'delays'), '() => 60_000'),
    `}).createMachine(${literal(body, '')});`,
    '',
    'export default machine;',
    '',
  ].join('\n');
}
