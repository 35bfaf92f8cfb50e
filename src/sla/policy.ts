import { z } from 'zod';
import { ValidationError, validationIssue } from '../errors.js';
import { roles, type Role, type Severity, severities } from '../schemas/common.js';
import { alwaysOpen, createCalendar, isCalendar, type Calendar, type CalendarSpec } from './calendar.js';
import { durationSchema, type Duration } from './duration.js';

/** Names of the policy's SLA targets. `execution` is not here: its deadline is the committed date. */
export const targetNames = ['acknowledge', 'triage', 'firstContact', 'proposal', 'followUp', 'resolution'] as const;
/** A policy SLA target name. */
export type TargetName = (typeof targetNames)[number];

const targetSchema = z.strictObject({ within: durationSchema, calendar: z.string().min(1) });
/** One time limit: a duration measured on a named calendar of the policy. */
export type Target = { readonly within: Duration; readonly calendar: string };

const perSeveritySchema = z.strictObject({ urgent: targetSchema, general: targetSchema, normal: targetSchema });
const targetRuleSchema = z.union([targetSchema, perSeveritySchema]);
/** A target for every severity, or one per severity. */
export type TargetRule = Target | { readonly urgent: Target; readonly general: Target; readonly normal: Target };

const levelSchema = z.strictObject({
  name: z.string().min(1).max(50),
  notify: z.array(z.string().min(1).max(200)).max(20).optional(),
  regrant: targetSchema.optional(),
});

// `Infinity` is accepted too, so that a defined policy can be spread into definePolicy again.
const authoritySchema = z.union([
  z.number().nonnegative(),
  z.literal('unlimited'),
  z.custom<number>((v) => v === Number.POSITIVE_INFINITY, 'expected a non-negative number or "unlimited"'),
]);

const extensionSchema = z.strictObject({
  /** The latest deadline an extension may grant, measured from filing. */
  max: targetSchema,
  /** Extensions past this (measured from filing) need one of `approvers` (e.g. NFRA: 30 days; 60 with approval). */
  approvalBeyond: targetSchema.optional(),
  /** Roles that may grant an extension past `approvalBeyond` (default director and executive). */
  approvers: z.array(z.enum(roles)).min(1).max(roles.length).optional(),
  note: z.string().max(500).optional(),
});

const regulatorySchema = z.strictObject({
  /** The regime, e.g. `eu-psd2-art101`. */
  name: z.string().min(1).max(100),
  source: z.string().max(500).optional(),
  /** The deadline, measured from receipt (filing, or re-opening). */
  deadline: targetSchema,
  /** How far an `EXTEND` with `clock: 'regulatory'` may move it. */
  extension: extensionSchema.optional(),
  /** Whether the regulatory clock pauses while waiting on the customer (default false: it runs on). */
  pausesWhileWaiting: z.boolean().optional(),
  /** Recipients of the regulatory clock's warnings and breaches, besides the complaint's owners. */
  notify: z.array(z.string().min(1).max(200)).max(20).optional(),
});

/** Zod schema of `definePolicy`'s input. */
export const policyInputSchema = z.strictObject({
  name: z.string().min(1).max(100),
  description: z.string().max(2000).optional(),
  source: z.string().max(500).optional(),
  calendars: z.record(z.string().min(1).max(50), z.unknown()).optional(),
  targets: z.strictObject({
    acknowledge: targetRuleSchema.optional(),
    triage: targetRuleSchema.optional(),
    firstContact: targetRuleSchema.optional(),
    proposal: targetRuleSchema.optional(),
    followUp: targetRuleSchema.optional(),
    resolution: targetRuleSchema.optional(),
  }),
  extension: extensionSchema.optional(),
  fastPath: z.strictObject({ within: targetSchema, note: z.string().max(500).optional() }).optional(),
  warnings: z.array(z.number().gt(0).lt(1)).max(5).optional(),
  escalation: z
    .strictObject({
      levels: z.array(levelSchema).min(1).max(10),
      /** A level name, or its index (as a defined policy stores it). */
      urgentStartLevel: z.union([z.string().min(1), z.number().int().nonnegative()]).optional(),
    })
    .optional(),
  authority: z.partialRecord(z.enum(roles), authoritySchema).optional(),
  reopenWindow: targetSchema.optional(),
  regulatory: regulatorySchema.optional(),
});

/** What `definePolicy` accepts. Calendars may be specs or calendars already created. */
export type PolicyInput = Omit<z.input<typeof policyInputSchema>, 'calendars'> & {
  calendars?: Record<string, CalendarSpec | Calendar>;
};

/** How far a clock may be extended, and who must approve a long extension. */
export interface ExtensionRule {
  /** The latest deadline an extension may grant, measured from filing. */
  readonly max: Target;
  /** Extensions past this, measured from filing, need one of `approvers`. */
  readonly approvalBeyond: Target | undefined;
  /** Roles that may grant an extension past `approvalBeyond`. */
  readonly approvers: readonly Role[];
  readonly note: string | undefined;
}

/**
 * A regulatory deadline that runs beside the internal SLA (the `regulatory`
 * clock): it starts at receipt and is met when the complaint is resolved
 * (accepted, resolved on first contact, declared unresolvable); it does not
 * change with severity, does not pause while waiting on the customer unless
 * `pausesWhileWaiting`, is extended only by an `EXTEND` naming it (within its
 * own cap), and a breach escalates one level but grants no new time.
 */
export interface RegulatoryRule {
  readonly name: string;
  readonly source: string | undefined;
  readonly deadline: Target;
  readonly extension: ExtensionRule | undefined;
  readonly pausesWhileWaiting: boolean;
  readonly notify: readonly string[];
}

/** One rung of the escalation ladder. */
export interface EscalationLevel {
  /** Level name, e.g. `supervisor`. */
  readonly name: string;
  /** Who is notified when a complaint reaches this level. */
  readonly notify: readonly string[];
  /** The new (shorter) time granted after a breach escalates to this level; none at the top. */
  readonly regrant: Target | undefined;
}

/** A validated, frozen SLA policy. Build one with {@link definePolicy}. */
export interface Policy {
  readonly name: string;
  readonly description: string | undefined;
  readonly source: string | undefined;
  /** Named calendars; `always` (24×7) is always present. */
  readonly calendars: Readonly<Record<string, Calendar>>;
  readonly targets: Readonly<Partial<Record<TargetName, TargetRule>>>;
  /** How far an `EXTEND` may move the resolution deadline (measured from filing), and who approves a long one. */
  readonly extension: ExtensionRule | undefined;
  /** Early-resolution window: `RESOLVE_ON_FIRST_CONTACT` is accepted until this long after filing. */
  readonly fastPath: { readonly within: Target; readonly note: string | undefined } | undefined;
  /** Fractions of the allowed time at which a warning goes out, ascending. */
  readonly warnings: readonly number[];
  readonly escalation: {
    readonly levels: readonly EscalationLevel[];
    /** Index of the level urgent complaints start at. */
    readonly urgentStartLevel: number;
  };
  /** Compensation each role may grant without approval (`Infinity` = unlimited). */
  readonly authority: Readonly<Record<Role, number>>;
  /** How long after closing the customer may re-open. */
  readonly reopenWindow: Target;
  /** A regulatory deadline beside the internal targets (the `regulatory` clock), if any. */
  readonly regulatory: RegulatoryRule | undefined;
}

const defaultLevels = [
  { name: 'agent', regrant: undefined },
  { name: 'supervisor', regrant: { within: { hours: 4 }, calendar: 'business' } },
  { name: 'director', regrant: { within: { hours: 2 }, calendar: 'business' } },
  { name: 'executive', regrant: { within: { hours: 1 }, calendar: 'always' } },
] as const;

const defaultAuthority: Record<Role, number> = {
  customer: 0,
  system: 0,
  agent: 200,
  handler: 1000,
  supervisor: 5000,
  director: 50000,
  executive: Number.POSITIVE_INFINITY,
};

/** Monday–Friday 09:00–18:00 in UTC: the `business` calendar when a policy names none. */
export const defaultBusinessCalendar: CalendarSpec = {
  timeZone: 'UTC',
  week: {
    mon: [['09:00', '18:00']],
    tue: [['09:00', '18:00']],
    wed: [['09:00', '18:00']],
    thu: [['09:00', '18:00']],
    fri: [['09:00', '18:00']],
    sat: [],
    sun: [],
  },
};

const defaultApprovers: readonly Role[] = ['director', 'executive'];

function extensionRule(e: z.infer<typeof extensionSchema> | undefined): ExtensionRule | undefined {
  if (!e) return undefined;
  return { max: e.max, approvalBeyond: e.approvalBeyond, approvers: e.approvers ? [...new Set(e.approvers)] : defaultApprovers, note: e.note };
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/**
 * Validate a policy and return it frozen, with defaults filled in.
 *
 * Defaults: calendars `business` (Mon–Fri 09:00–18:00 UTC) and `always` (24×7);
 * warnings `[0.8]`; the ladder agent → supervisor → director → executive with
 * re-granted times 4 h, 2 h (business) and 1 h (24×7); urgent complaints start
 * at `director` when that level exists; reopen window 30 days.
 *
 * @param input - the policy ({@link PolicyInput}), or a defined {@link Policy} (to derive another)
 * @returns the frozen {@link Policy}
 * @throws ValidationError naming the offending field
 * A defined policy can be spread back in to derive another, e.g. a preset
 * with your own business calendar:
 * `definePolicy({ ...presets.psd2, calendars: { ...presets.psd2.calendars, business: myCalendar } })`.
 *
 * @example
 * const policy = definePolicy({
 *   name: 'shop',
 *   targets: { acknowledge: { within: { hours: 24 }, calendar: 'always' } },
 * });
 */
export function definePolicy(input: PolicyInput | Policy): Policy {
  const parsed = policyInputSchema.safeParse(input);
  if (!parsed.success) throw new ValidationError('policy', parsed.error.issues);
  const p = parsed.data;

  const calendars: Record<string, Calendar> = { always: alwaysOpen, business: createCalendar(defaultBusinessCalendar) };
  for (const [name, spec] of Object.entries(input.calendars ?? {})) {
    try {
      calendars[name] = isCalendar(spec) ? spec : createCalendar(spec);
    } catch (e) {
      if (e instanceof ValidationError) {
        throw new ValidationError(
          'policy',
          e.issues.map((i) => ({ ...i, path: ['calendars', name, ...i.path] })),
        );
      }
      throw e;
    }
  }

  const checkTarget = (t: Target | undefined, path: (string | number)[]) => {
    if (t && !calendars[t.calendar]) {
      throw validationIssue('policy', [...path, 'calendar'], `unknown calendar "${t.calendar}" (known: ${Object.keys(calendars).join(', ')})`);
    }
  };
  for (const [name, rule] of Object.entries(p.targets)) {
    if (!rule) continue;
    if ('within' in rule) checkTarget(rule as Target, ['targets', name]);
    else for (const s of severities) checkTarget((rule as Record<Severity, Target>)[s], ['targets', name, s]);
  }
  checkTarget(p.extension?.max, ['extension', 'max']);
  checkTarget(p.extension?.approvalBeyond, ['extension', 'approvalBeyond']);
  checkTarget(p.regulatory?.deadline, ['regulatory', 'deadline']);
  checkTarget(p.regulatory?.extension?.max, ['regulatory', 'extension', 'max']);
  checkTarget(p.regulatory?.extension?.approvalBeyond, ['regulatory', 'extension', 'approvalBeyond']);
  checkTarget(p.fastPath?.within, ['fastPath', 'within']);
  checkTarget(p.reopenWindow, ['reopenWindow']);

  const levelsIn = p.escalation?.levels ?? defaultLevels;
  const names = new Set<string>();
  const levels: EscalationLevel[] = levelsIn.map((l, i) => {
    if (names.has(l.name)) throw validationIssue('policy', ['escalation', 'levels', i, 'name'], `duplicate level "${l.name}"`);
    names.add(l.name);
    checkTarget(l.regrant, ['escalation', 'levels', i, 'regrant']);
    return { name: l.name, notify: 'notify' in l && l.notify ? l.notify : [`role:${l.name}`], regrant: l.regrant };
  });
  for (let i = 1; i < levels.length; i++) {
    if (!levels[i]!.regrant) {
      throw validationIssue('policy', ['escalation', 'levels', i, 'regrant'], 'every level above the first needs a regrant time');
    }
  }
  let urgentStartLevel = 0;
  const wanted = p.escalation?.urgentStartLevel ?? (names.has('director') ? 'director' : undefined);
  if (typeof wanted === 'number') {
    if (wanted >= levels.length) throw validationIssue('policy', ['escalation', 'urgentStartLevel'], `no level ${wanted}`);
    urgentStartLevel = wanted;
  } else if (wanted !== undefined) {
    urgentStartLevel = levels.findIndex((l) => l.name === wanted);
    if (urgentStartLevel < 0) throw validationIssue('policy', ['escalation', 'urgentStartLevel'], `no level named "${wanted}"`);
  }

  const warnings = [...(p.warnings ?? [0.8])].sort((a, b) => a - b);
  if (new Set(warnings).size !== warnings.length) throw validationIssue('policy', ['warnings'], 'duplicate thresholds');

  const authority = { ...defaultAuthority };
  for (const [role, v] of Object.entries(p.authority ?? {})) {
    authority[role as Role] = v === 'unlimited' ? Number.POSITIVE_INFINITY : (v as number);
  }

  const policy: Policy = {
    name: p.name,
    description: p.description,
    source: p.source,
    calendars,
    targets: p.targets as Policy['targets'],
    extension: extensionRule(p.extension),
    fastPath: p.fastPath ? { within: p.fastPath.within, note: p.fastPath.note } : undefined,
    warnings,
    escalation: { levels, urgentStartLevel },
    authority,
    reopenWindow: p.reopenWindow ?? { within: { days: 30 }, calendar: 'always' },
    regulatory: p.regulatory
      ? {
          name: p.regulatory.name,
          source: p.regulatory.source,
          deadline: p.regulatory.deadline,
          extension: extensionRule(p.regulatory.extension),
          pausesWhileWaiting: p.regulatory.pausesWhileWaiting ?? false,
          notify: p.regulatory.notify ?? [],
        }
      : undefined,
  };
  // calendars are frozen by createCalendar; freeze the rest
  return deepFreeze({ ...policy, calendars: Object.freeze(calendars) });
}

/**
 * The target that applies to `name` for a severity, or `undefined` when the
 * policy sets none. `rule` names it, e.g. `firstContact.urgent`.
 *
 * @param policy - the policy
 * @param name - target name
 * @param severity - the complaint's severity (`normal` before triage)
 * @returns the target and the rule's name, or undefined
 * @example
 * targetFor(policy, 'firstContact', 'urgent') // { within: { minutes: 30 }, calendar: 'always', rule: 'firstContact.urgent' }
 */
export function targetFor(
  policy: Policy,
  name: TargetName,
  severity: Severity,
): (Target & { rule: string }) | undefined {
  const rule = policy.targets[name];
  if (!rule) return undefined;
  if ('within' in rule) return { within: rule.within, calendar: rule.calendar, rule: name };
  const t = rule[severity];
  return { within: t.within, calendar: t.calendar, rule: `${name}.${severity}` };
}
