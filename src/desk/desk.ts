// The desk: the durable runtime behind a host's API. Every command runs the
// same pipeline — validate → authorize → transition → commit → dispatch —
// on the desk's own clock, one at a time per complaint within a desk, with
// bounded, jittered retries against other desks. Its concerns live in their
// own modules: time.ts (the clock's authority), snapshots.ts (reading and
// upgrading records), apply.ts (pure steps), idempotency.ts, outbox.ts,
// timers.ts (quarantine), report.ts (onError), health below.
import { randomUUID } from 'node:crypto';
import type { AnyMachineSnapshot } from 'xstate';
import { z } from 'zod';
import {
  ConflictError,
  ForbiddenError,
  InvalidTransitionError,
  NotFoundError,
  RuleViolationError,
  ValidationError,
  isConflictError,
  isRedressError,
  validationIssue,
} from '../errors.js';
import type {
  ComplaintRecord,
  ComplaintSummary,
  ListPage,
  ListQuery,
  OutboxMessage,
  TimelineEntry,
  TimerProblem,
  TimerRecord,
} from '../adapters/types.js';
import { parseListQuery } from '../adapters/list-query.js';
import { createComplaintMachine, type ComplaintMachine } from '../machine/index.js';
import { acceptedEvents, stepPath } from '../machine/accepted-events.js';
import type { ComplaintContext } from '../machine/context.js';
import { defaultMigrations, MACHINE_VERSION, upgradeMachineState } from '../machine/migrations.js';
import { ruleViolation } from '../machine/rules.js';
import { actorSchema, idText, instantInputSchema, type Actor, type InstantInput } from '../schemas/common.js';
import type { Classification } from '../schemas/classification.js';
import { complaintCommandSchema, type ComplaintCommand, type ComplaintEvent, type EventType } from '../schemas/events.js';
import { intakeInputSchema, type IntakeInput } from '../schemas/intake.js';
import { parseWith } from '../schemas/parse.js';
import { createCalendar, isCalendar, type Calendar, type CalendarSpec } from '../sla/calendar.js';
import type { Policy } from '../sla/policy.js';
import { presets } from '../sla/presets/index.js';
import { applyEvent, applyFiling, fireDue, startFrom, type Applied } from './apply.js';
import { raiseAlertWith, type AlertInput, type AlertResult } from './alerts.js';
import { authorize, authorizeFiling, authorizeRead, authorizeReplay, authorizeSender, scopeList } from './authorization.js';
import { backoffDelay, sleep } from './backoff.js';
import { checkCodes } from './codes.js';
import { customerViewOf, type CustomerView } from './customer-view.js';
import { customerLocales, type CustomerLocale } from './customer-words.js';
import { systemClock } from './clock.js';
import { fingerprint, remembered, scopedKey } from './idempotency.js';
import { commandOptionsSchema, deskDefaults, deskOptionsSchema, type CommandOptions, type DeskOptions } from './options.js';
import { createDispatcher, outboxFor, type DispatchResult } from './outbox.js';
import { operationCommit } from './operation-commit.js';
import { maskPersonalData, noRedaction } from './redact.js';
import { createReporter, rateLimitedReporter, type LastError } from './report.js';
import { inProcessScheduler } from './scheduler.js';
import { keyedQueue } from './serial.js';
import { createSnapshots, persist } from './snapshots.js';
import { deskTime } from './time.js';
import { DEFAULT_SWEEP_GRACE_MS, timerJobSchema, type DisarmedTimer, type TimerFireResult, type TimerJob } from './timer-backend.js';
import { createTimerRunner, type RunDueResult } from './timers.js';
import { detailsOf, summarize, viewOf, type ComplaintDetails, type ComplaintView } from './view.js';

export { MACHINE_VERSION };
export type { DeskOptions, DispatchResult, RunDueResult };

/** A complete record as `desk.records()` streams it: upgraded to this release's machine version, with its timeline when asked. */
export interface ComplaintExport extends ComplaintRecord {
  timeline?: TimelineEntry[];
}

/** Options of {@link Desk.customerView}. */
export interface CustomerViewOptions {
  /** Who asks: the complaint's customer, or staff. */
  actor: Actor;
  /** Language of the words (default `en`). */
  locale?: CustomerLocale;
}

const customerViewOptionsSchema = z.strictObject({ actor: actorSchema, locale: z.enum(customerLocales).optional() });

/** Options of {@link Desk.list}. */
export interface ListOptions {
  /** Who lists: a customer's list is always only their own complaints. */
  as?: Actor;
}

const listOptionsSchema = z.strictObject({ as: actorSchema.optional() }).optional();

/** Options of {@link Desk.records}. */
export interface RecordsOptions {
  /** Complaints filed at or after this instant. */
  from?: InstantInput;
  /** Complaints filed before this instant. */
  to?: InstantInput;
  /** Include each complaint's timeline (default false). */
  timeline?: boolean;
  /** Records read per store round trip (default 500). */
  batch?: number;
}

/** What needs an operator: quarantined and parked timers, parked messages. */
export interface DeskProblems {
  timers: TimerProblem[];
  messages: OutboxMessage[];
}

/** What a readiness probe and metrics need. See {@link Desk.health}. */
export interface DeskHealth {
  /** The store answers and the clock gives valid time. */
  ready: boolean;
  /** The desk clock's reading (null when it failed). */
  now: number | null;
  clock: { ok: boolean; error: string | null };
  store: { ok: boolean; error: string | null };
  timers: {
    /** Due and not parked (null when the store keeps no counts). */
    due: number | null;
    /** How long the oldest due timer has waited (ms), or null. */
    oldestOverdueMs: number | null;
    quarantined: number | null;
    parked: number | null;
  };
  outbox: { pending: number | null; due: number | null; parked: number | null; oldestPendingMs: number | null };
  /** Where timers run: `store` (the built-in timer rows) or the timer backend's name. */
  timerBackend: string;
  /** Whether `start()` is in force. */
  scheduling: boolean;
  /** When the scheduler last woke the desk. */
  lastWakeAt: number | null;
  lastError: LastError | null;
}

/** The durable complaint runtime. See {@link createDesk}. */
export interface Desk {
  /** The policy in force. */
  readonly policy: Policy;
  /** The machine the desk runs. */
  readonly machine: ComplaintMachine;
  /**
   * File a new complaint.
   * @param input - the intake; `filedAt` defaults to the desk's clock (earlier only with the backdating privilege)
   * @param opts - actor, optional idempotency key (scoped to the actor)
   * @returns the complaint's view
   * @throws ValidationError, ForbiddenError, ConflictError (id taken, or key used for another command)
   */
  file(input: IntakeInput, opts: CommandOptions): Promise<ComplaintView>;
  /**
   * Send a command to a complaint. `at` defaults to the desk's clock; the
   * actor comes from `opts`. Timers due by the desk's clock fire first, in
   * the same commit.
   * @throws ValidationError, NotFoundError, ForbiddenError, InvalidTransitionError, RuleViolationError, ConflictError
   */
  send(id: string, command: ComplaintCommand, opts: CommandOptions): Promise<ComplaintView>;
  /**
   * The complaint with its content and history. With `as`, the events that
   * actor's role may send, and a customer may read only their own complaint
   * (and gets no internal history).
   * @throws NotFoundError, ForbiddenError
   */
  get(id: string, opts?: { as?: Actor }): Promise<ComplaintDetails>;
  /**
   * What the customer may see of their complaint, in their language: the
   * stage in plain words, what happens next and by when (the deadline
   * committed to them — the regulatory or resolution deadline, or the
   * agreed execution date — never an internal target or a time the
   * escalation ladder re-granted), the messages sent to them, and what they
   * can do now. Nothing internal: no notes, escalation levels, departments
   * or other people's names. A customer may see only their own complaint;
   * staff may see any (e.g. to preview what the customer sees).
   *
   * @param id - the complaint id
   * @param opts - `actor` (who asks) and `locale` (`en` default, or `zh`)
   * @returns the customer's view
   * @throws ValidationError, NotFoundError, ForbiddenError
   * @example
   * const v = await desk.customerView(id, { actor: { id: 'cust-1', role: 'customer' }, locale: 'zh' });
   * v.stage.label; // '调查中'
   * v.canDo.map((a) => a.type); // ['WITHDRAW']
   */
  customerView(id: string, opts: CustomerViewOptions): Promise<CustomerView>;
  /**
   * Fire one timer delivered by a job engine (the timer-backend port). The
   * stored timer is checked first: a job for a timer that was disarmed,
   * re-armed for another instant or already fired is `stale` and changes
   * nothing, so an engine's duplicate deliveries are no-ops. Throws when the
   * complaint cannot be loaded, migrated or applied (the engine retries it).
   *
   * @param job - `{ complaintId, key, dueAt }` as the job carries it
   * @returns `fired` or `stale`
   * @throws ValidationError for a malformed job; whatever the store or the record throws
   * @example
   * // a graphile-worker task
   * const task = async (payload: unknown) => { await desk.fireTimer(payload as TimerJob); };
   */
  fireTimer(job: TimerJob): Promise<TimerFireResult>;
  /** The complaint's audit timeline (for a customer: their own, without internal notes and escalations). @throws NotFoundError, ForbiddenError */
  timeline(id: string, opts?: { as?: Actor }): Promise<TimelineEntry[]>;
  /**
   * Summaries matching a query, sorted, keyset-paginated. With `as` a
   * customer, only their own complaints (the `customerId` filter is theirs);
   * staff lists are unchanged.
   *
   * @param query - filters, sort, order, limit and cursor
   * @param opts - `as`: who lists
   * @returns a page of summaries (`next` is the cursor of the following page)
   * @throws ValidationError, ForbiddenError (a customer naming another customer)
   * @example
   * const mine = await desk.list({ sort: 'nextDeadline' }, { as: { id: 'cust-42', role: 'customer' } });
   */
  list(query?: ListQuery, opts?: ListOptions): Promise<ListPage>;
  /** Complete records filed in a range, in filing order, read a batch at a time (bounded memory). */
  records(options?: RecordsOptions): AsyncIterable<ComplaintExport>;
  /** Fire every timer due by the desk's clock (or an earlier `now`), in due order; failures are quarantined. */
  runDue(now?: InstantInput): Promise<RunDueResult>;
  /**
   * Raise an operational alert (a trend spike, batch complaints): recorded
   * on the complaint it names (a timeline entry `operation` / `alert`, hidden
   * from the customer) with one outbox message per recipient, id
   * `<alert id>:<recipient>`, in one commit keyed by the alert's id — the
   * same id again writes nothing and notifies nobody twice.
   * @param alert - id, complaint, kind, recipients and the evidence
   * @param opts - the actor (supervisor, director, executive or system)
   * @returns whether it was raised now, and its message ids
   * @throws ValidationError, ForbiddenError, NotFoundError
   * @example
   * await desk.raiseAlert({ id: 'trend.batch.product.K-200', complaintId: 'C42', kind: 'trend.batch', recipients: ['role:director'], data: { customers: 7 } }, { actor: { id: 'trends', role: 'system' } });
   */
  raiseAlert(alert: AlertInput, opts: { actor: Actor }): Promise<AlertResult>;
  /** Send pending outbox messages (retry with backoff; park after `maxAttempts`). */
  dispatch(now?: InstantInput): Promise<DispatchResult>;
  /** Outbox messages (e.g. `{ status: 'parked' }`). */
  outbox(filter?: { status?: OutboxMessage['status']; complaintId?: string }): Promise<OutboxMessage[]>;
  /**
   * Queue a parked (or pending) message again now, with its attempts reset;
   * recorded in the complaint's timeline (`outbox.redeliver`).
   * @throws NotFoundError, ForbiddenError (managers and the system only), RuleViolationError (already sent)
   */
  redeliver(messageId: string, opts: { actor: Actor }): Promise<OutboxMessage>;
  /** Make a quarantined or parked timer claimable at once. @returns whether it was found */
  retryTimer(complaintId: string, key: string, opts: { actor: Actor }): Promise<boolean>;
  /** Quarantined and parked timers, parked messages. */
  problems(): Promise<DeskProblems>;
  /** Readiness and backlog figures (never throws). */
  health(): Promise<DeskHealth>;
  /**
   * Start waking on due timers and messages with the scheduler, and start the
   * timer backend's delivery when there is one. Resolves once the backend is
   * running (at once without one).
   * @throws whatever the timer backend's `start` throws (also reported, kind `timerBackend`)
   */
  start(): Promise<void>;
  /** Stop waking and wait for a run in progress; leaves no handle keeping the process alive. */
  stop(): Promise<void>;
}

const operatorRoles = ['supervisor', 'director', 'executive', 'system'] as const;

/**
 * Create a desk: the durable runtime that files complaints, applies events
 * with pure XState transitions over persisted snapshots, keeps timers as data
 * in the store, and delivers notifications through an outbox. Its clock is
 * the authority for when things happen; one bad record, notifier or clock
 * reading never stops the rest.
 *
 * @param options - store, notifier and optional policy, calendar, clock, time rules, scheduler, retries, hooks
 * @returns the {@link Desk}
 * @throws ValidationError for malformed options
 * @example
 * const desk = createDesk({ store: memoryStore(), notifier: consoleNotifier() });
 * const c = await desk.file(intake, { actor: { id: 'agent-1', role: 'agent' } });
 * await desk.send(c.id, { type: 'ACKNOWLEDGE' }, { actor: { id: 'agent-1', role: 'agent' } });
 */
export function createDesk(options: DeskOptions): Desk {
  parseWith(deskOptionsSchema, 'desk options', options);
  const store = options.store;
  const clock = options.clock ?? systemClock;
  const policy = withCalendar(options.policy ?? presets.guideline, options.calendar);
  const machine = createComplaintMachine(policy);
  const redact = options.redact === false ? noRedaction : (options.redact ?? maskPersonalData);
  const newId = options.idGenerator ?? randomUUID;
  const instanceId = options.instanceId ?? `desk-${randomUUID()}`;
  const d = deskDefaults;
  const retry = { ...d.retry, sleep, ...options.retry };
  const outboxConfig = { ...d.outbox, ...options.outbox };
  const timerConfig = { ...d.timers, ...options.timers };
  const maxSkewMs = options.time?.maxSkewMs ?? d.time.maxSkewMs;
  const time = deskTime(clock, {
    maxSkewMs,
    backdating: { ...d.time.backdating, ...options.time?.backdating },
  });
  const reporter = createReporter(options.onError ?? rateLimitedReporter(options.logger ?? console), clock);
  const scheduler = options.scheduler === false ? undefined : (options.scheduler ?? inProcessScheduler({ clock }));
  const snapshots = createSnapshots({ machine, store, migrations: { ...defaultMigrations, ...options.migrations } });
  const serial = keyedQueue();
  const onCommit = options.onCommit;
  const backend = options.timerBackend;
  // With a timer backend the desk's own runs only sweep: timers overdue by more than the grace.
  const sweepGrace = backend ? Math.max(0, backend.sweepGraceMs ?? DEFAULT_SWEEP_GRACE_MS) : 0;
  /** Tell `onCommit` what was committed; what it throws is reported, never rethrown. */
  const committed = (summary: ComplaintSummary, timeline: TimelineEntry[]): void => {
    if (!onCommit) return;
    try {
      onCommit({ complaintId: summary.id, version: summary.version, summary, timeline });
    } catch (e) {
      reporter.report(e, { kind: 'onCommit', complaintId: summary.id });
    }
  };
  let scheduling = false;
  let lastWakeAt: number | null = null;

  /** Retry `attempt` after a conflict with another desk, within the budget; false when spent. */
  async function backoff(attempt: number, started: number): Promise<boolean> {
    if (attempt + 1 >= retry.attempts || Date.now() - started >= retry.budgetMs) return false;
    await retry.sleep(backoffDelay(attempt, retry.baseDelayMs, retry.maxDelayMs, 'full'));
    return true;
  }

  /** Turn accumulated steps into one commit and write it; the view for `role` unless `wantView` is false. */
  async function write(
    id: string,
    expectedVersion: number,
    applied: Applied,
    previousTimers: Record<string, number>,
    idempotency: { key: string; fingerprint: string } | undefined,
    role: Actor['role'] | undefined,
    wantView: boolean,
  ): Promise<ComplaintView | undefined> {
    const version = expectedVersion + 1;
    const snapshot = applied.snapshot;
    const ctx = snapshot.context as ComplaintContext;
    const summary = summarize(id, version, snapshot, applied.latest);
    const view = wantView || idempotency ? viewOf(policy, summary, snapshot, role) : undefined;
    const armTimers: TimerRecord[] = [];
    const disarmTimers: string[] = [];
    let earliest = Infinity;
    for (const key in applied.timers) {
      const dueAt = applied.timers[key]!;
      if (previousTimers[key] !== dueAt) {
        armTimers.push({ complaintId: id, key, dueAt });
        if (dueAt < earliest) earliest = dueAt;
      }
    }
    for (const key in previousTimers) if (!(key in applied.timers)) disarmTimers.push(key);
    const record: ComplaintRecord = { id, version, machineVersion: MACHINE_VERSION, snapshot: persist(snapshot), summary, timers: applied.timers };
    const timeline: TimelineEntry[] = [];
    for (let seq = 0; seq < applied.timeline.length; seq++) {
      const e = applied.timeline[seq]!;
      timeline.push({ complaintId: id, version, seq, at: e.at, kind: e.kind, type: e.type, actor: e.actor, data: e.data });
    }
    const outbox = outboxFor(id, version, ctx, applied.notifications, applied.latest, redact);
    await store.commit({
      expectedVersion,
      record,
      timeline,
      armTimers,
      disarmTimers,
      outbox,
      ...(idempotency ? { idempotency: { key: idempotency.key, complaintId: id, version, result: { fingerprint: idempotency.fingerprint, view } } } : {}),
    });
    snapshots.wrote(record, snapshot);
    committed(summary, timeline);
    if (backend?.afterCommit && (armTimers.length > 0 || disarmTimers.length > 0)) {
      try {
        const ended: DisarmedTimer[] = [];
        for (const key in previousTimers) {
          if (applied.timers[key] !== previousTimers[key]) ended.push({ complaintId: id, key, dueAt: previousTimers[key]! });
        }
        await backend.afterCommit({ armed: armTimers.map((t) => ({ complaintId: id, key: t.key, dueAt: t.dueAt })), disarmed: ended });
      } catch (e) {
        // The commit stands: the sweep fires what the backend did not get.
        reporter.report(e, { kind: 'timerBackend', complaintId: id });
      }
    }
    if (scheduler && scheduling) {
      if (outbox.length > 0) scheduler.schedule(applied.latest);
      else if (earliest < Infinity) scheduler.schedule(earliest + sweepGrace);
    }
    return view;
  }

  const parseOptions = (opts: unknown): CommandOptions => parseWith(commandOptionsSchema, 'options', opts);
  const parseId = (id: unknown): string => parseWith(idText, 'complaint id', id);

  async function file(input: IntakeInput, opts: CommandOptions): Promise<ComplaintView> {
    const o = parseOptions(opts);
    const parsed = parseWith(intakeInputSchema, 'intake', input);
    checkCodes(options.codes, parsed.classification, 'intake');
    authorizeFiling(o.actor, parsed.customer.id);
    const now = time.now();
    const { at: filedAt, reportedAt } = time.commandTime(parsed.filedAt, o.actor, 'filedAt', now);
    const key = o.idempotencyKey === undefined ? undefined : scopedKey('file', o.actor, o.idempotencyKey);
    const print = key === undefined ? '' : fingerprint('file', o.actor, parsed, 'filedAt');
    const before = await remembered<ComplaintView>(store, key, print, parsed.id ?? '');
    if (before) return before;
    const id = parsed.id ?? newId();
    const intake = reportedAt === undefined ? { ...parsed, id, filedAt } : { ...parsed, id, filedAt, reportedAt };
    return serial.run(id, async () => {
      const applied = applyFiling(machine, intake, o.actor);
      // A backdated filing: what fell due between receipt and now happens now, in the same commit.
      fireDue(machine, id, applied, now);
      try {
        return (await write(id, 0, applied, {}, key === undefined ? undefined : { key, fingerprint: print }, o.actor.role, true))!;
      } catch (e) {
        if (!isConflictError(e)) throw e;
        const again = await remembered<ComplaintView>(store, key, print, id);
        if (again) return again;
        if (e.actualVersion !== undefined) throw new ConflictError(`a complaint with id ${id} already exists`, { id, expectedVersion: 0, actualVersion: e.actualVersion });
        throw e;
      }
    });
  }

  /** Why the state refuses the event: a rule (the state takes the event type) or the state itself; `accepted` only what the actor's role may send. */
  function refusal(applied: Applied, event: ComplaintEvent): Error {
    const accepted = acceptedEvents(applied.snapshot, event.actor.role);
    if (accepted.includes(event.type)) {
      const v = ruleViolation(policy, applied.snapshot.context as ComplaintContext, event);
      if (v) return new RuleViolationError(event.type, v.rule, v.message);
    }
    return new InvalidTransitionError(event.type, stepPath(applied.snapshot), accepted);
  }

  async function send(rawId: string, command: ComplaintCommand, opts: CommandOptions): Promise<ComplaintView> {
    const o = parseOptions(opts);
    const id = parseId(rawId);
    const cmd = parseWith(complaintCommandSchema, 'event', command) as Record<string, unknown> & { type: EventType; at?: number };
    if (cmd.type === 'TRIAGE') checkCodes(options.codes, cmd.classification as Classification | undefined, 'event');
    const now = time.now();
    const { at, reportedAt } = time.commandTime(cmd.at, o.actor, 'at', now);
    const key = o.idempotencyKey === undefined ? undefined : scopedKey('send', o.actor, o.idempotencyKey, id);
    const print = key === undefined ? '' : fingerprint('send', o.actor, cmd, 'at');
    /** The first result of this command under its key, when one was committed (by any desk), for this actor. */
    const replay = async (): Promise<ComplaintView | undefined> => {
      const v = await remembered<ComplaintView>(store, key, print, id);
      if (v) authorizeReplay(o.actor, cmd.type, v.customerId);
      return v;
    };
    return serial.run(id, async () => {
      const started = Date.now();
      // The first try trusts this desk's cached record (no read round trip): the commit is guarded by its
      // version, so a stale cache only costs a conflict. Whatever a cached try refuses is tried again on
      // the stored record before the caller hears of it.
      let trustCache = true;
      for (let attempt = 0; ; attempt++) {
        const before = await replay();
        if (before) return before;
        const cached = trustCache ? snapshots.cached(id) : undefined;
        trustCache = false;
        const record = cached ?? (await snapshots.read(id));
        if (!record) throw new NotFoundError(`no complaint with id ${id}`, id);
        let applied: Applied;
        try {
          // Role and ownership first: a stranger learns nothing of the complaint (not even its version).
          authorizeSender(o.actor, cmd.type, record.summary.customerId);
          if (o.expectedVersion !== undefined && o.expectedVersion !== record.version) {
            throw new ConflictError(`complaint ${id} is at version ${record.version}, not ${o.expectedVersion}`, { id, expectedVersion: o.expectedVersion, actualVersion: record.version });
          }
          const restored = await snapshots.restore(record);
          const ctx = restored.snapshot.context as ComplaintContext;
          applied = startFrom(restored.snapshot, restored.timers, record.summary.updatedAt);
          // Every timer due by the desk's clock fires first, at its own instant.
          fireDue(machine, id, applied, now);
          const latest = applied.latest;
          if (reportedAt !== undefined && at < latest) {
            throw validationIssue('event', ['at'], `at ${new Date(at).toISOString()} is before the complaint's latest recorded time (${new Date(latest).toISOString()})`);
          }
          const event = { ...cmd, at: reportedAt === undefined ? Math.max(at, latest) : at, actor: o.actor } as ComplaintEvent;
          if (reportedAt !== undefined) (event as { reportedAt?: number }).reportedAt = reportedAt;
          authorize(policy, o.actor, event, ctx);
          if (!applyEvent(machine, id, applied, event)) {
            // The same command (same key) may have been committed by another desk between the key lookup
            // above and the load: the record then already shows its effect. That is a replay, not an error.
            const again = await replay();
            if (again) return again;
            throw refusal(applied, event);
          }
          if (cmd.type === 'ACCEPT' && o.actor.role !== 'customer' && cmd.confirmation === undefined) {
            // Staff record the customer's acceptance only with how it was given (the 方案确认书 names it).
            throw validationIssue('event', ['confirmation'], `${o.actor.role} records the customer's acceptance: give confirmation.channel, how the customer confirmed (e.g. phone, letter), and a reference if there is one`);
          }
        } catch (e) {
          if (cached) {
            attempt--;
            continue;
          }
          throw e;
        }
        try {
          return (await write(id, record.version, applied, record.timers, key === undefined ? undefined : { key, fingerprint: print }, o.actor.role, true))!;
        } catch (e) {
          if (!(isRedressError(e) && e.code === 'CONFLICT')) throw e;
          if (cached) {
            // Another desk wrote since this desk's cache: read the stored record (no backoff: nothing is racing).
            attempt--;
            continue;
          }
          const again = await replay();
          if (again) return again;
          if (o.expectedVersion !== undefined || !(await backoff(attempt, started))) throw e;
        }
      }
    });
  }

  /** Fire one claimed timer (the timer runner quarantines what this throws). */
  function fireClaimed(timer: TimerRecord): Promise<'fired' | 'stale'> {
    return serial.run(timer.complaintId, async () => {
      const started = Date.now();
      for (let attempt = 0; ; attempt++) {
        const record = await snapshots.read(timer.complaintId);
        if (!record || record.timers[timer.key] !== timer.dueAt) return 'stale';
        const restored = await snapshots.restore(record);
        const applied = startFrom(restored.snapshot, restored.timers, record.summary.updatedAt);
        // Everything of this complaint due up to this timer, in order (a migrated record's timers have new keys).
        fireDue(machine, record.id, applied, timer.dueAt);
        if (applied.timers[timer.key] === timer.dueAt) delete applied.timers[timer.key];
        try {
          await write(record.id, record.version, applied, record.timers, undefined, undefined, false);
          return 'fired';
        } catch (e) {
          if (!(isRedressError(e) && e.code === 'CONFLICT') || !(await backoff(attempt, started))) throw e;
        }
      }
    });
  }

  const timerRunner = createTimerRunner({ store, config: timerConfig, instanceId, reporter, fire: fireClaimed, now: () => time.now() });
  const dispatcher = createDispatcher({ store, notifier: options.notifier, config: outboxConfig, instanceId, reporter, now: () => time.now() });

  /** A job engine's delivery: checked against the stored timer, fired like a claimed one. */
  async function fireTimer(job: TimerJob): Promise<TimerFireResult> {
    const j = parseWith(timerJobSchema, 'timer job', job);
    const now = time.now();
    if (j.dueAt > now + maxSkewMs) {
      throw validationIssue('timer job', ['dueAt'], `is ${new Date(j.dueAt).toISOString()}, after the desk's clock (${new Date(now).toISOString()}) by more than ${maxSkewMs} ms: the timer is not due yet`);
    }
    return fireClaimed({ complaintId: j.complaintId, key: j.key, dueAt: j.dueAt });
  }

  const optionalInstant = instantInputSchema.optional();
  async function runDue(at?: InstantInput): Promise<RunDueResult> {
    const requested = parseWith(optionalInstant, 'runDue time', at);
    return timerRunner.runDue(time.runTime(requested, 'runDue time', time.now()));
  }
  async function dispatch(at?: InstantInput): Promise<DispatchResult> {
    const requested = parseWith(optionalInstant, 'dispatch time', at);
    return dispatcher.dispatch(time.runTime(requested, 'dispatch time', time.now()));
  }

  async function readRestored(id: string) {
    const record = await snapshots.read(id);
    if (!record) throw new NotFoundError(`no complaint with id ${id}`, id);
    return snapshots.restore(record);
  }
  const parseReader = (opts: { as?: Actor } | undefined): Actor | undefined =>
    opts?.as === undefined ? undefined : parseWith(actorSchema, 'options.as', opts.as);

  async function get(rawId: string, opts?: { as?: Actor }): Promise<ComplaintDetails> {
    const id = parseId(rawId);
    const as = parseReader(opts);
    const r = await readRestored(id);
    const ctx = r.snapshot.context as ComplaintContext;
    if (as) authorizeRead(as, ctx.intake.customer.id);
    const summary = r.record.machineVersion === MACHINE_VERSION ? r.record.summary : summarize(id, r.record.version, r.snapshot, r.record.summary.updatedAt);
    const view = viewOf(policy, summary, r.snapshot, as?.role);
    return detailsOf(view, r.snapshot, await store.timeline(id), as?.role !== 'customer');
  }

  async function customerView(rawId: string, opts: CustomerViewOptions): Promise<CustomerView> {
    const id = parseId(rawId);
    const o = parseWith(customerViewOptionsSchema, 'options', opts);
    const r = await readRestored(id);
    authorizeRead(o.actor, (r.snapshot.context as ComplaintContext).intake.customer.id);
    const [entries, messages] = await Promise.all([store.timeline(id), store.outbox({ complaintId: id })]);
    return customerViewOf(id, r.snapshot, entries, messages, o.locale ?? 'en', r.record.version);
  }

  async function timeline(rawId: string, opts?: { as?: Actor }): Promise<TimelineEntry[]> {
    const id = parseId(rawId);
    const as = parseReader(opts);
    const r = await readRestored(id);
    if (as) authorizeRead(as, (r.snapshot.context as ComplaintContext).intake.customer.id);
    const entries = await store.timeline(id);
    return as?.role === 'customer' ? entries.filter((e) => e.kind !== 'escalation' && !(e.kind === 'event' && e.type === 'ADD_NOTE') && !(e.kind === 'operation' && e.type === 'alert')) : entries;
  }

  async function* records(opts: RecordsOptions = {}): AsyncGenerator<ComplaintExport> {
    const from = parseWith(optionalInstant, 'records.from', opts.from);
    const to = parseWith(optionalInstant, 'records.to', opts.to);
    const batch = opts.batch ?? 500;
    if (!Number.isInteger(batch) || batch < 1 || batch > 10_000) throw validationIssue('records options', ['batch'], 'must be a whole number from 1 to 10,000');
    const migrations = { ...defaultMigrations, ...options.migrations };
    let cursor: string | undefined;
    for (;;) {
      const page = store.records
        ? await store.records({ filedFrom: from, filedTo: to, limit: batch, cursor })
        : await listRecords(from, to, batch, cursor);
      for (const record of page.items) {
        const timeline = opts.timeline || record.machineVersion < MACHINE_VERSION ? await store.timeline(record.id) : undefined;
        let out: ComplaintExport = record;
        if (record.machineVersion !== MACHINE_VERSION) {
          const up = upgradeMachineState({ snapshot: record.snapshot, timers: record.timers }, record.machineVersion, migrations, timeline);
          const snapshot = up.snapshot as ComplaintRecord['snapshot'];
          out = { ...record, machineVersion: MACHINE_VERSION, snapshot, timers: up.timers, summary: summarize(record.id, record.version, snapshot, record.summary.updatedAt) };
        }
        yield opts.timeline ? { ...out, timeline } : out;
      }
      if (!page.next) return;
      cursor = page.next;
    }
  }

  /** `records` for a store without the capability: filing-order pages of `list`, each record loaded. */
  async function listRecords(from: number | undefined, to: number | undefined, limit: number, cursor: string | undefined) {
    const page = await store.list({ filedFrom: from, filedTo: to, limit: Math.min(limit, 1000), cursor });
    const items: ComplaintRecord[] = [];
    for (const s of page.items) {
      const r = await store.load(s.id);
      if (r) items.push(r);
    }
    return page.next ? { items, next: page.next } : { items };
  }

  async function redeliver(messageId: string, opts: { actor: Actor }): Promise<OutboxMessage> {
    const actor = parseWith(actorSchema, 'options.actor', opts?.actor);
    parseWith(idText.max(1000), 'message id', messageId);
    if (!(operatorRoles as readonly string[]).includes(actor.role)) {
      throw new ForbiddenError(`role ${actor.role} may not re-deliver messages (allowed: ${operatorRoles.join(', ')})`, { role: actor.role, eventType: 'REDELIVER' });
    }
    const [message] = await store.outbox({ id: messageId });
    if (!message) throw new NotFoundError(`no outbox message with id ${messageId}`, messageId);
    if (message.status === 'sent') throw new RuleViolationError('REDELIVER', 'notSent', `message ${messageId} was already delivered`);
    return serial.run(message.complaintId, async () => {
      const started = Date.now();
      for (let attempt = 0; ; attempt++) {
        const record = await store.load(message.complaintId);
        if (!record) throw new NotFoundError(`no complaint with id ${message.complaintId}`, message.complaintId);
        const now = time.now();
        const { commit, summary, timeline } = operationCommit(
          record,
          Math.max(record.summary.updatedAt, now),
          { at: now, type: 'outbox.redeliver', actor, data: { messageId, attempts: message.attempts, lastError: message.lastError } },
          { requeueOutbox: { ids: [messageId], at: now } },
        );
        try {
          await store.commit(commit);
          committed(summary, timeline);
          break;
        } catch (e) {
          if (!(isRedressError(e) && e.code === 'CONFLICT') || !(await backoff(attempt, started))) throw e;
        }
      }
      if (scheduler && scheduling) scheduler.schedule(time.now());
      const [after] = await store.outbox({ id: messageId });
      return after ?? message;
    });
  }

  async function retryTimer(complaintId: string, key: string, opts: { actor: Actor }): Promise<boolean> {
    const actor = parseWith(actorSchema, 'options.actor', opts?.actor);
    parseId(complaintId);
    parseWith(idText, 'timer key', key);
    if (!(operatorRoles as readonly string[]).includes(actor.role)) {
      throw new ForbiddenError(`role ${actor.role} may not retry timers (allowed: ${operatorRoles.join(', ')})`, { role: actor.role, eventType: 'RETRY_TIMER' });
    }
    const found = await store.retryTimer(complaintId, key);
    if (found && scheduler && scheduling) scheduler.schedule(time.now());
    return found;
  }

  async function health(): Promise<DeskHealth> {
    let now: number | null = null;
    let clockError: string | null = null;
    try {
      now = time.now();
    } catch (e) {
      clockError = e instanceof Error ? e.message : String(e);
    }
    const h: DeskHealth = {
      ready: false,
      now,
      clock: { ok: clockError === null, error: clockError },
      store: { ok: true, error: null },
      timers: { due: null, oldestOverdueMs: null, quarantined: null, parked: null },
      outbox: { pending: null, due: null, parked: null, oldestPendingMs: null },
      timerBackend: backend?.name ?? 'store',
      scheduling,
      lastWakeAt,
      lastError: reporter.last ?? null,
    };
    try {
      if (store.stats && now !== null) {
        const s = await store.stats(now);
        h.timers = {
          due: s.timers.due,
          oldestOverdueMs: s.timers.oldestDueAt === null ? null : Math.max(0, now - s.timers.oldestDueAt),
          quarantined: s.timers.quarantined,
          parked: s.timers.parked,
        };
        h.outbox = { pending: s.outbox.pending, due: s.outbox.due, parked: s.outbox.parked, oldestPendingMs: s.outbox.oldestPendingAt === null ? null : Math.max(0, now - s.outbox.oldestPendingAt) };
      } else {
        await store.nextDueAt();
      }
    } catch (e) {
      h.store = { ok: false, error: e instanceof Error ? e.message : String(e) };
    }
    h.ready = h.clock.ok && h.store.ok;
    return h;
  }

  let inFlight: Promise<unknown> | undefined;
  async function wake(): Promise<number | undefined> {
    try {
      const now = time.now();
      lastWakeAt = now;
      const work = (async () => {
        await timerRunner.runDue(now - sweepGrace);
        await dispatcher.dispatch(time.now());
      })();
      inFlight = work;
      await work;
      const [due, outboxAt] = await Promise.all([store.nextDueAt(), store.nextOutboxAt?.()]);
      const timersAt = due === undefined ? undefined : due + sweepGrace;
      if (timersAt === undefined) return outboxAt;
      return outboxAt === undefined ? timersAt : Math.min(timersAt, outboxAt);
    } catch (e) {
      reporter.report(e, { kind: isRedressError(e) && e.code === 'CLOCK' ? 'clock' : 'wake' });
      throw e;
    }
  }

  return {
    policy,
    machine,
    file,
    send,
    get,
    customerView,
    fireTimer,
    timeline,
    async list(query, opts) {
      const o = parseWith(listOptionsSchema, 'options', opts);
      const q = parseListQuery(query);
      return store.list(o?.as ? scopeList(o.as, q) : q);
    },
    records,
    raiseAlert: (alert, opts) =>
      raiseAlertWith(
        {
          store,
          now: () => time.now(),
          serial: (id, task) => serial.run(id, task),
          backoff,
          committed(summary, entries) {
            committed(summary, entries);
            if (scheduler && scheduling) scheduler.schedule(time.now());
          },
        },
        alert,
        opts,
      ),
    runDue,
    dispatch,
    outbox: (filter) => store.outbox(filter),
    redeliver,
    retryTimer,
    problems: async () => ({ timers: await store.timerProblems(), messages: await store.outbox({ status: 'parked' }) }),
    health,
    async start() {
      if (scheduling) return;
      scheduling = true;
      if (scheduler) scheduler.start(wake);
      if (backend?.start) {
        try {
          await backend.start(fireTimer, { dispatch: () => dispatch() });
        } catch (e) {
          reporter.report(e, { kind: 'timerBackend' });
          throw e;
        }
      }
    },
    async stop() {
      scheduling = false;
      scheduler?.stop();
      await Promise.all([inFlight?.catch(() => undefined), backend?.stop?.().catch((e: unknown) => reporter.report(e, { kind: 'timerBackend' }))]);
    },
  };
}

/** The policy with its `business` calendar replaced. */
function withCalendar(policy: Policy, calendar: Calendar | CalendarSpec | undefined): Policy {
  if (!calendar) return policy;
  let cal: Calendar;
  try {
    cal = isCalendar(calendar) ? calendar : createCalendar(calendar);
  } catch (e) {
    // Name the option in the issue paths, like every other createDesk option.
    if (e instanceof ValidationError) throw new ValidationError('desk options', e.issues.map((i) => ({ ...i, path: ['calendar', ...i.path] })));
    throw e;
  }
  return Object.freeze({ ...policy, calendars: Object.freeze({ ...policy.calendars, business: cal }) });
}

/** The snapshot type the desk's views are built from. */
export type DeskSnapshot = AnyMachineSnapshot;
