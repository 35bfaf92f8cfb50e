// Upgrades of persisted complaints from earlier machine versions. Each
// migration takes a stored snapshot and its armed timers as written by
// version N and returns them as version N + 1 writes them. They are pure;
// the desk applies them (registered by default) when it reads an older
// record, and writes the upgraded record with its next commit.
import { RedressError } from '../errors.js';
import type { Actor } from '../schemas/common.js';
import type { ClockName } from '../schemas/events.js';
import { nextCheck, type SlaClock } from '../sla/clock.js';
import type { ComplaintContext, EscalationReason, FollowUpRecord } from './context.js';
import { escalationReasons } from './context.js';
import { archiveRecord, noBreaches } from './records.js';
import { SLA_TIMER } from './setup.js';

/** The machine version this release writes. */
export const MACHINE_VERSION = 2;

/** A persisted complaint's machine part: its snapshot and armed timers (key → due instant). */
export interface PersistedMachineState {
  snapshot: unknown;
  timers: Record<string, number>;
}

/** A timeline entry as a migration may read it (the desk passes the complaint's timeline when it has one). */
export interface MigrationTimelineEntry {
  at: number;
  kind: string;
  type: string;
  actor: Actor;
  data: Record<string, unknown>;
}

/**
 * Upgrades a persisted complaint from one machine version to the next.
 * `timeline`, when given, is the complaint's audit timeline (migrations may
 * recover facts the older snapshot did not keep).
 */
export type SnapshotMigration = (state: PersistedMachineState, timeline?: readonly MigrationTimelineEntry[]) => PersistedMachineState;

/** The id of the delayed event that archives a closed complaint at the end of its re-open window. */
export const ARCHIVE_TIMER = 'xstate.after.reopenWindowEnd.closed';

type V1Context = {
  id: string | null;
  intake: ComplaintContext['intake'];
  now: number;
  categories: ComplaintContext['routing']['categories'];
  severity: ComplaintContext['routing']['severity'];
  department: string | null;
  assignee: string | null;
  escalation: { level: number; max?: number; history: { to: number; reason: EscalationReason }[] };
  sla: Partial<Record<ClockName, SlaClock>>;
  acknowledgedAt: number | null;
  contactedAt: number | null;
  infoRequests?: number;
  rootCause: ComplaintContext['resolution']['rootCause'];
  proposal: ComplaintContext['resolution']['proposal'];
  proposals?: number;
  objections?: unknown[];
  executionIssues?: number;
  progressReports?: number;
  followUp: { satisfaction: FollowUpRecord['satisfaction']; at: number; comment?: string } | null;
  outcome: ComplaintContext['resolution']['outcome'];
  closedAt: number | null;
  closingNote?: string | null;
  reopenUntil?: number | null;
  reopens?: number;
  extensions?: unknown[];
  archivedAt?: number | null;
  breaches?: Partial<Record<ClockName, number>>;
};

const corrupt = (why: string) => new RedressError('CORRUPT_RECORD', `cannot migrate a version-1 snapshot: ${why}`);
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Handling events whose actor counts as involved (see `ComplaintContext.involved`): investigating,
 * proposing, approving or declining, executing, reassigning. Besides them, every assignee is involved.
 */
export const handlingEvents: ReadonlySet<string> = new Set([
  'CONTACT_CUSTOMER',
  'REQUEST_INFO',
  'RECORD_ROOT_CAUSE',
  'PROPOSE',
  'APPROVE',
  'DECLINE',
  'REPORT_PROGRESS',
  'REPORT_EXECUTION_ISSUE',
  'COMPLETE_EXECUTION',
  'REASSIGN',
]);

/** Stage and step of a version-1 state value, as a version-2 value. */
function valueFromV1(value: unknown): unknown {
  if (value === 'closed' || value === 'archived') return value;
  if (!isObj(value)) throw corrupt(`unknown state value ${JSON.stringify(value)}`);
  const [stage, inner] = Object.entries(value)[0] ?? [];
  if (!stage || !isObj(inner) || typeof inner.step !== 'string') throw corrupt(`unknown state value ${JSON.stringify(value)}`);
  switch (stage) {
    case 'received':
    case 'triage':
    case 'executing':
    case 'followUp':
      return { open: stage };
    case 'investigating':
    case 'resolving':
      return { open: { [stage]: inner.step } };
    default:
      throw corrupt(`unknown stage ${stage}`);
  }
}

/** Lifetime breaches of a context written before version 1 counted them: the larger of each clock's own count and the breach escalations it caused. */
function breachesFromHistory(c: V1Context): ComplaintContext['counts']['breaches'] {
  const out = noBreaches();
  for (const name of Object.keys(out) as ClockName[]) {
    const own = c.sla[name]?.breaches ?? 0;
    const escalated = c.escalation.history.filter((s) => s.reason === 'breach' && (s as { clock?: string }).clock === name).length;
    out[name] = Math.max(own, escalated);
  }
  return out;
}

/**
 * A version-1 context as version 2 keeps it (see {@link fromV1}).
 * @throws RecordError `CORRUPT_RECORD` when it is not a version-1 context
 */
export function contextFromV1(raw: unknown, timeline?: readonly MigrationTimelineEntry[]): ComplaintContext {
  if (!isObj(raw)) throw corrupt('no context');
  const c = raw as unknown as V1Context;
  if (!isObj(c.intake) || !isObj(c.escalation) || !Array.isArray(c.escalation.history) || !isObj(c.sla)) throw corrupt('missing fields');
  const byReason = Object.fromEntries(escalationReasons.map((r) => [r, 0])) as Record<EscalationReason, number>;
  const byLevel: number[] = [];
  for (const step of c.escalation.history) {
    byReason[step.reason] = (byReason[step.reason] ?? 0) + 1;
    while (byLevel.length <= step.to) byLevel.push(0);
    byLevel[step.to]!++;
  }
  const involved = new Set<string>();
  const add = (id: unknown) => {
    if (typeof id === 'string' && id) involved.add(id);
  };
  add(c.assignee);
  add(c.rootCause?.by);
  add(c.proposal?.proposedBy?.id);
  add(c.proposal?.approvedBy?.id);
  let backdated = 0;
  for (const e of timeline ?? []) {
    if (e.kind !== 'event') continue;
    if (e.data.reportedAt !== undefined) backdated++;
    if (handlingEvents.has(e.type) && e.actor.role !== 'customer' && e.actor.role !== 'system') add(e.actor.id);
    if (e.type === 'TRIAGE' || e.type === 'REASSIGN') add(e.data.assignee);
  }
  return {
    id: c.id,
    intake: c.intake,
    now: c.now,
    routing: {
      categories: c.categories,
      severity: c.severity,
      department: c.department,
      assignee: c.assignee,
      classification: { product: null, cause: null },
      vulnerability: [],
    },
    escalation: {
      level: c.escalation.level,
      max: Math.max(c.escalation.max ?? 0, c.escalation.level, ...c.escalation.history.map((s) => s.to)),
      count: c.escalation.history.length,
      byReason,
      byLevel,
    },
    sla: c.sla,
    milestones: {
      acknowledgedAt: c.acknowledgedAt,
      contactedAt: c.contactedAt,
      closedAt: c.closedAt,
      reopenUntil: c.reopenUntil ?? null,
      archivedAt: c.archivedAt ?? null,
    },
    resolution: {
      rootCause: c.rootCause,
      proposal: c.proposal,
      followUp: c.followUp,
      outcome: c.outcome,
      closingNote: c.closingNote ?? null,
      decision: null,
      // Version 1 recorded no payment: an executed remedy paid the accepted compensation.
      redressPaid: c.sla.execution?.state === 'met' ? (c.proposal?.compensation ?? 0) : null,
    },
    counts: {
      infoRequests: c.infoRequests ?? 0,
      proposals: c.proposals ?? 0,
      objections: c.objections?.length ?? 0,
      executionIssues: c.executionIssues ?? 0,
      progressReports: c.progressReports ?? 0,
      reopens: c.reopens ?? 0,
      extensions: c.extensions?.length ?? 0,
      breaches: c.breaches ? { ...noBreaches(), ...c.breaches } : breachesFromHistory(c),
      backdated,
    },
    involved: [...involved],
  };
}

/**
 * Version 1 → 2: the flat statechart with one SLA timer (`sla.due`) and the
 * grouped, bounded context. Notes, objections, extensions and escalation
 * steps leave the snapshot (the timeline has them); their counts stay. The
 * people involved come from the timeline when given, else from what the
 * snapshot names (assignee, root cause, proposer, approver).
 */
export const fromV1: SnapshotMigration = (state, timeline) => {
  const snap = state.snapshot;
  if (!isObj(snap)) throw corrupt('no snapshot');
  const context = contextFromV1(snap.context, timeline);
  const value = valueFromV1(snap.value);
  const done = value === 'archived';
  const timers: Record<string, number> = {};
  if (value === 'closed') {
    if (context.milestones.reopenUntil !== null) timers[ARCHIVE_TIMER] = context.milestones.reopenUntil;
  } else if (!done) {
    const due = nextCheck(context.sla);
    if (due !== undefined) timers[SLA_TIMER] = due;
  }
  return {
    snapshot: {
      status: done ? 'done' : 'active',
      output: done ? archiveRecord(context) : undefined,
      error: undefined,
      value,
      historyValue: {},
      context,
      children: {},
    },
    timers,
  };
};

/** The migrations this release registers by default, keyed by the version they upgrade from. */
export const defaultMigrations: Readonly<Record<number, SnapshotMigration>> = Object.freeze({ 1: fromV1 });

/**
 * Bring a persisted complaint to {@link MACHINE_VERSION}.
 *
 * @param state - snapshot and timers as stored
 * @param version - the machine version that wrote them
 * @param migrations - upgrades keyed by the version they upgrade from (default: {@link defaultMigrations})
 * @param timeline - the complaint's timeline, for migrations that read it
 * @returns the upgraded snapshot and timers
 * @throws RedressError `MACHINE_VERSION` for a version newer than this release or without a migration
 * @example
 * const { snapshot, timers } = upgradeMachineState(record, record.machineVersion);
 */
export function upgradeMachineState(
  state: PersistedMachineState,
  version: number,
  migrations: Readonly<Record<number, SnapshotMigration>> = defaultMigrations,
  timeline?: readonly MigrationTimelineEntry[],
): PersistedMachineState {
  if (!Number.isInteger(version) || version < 1) throw new RedressError('MACHINE_VERSION', `unknown machine version ${String(version)}`);
  if (version > MACHINE_VERSION) {
    throw new RedressError('MACHINE_VERSION', `written by machine version ${version}, newer than this release (${MACHINE_VERSION})`);
  }
  let s = state;
  for (let v = version; v < MACHINE_VERSION; v++) {
    const m = migrations[v];
    if (!m) throw new RedressError('MACHINE_VERSION', `written by machine version ${v}; no migration from ${v} is registered (current ${MACHINE_VERSION})`);
    s = m(s, timeline);
  }
  return s;
}
