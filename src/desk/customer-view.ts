// What the customer may see of their complaint: where it stands in plain
// words, what happens next and by when (the committed deadline), the
// messages sent to them, and what they can do now. Nothing internal: no
// notes, escalation levels, departments, or other people's names.
import type { AnyMachineSnapshot } from 'xstate';
import type { OutboxMessage, TimelineEntry } from '../adapters/types.js';
import { acceptedEvents, stageAndStep } from '../machine/accepted-events.js';
import type { ComplaintContext } from '../machine/context.js';
import { customerAddress } from '../machine/effects.js';
import type { ClockName, EventType, Remedy } from '../schemas/events.js';
import type { SlaClock } from '../sla/clock.js';
import { actionWords, messageWords, outcomeWords, stepWords, type CustomerLocale, type CustomerStep } from './customer-words.js';

/** The customer's own view of their complaint (`desk.customerView`). Instants in epoch ms. */
export interface CustomerView {
  id: string;
  /** The complaint's version: what a conditional command takes as `expectedVersion` (HTTP `If-Match`). */
  version: number;
  locale: CustomerLocale;
  status: 'open' | 'closed' | 'archived';
  filedAt: number;
  /** Where it stands, in plain words. */
  stage: { step: CustomerStep; label: string; text: string };
  /** What happens next and by when (the deadline committed to the customer), or null when nothing is pending. */
  next: { text: string; by: number | null } | null;
  /** What we asked the customer for, while we wait for it. */
  request: string | null;
  /** The proposal sent to the customer, once sent. */
  proposal: { remedies: Remedy[]; compensation: number; commitments: string[]; executeBy: number; acceptedAt: number | null } | null;
  /** How it ended, once closed. */
  outcome: { key: NonNullable<ComplaintContext['resolution']['outcome']>; label: string } | null;
  /** Until when the customer may re-open it, once closed. */
  reopenUntil: number | null;
  /** Messages sent (or being sent) to the customer, oldest first. */
  messages: { at: number; kind: string; text: string; delivered: boolean }[];
  /** What the customer can do now. */
  canDo: { type: EventType; label: string }[];
}

/** The clocks whose deadline is a commitment to the customer (the others are internal targets). */
const committedClocks: readonly ClockName[] = ['regulatory', 'resolution', 'acknowledge'];

function customerStep(stage: string, step: string): CustomerStep {
  if (stage === 'investigating') {
    if (step === 'investigating.awaitingInfo') return 'investigating.awaitingInfo';
    if (step === 'investigating.verifying') return 'investigating.verifying';
    return 'investigating.contacting';
  }
  if (stage === 'resolving') return step === 'resolving.awaitingCustomer' ? 'resolving.awaitingCustomer' : 'resolving.preparing';
  return stage as CustomerStep;
}

/** A deadline the customer was given: counting, and not one the escalation ladder re-granted. */
const committed = (c: SlaClock | undefined): c is SlaClock =>
  c !== undefined && (c.state === 'running' || c.state === 'paused') && !c.rule.startsWith('escalation.');

function nextDeadline(ctx: ComplaintContext, step: CustomerStep): number | null {
  const p = ctx.resolution.proposal;
  if ((step === 'executing' || step === 'resolving.awaitingCustomer') && p) return p.executeBy;
  if (step === 'investigating.awaitingInfo' || step === 'followUp') return null;
  for (const name of committedClocks) {
    const c = ctx.sla[name];
    if (committed(c)) return c.deadline;
  }
  return null;
}

/**
 * Build the customer's view of a complaint.
 *
 * @param id - the complaint id
 * @param snapshot - its current snapshot
 * @param timeline - its timeline (for what was asked of the customer)
 * @param outbox - its outbox messages (those to the customer are listed)
 * @param locale - `en` or `zh`
 * @param version - the complaint's stored version
 * @returns the customer's view
 */
export function customerViewOf(
  id: string,
  snapshot: AnyMachineSnapshot,
  timeline: readonly TimelineEntry[],
  outbox: readonly OutboxMessage[],
  locale: CustomerLocale,
  version: number,
): CustomerView {
  const ctx = snapshot.context as ComplaintContext;
  const { stage, step: path } = stageAndStep(snapshot.value);
  const step = customerStep(stage, path);
  const words = stepWords(locale, step);
  const address = customerAddress(ctx);
  const p = ctx.resolution.proposal;
  const sent = p !== null && (step === 'resolving.awaitingCustomer' || p.acceptedAt !== undefined);
  let request: string | null = null;
  if (step === 'investigating.awaitingInfo') {
    for (const e of timeline) if (e.kind === 'event' && e.type === 'REQUEST_INFO' && typeof e.data.request === 'string') request = e.data.request;
  }
  const outcome = stage === 'closed' || stage === 'archived' ? ctx.resolution.outcome : null;
  const accepted = acceptedEvents(snapshot, 'customer');
  const until = ctx.milestones.reopenUntil;
  return {
    id,
    version,
    locale,
    status: stage === 'archived' ? 'archived' : stage === 'closed' ? 'closed' : 'open',
    filedAt: ctx.intake.filedAt,
    stage: { step, label: words.stage, text: words.now },
    next: words.next === null ? null : { text: words.next, by: nextDeadline(ctx, step) },
    request,
    proposal:
      sent && p
        ? { remedies: [...p.remedies], compensation: p.compensation, commitments: [...p.commitments], executeBy: p.executeBy, acceptedAt: p.acceptedAt ?? null }
        : null,
    outcome: outcome ? { key: outcome, label: outcomeWords(locale, outcome) } : null,
    reopenUntil: stage === 'closed' ? until : null,
    messages: outbox
      .filter((m) => m.recipient === address)
      .sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id))
      .map((m) => ({ at: m.sentAt ?? m.createdAt, kind: m.kind, text: messageWords(locale, m.kind), delivered: m.status === 'sent' })),
    canDo: accepted.map((type) => ({ type, label: actionWords(locale, type) })),
  };
}
