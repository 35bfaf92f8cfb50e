// createDesk's options: the zod schema and the defaults, in one place. Every
// default is named here with its value (docs/desk.md lists them).
import { z } from 'zod';
import { codeSetSchema, type CodeSet } from '../schemas/classification.js';
import { actorSchema, idText, roleSchema, type Role } from '../schemas/common.js';
import type { Clock, ComplaintStore, ComplaintSummary, Notifier, Scheduler, TimelineEntry } from '../adapters/types.js';
import type { Calendar, CalendarSpec } from '../sla/calendar.js';
import type { Policy } from '../sla/policy.js';
import type { SnapshotMigration } from '../machine/migrations.js';
import type { Redactor } from './redact.js';
import type { TimerBackend } from './timer-backend.js';
import type { DeskErrorHandler, Logger } from './report.js';

/** Who may date an event or a filing earlier than the desk's clock, and how far. */
export interface BackdatingOptions {
  /** Staff roles that may backdate (customers never do). Default: none. */
  roles?: Exclude<Role, 'customer'>[];
  /** How far back an event may be dated (ms). Default 0. */
  eventsMs?: number;
  /** How far back a filing may be dated (ms): a letter received last week is filed with last week's `filedAt`. Default 0. */
  filingMs?: number;
}

/** The desk's clock rules (see docs/desk.md, "Time"). */
export interface TimeOptions {
  /**
   * How far a caller's `at` / `filedAt` (or `runDue(now)`) may lie ahead of
   * the desk's clock, and behind it without counting as backdating (ms). Default 5,000.
   */
  maxSkewMs?: number;
  /** Backdating privileges. Default: nobody backdates. */
  backdating?: BackdatingOptions;
}

/** What a desk committed, as `onCommit` receives it once the store has it. */
export interface DeskCommit {
  complaintId: string;
  /** The record's version after the commit. */
  version: number;
  /** The complaint's summary after the commit (stage, step, status, deadlines at a glance). */
  summary: ComplaintSummary;
  /** The timeline entries the commit added, in order (empty for none). */
  timeline: readonly TimelineEntry[];
}

/** Options of {@link createDesk}. */
export interface DeskOptions {
  /** Where complaints live. */
  store: ComplaintStore;
  /** Delivers outbox messages. */
  notifier: Notifier;
  /** SLA policy (default `presets.guideline`). */
  policy?: Policy;
  /** Replaces the policy's `business` calendar (your hours and holidays). */
  calendar?: Calendar | CalendarSpec;
  /** Time source, the authority for when things happen (default: wall clock). Inject a virtual clock in tests. */
  clock?: Clock;
  /** Clock rules: skew and backdating. */
  time?: TimeOptions;
  /** Wakes the desk when timers come due after `start()` (default: in-process timer); `false` for none. */
  scheduler?: Scheduler | false;
  /**
   * Conflict retries between desks (commands of one desk to one complaint
   * are serialized in-process): full-jitter backoff, up to `attempts` tries
   * within `budgetMs`. Defaults: 50 attempts, 5 ms base, 250 ms cap, 10 s budget.
   */
  retry?: { attempts?: number; baseDelayMs?: number; maxDelayMs?: number; budgetMs?: number; sleep?: (ms: number) => Promise<void> };
  /**
   * Outbox delivery. Defaults: 5 attempts before a message is parked,
   * exponential backoff from 1 s to 15 min, 60 s lease, batches of 100,
   * 10 s notifier timeout.
   */
  outbox?: { maxAttempts?: number; baseDelayMs?: number; maxDelayMs?: number; leaseMs?: number; batch?: number; timeoutMs?: number };
  /**
   * Timers whose complaint cannot be loaded, migrated or applied are
   * quarantined and retried with backoff, then parked. Defaults: 5 attempts,
   * backoff from 1 s to 15 min, 60 s lease, batches of 100.
   */
  timers?: { maxAttempts?: number; baseDelayMs?: number; maxDelayMs?: number; leaseMs?: number; batch?: number };
  /** Masks personal data in notifier payloads (default: {@link maskPersonalData}); `false` sends it as is. */
  redact?: Redactor | false;
  /** Generates complaint ids when the intake has none (default `randomUUID`). */
  idGenerator?: () => string;
  /** Identifies this desk in leases (default: a random id). Must differ between running desks. */
  instanceId?: string;
  /** Upgrades for snapshots written by older machine versions, keyed by the version they upgrade from (added to the defaults). */
  migrations?: Record<number, SnapshotMigration>;
  /** Called with every failure the desk handles by itself (timer, delivery, wake-up, clock). Default: report to `logger`, rate-limited. */
  onError?: DeskErrorHandler;
  /** Where the default `onError` writes (default: `console`). */
  logger?: Logger;
  /**
   * Called after every commit of this desk (filing, events, timers, re-deliveries) once the store has it:
   * a change feed, e.g. for the flow viewer. Synchronous; what it throws goes to `onError` (kind `onCommit`)
   * and changes nothing. It sees this desk's commits only, not those of other desks sharing the store.
   */
  onCommit?: (commit: DeskCommit) => void;
  /**
   * The product and cause codes `classification` may use (in intakes and
   * `TRIAGE`), e.g. `codeSets.fca`; codes outside it are a `ValidationError`.
   * Default: any well-formed code.
   */
  codes?: CodeSet;
  /**
   * Where timers run when a job engine delivers them (`redress/graphile-worker`,
   * `redress/bullmq`). Default: the store's own timer rows, claimed by
   * `runDue` and woken by the scheduler. With a backend the scheduler only
   * sweeps: it fires timers overdue by more than the backend's
   * `sweepGraceMs` (a crash between commit and enqueue), and delivers the outbox.
   */
  timerBackend?: TimerBackend;
}

const fn = (name: string) => z.custom<(...args: never[]) => unknown>((v) => typeof v === 'function', `${name} must be a function`);
const withMethods = (name: string, methods: string[]) =>
  z.custom<object>(
    (v) => typeof v === 'object' && v !== null && methods.every((m) => typeof (v as Record<string, unknown>)[m] === 'function'),
    `${name} must have methods ${methods.join(', ')}`,
  );
const ms = (max: number) => z.number().int().min(0).max(max);

/** The store methods the desk needs (the optional ones are used when present). */
export const requiredStoreMethods = [
  'load',
  'commit',
  'claimDue',
  'releaseTimers',
  'failTimer',
  'timerProblems',
  'retryTimer',
  'nextDueAt',
  'claimOutbox',
  'markOutbox',
  'outbox',
  'list',
  'timeline',
  'idempotency',
];

/** Zod schema of `createDesk` options (adapters are checked for their methods). */
export const deskOptionsSchema = z.strictObject({
  store: withMethods('store', requiredStoreMethods),
  notifier: withMethods('notifier', ['send']),
  policy: z
    .custom<object>((v) => {
      if (typeof v !== 'object' || v === null) return false;
      const p = v as { escalation?: { levels?: unknown }; calendars?: unknown; targets?: unknown; authority?: unknown };
      return Array.isArray(p.escalation?.levels) && typeof p.calendars === 'object' && typeof p.targets === 'object' && typeof p.authority === 'object';
    }, 'policy must come from definePolicy() or presets')
    .optional(),
  calendar: z.custom<object>((v) => typeof v === 'object' && v !== null, 'calendar must be a calendar or calendar spec').optional(),
  clock: withMethods('clock', ['now']).optional(),
  time: z
    .strictObject({
      maxSkewMs: ms(3_600_000).optional(),
      backdating: z
        .strictObject({
          roles: z.array(roleSchema.exclude(['customer'])).max(10).optional(),
          eventsMs: ms(366 * 86_400_000).optional(),
          filingMs: ms(366 * 86_400_000).optional(),
        })
        .optional(),
    })
    .optional(),
  scheduler: z.union([withMethods('scheduler', ['start', 'schedule', 'stop']), z.literal(false)]).optional(),
  retry: z
    .strictObject({
      attempts: z.number().int().min(1).max(1000).optional(),
      baseDelayMs: ms(60_000).optional(),
      maxDelayMs: ms(600_000).optional(),
      budgetMs: ms(3_600_000).optional(),
      sleep: fn('retry.sleep').optional(),
    })
    .optional(),
  outbox: z
    .strictObject({
      maxAttempts: z.number().int().min(1).max(100).optional(),
      baseDelayMs: ms(86_400_000).optional(),
      maxDelayMs: ms(7 * 86_400_000).optional(),
      leaseMs: z.number().int().min(1).max(86_400_000).optional(),
      batch: z.number().int().min(1).max(10_000).optional(),
      timeoutMs: z.number().int().min(1).max(3_600_000).optional(),
    })
    .optional(),
  timers: z
    .strictObject({
      maxAttempts: z.number().int().min(1).max(100).optional(),
      baseDelayMs: ms(86_400_000).optional(),
      maxDelayMs: ms(7 * 86_400_000).optional(),
      leaseMs: z.number().int().min(1).max(86_400_000).optional(),
      batch: z.number().int().min(1).max(10_000).optional(),
    })
    .optional(),
  redact: z.union([fn('redact'), z.literal(false)]).optional(),
  idGenerator: fn('idGenerator').optional(),
  instanceId: idText.optional(),
  migrations: z.record(z.string().regex(/^\d+$/), fn('migration')).optional(),
  onError: fn('onError').optional(),
  logger: withMethods('logger', ['error']).optional(),
  onCommit: fn('onCommit').optional(),
  codes: codeSetSchema.optional(),
  timerBackend: z
    .custom<object>((v) => typeof v === 'object' && v !== null && typeof (v as { name?: unknown }).name === 'string', 'timerBackend must be an object with a name')
    .optional(),
});

/** The defaults, by option. */
export const deskDefaults = {
  time: { maxSkewMs: 5_000, backdating: { roles: [] as Role[], eventsMs: 0, filingMs: 0 } },
  retry: { attempts: 50, baseDelayMs: 5, maxDelayMs: 250, budgetMs: 10_000 },
  outbox: { maxAttempts: 5, baseDelayMs: 1_000, maxDelayMs: 15 * 60_000, leaseMs: 60_000, batch: 100, timeoutMs: 10_000 },
  timers: { maxAttempts: 5, baseDelayMs: 1_000, maxDelayMs: 15 * 60_000, leaseMs: 60_000, batch: 100 },
} as const;

/** Zod schema of the options of `file` and `send`. */
export const commandOptionsSchema = z.strictObject({
  actor: actorSchema,
  idempotencyKey: z.string().min(1).max(200).optional(),
  expectedVersion: z.number().int().min(1).optional(),
});

/** Options of `file` and `send`: who acts, an optional idempotency key, and (for `send`) the version the caller read. */
export type CommandOptions = z.infer<typeof commandOptionsSchema>;
