import { parseArgs, type ParseArgsConfig } from 'node:util';
import { presets, type PresetName } from '../sla/presets/index.js';
import { UsageError } from './io.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/** `parseArgs` in strict mode, its errors turned into one-line {@link UsageError}s. */
export function parse<O extends Options>(
  command: string,
  args: string[],
  options: O,
  allowPositionals: boolean,
): { values: Record<string, string | boolean | undefined>; positionals: string[] } {
  try {
    const r = parseArgs({ args, options, strict: true, allowPositionals });
    return { values: r.values as Record<string, string | boolean | undefined>, positionals: r.positionals };
  } catch (e) {
    const err = e as { code?: string; message?: string };
    const msg = String(err.message ?? e);
    const unknown = /Unknown option '([^']+)'/.exec(msg);
    if (unknown) throw new UsageError(`${command}: unknown option ${unknown[1]}`);
    const positional = /Unexpected argument '([^']+)'/.exec(msg);
    if (positional) throw new UsageError(`${command}: unexpected argument "${positional[1]}"`);
    const missing = /Option '(?:-\w, )?(-[\w-]+)[^']*' argument (missing|is ambiguous)/.exec(msg);
    if (missing) {
      const hint = missing[2] === 'is ambiguous' ? ` (write ${missing[1]}=VALUE for a value starting with "-")` : '';
      throw new UsageError(`${command}: option ${missing[1]} needs a value${hint}`);
    }
    const noValue = /Option '(?:-\w, )?(-[\w-]+)[^']*' does not take an argument/.exec(msg);
    if (noValue) throw new UsageError(`${command}: option ${noValue[1]} takes no value`);
    throw new UsageError(`${command}: ${msg.split('\n')[0]}`);
  }
}

/** A whole number flag within [min, max]. */
export function integerFlag(command: string, name: string, raw: string | boolean | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined) return fallback;
  const n = typeof raw === 'string' && /^-?\d+$/.test(raw.trim()) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    throw new UsageError(`${command}: --${name} must be a whole number from ${min} to ${max}, got "${String(raw)}"`);
  }
  return n;
}

/** A non-negative number flag up to max. */
export function numberFlag(command: string, name: string, raw: string | boolean | undefined, fallback: number, max: number): number {
  if (raw === undefined) return fallback;
  const n = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : Number.NaN;
  if (!Number.isFinite(n) || n < 0 || n > max) {
    throw new UsageError(`${command}: --${name} must be a number from 0 to ${max}, got "${String(raw)}"`);
  }
  return n;
}

export const presetNames = Object.keys(presets) as PresetName[];

/** A preset name flag. */
export function presetFlag(command: string, raw: string | boolean | undefined): PresetName {
  if (raw === undefined) return 'guideline';
  if (typeof raw === 'string' && (presetNames as string[]).includes(raw)) return raw as PresetName;
  throw new UsageError(`${command}: unknown preset "${String(raw)}" (one of ${presetNames.join(', ')})`);
}

/** One of a few words. */
export function choiceFlag<T extends string>(command: string, name: string, raw: string | boolean | undefined, choices: readonly T[]): T | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw === 'string' && (choices as readonly string[]).includes(raw)) return raw as T;
  throw new UsageError(`${command}: --${name} must be one of ${choices.join(', ')}, got "${String(raw)}"`);
}

/** An instant flag: an ISO date(-time) or epoch milliseconds. */
export function instantFlag(command: string, name: string, raw: string | boolean | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const s = String(raw).trim();
  const t = /^\d+$/.test(s) ? Number(s) : Date.parse(s);
  if (!Number.isFinite(t)) throw new UsageError(`${command}: --${name} must be an ISO date or epoch milliseconds, got "${s}"`);
  return t;
}
