import { randomUUID } from 'node:crypto';
import type { AnyMachineSnapshot } from 'xstate';
import {
  ConflictError,
  InvalidTransitionError,
  NotFoundError,
  RedressError,
  ValidationError,
  validationIssue,
} from '../errors.js';
import type {
  Clock,
  ComplaintRecord,
  ComplaintStore,
  ListPage,
  ListQuery,
  Notifier,
  OutboxMessage,
  Scheduler,
  TimelineEntry,
  TimerRecord,
} from '../adapters/types.js';
import { parseListQuery } from '../adapters/list-query.js';
import { createComplaintMachine, type ComplaintMachine } from '../machine/index.js';
import { acceptedEvents, stepPath } from '../machine/accepted-events.js';
import type { ComplaintContext, Notification } from '../machine/context.js';
import { complaintEventSchema, type ComplaintEvent } from '../schemas/events.js';
import { intakeSchema } from '../schemas/intake.js';
import { parseWith } from '../schemas/parse.js';
import { createCalendar, isCalendar, type Calendar, type CalendarSpec } from '../sla/calendar.js';
import type { Policy } from '../sla/policy.js';
import { presets } from '../sla/presets/index.js';
import { authorize, authorizeFiling, authorizeReplay } from './authorization.js';
import { applyEvent, applyFiling, fireDue, fireOne, startFrom, type Applied } from './apply.js';
import { systemClock } from './clock.js';
import { commandOptionsSchema, deskOptionsSchema, optionalInstant, type CommandOptions } from './options.js';
import { maskPersonalData, noRedaction, type Redactor } from './redact.js';
import { inProcessScheduler } from './scheduler.js';
import { summarize, viewOf, type ComplaintView } from './view.js';

/** Version of the persisted snapshot format written by this release. */
export const MACHINE_VERSION = 1;

/** A function that upgrades a persisted snapshot from one machine version to the next. */
export type SnapshotMigration = (snapshot: unknown) => unknown;

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
  /** Time source (default: wall clock). Inject a virtual clock in tests. */
  clock?: Clock;
  /** Wakes the desk when timers come due after `start()` (default: in-process timer); `false` for none. */
  scheduler?: Scheduler | false;
  /** Conflict retries of `send` without `expectedVersion`. */
  retry?: { attempts?: number; baseDelayMs?: number; maxDelayMs?: number; sleep?: (ms: number) => Promise<void> };
  /** Outbox delivery: attempts before a message is parked, exponential backoff, lease, batch size. */
  outbox?: { maxAttempts?: number; baseDelayMs?: number; maxDelayMs?: number; leaseMs?: number; batch?: number };
  /** How long a claimed timer stays leased to this desk (default 60 s). */
  timerLeaseMs?: number;
  /** Masks personal data in notifier payloads (default: {@link maskPersonalData}); `false` sends it as is. */
  redact?: Redactor | false;
  /** Generates complaint ids when the intake has none (default `randomUUID`). */
  idGenerator?: () => string;
  /** Identifies this desk in leases (default: a random id). */
  instanceId?: string;
  /** Upgrades for snapshots written by older machine versions, keyed by the version they upgrade from. */
  migrations?: Record<number, SnapshotMigration>;
}

/** Result of {@link Desk.runDue}. */
export interface RunDueResult {
  /** Timers fired. */
  fired: number;
  /** Claimed timers that turned out stale (re-armed or disarmed meanwhile). */
  stale: number;
}

/** Result of {@link Desk.dispatch}. */
export interface DispatchResult {
  sent: number;
  failed: number;
  parked: number;
}

/** The durable complaint runtime. See {@link createDesk}. */
export interface Desk {
  /** The policy in force. */
  readonly policy: Policy;
  /** The machine the desk runs. */
  readonly machine: ComplaintMachine;
  /**
   * File a new complaint.
   * @param input - the intake (validated; `filedAt` defaults to now)
   * @param opts - actor, optional idempotency key
   * @returns the complaint's view
   */
  file(input: unknown, opts: CommandOptions): Promise<ComplaintView>;
  /**
   * Send an event to a complaint. `at` defaults to now; the actor comes from `opts`.
   * Timers due before `at` fire first, in the same commit.
   * @throws ValidationError, NotFoundError, ForbiddenError, InvalidTransitionError, ConflictError
   */
  send(id: string, event: unknown, opts: CommandOptions): Promise<ComplaintView>;
  /** The complaint's view. @throws NotFoundError */
  get(id: string): Promise<ComplaintView>;
  /** The complaint's audit timeline. @throws NotFoundError */
  timeline(id: string): Promise<TimelineEntry[]>;
  /** Summaries matching a query, keyset-paginated. */
  list(query?: ListQuery): Promise<ListPage>;
  /** Fire every timer due at or before `now` (default: the clock), in due order. */
  runDue(now?: number): Promise<RunDueResult>;
  /** Send pending outbox messages (retry with backoff; park after `maxAttempts`). */
  dispatch(now?: number): Promise<DispatchResult>;
  /** Outbox messages (e.g. `{ status: 'parked' }`). */
  outbox(filter?: { status?: OutboxMessage['status']; complaintId?: string }): Promise<OutboxMessage[]>;
  /** Start waking on due timers with the scheduler. */
  start(): void;
  /** Stop waking; leaves no handle keeping the process alive. */
  stop(): void;
}

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms).unref?.());

/**
 * Create a desk: the durable runtime that files complaints, applies events
 * with pure XState transitions over persisted snapshots, keeps timers as data
 * in the store, and delivers notifications through an outbox.
 *
 * @param options - store, notifier and optional policy, calendar, clock, scheduler, retry, redaction
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
  const notifier = options.notifier;
  const clock = options.clock ?? systemClock;
  const policy = withCalendar(options.policy ?? presets.guideline, options.calendar);
  const machine = createComplaintMachine(policy);
  const redact = options.redact === false ? noRedaction : (options.redact ?? maskPersonalData);
  const newId = options.idGenerator ?? randomUUID;
  const instanceId = options.instanceId ?? `desk-${randomUUID()}`;
  const retry = { attempts: 8, baseDelayMs: 2, maxDelayMs: 50, sleep: defaultSleep, ...options.retry };
  const outboxCfg = { maxAttempts: 5, baseDelayMs: 1_000, maxDelayMs: 15 * 60_000, leaseMs: 60_000, batch: 100, ...options.outbox };
  const timerLeaseMs = options.timerLeaseMs ?? 60_000;
  const migrations = options.migrations ?? {};
  const scheduler = options.scheduler === false ? undefined : (options.scheduler ?? inProcessScheduler({ clock }));

  const now = () => clock.now();

  // What this desk last read or wrote per complaint: a store that can say "unchanged" saves decoding
  // the record, and the same version needs no resolveState.
  interface Known {
    record: ComplaintRecord;
    snapshot: AnyMachineSnapshot;
  }
  const recent = new Map<string, Known>();
  const remember = (record: ComplaintRecord, snapshot: AnyMachineSnapshot) => {
    recent.delete(record.id);
    recent.set(record.id, { record, snapshot });
    if (recent.size > 1000) recent.delete(recent.keys().next().value as string);
  };

  function restore(record: ComplaintRecord): AnyMachineSnapshot {
    const hit = recent.get(record.id);
    if (hit && hit.record.version === record.version && record.machineVersion === MACHINE_VERSION) return hit.snapshot;
    const snapshot = resolve(record);
    remember(record, snapshot);
    return snapshot;
  }

  /** The stored record, from the cache when the store says it is unchanged. */
  async function read(id: string): Promise<ComplaintRecord | undefined> {
    const hit = recent.get(id);
    if (hit && store.loadIfNewer) {
      const r = await store.loadIfNewer(id, hit.record.version);
      return r === 'unchanged' ? hit.record : r;
    }
    return store.load(id);
  }

  function resolve(record: ComplaintRecord): AnyMachineSnapshot {
    let snap = record.snapshot;
    let v = record.machineVersion;
    while (v < MACHINE_VERSION) {
      const m = migrations[v];
      if (!m) {
        throw new RedressError(
          'MACHINE_VERSION',
          `complaint ${record.id} was written by machine version ${v}; no migration from ${v} is registered (current ${MACHINE_VERSION})`,
        );
      }
      snap = m(snap);
      v++;
    }
    if (v > MACHINE_VERSION) {
      throw new RedressError(
        'MACHINE_VERSION',
        `complaint ${record.id} was written by machine version ${v}, newer than this release (${MACHINE_VERSION})`,
      );
    }
    return machine.resolveState(snap as Parameters<ComplaintMachine['resolveState']>[0]) as AnyMachineSnapshot;
  }

  async function loadOrThrow(id: string): Promise<ComplaintRecord> {
    const record = await read(id);
    if (!record) throw new NotFoundError(`no complaint with id ${id}`);
    return record;
  }

  function outboxFor(id: string, version: number, ctx: ComplaintContext, notes: Notification[], at: number): OutboxMessage[] {
    const seen = new Map<string, number>();
    const out: OutboxMessage[] = [];
    for (const n of notes) {
      for (const recipient of n.to) {
        const base = `${id}:${version}:${n.kind}:${recipient}`;
        const count = seen.get(base) ?? 0;
        seen.set(base, count + 1);
        const forCustomer = recipient === `customer:${ctx.intake.customer.id}`;
        const payload = redact({
          kind: n.kind,
          complaintId: id,
          recipient,
          at,
          data: n.data,
          complaint: { severity: ctx.severity, escalationLevel: ctx.escalation.level, department: ctx.department },
          ...(forCustomer ? { customer: { ...ctx.intake.customer } } : {}),
        });
        out.push({
          id: count === 0 ? base : `${base}#${count}`,
          complaintId: id,
          version,
          kind: n.kind,
          recipient,
          payload,
          createdAt: at,
          status: 'pending',
          attempts: 0,
          nextAttemptAt: at,
          lastError: null,
          sentAt: null,
        });
      }
    }
    return out;
  }

  /** Turn accumulated steps into one commit and write it; returns the new view unless `wantView` is false. */
  async function write(
    id: string,
    expectedVersion: number,
    applied: Applied,
    previousTimers: Record<string, number>,
    idempotency: { key: string; fingerprint: string } | undefined,
    wantView = true,
  ): Promise<ComplaintView | undefined> {
    const version = expectedVersion + 1;
    const snapshot = applied.snapshot;
    const ctx = snapshot.context as ComplaintContext;
    const summary = summarize(id, version, snapshot);
    // Timer firings return nothing: build the view only for a caller or an idempotency record.
    const result = wantView || idempotency ? viewOf(policy, id, version, snapshot, summary) : undefined;
    const armTimers: TimerRecord[] = [];
    const disarmTimers: string[] = [];
    for (const [key, dueAt] of Object.entries(applied.timers)) {
      if (previousTimers[key] !== dueAt) armTimers.push({ complaintId: id, key, dueAt });
    }
    for (const key of Object.keys(previousTimers)) if (!(key in applied.timers)) disarmTimers.push(key);
    const record: ComplaintRecord = {
      id,
      version,
      machineVersion: MACHINE_VERSION,
      snapshot: machine.getPersistedSnapshot(snapshot),
      summary,
      timers: applied.timers,
    };
    await store.commit({
      expectedVersion,
      record,
      timeline: applied.timeline.map((e, seq) => ({ ...e, complaintId: id, version, seq })),
      armTimers,
      disarmTimers,
      outbox: outboxFor(id, version, ctx, applied.notifications, ctx.now),
      ...(idempotency ? { idempotency: { key: idempotency.key, complaintId: id, version, result: { fingerprint: idempotency.fingerprint, view: result } } } : {}),
    });
    remember(record, snapshot);
    const earliest = armTimers.reduce((m, t) => Math.min(m, t.dueAt), Infinity);
    if (scheduler && (earliest < Infinity || applied.notifications.length > 0)) {
      scheduler.schedule(applied.notifications.length > 0 ? now() : earliest);
    }
    return result;
  }

  async function backoff(attempt: number): Promise<void> {
    const cap = Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** attempt);
    await retry.sleep(Math.random() * cap);
  }

  /** What is stored for an idempotency key: the command's fingerprint and the first result. */
  interface Remembered {
    fingerprint: string;
    view: ComplaintView;
  }

  /**
   * The first result for `key`, if any. The same key with a different command
   * is a caller's mistake, not a replay: ConflictError.
   */
  async function remembered(key: string | undefined, fingerprint: string): Promise<ComplaintView | undefined> {
    if (!key) return undefined;
    const r = await store.idempotency(key);
    if (!r) return undefined;
    const stored = r.result as Remembered;
    if (stored.fingerprint !== fingerprint) {
      throw new ConflictError(`idempotency key ${key} was already used for a different command`);
    }
    return stored.view;
  }

  /** A command's identity for idempotency: what was asked, not when (a defaulted time differs on retry). */
  const fingerprintOf = (command: Record<string, unknown>, actor: CommandOptions['actor'], omit: string): string =>
    JSON.stringify([actor.id, actor.role, Object.entries(command).filter(([k]) => k !== omit && k !== 'actor').sort(([a], [b]) => (a < b ? -1 : 1))]);

  async function file(input: unknown, opts: CommandOptions): Promise<ComplaintView> {
    const o = parseWith(commandOptionsSchema, 'options', opts);
    const raw = input && typeof input === 'object' && !Array.isArray(input) ? (input as Record<string, unknown>) : undefined;
    const intake = parseWith(intakeSchema, 'intake', raw && raw.filedAt === undefined ? { ...raw, filedAt: now() } : input);
    authorizeFiling(o.actor, intake.customer.id);
    const key = o.idempotencyKey ? JSON.stringify(['file', o.idempotencyKey]) : undefined;
    const fingerprint = fingerprintOf(intake, o.actor, 'filedAt');
    const before = await remembered(key, fingerprint);
    // A replay returns the first result only to someone who may see it.
    if (before) {
      authorizeFiling(o.actor, before.customerId);
      return before;
    }
    const id = intake.id ?? newId();
    const applied = applyFiling(machine, { ...intake, id }, o.actor);
    try {
      return (await write(id, 0, applied, {}, key ? { key, fingerprint } : undefined))!;
    } catch (e) {
      const again = e instanceof ConflictError ? await remembered(key, fingerprint) : undefined;
      if (again) {
        authorizeFiling(o.actor, again.customerId);
        return again;
      }
      throw e;
    }
  }

  function parseEventFor(event: unknown, actor: CommandOptions['actor']): ComplaintEvent {
    if (!event || typeof event !== 'object' || Array.isArray(event)) {
      return parseWith(complaintEventSchema, 'event', event) as ComplaintEvent;
    }
    const e = event as Record<string, unknown>;
    if (e.actor !== undefined && JSON.stringify(e.actor) !== JSON.stringify(actor)) {
      throw validationIssue('event', ['actor'], 'the event actor must be the actor in the options (or omitted)');
    }
    return parseWith(complaintEventSchema, 'event', { ...e, actor, at: e.at ?? now() }) as ComplaintEvent;
  }

  async function send(id: string, rawEvent: unknown, opts: CommandOptions): Promise<ComplaintView> {
    const o = parseWith(commandOptionsSchema, 'options', opts);
    if (typeof id !== 'string' || id.length === 0 || id.length > 200) {
      throw validationIssue('complaint id', [], 'must be a non-empty string');
    }
    const event = parseEventFor(rawEvent, o.actor);
    const key = o.idempotencyKey ? JSON.stringify(['send', id, o.idempotencyKey]) : undefined;
    const fingerprint = fingerprintOf(event, o.actor, 'at');
    for (let attempt = 0; ; attempt++) {
      const before = await remembered(key, fingerprint);
      if (before) {
        authorizeReplay(o.actor, event.type, before.customerId);
        return before;
      }
      const record = await loadOrThrow(id);
      let applied: Applied;
      try {
        if (o.expectedVersion !== undefined && o.expectedVersion !== record.version) {
          throw new ConflictError(`complaint ${id} is at version ${record.version}, not ${o.expectedVersion}`);
        }
        const snapshot = restore(record);
        authorize(policy, o.actor, event, snapshot.context as ComplaintContext);
        applied = startFrom(snapshot, record.timers);
        fireDue(machine, applied, event.at);
        if (!applyEvent(machine, applied, event)) {
          throw new InvalidTransitionError(event.type, stepPath(applied.snapshot), acceptedEvents(applied.snapshot));
        }
      } catch (e) {
        // The same command (same key) may have been committed by another desk between the key
        // lookup above and the load: the record then already shows its effect (an ACKNOWLEDGE is
        // no longer accepted, the version moved on). That is a replay, not an error.
        const again = e instanceof RedressError ? await remembered(key, fingerprint) : undefined;
        if (again) {
          authorizeReplay(o.actor, event.type, again.customerId);
          return again;
        }
        throw e;
      }
      try {
        return (await write(id, record.version, applied, record.timers, key ? { key, fingerprint } : undefined))!;
      } catch (e) {
        if (!(e instanceof ConflictError)) throw e;
        const again = await remembered(key, fingerprint);
        if (again) {
          authorizeReplay(o.actor, event.type, again.customerId);
          return again;
        }
        if (o.expectedVersion !== undefined || attempt + 1 >= retry.attempts) throw e;
        await backoff(attempt);
      }
    }
  }

  async function fireClaimed(timer: TimerRecord): Promise<'fired' | 'stale'> {
    for (let attempt = 0; ; attempt++) {
      const record = await read(timer.complaintId);
      if (!record || record.timers[timer.key] !== timer.dueAt) return 'stale';
      const applied = startFrom(restore(record), record.timers);
      // Earlier timers of the same complaint first, so its deadlines fire in order.
      fireDue(machine, applied, timer.dueAt - 1);
      if (applied.timers[timer.key] === timer.dueAt) fireOne(machine, applied, timer.key, timer.dueAt);
      try {
        await write(record.id, record.version, applied, record.timers, undefined, false);
        return 'fired';
      } catch (e) {
        if (!(e instanceof ConflictError) || attempt + 1 >= retry.attempts) throw e;
        await backoff(attempt);
      }
    }
  }

  async function runDue(at?: number): Promise<RunDueResult> {
    const until = parseWith(optionalInstant, 'runDue time', at) ?? now();
    let fired = 0;
    let stale = 0;
    const seen = new Set<string>();
    for (;;) {
      // Leases count from the later of the desk clock and the time asked for, so they never start out expired.
      const claimed = await store.claimDue(until, 100, { owner: instanceId, until: Math.max(now(), until) + timerLeaseMs });
      // A timer this run already handled and still claimable means the store kept a stale row: stop.
      const batch = claimed.filter((t) => !seen.has(`${t.complaintId}\u0000${t.key}\u0000${t.dueAt}`));
      if (batch.length === 0) {
        await store.releaseTimers(claimed, instanceId);
        break;
      }
      for (let i = 0; i < batch.length; i++) {
        const timer = batch[i]!;
        seen.add(`${timer.complaintId}\u0000${timer.key}\u0000${timer.dueAt}`);
        try {
          if ((await fireClaimed(timer)) === 'fired') fired++;
          else stale++;
        } catch (e) {
          await store.releaseTimers(batch.slice(i), instanceId);
          throw e;
        }
      }
      await store.releaseTimers(batch, instanceId);
    }
    return { fired, stale };
  }

  async function dispatch(at?: number): Promise<DispatchResult> {
    const t = parseWith(optionalInstant, 'dispatch time', at) ?? now();
    const result: DispatchResult = { sent: 0, failed: 0, parked: 0 };
    for (;;) {
      const batch = await store.claimOutbox(t, outboxCfg.batch, { owner: instanceId, until: Math.max(now(), t) + outboxCfg.leaseMs });
      if (batch.length === 0) return result;
      for (const m of batch) {
        try {
          await notifier.send({ id: m.id, complaintId: m.complaintId, kind: m.kind, recipient: m.recipient, payload: m.payload });
          await store.markOutbox(m.id, { status: 'sent', attempts: m.attempts + 1, nextAttemptAt: m.nextAttemptAt, lastError: null, sentAt: t }, instanceId);
          result.sent++;
        } catch (e) {
          const attempts = m.attempts + 1;
          const error = e instanceof Error ? e.message : String(e);
          const parked = attempts >= outboxCfg.maxAttempts;
          const delay = Math.min(outboxCfg.maxDelayMs, outboxCfg.baseDelayMs * 2 ** (attempts - 1));
          await store.markOutbox(m.id, {
            status: parked ? 'parked' : 'pending',
            attempts,
            nextAttemptAt: parked ? m.nextAttemptAt : t + delay,
            lastError: error,
            sentAt: null,
          }, instanceId);
          if (parked) result.parked++;
          else result.failed++;
        }
      }
    }
  }

  return {
    policy,
    machine,
    file,
    send,
    async get(id) {
      const record = await loadOrThrow(id);
      return viewOf(policy, id, record.version, restore(record));
    },
    async timeline(id) {
      await loadOrThrow(id);
      return store.timeline(id);
    },
    async list(query) {
      return store.list(parseListQuery(query));
    },
    runDue,
    dispatch,
    outbox: (filter) => store.outbox(filter),
    start() {
      scheduler?.start(async () => {
        await runDue();
        await dispatch();
        return store.nextDueAt();
      });
    },
    stop() {
      scheduler?.stop();
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
