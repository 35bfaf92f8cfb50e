// The options of `redress simulate`: a --config file (every simulation
// option as JSON), overridden by flags. Each option remembers where it came
// from, so a problem found later (by the schema or by the simulation's own
// checks) names the flag or the field of the file the user wrote.
import { z } from 'zod';
import { ValidationError, type ValidationIssue } from '../errors.js';
import { simulationOptionsSchema, staffRoles, type SimulationOptions, type StaffRole } from '../simulation/options.js';
import { definePolicy, type Policy } from '../sla/policy.js';
import { presets } from '../sla/presets/index.js';
import { integerFlag, numberFlag, pairsFlag, parseLocalInstant, shareValue, timeZoneFlag, type FlagValue } from './args.js';
import { dotted, fieldOf, firstIssue, plainMessages } from './issues.js';
import { UsageError, type CliIo } from './io.js';
import { readJsonOption, type ChosenPolicy } from './option-files.js';

/**
 * What a --config file may hold: every option of `simulate` except the ones
 * the command sets itself (`keepRecords`, `keepTimelines`, `onProgress`);
 * `policy` is the input of `definePolicy` (or name a `preset`).
 */
export const simulationConfigSchema = simulationOptionsSchema
  .omit({ keepRecords: true, keepTimelines: true, onProgress: true, policy: true })
  .partial()
  .extend({ policy: z.looseObject({}).optional() });

/** A validated --config file. */
export type SimulationConfig = z.infer<typeof simulationConfigSchema>;

/**
 * Read and validate a --config file.
 * @throws UsageError naming the field (`--config staffing.agent.count: expected a number, got a string`)
 */
export async function loadSimulationConfig(io: CliIo, command: string, file: string): Promise<SimulationConfig> {
  const data = await readJsonOption(io, command, '--config', file);
  const r = simulationConfigSchema.safeParse(data, { error: plainMessages });
  if (!r.success) throw new UsageError(`${command}: ${firstIssue(r.error.issues, (p) => fieldOf('--config', p))}`);
  return r.data;
}

/** The policy a --config file names, if any (validated with `definePolicy`). */
export function configPolicy(command: string, config: SimulationConfig | undefined): ChosenPolicy | undefined {
  if (!config) return undefined;
  if (config.policy !== undefined && config.preset !== undefined) throw new UsageError(`${command}: --config: give "policy" or "preset", not both`);
  if (config.preset !== undefined) return { policy: presets[config.preset], label: `preset ${config.preset} (--config)` };
  if (config.policy !== undefined) {
    try {
      const policy = definePolicy(config.policy as unknown as Policy);
      return { policy, label: `policy ${policy.name} (--config)` };
    } catch (e) {
      if (e instanceof ValidationError) throw new UsageError(`${command}: ${firstIssue(e.issues, (p) => fieldOf('--config', ['policy', ...p]))}`);
      throw e;
    }
  }
  return undefined;
}

/** The simulation flags, as parsed. */
export interface SimulationFlags {
  days: FlagValue;
  'per-day': FlagValue;
  seed: FlagValue;
  start: FlagValue;
  'time-zone': FlagValue;
  staff: FlagValue;
  capacity: FlagValue;
  'severity-mix': FlagValue;
  'category-mix': FlagValue;
  'channel-mix': FlagValue;
}

/** The options to run, and where each came from. */
export interface SimulationPlanInput {
  options: SimulationOptions;
  /** Names the place of an option's path: the flag that set it, or `--config <path>`. */
  where(path: readonly PropertyKey[]): string;
}

const mixFlags = { severityMix: 'severity-mix', categoryMix: 'category-mix', channelMix: 'channel-mix' } as const;

/**
 * Merge the --config file and the flags (flags win) into simulation options.
 *
 * Defaults the command applies when neither gives them: 90 days, 200 a day,
 * seed 1. `--start` and a config `start` without an offset are local times
 * in the simulation's time zone (`--time-zone`, else the config's, else the
 * policy's business calendar's).
 */
export function simulationOptionsFrom(command: string, flags: SimulationFlags, config: SimulationConfig | undefined, policy: Policy): SimulationPlanInput {
  const origin = new Map<string, string>();
  const c = config ?? {};
  // The policy is chosen already (flags, else the config's policy or preset); the rest of the config carries over.
  const options = { ...c, preset: undefined, policy, seed: 1, days: 90, perDay: 200 } as SimulationOptions;
  delete options.preset;

  const pick = <K extends 'days' | 'perDay' | 'seed'>(key: K, flag: string, value: number | undefined, fallback: number) => {
    if (value !== undefined) origin.set(key, `--${flag}`);
    else if (c[key] === undefined) origin.set(key, `--${flag}`); // the command's default
    options[key] = value ?? (c[key] as number | undefined) ?? fallback;
  };
  pick('days', 'days', integerFlag(command, 'days', flags.days, undefined, 1, 3660), 90);
  pick('perDay', 'per-day', numberFlag(command, 'per-day', flags['per-day'], undefined, 1_000_000), 200);
  pick('seed', 'seed', integerFlag(command, 'seed', flags.seed, undefined, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER), 1);

  const timeZone = timeZoneFlag(command, 'time-zone', flags['time-zone']);
  if (timeZone !== undefined) {
    options.timeZone = timeZone;
    origin.set('timeZone', '--time-zone');
  }
  const zone = options.timeZone ?? (policy.calendars.business ?? Object.values(policy.calendars)[0]!).timeZone;

  if (flags.start !== undefined) {
    const s = String(Array.isArray(flags.start) ? flags.start[flags.start.length - 1] : flags.start);
    const t = parseLocalInstant(s, zone);
    if (t === undefined) throw new UsageError(`${command}: --start must be a date (2026-03-02, read in ${zone}), an ISO date-time or epoch milliseconds, got "${s}"`);
    options.start = t;
    origin.set('start', '--start');
  } else if (typeof c.start === 'string') {
    const t = parseLocalInstant(c.start, zone);
    if (t === undefined) throw new UsageError(`${command}: --config start: expected a date (2026-03-02), an ISO date-time or epoch milliseconds, got "${c.start}"`);
    options.start = t;
  }

  for (const [key, flag] of Object.entries(mixFlags) as [keyof typeof mixFlags, string][]) {
    const pairs = pairsFlag(command, flag, flags[flag as keyof SimulationFlags], 'urgent=0.1,general=0.3,normal=0.6');
    if (pairs.length === 0) continue;
    options[key] = Object.fromEntries(pairs.map(([k, v]) => [k, shareValue(command, flag, k, v)])) as never;
    origin.set(key, `--${flag}`);
  }

  const staffing: Partial<Record<StaffRole, { count?: number; capacity?: number; calendar?: unknown }>> = {};
  for (const role of staffRoles) if (c.staffing?.[role]) staffing[role] = { ...c.staffing[role] };
  const role = (flag: string, key: string): StaffRole => {
    if (!(staffRoles as readonly string[]).includes(key)) throw new UsageError(`${command}: --${flag}: unknown role "${key}" (one of ${staffRoles.join(', ')})`);
    return key as StaffRole;
  };
  const whole = (flag: string, key: string, v: string, min: number) => {
    const n = /^\d+$/.test(v) ? Number(v) : Number.NaN;
    if (!Number.isSafeInteger(n) || n < min) throw new UsageError(`${command}: --${flag} ${key}: expected a whole number of at least ${min}, got "${v}"`);
    return n;
  };
  for (const [k, v] of pairsFlag(command, 'staff', flags.staff, 'agent=12,handler=8')) {
    const r = role('staff', k);
    staffing[r] = { ...staffing[r], count: whole('staff', k, v, 0) };
    origin.set(`staffing.${r}.count`, `--staff ${r}`);
  }
  for (const [k, v] of pairsFlag(command, 'capacity', flags.capacity, 'agent=6,handler=10')) {
    const r = role('capacity', k);
    if (staffing[r]?.count === undefined) throw new UsageError(`${command}: --capacity ${r}: give the role's head count too (--staff ${r}=N)`);
    staffing[r] = { ...staffing[r], capacity: whole('capacity', k, v, 1) };
    origin.set(`staffing.${r}.capacity`, `--capacity ${r}`);
  }
  if (Object.keys(staffing).length > 0) options.staffing = staffing as SimulationOptions['staffing'];

  const where = (path: readonly PropertyKey[]): string => {
    for (let n = Math.min(path.length, 3); n >= 1; n--) {
      const label = origin.get(dotted(path.slice(0, n)));
      if (label !== undefined) return path.length > n ? `${label} ${dotted(path.slice(n))}` : label;
    }
    return config ? fieldOf('--config', path) : path.length > 0 ? dotted(path) : 'options';
  };
  return { options, where };
}

/**
 * Check merged options against the simulation's schema before running.
 * @throws UsageError naming the flag or config field of the first problem
 */
export function checkSimulationOptions(command: string, plan: SimulationPlanInput): void {
  const r = simulationOptionsSchema.safeParse(plan.options, { error: plainMessages });
  if (!r.success) throw new UsageError(`${command}: ${firstIssue(r.error.issues, plan.where)}`);
}

/** Whether an error is the simulation refusing its options (not a failure during the run). */
export const isOptionsError = (e: unknown): e is ValidationError & { issues: readonly ValidationIssue[] } =>
  e instanceof ValidationError && e.message.startsWith('invalid simulation options');
