import { parseArgs, type ParseArgsConfig } from 'node:util';
import { TZDate } from '@date-fns/tz';
import { presets, type PresetName } from '../sla/presets/index.js';
import { UsageError } from './io.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/** A parsed flag: a string, a boolean, the strings of a repeatable flag, or absent. */
export type FlagValue = string | boolean | string[] | undefined;

/** `parseArgs` in strict mode, its errors turned into one-line {@link UsageError}s. */
export function parse<O extends Options>(
  command: string,
  args: string[],
  options: O,
  allowPositionals: boolean,
): { values: Record<string, FlagValue>; positionals: string[] } {
  try {
    const r = parseArgs({ args, options, strict: true, allowPositionals });
    return { values: r.values as Record<string, FlagValue>, positionals: r.positionals };
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

/** The last value of a flag given as a string (a repeated single-value flag keeps its last value). */
const single = (raw: FlagValue): string | boolean | undefined => (Array.isArray(raw) ? raw[raw.length - 1] : raw);

/** A whole number flag within [min, max]. */
export function integerFlag(command: string, name: string, raw: FlagValue, fallback: number, min: number, max: number): number;
export function integerFlag(command: string, name: string, raw: FlagValue, fallback: undefined, min: number, max: number): number | undefined;
export function integerFlag(command: string, name: string, raw: FlagValue, fallback: number | undefined, min: number, max: number): number | undefined {
  const v = single(raw);
  if (v === undefined) return fallback;
  const n = typeof v === 'string' && /^-?\d+$/.test(v.trim()) ? Number(v) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    throw new UsageError(`${command}: --${name} must be a whole number from ${min} to ${max}, got "${String(v)}"`);
  }
  return n;
}

/** A non-negative number flag up to max. */
export function numberFlag(command: string, name: string, raw: FlagValue, fallback: number, max: number): number;
export function numberFlag(command: string, name: string, raw: FlagValue, fallback: undefined, max: number): number | undefined;
export function numberFlag(command: string, name: string, raw: FlagValue, fallback: number | undefined, max: number): number | undefined {
  const v = single(raw);
  if (v === undefined) return fallback;
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : Number.NaN;
  if (!Number.isFinite(n) || n < 0 || n > max) {
    throw new UsageError(`${command}: --${name} must be a number from 0 to ${max}, got "${String(v)}"`);
  }
  return n;
}

/** A flag naming something (a file, a schema): absent, or a non-empty string. */
export function stringFlag(command: string, name: string, raw: FlagValue, what = 'a value'): string | undefined {
  const v = single(raw);
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || v.trim() === '') throw new UsageError(`${command}: --${name} needs ${what}`);
  return v;
}

export const presetNames = Object.keys(presets) as PresetName[];

/** A preset name flag (absent: undefined). */
export function presetFlag(command: string, raw: FlagValue): PresetName | undefined {
  const v = single(raw);
  if (v === undefined) return undefined;
  if (typeof v === 'string' && (presetNames as string[]).includes(v)) return v as PresetName;
  throw new UsageError(`${command}: unknown preset "${String(v)}" (one of ${presetNames.join(', ')})`);
}

/** One of a few words. */
export function choiceFlag<T extends string>(command: string, name: string, raw: FlagValue, choices: readonly T[]): T | undefined {
  const v = single(raw);
  if (v === undefined) return undefined;
  if (typeof v === 'string' && (choices as readonly string[]).includes(v)) return v as T;
  throw new UsageError(`${command}: --${name} must be one of ${choices.join(', ')}, got "${String(v)}"`);
}

/** Whether `timeZone` is an IANA time zone this runtime knows. */
export function isTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** A time zone flag (`Asia/Shanghai`). */
export function timeZoneFlag(command: string, name: string, raw: FlagValue): string | undefined {
  const v = stringFlag(command, name, raw, 'an IANA time zone');
  if (v !== undefined && !isTimeZone(v)) throw new UsageError(`${command}: --${name} must be an IANA time zone such as Asia/Shanghai, got "${v}"`);
  return v;
}

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?)?$/;

/**
 * An instant as a person writes it on a command line: epoch milliseconds, an
 * ISO date-time with an offset (`2026-03-02T09:00:00Z`, `…+08:00`), or a
 * local date or date-time without one (`2026-03-02`, `2026-03-02T09:00`),
 * which is read as wall time in `timeZone`.
 *
 * @returns epoch ms, or undefined when the text is none of these (or names a date that does not exist)
 */
export function parseLocalInstant(text: string, timeZone: string): number | undefined {
  const s = text.trim();
  if (/^\d+$/.test(s)) return Number(s);
  const m = LOCAL.exec(s);
  if (m) {
    const [y, mo, d, h = '0', mi = '0', sec = '0', ms = '0'] = m.slice(1);
    const parts = [Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(sec), Number(ms.padEnd(3, '0'))] as const;
    const t = new TZDate(parts[0], parts[1], parts[2], parts[3], parts[4], parts[5], parts[6], timeZone);
    // Reject dates that roll over (2026-02-30) and hours past 23.
    if (t.getFullYear() !== parts[0] || t.getMonth() !== parts[1] || t.getDate() !== parts[2] || parts[3] > 23 || parts[4] > 59 || parts[5] > 59) return undefined;
    return t.getTime();
  }
  if (!/(?:Z|[+-]\d{2}:?\d{2})$/i.test(s)) return undefined;
  const t = Date.parse(s);
  return Number.isFinite(t) ? t : undefined;
}

/** An instant flag (see {@link parseLocalInstant}); local dates and times are read in `timeZone`. */
export function instantFlag(command: string, name: string, raw: FlagValue, timeZone: string): number | undefined {
  const v = single(raw);
  if (v === undefined) return undefined;
  const s = String(v).trim();
  const t = parseLocalInstant(s, timeZone);
  if (t === undefined) {
    throw new UsageError(`${command}: --${name} must be a date (2026-03-02, read in ${timeZone}), an ISO date-time or epoch milliseconds, got "${s}"`);
  }
  return t;
}

/**
 * `KEY=VALUE` pairs of a repeatable flag, each occurrence a comma-separated
 * list: `--staff agent=12,handler=8 --staff supervisor=2`.
 *
 * @returns the pairs in order (later ones win when a key repeats)
 */
export function pairsFlag(command: string, name: string, raw: FlagValue, example: string): [string, string][] {
  if (raw === undefined) return [];
  const items = (Array.isArray(raw) ? raw : [String(raw)]).flatMap((s) => s.split(','));
  return items.map((item) => {
    const m = /^\s*([A-Za-z][\w-]*)\s*=\s*(\S.*?)\s*$/.exec(item);
    if (!m) throw new UsageError(`${command}: --${name} takes KEY=VALUE pairs such as ${example}, got "${item}"`);
    return [m[1]!, m[2]!];
  });
}

/** A share: a fraction (`0.05`) or a percentage (`5%`). */
export function shareValue(command: string, name: string, key: string, text: string): number {
  const percent = text.endsWith('%');
  const n = Number(percent ? text.slice(0, -1) : text);
  if (text.trim() === '' || !Number.isFinite(n)) throw new UsageError(`${command}: --${name} ${key}: expected a share such as 0.05 or 5%, got "${text}"`);
  return percent ? n / 100 : n;
}
