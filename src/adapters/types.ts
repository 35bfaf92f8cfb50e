// The adapter interfaces host applications implement or inject: where
// complaints are stored, how notifications leave, and what wakes the desk.
import type { Actor, Category, Role, Severity } from '../schemas/common.js';
import type { ClockName } from '../schemas/events.js';
import type { ComplaintContext, Outcome } from '../machine/context.js';

/** Status of one SLA deadline as shown in views and summaries. */
export type DeadlineStatus = 'pending' | 'warned' | 'breached' | 'met' | 'paused' | 'stopped';

/** One SLA deadline of a complaint, as shown to callers. */
export interface DeadlineView {
  clock: ClockName;
  /** The policy rule behind the current deadline, e.g. `firstContact.urgent`, `escalation.supervisor`. */
  rule: string;
  /** The current deadline (epoch ms). */
  deadline: number;
  status: DeadlineStatus;
  warnings: number;
  breaches: number;
  /** When the clock was met or stopped. */
  endedAt: number | null;
}

/** The stages of the lifecycle, in order. */
export const stages = ['received', 'triage', 'investigating', 'resolving', 'executing', 'followUp', 'closed', 'archived'] as const;
/** A stage of the lifecycle. */
export type Stage = (typeof stages)[number];

/** The complaint's status: open (being handled), closed (may be re-opened), archived (final). */
export type ComplaintStatus = 'open' | 'closed' | 'archived';

/**
 * The searchable summary of a complaint, stored next to its snapshot and
 * returned by `list`. Everything here is derived from the snapshot.
 */
export interface ComplaintSummary {
  id: string;
  version: number;
  /** The stage: received, triage, investigating, resolving, executing, followUp, closed, archived. */
  stage: Stage;
  /** Stage and step, e.g. `investigating.verifying` (the stage alone when it has no steps). */
  step: string;
  /** open, closed or archived. */
  status: ComplaintStatus;
  severity: Severity | null;
  categories: Category[];
  department: string | null;
  assignee: string | null;
  customerId: string;
  channel: string;
  escalationLevel: number;
  outcome: Outcome | null;
  filedAt: number;
  /** The time of the latest change recorded (event or timer). */
  updatedAt: number;
  closedAt: number | null;
  /** A running deadline has been breached. */
  breached: boolean;
  /** A running deadline has been warned but not breached. */
  atRisk: boolean;
  /** Earliest running deadline, if any. */
  nextDeadline: number | null;
}

/** A complaint's persisted XState snapshot (`machine.getPersistedSnapshot`): plain JSON. */
export interface PersistedComplaintSnapshot {
  status: 'active' | 'done' | 'error' | 'stopped';
  /** The state value, e.g. `{ open: { investigating: 'verifying' } }` or `'closed'`. */
  value: string | Record<string, unknown>;
  context: ComplaintContext;
  /** The archive record once archived. */
  output?: unknown;
  error?: unknown;
  historyValue: Record<string, unknown>;
  children: Record<string, unknown>;
}

/**
 * A stored complaint: the persisted XState snapshot plus its summary and
 * armed timers. A store may hold records written by an older machine
 * version (`machineVersion`); the desk upgrades them when it reads them.
 */
export interface ComplaintRecord {
  id: string;
  /** Optimistic-concurrency version; 1 after filing, +1 per commit. */
  version: number;
  /** Version of the machine/snapshot format that wrote `snapshot`. */
  machineVersion: number;
  /** The persisted snapshot, as written by `machineVersion`. */
  snapshot: PersistedComplaintSnapshot;
  summary: ComplaintSummary;
  /** Armed timers of this complaint: timer key → due instant. */
  timers: Record<string, number>;
}

/** Kinds of audit-timeline entries. */
export type TimelineKind = 'filed' | 'event' | 'timer' | 'sla' | 'escalation' | 'operation';

/** One line of a complaint's audit timeline. Never rewritten. */
export interface TimelineEntry {
  complaintId: string;
  /** The record version this entry was committed with. */
  version: number;
  /** Order within the version (0-based). */
  seq: number;
  /** When it took effect (epoch ms). A backdated event also carries `data.reportedAt`: when it was reported. */
  at: number;
  kind: TimelineKind;
  /**
   * Event type (`FILED` for the intake), timer key, SLA change (`sla.start`, `sla.pause`, `sla.resume`,
   * `sla.warn`, `sla.breach`, `sla.met`, `sla.recomputed`, `sla.stopped`, `sla.overdue`),
   * `escalation` / `escalation.reset` (a re-open), or an operation (`outbox.redeliver`, `timer.retry`).
   */
  type: string;
  actor: Actor;
  data: Record<string, unknown>;
}

/** A timer armed by the machine: fire `key` as an event at `dueAt`. */
export interface TimerRecord {
  complaintId: string;
  /** The timer id, e.g. `sla.due` or `xstate.after.reopenWindowEnd.closed`. */
  key: string;
  dueAt: number;
  /** Failed attempts to fire it so far (0 or absent for a healthy timer). */
  attempts?: number;
}

/** What `runDue` records when a timer could not be fired (its complaint could not be loaded, migrated or applied). */
export interface TimerFailure {
  /** Attempts so far, this one included. */
  attempts: number;
  lastError: string;
  /** When it failed. */
  failedAt: number;
  /** When it may be claimed again (ignored once parked). */
  retryAt: number;
  /** Too many attempts: the timer is kept and shown, but never claimed again until retried by hand. */
  parked: boolean;
}

/** A timer that failed: quarantined (retried with backoff) or parked. */
export interface TimerProblem {
  complaintId: string;
  key: string;
  dueAt: number;
  status: 'quarantined' | 'parked';
  attempts: number;
  lastError: string;
  failedAt: number;
  /** When it will be tried again (null once parked). */
  retryAt: number | null;
}

/** Status of an outbox message. */
export type OutboxStatus = 'pending' | 'sent' | 'parked';

/** A notification waiting to be (or already) sent. */
export interface OutboxMessage {
  /** Deterministic id: complaint, version, kind and recipient (for the notifier's de-duplication). */
  id: string;
  complaintId: string;
  version: number;
  kind: string;
  recipient: string;
  /** What the notifier receives (already redacted); dropped by stores once sent. */
  payload: Record<string, unknown>;
  createdAt: number;
  status: OutboxStatus;
  attempts: number;
  nextAttemptAt: number;
  lastError: string | null;
  sentAt: number | null;
}

/** What `dispatch` records after trying to send a message. */
export interface OutboxUpdate {
  status: OutboxStatus;
  attempts: number;
  nextAttemptAt: number;
  lastError: string | null;
  sentAt: number | null;
}

/** The result remembered for an idempotency key: the command's fingerprint (a hash) and the first result. */
export interface IdempotencyRecord {
  key: string;
  complaintId: string;
  version: number;
  result: unknown;
}

/**
 * One atomic write: the new record (guarded by `expectedVersion`), timeline
 * entries, timer changes, outbox messages and an idempotency record. A store
 * applies all of it or none of it.
 */
export interface Commit {
  /** 0 to create the record; otherwise the version the writer read. */
  expectedVersion: number;
  record: ComplaintRecord;
  timeline: TimelineEntry[];
  /** Timers to arm (upsert by complaint id + key; a re-armed timer starts with no failures). */
  armTimers: TimerRecord[];
  /** Timer keys of this complaint to disarm. */
  disarmTimers: string[];
  outbox: OutboxMessage[];
  /** Parked or pending messages of this complaint to queue again at `at` (attempts reset). */
  requeueOutbox?: { ids: string[]; at: number };
  idempotency?: IdempotencyRecord;
}

/** Orders `list` can sort by. */
export type ListSort = 'filedAt' | 'updatedAt' | 'nextDeadline';

/** Filters, order and page of `list`. All given filters must match. */
export interface ListQuery {
  stage?: Stage | Stage[];
  status?: ComplaintStatus | ComplaintStatus[];
  severity?: Severity | Severity[];
  category?: Category;
  department?: string;
  assignee?: string;
  customerId?: string;
  /** Minimum escalation level. */
  escalationLevel?: number;
  /** Only complaints with a breached running deadline. */
  breached?: boolean;
  /** Only complaints warned but not yet breached. */
  atRisk?: boolean;
  filedFrom?: number;
  filedTo?: number;
  /** Sort key (default `filedAt`); `nextDeadline` puts complaints without a running deadline last. */
  sort?: ListSort;
  /** Direction (default `asc`). */
  order?: 'asc' | 'desc';
  /** Page size (default 50, max 1000). */
  limit?: number;
  /** Opaque cursor from the previous page's `next` (for the same sort and order). */
  cursor?: string;
}

/** A page of summaries in the query's order (ties broken by id). */
export interface ListPage {
  items: ComplaintSummary[];
  /** Cursor of the next page, absent on the last page. */
  next?: string;
}

/** A page request of `records`: complaints filed in `[filedFrom, filedTo)`, in filing order. */
export interface RecordQuery {
  filedFrom?: number;
  filedTo?: number;
  limit: number;
  /** Opaque cursor from the previous page. */
  cursor?: string;
}

/** A page of complete records, in filing order. */
export interface RecordPage {
  items: ComplaintRecord[];
  next?: string;
}

/** Counts a readiness probe and metrics need. */
export interface StoreStats {
  timers: {
    /** Armed timers. */
    armed: number;
    /** Due at or before `now` and not parked (waiting to be fired). */
    due: number;
    /** The earliest due instant among those, or null. */
    oldestDueAt: number | null;
    /** Failed at least once, retried with backoff. */
    quarantined: number;
    /** Failed too often, waiting for an operator. */
    parked: number;
  };
  outbox: {
    pending: number;
    /** Pending with `nextAttemptAt` at or before `now`. */
    due: number;
    oldestPendingAt: number | null;
    parked: number;
  };
}

/** A lease on claimed work, so that many desks can share one store. */
export interface Lease {
  /** Who holds it (a desk instance id). */
  owner: string;
  /** Until when (epoch ms); after that another worker may claim it. */
  until: number;
}

/**
 * Where complaints live. Implementations must make `commit` atomic and
 * version-guarded, and claims exclusive until their lease expires (a lease
 * is never re-claimed before it expires, not even by its owner).
 * `redress/testing` has a conformance suite (`describeStoreContract`).
 */
export interface ComplaintStore {
  /**
   * Read one complaint.
   * @param id - complaint id
   * @returns the record, or undefined when there is none
   */
  load(id: string): Promise<ComplaintRecord | undefined>;
  /**
   * Optional: like `load`, but answer `'unchanged'` when the stored version is
   * still `version` (the desk caches what it last read or wrote).
   * @param id - complaint id
   * @param version - the version the caller holds
   * @returns `'unchanged'`, the newer record, or undefined when there is none
   */
  loadIfNewer?(id: string, version: number): Promise<ComplaintRecord | 'unchanged' | undefined>;
  /**
   * Apply a commit atomically.
   * @throws ConflictError when the stored version is not `expectedVersion`
   *   (or the record exists when creating), or the idempotency key is taken
   */
  commit(commit: Commit): Promise<void>;
  /**
   * Claim up to `limit` timers due at or before `now`, earliest first, that
   * are not parked, not waiting for a retry after `now`, and not leased to
   * anyone (an expired lease counts as none); each is leased to
   * `lease.owner` until `lease.until`. Results carry their `attempts`.
   */
  claimDue(now: number, limit: number, lease: Lease): Promise<TimerRecord[]>;
  /** Give back claimed timers that were not fired (no-op for timers since re-armed or disarmed). */
  releaseTimers(timers: TimerRecord[], owner: string): Promise<void>;
  /**
   * Record that a claimed timer could not be fired and release it: no-op
   * unless it is still armed with the same `dueAt` and leased to `owner`.
   */
  failTimer(timer: TimerRecord, failure: TimerFailure, owner: string): Promise<void>;
  /** Quarantined and parked timers, earliest failure first. */
  timerProblems(filter?: { status?: TimerProblem['status']; limit?: number }): Promise<TimerProblem[]>;
  /**
   * Make a quarantined or parked timer claimable again at once, with no failures.
   * @returns whether such a timer was found
   */
  retryTimer(complaintId: string, key: string): Promise<boolean>;
  /**
   * The earliest instant at which some timer can be claimed: the latest of
   * its due instant, its retry time and the end of its lease; parked timers
   * do not count. Undefined when there is none.
   */
  nextDueAt(): Promise<number | undefined>;
  /** Optional: the earliest instant at which a pending outbox message can be claimed (after its next attempt time and lease). */
  nextOutboxAt?(): Promise<number | undefined>;
  /**
   * Claim up to `limit` pending outbox messages whose `nextAttemptAt` is at
   * or before `now`, oldest first, not leased to anyone, leasing them to `lease.owner`.
   */
  claimOutbox(now: number, limit: number, lease: Lease): Promise<OutboxMessage[]>;
  /**
   * Record the outcome of a delivery attempt and release the lease. With
   * `owner`, only while that owner still holds the lease: a worker whose
   * lease expired and was taken over must not overwrite the new holder's outcome.
   */
  markOutbox(id: string, update: OutboxUpdate, owner?: string): Promise<void>;
  /** Outbox messages, optionally filtered by status or complaint (for operators and tests). */
  outbox(filter?: { status?: OutboxStatus; complaintId?: string; id?: string }): Promise<OutboxMessage[]>;
  /** Summaries matching a query, keyset-paginated. */
  list(query: ListQuery): Promise<ListPage>;
  /** The complaint's audit timeline in commit order. */
  timeline(id: string): Promise<TimelineEntry[]>;
  /** The result remembered for an idempotency key. */
  idempotency(key: string): Promise<IdempotencyRecord | undefined>;
  /** Optional: complete records filed in a range, a page at a time, in filing order (exports, analytics). */
  records?(query: RecordQuery): Promise<RecordPage>;
  /** Optional: the counts `desk.health()` reports. */
  stats?(now: number): Promise<StoreStats>;
}

/** A message handed to the notifier. */
export interface OutboundMessage {
  /** Deterministic id; de-duplicate on it. */
  id: string;
  complaintId: string;
  kind: string;
  recipient: string;
  payload: Record<string, unknown>;
}

/** Delivers notifications (e-mail, SMS, chat, webhooks…). Throwing (anything) means "try again later". */
export interface Notifier {
  /**
   * Deliver one message. Called at least once per message; de-duplicate on `message.id`.
   * @param message - the message
   * @param signal - aborted when the desk gives up waiting (its timeout)
   */
  send(message: OutboundMessage, signal?: AbortSignal): Promise<void>;
}

/**
 * Wakes the desk when timers come due. The store is the truth; a scheduler
 * only decides when to look.
 */
export interface Scheduler {
  /**
   * Begin waking: call `wake` at (or soon after) the instants given to `schedule`.
   * @param wake - runs due timers and the outbox; resolves with the next instant to wake at
   */
  start(wake: () => Promise<number | undefined>): void;
  /** Ask to be woken at `at` (epoch ms on the desk clock), or not at all when undefined. */
  schedule(at: number | undefined): void;
  /** Stop waking; must leave no handle keeping the process alive. */
  stop(): void;
}

/** A source of the current time (epoch ms). Inject a virtual one in tests. */
export interface Clock {
  now(): number;
}

/** Role names, re-exported for adapter authors. */
export type { Role };
