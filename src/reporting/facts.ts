// What the returns count, read from a complaint's timeline: when a regulator
// would call it closed (and how), re-opened, what was paid and when, and each
// extension of a deadline. Computed from the raw event times, never from the
// internal SLA clocks (whose pauses no regulator allows).
import type { Actor } from '../schemas/common.js';
import type { Decision } from '../schemas/classification.js';
import type { ClockName, Liability, Remedy } from '../schemas/events.js';
import type { Channel } from '../schemas/intake.js';
import type { ReturnRecord } from './records.js';

/**
 * How a complaint was closed for the returns:
 * - `resolved_on_first_contact`: `RESOLVE_ON_FIRST_CONTACT` (a summary resolution);
 * - `accepted`: the customer accepted the firm's proposal (`ACCEPT`), its final response;
 * - `unresolvable`: the firm's final position that the demand cannot be met (`DECLARE_UNRESOLVABLE`);
 * - `withdrawn`: the customer withdrew before any of those (`WITHDRAW`).
 */
export type ClosingKind = 'resolved_on_first_contact' | 'accepted' | 'unresolvable' | 'withdrawn';

/** One closing of a complaint (a re-opened complaint may close again). */
export interface Closing {
  /** When it closed (the event's time). */
  at: number;
  kind: ClosingKind;
  /** 0 for the first round; +1 per re-opening. */
  round: number;
  /** The firm's decision, the latest one given in the round. */
  decision: Decision | null;
  /** The liability of the root cause on record at the end of the round. */
  liability: Liability | null;
  /** The accepted proposal's remedies (`accepted` only; else empty). */
  remedies: Remedy[];
  /** The accepted proposal's compensation (`accepted` only; else 0). */
  compensation: number;
  /** Redress paid in the round: at first contact, and at execution. */
  paid: number;
  /** The channel the customer confirmed an accepted proposal through, if given. */
  confirmation: Channel | null;
}

/** Redress paid: at `RESOLVE_ON_FIRST_CONTACT` or `COMPLETE_EXECUTION` (given, else the accepted compensation). */
export interface Payment {
  at: number;
  amount: number;
  round: number;
}

/** One `EXTEND` of a deadline. */
export interface ExtensionFact {
  /** The event's time: when it was granted, and when the customer was told. */
  at: number;
  /** The record version it was committed with (names the outbox message). */
  version: number;
  /** Who extended (approved) it. */
  by: Actor;
  clock: ClockName;
  /** The deadline before the extension, when the timeline shows it. */
  previousDeadline: number | null;
  until: number;
  reason: string;
  /** How the customer was told, when given. */
  notice: Channel | null;
  /** When the extended clock started (receipt, or the re-opening that restarted it). */
  clockStartedAt: number | null;
}

/** A change of the complaint's status for the returns: closed (`open: false`) or re-opened. */
export interface StatusChange {
  at: number;
  open: boolean;
}

/** Everything the exporters count about one complaint. */
export interface ComplaintFacts {
  id: string;
  receivedAt: number;
  channel: Channel;
  customerId: string;
  closings: Closing[];
  /** Closings and re-openings, in time order. */
  changes: StatusChange[];
  payments: Payment[];
  extensions: ExtensionFact[];
}

const closingEvents: Readonly<Record<string, ClosingKind>> = {
  RESOLVE_ON_FIRST_CONTACT: 'resolved_on_first_contact',
  ACCEPT: 'accepted',
  DECLARE_UNRESOLVABLE: 'unresolvable',
  WITHDRAW: 'withdrawn',
};

const num = (x: unknown): number | undefined => (typeof x === 'number' && Number.isFinite(x) ? x : undefined);
const str = (x: unknown): string | undefined => (typeof x === 'string' ? x : undefined);
const obj = (x: unknown): Record<string, unknown> | undefined => (x !== null && typeof x === 'object' && !Array.isArray(x) ? (x as Record<string, unknown>) : undefined);

/**
 * The facts of one complaint, from its timeline.
 *
 * @param r - the record (as read by `readRecord`)
 * @returns closings, re-openings, payments and extensions
 * @example
 * const { closings, payments } = factsOf(readRecord(record, 0));
 */
export function factsOf(r: ReturnRecord): ComplaintFacts {
  const closings: Closing[] = [];
  const changes: StatusChange[] = [];
  const payments: Payment[] = [];
  const extensions: ExtensionFact[] = [];
  const clocks = new Map<string, { startedAt: number; deadline: number }>();
  let open = true;
  let round = 0;
  let decision: Decision | null = null;
  let liability: Liability | null = null;
  let proposal: { remedies: Remedy[]; compensation: number } | null = null;
  let roundStart = 0;

  /** The round is over (re-opened, or the timeline ends): its closings get the round's decision and payments. */
  const finish = () => {
    const paid = payments.reduce((sum, p) => (p.round === round ? sum + p.amount : sum), 0);
    for (let i = roundStart; i < closings.length; i++) {
      const c = closings[i]!;
      c.decision = decision;
      c.liability = liability;
      c.paid = paid;
    }
    roundStart = closings.length;
  };

  for (const e of r.timeline) {
    const d = e.data;
    if (e.kind === 'sla') {
      const clock = str(d.clock);
      const deadline = num(d.deadline);
      if (clock === undefined || deadline === undefined) continue;
      if (e.type === 'sla.start') clocks.set(clock, { startedAt: e.at, deadline });
      else {
        const c = clocks.get(clock);
        if (c) c.deadline = deadline;
      }
      continue;
    }
    if (e.kind !== 'event') continue;
    const given = str(d.decision) as Decision | undefined;
    switch (e.type) {
      case 'RECORD_ROOT_CAUSE':
        liability = (str(d.liability) as Liability | undefined) ?? liability;
        break;
      case 'PROPOSE':
        proposal = { remedies: Array.isArray(d.remedies) ? (d.remedies.filter((x) => typeof x === 'string') as Remedy[]) : [], compensation: num(d.compensation) ?? 0 };
        if (given) decision = given;
        break;
      case 'COMPLETE_EXECUTION': {
        const amount = num(d.redressPaid) ?? proposal?.compensation ?? 0;
        if (amount > 0) payments.push({ at: e.at, amount, round });
        break;
      }
      case 'REOPEN':
        if (!open) reopen(e.at);
        break;
      case 'RECORD_FOLLOW_UP':
        if (d.satisfaction === 'unsatisfied') reopen(e.at);
        break;
      case 'EXTEND': {
        const clock = (str(d.clock) ?? 'resolution') as ClockName;
        const c = clocks.get(clock);
        extensions.push({
          at: e.at,
          version: e.version,
          by: { id: e.actor.id, role: e.actor.role },
          clock,
          previousDeadline: c?.deadline ?? null,
          until: num(d.until) ?? e.at,
          reason: str(d.reason) ?? '',
          notice: (str(obj(d.notice)?.channel) as Channel | undefined) ?? null,
          clockStartedAt: c?.startedAt ?? null,
        });
        break;
      }
      default:
        break;
    }
    const kind = closingEvents[e.type];
    if (kind === undefined) continue;
    if (given) decision = given;
    if (e.type === 'RESOLVE_ON_FIRST_CONTACT') {
      const amount = num(d.redressPaid) ?? 0;
      if (amount > 0) payments.push({ at: e.at, amount, round });
    }
    if (!open) continue; // already closed for the returns (e.g. withdrawn while the accepted remedy is carried out)
    open = false;
    const accepted = kind === 'accepted' && proposal ? proposal : null;
    closings.push({
      at: e.at,
      kind,
      round,
      decision: null,
      liability: null,
      remedies: accepted ? [...accepted.remedies] : [],
      compensation: accepted?.compensation ?? 0,
      paid: 0,
      confirmation: kind === 'accepted' ? ((str(obj(d.confirmation)?.channel) as Channel | undefined) ?? null) : null,
    });
    changes.push({ at: e.at, open: false });
  }
  finish();
  return { id: r.id, receivedAt: r.receivedAt, channel: r.channel, customerId: r.customerId, closings, changes, payments, extensions };

  function reopen(at: number): void {
    finish();
    open = true;
    round++;
    decision = null;
    proposal = null;
    changes.push({ at, open: true });
  }
}

/**
 * Whether the complaint was open just before `at` (received before it, and
 * not closed then): e.g. "outstanding at the start of the period".
 *
 * @param f - the complaint's facts
 * @param at - the instant (epoch ms)
 * @returns true when it was open
 */
export function openBefore(f: ComplaintFacts, at: number): boolean {
  if (f.receivedAt >= at) return false;
  let open = true;
  for (const c of f.changes) {
    if (c.at >= at) break;
    open = c.open;
  }
  return open;
}

/**
 * The latest closing in `[from, to)`, if any.
 *
 * @param f - the complaint's facts
 * @param from - start (inclusive)
 * @param to - end (exclusive)
 * @returns the closing
 */
export function lastClosingIn(f: ComplaintFacts, from: number, to: number): Closing | undefined {
  let last: Closing | undefined;
  for (const c of f.closings) if (c.at >= from && c.at < to) last = c;
  return last;
}

/**
 * Whether the complaint was open at some time in `[from, to)`.
 *
 * @param f - the complaint's facts
 * @param from - start (inclusive)
 * @param to - end (exclusive)
 * @returns true when it was
 */
export function openDuring(f: ComplaintFacts, from: number, to: number): boolean {
  if (f.receivedAt >= to) return false;
  if (f.receivedAt >= from || openBefore(f, from)) return true;
  return f.changes.some((c) => c.open && c.at >= from && c.at < to);
}
