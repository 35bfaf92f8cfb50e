// The outbox: messages are written in the same commit as the transition that
// caused them, then delivered with retry and backoff. Any value the notifier
// throws, and a notifier that never answers, count as a failed attempt; after
// `maxAttempts` a message is parked. One delivery run per desk at a time.
import { describeThrown, NotifierError } from '../errors.js';
import type { ComplaintStore, Notifier, OutboxMessage } from '../adapters/types.js';
import type { ComplaintContext, Notification } from '../machine/context.js';
import { customerAddress } from '../machine/effects.js';
import { backoffDelay } from './backoff.js';
import type { Redactor } from './redact.js';
import type { Reporter } from './report.js';

/** Result of {@link Desk.dispatch}. */
export interface DispatchResult {
  sent: number;
  /** Failed attempts that will be retried. */
  failed: number;
  /** Messages parked by this run. */
  parked: number;
}

/** The id of the first message of `kind` to `recipient` in commit `version` (a second one in the same commit gets `#2`, …). */
export const outboxMessageId = (id: string, version: number, kind: string, recipient: string): string => `${id}:${version}:${kind}:${recipient}`;

/** A new message, pending from `at`, never tried. */
export function pendingMessage(m: Pick<OutboxMessage, 'id' | 'complaintId' | 'version' | 'kind' | 'recipient' | 'payload'> & { at: number }): OutboxMessage {
  return { id: m.id, complaintId: m.complaintId, version: m.version, kind: m.kind, recipient: m.recipient, payload: m.payload, createdAt: m.at, status: 'pending', attempts: 0, nextAttemptAt: m.at, lastError: null, sentAt: null };
}

/** The outbox messages for a commit's notifications (deterministic ids: complaint, version, kind, recipient). */
export function outboxFor(id: string, version: number, ctx: ComplaintContext, notes: readonly Notification[], at: number, redact: Redactor): OutboxMessage[] {
  const out: OutboxMessage[] = [];
  if (notes.length === 0) return out;
  const seen = new Map<string, number>();
  const customer = customerAddress(ctx);
  for (const n of notes) {
    for (const recipient of n.to) {
      const base = outboxMessageId(id, version, n.kind, recipient);
      const count = seen.get(base) ?? 0;
      seen.set(base, count + 1);
      const payload = redact({
        kind: n.kind,
        complaintId: id,
        recipient,
        at,
        data: n.data,
        complaint: { severity: ctx.routing.severity, escalationLevel: ctx.escalation.level, department: ctx.routing.department },
        ...(recipient === customer ? { customer: { ...ctx.intake.customer } } : {}),
      });
      out.push(pendingMessage({ id: count === 0 ? base : `${base}#${count}`, complaintId: id, version, kind: n.kind, recipient, payload, at }));
    }
  }
  return out;
}

/** Outbox delivery settings (defaults filled in). */
export interface OutboxConfig {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  leaseMs: number;
  batch: number;
  timeoutMs: number;
}

/** Call the notifier, turning a throw of any value or no answer within `timeoutMs` into a NotifierError. */
async function deliver(notifier: Notifier, m: OutboxMessage, timeoutMs: number): Promise<void> {
  const abort = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      abort.abort();
      reject(new NotifierError(m.id, `the notifier did not answer within ${timeoutMs} ms`));
    }, timeoutMs);
  });
  try {
    const sending = (async () => notifier.send({ id: m.id, complaintId: m.complaintId, kind: m.kind, recipient: m.recipient, payload: m.payload }, abort.signal))();
    await Promise.race([sending, timeout]);
  } catch (e) {
    if (e instanceof NotifierError) throw e;
    throw new NotifierError(m.id, `the notifier failed: ${describeThrown(e)}`, { cause: e });
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The desk's delivery loop: claims due messages, delivers, records the
 * outcome. Overlapping calls join: a call made while a run is going waits
 * for it, then one more run follows, so nothing is delivered twice by one
 * desk and nothing committed meanwhile waits for the next wake-up.
 */
export function createDispatcher(deps: {
  store: ComplaintStore;
  notifier: Notifier;
  config: OutboxConfig;
  instanceId: string;
  reporter: Reporter;
  /** The desk clock (validated). */
  now: () => number;
}) {
  const { store, notifier, config, instanceId, reporter } = deps;
  let running: Promise<DispatchResult> | undefined;
  let again: Promise<DispatchResult> | undefined;
  let nextAt: number | undefined;

  async function runOnce(at: number): Promise<DispatchResult> {
    const result: DispatchResult = { sent: 0, failed: 0, parked: 0 };
    for (;;) {
      const batch = await store.claimOutbox(at, config.batch, { owner: instanceId, until: Math.max(deps.now(), at) + config.leaseMs });
      if (batch.length === 0) return result;
      for (const m of batch) {
        try {
          await deliver(notifier, m, config.timeoutMs);
          await store.markOutbox(m.id, { status: 'sent', attempts: m.attempts + 1, nextAttemptAt: m.nextAttemptAt, lastError: null, sentAt: at }, instanceId);
          result.sent++;
        } catch (e) {
          const attempts = m.attempts + 1;
          const parked = attempts >= config.maxAttempts;
          // The notifier's own words (a timeout says so itself).
          const error = e instanceof NotifierError && e.cause !== undefined ? describeThrown(e.cause) : describeThrown(e);
          await store.markOutbox(
            m.id,
            {
              status: parked ? 'parked' : 'pending',
              attempts,
              nextAttemptAt: parked ? m.nextAttemptAt : at + backoffDelay(attempts - 1, config.baseDelayMs, config.maxDelayMs, 'none'),
              lastError: error,
              sentAt: null,
            },
            instanceId,
          );
          if (parked) result.parked++;
          else result.failed++;
          reporter.report(e, { kind: 'dispatch', complaintId: m.complaintId, messageId: m.id, attempts, parked });
        }
      }
    }
  }

  /** Deliver due messages at `at`, joining a run already going (one more run follows it, at the latest time asked). */
  function dispatch(at: number): Promise<DispatchResult> {
    if (!running) {
      running = runOnce(at).finally(() => {
        running = undefined;
      });
      return running;
    }
    nextAt = Math.max(nextAt ?? at, at);
    again ??= running
      .catch(() => undefined)
      .then(() => {
        const t = nextAt ?? at;
        again = undefined;
        nextAt = undefined;
        return dispatch(t);
      });
    return again;
  }

  return { dispatch };
}
