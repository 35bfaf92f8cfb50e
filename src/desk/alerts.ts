// Operational alerts (trend spikes, batch complaints) delivered through the
// outbox: recorded on one complaint they concern (an `operation` entry of
// its timeline, never shown to the customer) with one outbox message per
// recipient, in one commit guarded by an idempotency record keyed by the
// alert's own id — so raising the same alert again, from this desk or any
// other sharing the store, changes nothing and notifies nobody twice.
import { z } from 'zod';
import { ForbiddenError, NotFoundError, isRedressError } from '../errors.js';
import type { ComplaintStore, TimelineEntry, ComplaintSummary } from '../adapters/types.js';
import { actorSchema, idText, type Actor } from '../schemas/common.js';
import { parseWith } from '../schemas/parse.js';
import { operationCommit } from './operation-commit.js';
import { pendingMessage } from './outbox.js';

/** An alert for {@link Desk.raiseAlert}. */
export interface AlertInput {
  /** The alert's deterministic id: raising the same id again is a no-op. */
  id: string;
  /** The complaint the alert is recorded on (e.g. the latest complaint of a spike). */
  complaintId: string;
  /** The message kind the notifier sees, e.g. `trend.spike` or `trend.batch`. */
  kind: string;
  /** Who is told: addresses as in the policy's ladder (`role:supervisor`, `role:director`, an e-mail, …). */
  recipients: string[];
  /** The evidence, plain JSON (no personal data: it is stored and sent as given). */
  data: Record<string, unknown>;
}

/** Result of {@link Desk.raiseAlert}. */
export interface AlertResult {
  /** False when the alert had been raised before (nothing was written). */
  raised: boolean;
  /** The outbox message ids: `<alert id>:<recipient>`. */
  messageIds: string[];
}

/** The roles that may raise alerts. */
export const alertRoles = ['supervisor', 'director', 'executive', 'system'] as const;

export const alertInputSchema = z.strictObject({
  id: idText.max(400),
  complaintId: idText,
  kind: z.string().regex(/^[a-z][a-z0-9_.-]{0,63}$/, 'expected a lower-case kind such as trend.spike'),
  recipients: z.array(z.string().min(1).max(200)).min(1).max(20),
  data: z.record(z.string(), z.unknown()),
});
const alertOptionsSchema = z.strictObject({ actor: actorSchema });

/**
 * The message id of an alert for one recipient.
 *
 * @param alertId - the alert's id
 * @param recipient - an address
 * @returns `<alert id>:<recipient>`
 * @example
 * alertMessageId('trend.spike.product.2026-03-04.x', 'role:supervisor') // 'trend.spike.product.2026-03-04.x:role:supervisor'
 */
export const alertMessageId = (alertId: string, recipient: string): string => `${alertId}:${recipient}`;

/** The idempotency key under which an alert is remembered (not a command key: its own namespace). */
const alertKey = (alertId: string): string => JSON.stringify(['alert', alertId]);

/** What `raiseAlert` needs of the desk. */
export interface AlertDeps {
  store: ComplaintStore;
  now: () => number;
  /** Runs `task` in the desk's queue for the complaint (one command at a time per complaint). */
  serial: <T>(complaintId: string, task: () => Promise<T>) => Promise<T>;
  /** Retry after a conflict with another writer, within the desk's budget; false when spent. */
  backoff: (attempt: number, started: number) => Promise<boolean>;
  /** Tell the desk's `onCommit` and wake the outbox. */
  committed: (summary: ComplaintSummary, timeline: TimelineEntry[]) => void;
}

/**
 * Raise an alert: one commit on the complaint it names (a timeline entry
 * `operation` / `alert`, one outbox message per recipient, an idempotency
 * record for the alert id). A second call with the same id returns
 * `raised: false` and writes nothing.
 *
 * @throws ValidationError, ForbiddenError (staff below supervisor, customers), NotFoundError
 */
export async function raiseAlertWith(deps: AlertDeps, input: AlertInput, opts: { actor: Actor }): Promise<AlertResult> {
  const { actor } = parseWith(alertOptionsSchema, 'options', opts);
  const alert = parseWith(alertInputSchema, 'alert', input);
  if (!(alertRoles as readonly string[]).includes(actor.role)) {
    throw new ForbiddenError(`role ${actor.role} may not raise alerts (allowed: ${alertRoles.join(', ')})`, { role: actor.role, eventType: 'RAISE_ALERT' });
  }
  const recipients = [...new Set(alert.recipients)];
  const messageIds = recipients.map((r) => alertMessageId(alert.id, r));
  const key = alertKey(alert.id);
  const { store } = deps;
  if (await store.idempotency(key)) return { raised: false, messageIds };
  return deps.serial(alert.complaintId, async () => {
    const started = Date.now();
    for (let attempt = 0; ; attempt++) {
      if (await store.idempotency(key)) return { raised: false, messageIds };
      const record = await store.load(alert.complaintId);
      if (!record) throw new NotFoundError(`no complaint with id ${alert.complaintId}`, alert.complaintId);
      const now = deps.now();
      const version = record.version + 1;
      const at = Math.max(record.summary.updatedAt, now);
      const outbox = recipients.map((recipient, i) =>
        pendingMessage({ id: messageIds[i]!, complaintId: record.id, version, kind: alert.kind, recipient, payload: { kind: alert.kind, alertId: alert.id, complaintId: record.id, recipient, at, data: alert.data }, at }),
      );
      const { commit, summary, timeline } = operationCommit(
        record,
        at,
        { at, type: 'alert', actor, data: { alertId: alert.id, kind: alert.kind, recipients, ...alert.data } },
        { outbox, idempotency: { key, complaintId: record.id, version, result: { alertId: alert.id, messageIds } } },
      );
      try {
        await store.commit(commit);
        deps.committed(summary, timeline);
        return { raised: true, messageIds };
      } catch (e) {
        if (!(isRedressError(e) && e.code === 'CONFLICT')) throw e;
        // Another desk raised it meanwhile (the key or a message id was taken), or the record moved on: look again.
        if (await store.idempotency(key)) return { raised: false, messageIds };
        if (!(await deps.backoff(attempt, started))) throw e;
      }
    }
  });
}
