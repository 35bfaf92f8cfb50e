// The options of `simulate`: zod schema, defaults, and the normalised form a
// result reports (plain JSON: the policy by name, calendars as specs).
import { z } from 'zod';
import { ValidationError, validationIssue } from '../errors.js';
import { categories, instantSchema, severities, type Category, type Severity } from '../schemas/common.js';
import { channels, type Channel } from '../schemas/intake.js';
import { createCalendar, isCalendar, type Calendar, type CalendarSpec } from '../sla/calendar.js';
import type { Policy } from '../sla/policy.js';
import { workingTimeBetween } from '../sla/working-time.js';
import { presets, type PresetName } from '../sla/presets/index.js';
import type { Distribution } from './random.js';
import type { Desk } from '../desk/desk.js';
import type { DeskCommit } from '../desk/options.js';

/** Staff roles the simulation schedules work for. */
export const staffRoles = ['agent', 'handler', 'supervisor', 'director', 'executive'] as const;
/** A staff role. */
export type StaffRole = (typeof staffRoles)[number];

/**
 * Handling-time distributions, in minutes. Staff steps count **working**
 * time on the role's calendar (work stops outside its hours); the customer's
 * steps (`customerDecision`, `evidenceResponse`, `withdrawAfter`) count
 * calendar time.
 */
export const handlingSteps = [
  'acknowledge',
  'triage',
  'contact',
  'investigate',
  'propose',
  'approve',
  'customerDecision',
  'execute',
  'followUp',
  'evidenceResponse',
  'withdrawAfter',
] as const;
/** A step with a handling-time distribution. */
export type HandlingStep = (typeof handlingSteps)[number];

/** Probabilities of the branches of the process. */
export const probabilityNames = [
  'firstContactResolution',
  'evidenceRequest',
  'objection',
  'executionIssue',
  'unsatisfied',
  'basicallySatisfied',
  'withdrawal',
] as const;
/** A branch probability. */
export type ProbabilityName = (typeof probabilityNames)[number];

const presetNames = Object.keys(presets) as [PresetName, ...PresetName[]];

const amount = z.number().finite().nonnegative().max(1e9);
const probability = z.number().min(0).max(1);

/** Zod schema of a distribution (`mean`, and `sd` for lognormal; minutes for times). */
export const distributionSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('fixed'), mean: amount }),
  z.strictObject({ type: z.literal('exponential'), mean: amount }),
  z.strictObject({ type: z.literal('lognormal'), mean: amount, sd: amount }),
]);

/** Weights over `keys` that must sum to 1 (within 1e-9); missing keys weigh 0. */
const mix = <const K extends string>(keys: readonly [K, ...K[]]) =>
  z.partialRecord(z.enum(keys), z.number().finite().nonnegative()).superRefine((m, ctx) => {
    const total = Object.values(m).reduce<number>((a, b) => a + (b as number), 0);
    if (Math.abs(total - 1) > 1e-9) ctx.addIssue({ code: 'custom', message: `the shares must sum to 1 (they sum to ${total})`, input: m });
  });

const calendarLike = z.union([
  z.string().min(1).max(50),
  z.custom<Calendar | CalendarSpec>((v) => typeof v === 'object' && v !== null && 'timeZone' in v, 'expected a calendar, a calendar spec or the name of a policy calendar'),
]);

const roleStaffSchema = z.strictObject({
  /** People in the role. */
  count: z.number().int().min(0).max(1_000_000),
  /** Complaints one person works on at the same time (default per role). */
  capacity: z.number().int().min(1).max(10_000).optional(),
  /** When they work: a policy calendar name, a calendar or a calendar spec (default: `business`; agents every day 08:00–20:00). */
  calendar: calendarLike.optional(),
});

const isInstantString = (s: string) => Number.isFinite(Date.parse(s));

/** Zod schema of {@link SimulationOptions}. */
export const simulationOptionsSchema = z.strictObject({
  seed: z.number().int().refine(Number.isSafeInteger, 'expected a safe integer'),
  start: z.union([instantSchema, z.string().refine(isInstantString, 'expected an ISO date-time')]).optional(),
  days: z.number().int().min(1).max(3660),
  perDay: z.number().finite().nonnegative().max(1_000_000),
  hourProfile: z
    .array(z.number().finite().nonnegative())
    .length(24)
    .refine((w) => w.some((x) => x > 0), 'at least one hour needs a positive weight')
    .optional(),
  timeZone: z.string().min(1).max(100).optional(),
  severityMix: mix(severities).optional(),
  categoryMix: mix(categories).optional(),
  channelMix: mix(channels).optional(),
  policy: z
    .custom<Policy>((v) => typeof v === 'object' && v !== null && 'escalation' in v && 'calendars' in v, 'policy must come from definePolicy() or presets')
    .optional(),
  preset: z.enum(presetNames).optional(),
  staffing: z.strictObject(Object.fromEntries(staffRoles.map((r) => [r, roleStaffSchema.optional()])) as Record<StaffRole, z.ZodOptional<typeof roleStaffSchema>>).optional(),
  handling: z.strictObject(Object.fromEntries(handlingSteps.map((s) => [s, distributionSchema.optional()])) as Record<HandlingStep, z.ZodOptional<typeof distributionSchema>>).optional(),
  probabilities: z.strictObject(Object.fromEntries(probabilityNames.map((p) => [p, probability.optional()])) as Record<ProbabilityName, z.ZodOptional<typeof probability>>).optional(),
  compensation: z.strictObject({ probability: probability.optional(), amount: distributionSchema.optional() }).optional(),
  commitWorkingDays: z.number().int().min(1).max(365).optional(),
  maxObjections: z.number().int().min(0).max(50).optional(),
  utilisation: z.number().gt(0).max(1).optional(),
  keepRecords: z.boolean().optional(),
  keepTimelines: z.boolean().optional(),
  onProgress: z.custom<(done: number, total: number) => void>((v) => typeof v === 'function', 'onProgress must be a function').optional(),
  watch: z
    .custom<SimulationWatcher>(
      (v) =>
        typeof v === 'object' && v !== null &&
        ['desk', 'commit'].every((k) => (v as Record<string, unknown>)[k] === undefined || typeof (v as Record<string, unknown>)[k] === 'function'),
      'watch must be an object with optional desk and commit functions',
    )
    .optional(),
});

/** Watches a simulation as it runs (`redress view --simulate` streams one). */
export interface SimulationWatcher {
  /** Called once with the simulated desk, before the first complaint arrives (read it with `get`, `list`, `timeline`). */
  desk?: (desk: Desk) => void;
  /**
   * Called after every commit of the simulated desk. The run waits for the
   * promise it returns, so a watcher can pace virtual time on the wall clock.
   */
  commit?: (commit: DeskCommit) => void | Promise<void>;
}

/** Staffing of one role as given. */
export interface RoleStaffing {
  count: number;
  capacity?: number;
  calendar?: string | Calendar | CalendarSpec;
}

/**
 * Options of `simulate`. Everything but `seed`, `days` and `perDay` has a
 * default; docs/simulation.md describes the model.
 */
export interface SimulationOptions {
  /** Seed of the pseudo-random streams: same seed, same result byte for byte. */
  seed: number;
  /** Virtual start (epoch ms or ISO string; default 2026-01-05T00:00:00+08:00, a Monday). */
  start?: number | string;
  /** Simulated days of arrivals (≥ 1). */
  days: number;
  /** Mean arrivals per day (Poisson). */
  perDay: number;
  /** 24 relative weights of arrivals per local hour of day (default: business-hours heavy). */
  hourProfile?: number[];
  /** Time zone of the hour profile and the daily dates (default: the policy's business calendar's). */
  timeZone?: string;
  /** Shares of severities, summing to 1 (default urgent 5 %, general 35 %, normal 60 %). */
  severityMix?: Partial<Record<Severity, number>>;
  /** Shares of categories, summing to 1. */
  categoryMix?: Partial<Record<Category, number>>;
  /** Shares of intake channels, summing to 1. */
  channelMix?: Partial<Record<Channel, number>>;
  /** The SLA policy (default `presets.guideline`); or name a preset. */
  policy?: Policy;
  preset?: PresetName;
  /** People per role, their concurrent complaints each and their calendar; missing roles are sized for the load. */
  staffing?: Partial<Record<StaffRole, RoleStaffing>>;
  /** Handling-time distributions in minutes (see {@link handlingSteps}). */
  handling?: Partial<Record<HandlingStep, Distribution>>;
  /** Branch probabilities (0..1). */
  probabilities?: Partial<Record<ProbabilityName, number>>;
  /** Share of proposals with compensation and its amount; above the proposer's authority a proposal needs approval. */
  compensation?: { probability?: number; amount?: Distribution };
  /** Working days between a proposal and its committed execution date (default 5: the customer's decision and the work both fit). */
  commitWorkingDays?: number;
  /** Objections after which a manager declares the complaint unresolvable (default 2). */
  maxObjections?: number;
  /** Target utilisation when sizing roles missing from `staffing` (default 0.7). */
  utilisation?: number;
  /** Include the records in the result (default true; KPIs are computed either way). */
  keepRecords?: boolean;
  /** Keep audit timelines and include them in the result (default false: they are most of a big run's memory). */
  keepTimelines?: boolean;
  /** Called after each simulated day with (days done, days). */
  onProgress?: (done: number, total: number) => void;
  /** Watch the run as it happens: the simulated desk and each of its commits (not part of the result's options). */
  watch?: SimulationWatcher;
}

/** {@link SimulationOptions} with every default filled in, as plain JSON. */
export interface NormalisedSimulationOptions {
  seed: number;
  /** Epoch ms. */
  start: number;
  days: number;
  perDay: number;
  hourProfile: number[];
  timeZone: string;
  severityMix: Record<Severity, number>;
  categoryMix: Record<Category, number>;
  channelMix: Record<Channel, number>;
  /** Policy name. */
  policy: string;
  staffing: Record<StaffRole, { count: number; capacity: number; calendar: string | CalendarSpec }>;
  handling: Record<HandlingStep, Distribution>;
  probabilities: Record<ProbabilityName, number>;
  compensation: { probability: number; amount: Distribution };
  commitWorkingDays: number;
  maxObjections: number;
  utilisation: number;
  keepRecords: boolean;
  keepTimelines: boolean;
}

/** Normalised options plus the live objects they name. */
export interface SimulationPlan {
  options: NormalisedSimulationOptions;
  policy: Policy;
  calendars: Record<StaffRole, Calendar>;
  onProgress: ((done: number, total: number) => void) | undefined;
  watch: SimulationWatcher | undefined;
}

export const defaultStart = Date.parse('2026-01-05T00:00:00+08:00');

/** Business-hours heavy: a morning and an afternoon peak, quiet nights. */
export const defaultHourProfile: readonly number[] = [
  0.2, 0.1, 0.1, 0.1, 0.1, 0.2, 0.4, 0.8, 1.6, 2.3, 2.5, 2.2, 1.6, 1.9, 2.3, 2.2, 2.0, 1.6, 1.2, 1.0, 0.9, 0.8, 0.6, 0.4,
];

const defaultSeverityMix: Record<Severity, number> = { urgent: 0.05, general: 0.35, normal: 0.6 };
const defaultCategoryMix: Record<Category, number> = {
  product_quality: 0.35,
  service_experience: 0.25,
  logistics: 0.2,
  billing: 0.15,
  other: 0.05,
};
const defaultChannelMix: Record<Channel, number> = {
  phone: 0.35,
  email: 0.1,
  web: 0.2,
  chat: 0.12,
  in_person: 0.02,
  letter: 0.01,
  social: 0.05,
  app: 0.15,
};

const ln = (mean: number, sd: number): Distribution => ({ type: 'lognormal', mean, sd });
const defaultHandling: Record<HandlingStep, Distribution> = {
  acknowledge: ln(10, 8),
  triage: ln(15, 10),
  contact: ln(20, 15),
  investigate: ln(240, 180),
  propose: ln(45, 30),
  approve: ln(60, 60),
  customerDecision: { type: 'exponential', mean: 1440 },
  execute: ln(720, 480),
  followUp: ln(10, 5),
  evidenceResponse: { type: 'exponential', mean: 2880 },
  withdrawAfter: { type: 'exponential', mean: 2880 },
};
const defaultProbabilities: Record<ProbabilityName, number> = {
  firstContactResolution: 0.15,
  evidenceRequest: 0.2,
  objection: 0.1,
  executionIssue: 0.05,
  unsatisfied: 0.06,
  basicallySatisfied: 0.3,
  withdrawal: 0.03,
};
const defaultCapacity: Record<StaffRole, number> = { agent: 4, handler: 8, supervisor: 10, director: 10, executive: 10 };

const full = <K extends string>(keys: readonly K[], given: Partial<Record<K, number>> | undefined, fallback: Record<K, number>) =>
  Object.fromEntries(keys.map((k) => [k, given ? (given[k] ?? 0) : fallback[k]])) as Record<K, number>;

/** Expected value of a distribution. */
const meanOf = (d: Distribution) => d.mean;

/**
 * Validate and normalise options, resolve the policy and the staff
 * calendars, and size the roles `staffing` leaves out.
 *
 * @throws ValidationError naming the field (`days`, `severityMix`, `staffing.agent.count`, …)
 */
export function planSimulation(input: SimulationOptions): SimulationPlan {
  const r = simulationOptionsSchema.safeParse(input);
  if (!r.success) throw new ValidationError('simulation options', r.error.issues);
  const o = r.data;
  if (o.policy && o.preset) throw validationIssue('simulation options', ['preset'], 'give a policy or a preset, not both');
  const policy = o.policy ?? presets[o.preset ?? 'guideline'];
  const business = policy.calendars.business ?? Object.values(policy.calendars)[0]!;
  const timeZone = o.timeZone ?? business.timeZone;
  try {
    new Intl.DateTimeFormat('en', { timeZone });
  } catch {
    throw validationIssue('simulation options', ['timeZone'], 'expected a valid IANA time zone');
  }
  const start = o.start === undefined ? defaultStart : typeof o.start === 'number' ? o.start : Date.parse(o.start);
  const handling = { ...defaultHandling, ...o.handling } as Record<HandlingStep, Distribution>;
  const probabilities = { ...defaultProbabilities, ...o.probabilities } as Record<ProbabilityName, number>;
  const compensation = {
    probability: o.compensation?.probability ?? 0.4,
    amount: (o.compensation?.amount ?? ln(300, 600)) as Distribution,
  };
  const severityMix = full(severities, o.severityMix, defaultSeverityMix);

  // Staff calendars.
  const calendars = {} as Record<StaffRole, Calendar>;
  const calendarOut = {} as Record<StaffRole, string | CalendarSpec>;
  for (const role of staffRoles) {
    const c = o.staffing?.[role]?.calendar ?? (role === 'agent' ? intakeShifts(timeZone) : 'business');
    if (typeof c === 'string') {
      const cal = policy.calendars[c];
      if (!cal) {
        throw validationIssue('simulation options', ['staffing', role, 'calendar'], `unknown calendar "${c}" (policy calendars: ${Object.keys(policy.calendars).join(', ')})`);
      }
      calendars[role] = cal;
      calendarOut[role] = c;
    } else {
      try {
        calendars[role] = isCalendar(c) ? c : createCalendar(c as CalendarSpec);
      } catch (e) {
        if (e instanceof ValidationError) {
          throw new ValidationError('simulation options', e.issues.map((i) => ({ ...i, path: ['staffing', role, 'calendar', ...i.path] })));
        }
        throw e;
      }
      calendarOut[role] = calendars[role].spec;
    }
  }

  const utilisation = o.utilisation ?? 0.7;
  const staffing = sizeStaffing({
    given: o.staffing ?? {},
    calendars,
    start,
    perDay: o.perDay,
    handling,
    probabilities,
    compensationShare: compensation.probability,
    normalShare: severityMix.normal,
    utilisation,
  });
  for (const role of ['agent', 'handler', 'supervisor'] as const) {
    if (staffing[role].count < 1) {
      throw validationIssue('simulation options', ['staffing', role, 'count'], `the ${role} role has work in the process: at least 1 needed`);
    }
  }

  const options: NormalisedSimulationOptions = {
    seed: o.seed,
    start,
    days: o.days,
    perDay: o.perDay,
    hourProfile: [...(o.hourProfile ?? defaultHourProfile)],
    timeZone,
    severityMix,
    categoryMix: full(categories, o.categoryMix, defaultCategoryMix),
    channelMix: full(channels, o.channelMix, defaultChannelMix),
    policy: policy.name,
    staffing: Object.fromEntries(
      staffRoles.map((role) => [role, { ...staffing[role], calendar: calendarOut[role] }]),
    ) as NormalisedSimulationOptions['staffing'],
    handling,
    probabilities,
    compensation,
    commitWorkingDays: o.commitWorkingDays ?? 5,
    maxObjections: o.maxObjections ?? 2,
    utilisation,
    keepRecords: o.keepRecords ?? true,
    keepTimelines: o.keepTimelines ?? false,
  };
  return { options, policy, calendars, onProgress: o.onProgress, watch: o.watch };
}

const WEEK = 7 * 86_400_000;

/**
 * The intake team's default hours: every day 08:00–20:00, since an
 * acknowledgement target counted 24×7 cannot be met by a team that is off
 * at weekends. Everyone else works the policy's business calendar.
 */
function intakeShifts(timeZone: string): CalendarSpec {
  const day = [['08:00', '20:00']] as const;
  return { timeZone, week: { mon: day, tue: day, wed: day, thu: day, fri: day, sat: day, sun: day } };
}

/**
 * People per role: as given, or enough that the role's expected load keeps
 * its slots (people × capacity) busy `utilisation` of its working time.
 */
function sizeStaffing(a: {
  given: Partial<Record<StaffRole, { count: number; capacity?: number | undefined } | undefined>>;
  calendars: Record<StaffRole, Calendar>;
  start: number;
  perDay: number;
  handling: Record<HandlingStep, Distribution>;
  probabilities: Record<ProbabilityName, number>;
  compensationShare: number;
  normalShare: number;
  utilisation: number;
}): Record<StaffRole, { count: number; capacity: number }> {
  const h = a.handling;
  const p = a.probabilities;
  const m = (s: HandlingStep) => meanOf(h[s]);
  const rounds = 1 + p.unsatisfied;
  const worked = 1 - p.firstContactResolution;
  // Working minutes one complaint occupies a slot, per role (approvals: worst case, every compensated proposal).
  const caseWork = m('contact') + m('investigate') * (1 + p.evidenceRequest) + m('propose') * (1 + p.objection + p.executionIssue) + m('execute');
  const load: Record<StaffRole, number> = {
    agent: m('acknowledge') + worked * rounds * (m('triage') + m('followUp') + a.normalShare * caseWork),
    handler: worked * rounds * (1 - a.normalShare) * caseWork,
    // Approvals (worst case: every compensated proposal) cover the rare unresolvable declarations too.
    supervisor: worked * rounds * a.compensationShare * m('approve'),
    director: 0,
    executive: 0,
  };
  const out = {} as Record<StaffRole, { count: number; capacity: number }>;
  for (const role of staffRoles) {
    const g = a.given[role];
    const capacity = g?.capacity ?? defaultCapacity[role];
    if (g) {
      out[role] = { count: g.count, capacity };
      continue;
    }
    const cal = a.calendars[role];
    // Working minutes per week on the role's calendar (a week after the start is representative enough).
    const weekly = workingMinutesPerWeek(cal, a.start);
    if (weekly <= 0) {
      throw validationIssue('simulation options', ['staffing', role, 'calendar'], 'the calendar has no working time');
    }
    const slots = (7 * a.perDay * load[role]) / weekly / a.utilisation;
    out[role] = { count: Math.max(1, Math.ceil(slots / capacity)), capacity };
  }
  return out;
}

function workingMinutesPerWeek(cal: Calendar, from: number): number {
  return workingTimeBetween(cal, from, from + WEEK) / 60_000;
}
