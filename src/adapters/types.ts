// The adapter interfaces host applications implement or inject: where
// complaints are stored, how notifications leave, and what wakes the desk.
import type { Actor, Category, Role, Severity } from '../schemas/common.js';
import type { ClockName } from '../schemas/events.js';
import type { Outcome } from '../machine/context.js';

/** Status of one SLA deadline as shown in views and summaries. */
export type DeadlineStatus = 'pending' | 'warned' | 'breached' | 'met' | 'paused' | 'stopped';

/** One SLA deadline of a complaint, as shown to callers. */
export interface DeadlineView {
  clock: ClockName;
  /** The policy rule behind the current deadline, e.g. `firstContact.urgent`, `escalation.supervisor`. */
  rule: string;
  deadline: number;
  status: DeadlineStatus;
  warnings: number;
  breaches: number;
  /** When the clock was met or stopped. */
  endedAt: number | null;
}

/**
 * The searchable summary of a complaint, stored next to its snapshot and
 * returned by `list`. Everything here is derived from the snapshot.
 */
export interface ComplaintSummary {
  id: string;
  version: number;
  /** Top-level stage: received, triage, investigating, resolving, executing, followUp, closed, archived. */
  stage: string;
  /** Stage and step, e.g. `investigating.verifying`. */
  step: string;
  severity: Severity | null;
  categories: Category[];
  department: string | null;
  assignee: string | null;
  customerId: string;
  channel: string;
  escalationLevel: number;
  outcome: Outcome | null;
  filedAt: number;
  updatedAt: number;
  closedAt: number | null;
  /** A running deadline has been breached. */
  breached: boolean;
  /** A running deadline has been warned but not breached. */
  atRisk: boolean;
  /** Earliest running deadline, if any. */
  nextDeadline: number | null;
}

/** A stored complaint: the persisted XState snapshot plus its summary and armed timers. */
export interface ComplaintRecord {
  id: string;
  /** Optimistic-concurrency version; 1 after filing, +1 per commit. */
  version: number;
  /** Version of the machine/snapshot format that wrote `snapshot`. */
  machineVersion: number;
  /** `machine.getPersistedSnapshot(...)`: plain JSON. */
  snapshot: unknown;
  summary: ComplaintSummary;
  /** Armed timers of this complaint: timer key → due instant. */
  timers: Record<string, number>;
}

/** Kinds of audit-timeline entries. */
export type TimelineKind = 'filed' | 'event' | 'timer' | 'sla' | 'escalation';

/** One line of a complaint's audit timeline. Never rewritten. */
export interface TimelineEntry {
  complaintId: string;
  /** The record version this entry was committed with. */
  version: number;
  /** Order within the version (0-based). */
  seq: number;
  at: number;
  kind: TimelineKind;
  /**
   * Event type (`FILED` for the intake), timer key, SLA change (`sla.start`, `sla.pause`, `sla.resume`,
   * `sla.warn`, `sla.breach`, `sla.met`, `sla.recomputed`, `sla.stopped`, `sla.overdue`), or
   * `escalation` / `escalation.reset` (a re-open).
   */
  type: string;
  actor: Actor;
  data: Record<string, unknown>;
}

/** A timer armed by the machine: fire `key` as an event at `dueAt`. */
export interface TimerRecord {
  complaintId: string;
  /** The XState delayed-event id, e.g. `xstate.after.slaCheck.complaint.triage.sla.running`. */
  key: string;
  dueAt: number;
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
  /** What the notifier receives (already redacted). */
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

/** The result remembered for an idempotency key. */
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
  /** Timers to arm (upsert by complaint id + key). */
  armTimers: TimerRecord[];
  /** Timer keys of this complaint to disarm. */
  disarmTimers: string[];
  outbox: OutboxMessage[];
  idempotency?: IdempotencyRecord;
}

/** Filters for `list`. All given filters must match. */
export interface ListQuery {
  stage?: string | string[];
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
  /** Page size (default 50, max 1000). */
  limit?: number;
  /** Opaque cursor from the previous page's `next`. */
  cursor?: string;
}

/** A page of summaries, ordered by filing time then id. */
export interface ListPage {
  items: ComplaintSummary[];
  /** Cursor of the next page, absent on the last page. */
  next?: string;
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
 * version-guarded, and claims exclusive until their lease expires.
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
   * still `version` (the desk caches what it last read or wrote, so it can
   * skip decoding a record it already has).
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
   * are not leased by someone else; each claimed timer is leased to
   * `lease.owner` until `lease.until`.
   */
  claimDue(now: number, limit: number, lease: Lease): Promise<TimerRecord[]>;
  /** Give back claimed timers that were not fired (no-op for timers since disarmed). */
  releaseTimers(timers: TimerRecord[], owner: string): Promise<void>;
  /** The earliest due instant of any armed timer, or undefined. */
  nextDueAt(): Promise<number | undefined>;
  /**
   * Claim up to `limit` pending outbox messages whose `nextAttemptAt` is at
   * or before `now`, oldest first, leasing them to `lease.owner`.
   */
  claimOutbox(now: number, limit: number, lease: Lease): Promise<OutboxMessage[]>;
  /**
   * Record the outcome of a delivery attempt and release the lease. With
   * `owner`, only while that owner still holds the lease: a worker whose
   * lease expired and was taken over (or already settled by the new holder)
   * must not overwrite the new holder's outcome.
   */
  markOutbox(id: string, update: OutboxUpdate, owner?: string): Promise<void>;
  /** Outbox messages, optionally filtered by status or complaint (for operators and tests). */
  outbox(filter?: { status?: OutboxStatus; complaintId?: string }): Promise<OutboxMessage[]>;
  /** Summaries matching a query, keyset-paginated. */
  list(query: ListQuery): Promise<ListPage>;
  /** The complaint's audit timeline in commit order. */
  timeline(id: string): Promise<TimelineEntry[]>;
  /** The result remembered for an idempotency key. */
  idempotency(key: string): Promise<IdempotencyRecord | undefined>;
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

/** Delivers notifications (e-mail, SMS, chat, webhooks…). Throwing means "try again later". */
export interface Notifier {
  /**
   * Deliver one message. Called at least once per message; de-duplicate on `message.id`.
   * @param message - the message
   */
  send(message: OutboundMessage): Promise<void>;
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
