// Option files: --policy (JSON or a JavaScript module), --calendar (JSON).
// Anything wrong with them is a usage error (exit 2) naming the flag and,
// for a bad field, its path in the file.
import { readFile } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ValidationError } from '../errors.js';
import { createCalendar, type Calendar } from '../sla/calendar.js';
import { definePolicy, type Policy } from '../sla/policy.js';
import { presets, type PresetName } from '../sla/presets/index.js';
import { fieldOf, firstIssue } from './issues.js';
import { UsageError, type CliIo } from './io.js';

/** A file named on the command line, resolved against the command's directory. */
export const pathOf = (io: CliIo, file: string): string => resolve(io.cwd ?? process.cwd(), file);

const reason = (e: unknown): string => (e instanceof Error ? e.message : String(e)).split('\n')[0]!;

/**
 * The parsed JSON of an option file.
 * @throws UsageError when it cannot be read or is not JSON
 */
export async function readJsonOption(io: CliIo, command: string, flag: string, file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(pathOf(io, file), 'utf8');
  } catch (e) {
    throw new UsageError(`${command}: ${flag}: cannot read ${file}: ${reason(e)}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new UsageError(`${command}: ${flag}: ${file} is not JSON: ${reason(e)}`);
  }
}

const MODULE_EXTENSIONS = ['.js', '.mjs', '.cjs'];
const TYPESCRIPT_EXTENSIONS = ['.ts', '.mts', '.cts'];

/** What a policy module exports: `default` or `policy` (CommonJS: `module.exports` or its `policy`). */
function exportedPolicy(mod: Record<string, unknown>): unknown {
  const d = mod.default as Record<string, unknown> | undefined;
  const candidates = [mod.policy, d !== null && typeof d === 'object' && !('name' in d) ? (d.policy ?? d.default) : undefined, d];
  return candidates.find((c) => c !== undefined && c !== null);
}

/** tsx's module API, when the host project has tsx installed (a name in a variable: never bundled). */
const TSX_API = 'tsx/esm/api';
type TsImport = (specifier: string, parentURL: string) => Promise<unknown>;

/** tsx's `tsImport`, or undefined when tsx is not installed. */
async function tsxImport(): Promise<TsImport | undefined> {
  try {
    const api = (await import(TSX_API)) as { tsImport?: TsImport };
    return typeof api.tsImport === 'function' ? api.tsImport : undefined;
  } catch {
    return undefined;
  }
}

async function importPolicyModule(io: CliIo, command: string, file: string): Promise<unknown> {
  let mod: Record<string, unknown>;
  const url = pathToFileURL(pathOf(io, file)).href;
  try {
    try {
      mod = (await import(url)) as Record<string, unknown>;
    } catch (e) {
      // Node 20 has no TypeScript loader: use tsx when the project has it.
      if ((e as { code?: unknown }).code !== 'ERR_UNKNOWN_FILE_EXTENSION') throw e;
      const tsImport = await tsxImport();
      if (!tsImport) {
        throw new UsageError(`${command}: --policy: this Node.js cannot load TypeScript (${file}) and tsx is not installed: add it (npm install --save-dev tsx), compile the policy to .js or .mjs, or write it as JSON`);
      }
      mod = (await tsImport(url, import.meta.url)) as Record<string, unknown>;
    }
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`${command}: --policy: cannot load ${file}: ${reason(e)}`);
  }
  const value = exportedPolicy(mod);
  if (value === undefined) throw new UsageError(`${command}: --policy: ${file} exports no policy (export it as default or as "policy")`);
  return value;
}

/**
 * A policy from a file: JSON (the input of `definePolicy`), or a JavaScript
 * module (`.js`, `.mjs`, `.cjs`; TypeScript `.ts`, `.mts`, `.cts` where this
 * Node.js loads it, else through tsx when the project has it installed)
 * exporting a policy or a policy input as `default` or `policy`. Validated
 * with `definePolicy`.
 *
 * @throws UsageError naming the file and the bad field (`--policy targets.triage.within: …`)
 */
export async function loadPolicyFile(io: CliIo, command: string, file: string): Promise<Policy> {
  const ext = extname(file).toLowerCase();
  let value: unknown;
  if (ext === '.json') value = await readJsonOption(io, command, '--policy', file);
  else if (MODULE_EXTENSIONS.includes(ext) || TYPESCRIPT_EXTENSIONS.includes(ext)) value = await importPolicyModule(io, command, file);
  else throw new UsageError(`${command}: --policy: expected a .json, .js, .mjs or .cjs file, got ${file}`);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new UsageError(`${command}: --policy: ${file} must hold a policy object (the input of definePolicy)`);
  }
  try {
    return definePolicy(value as Policy);
  } catch (e) {
    if (e instanceof ValidationError) throw new UsageError(`${command}: ${firstIssue(e.issues, (p) => fieldOf('--policy', p))}`);
    throw e;
  }
}

/**
 * A calendar from a JSON file holding the input of `createCalendar`
 * (`{ timeZone, week, holidays?, workdays? }`).
 *
 * @throws UsageError naming the bad field (`--calendar week.mon.0: …`)
 */
export async function loadCalendarFile(io: CliIo, command: string, file: string): Promise<Calendar> {
  const spec = await readJsonOption(io, command, '--calendar', file);
  try {
    return createCalendar(spec as Parameters<typeof createCalendar>[0]);
  } catch (e) {
    if (e instanceof ValidationError) throw new UsageError(`${command}: ${firstIssue(e.issues, (p) => fieldOf('--calendar', p))}`);
    throw e;
  }
}

/** A policy and how the command line chose it. */
export interface ChosenPolicy {
  policy: Policy;
  /** `preset guideline`, `policy shop (shop.json)`, … */
  label: string;
}

/**
 * `business` replaced by `calendar`: the calendar a policy's targets use by
 * default (the one `definePolicy` fills in when a policy names none), and the
 * one the analytics measure working time on.
 */
export function withBusinessCalendar(policy: Policy, calendar: Calendar): Policy {
  return definePolicy({ ...policy, calendars: { ...policy.calendars, business: calendar } });
}

/**
 * The policy of a command: `--policy FILE` or `--preset NAME` (not both),
 * else `fallback` (from a --config file), else the guideline preset; then
 * `--calendar FILE` as its `business` calendar.
 */
export async function choosePolicy(
  io: CliIo,
  command: string,
  flags: { policyFile?: string | undefined; preset?: PresetName | undefined; calendarFile?: string | undefined },
  fallback?: () => ChosenPolicy | undefined,
): Promise<ChosenPolicy> {
  if (flags.policyFile !== undefined && flags.preset !== undefined) throw new UsageError(`${command}: give --policy or --preset, not both`);
  let chosen: ChosenPolicy;
  if (flags.policyFile !== undefined) {
    const policy = await loadPolicyFile(io, command, flags.policyFile);
    chosen = { policy, label: `policy ${policy.name} (${flags.policyFile})` };
  } else if (flags.preset !== undefined) {
    chosen = { policy: presets[flags.preset], label: `preset ${flags.preset}` };
  } else {
    chosen = fallback?.() ?? { policy: presets.guideline, label: 'preset guideline' };
  }
  if (flags.calendarFile !== undefined) {
    const calendar = await loadCalendarFile(io, command, flags.calendarFile);
    chosen = { policy: withBusinessCalendar(chosen.policy, calendar), label: `${chosen.label}, business calendar ${flags.calendarFile}` };
  }
  return chosen;
}
