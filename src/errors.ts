import type { z } from 'zod';

/** The issues zod reported for a rejected input. */
export type ValidationIssue = z.core.$ZodIssue;

/**
 * Every `code` a {@link RedressError} can carry:
 * - `VALIDATION` — an input failed its schema (HTTP 400);
 * - `FORBIDDEN` — the actor may not do this (403);
 * - `NOT_FOUND` — no such complaint or message (404);
 * - `CONFLICT` — another writer got there first, or an idempotency key names another command (409; 412 for `expectedVersion`);
 * - `INVALID_TRANSITION` — the complaint's state does not accept the event (409);
 * - `RULE` — the state accepts the event but a business rule refuses it (422);
 * - `STORE_UNAVAILABLE` — the store could not be reached (503);
 * - `CLOCK` — the desk's clock gave an invalid time (503);
 * - `MACHINE_VERSION` — a record written by a machine version this release cannot read (500);
 * - `CORRUPT_RECORD` — a stored record that cannot be read (500);
 * - `MACHINE_ERROR` — the step would leave the complaint in XState's `error` status (500);
 * - `NOTIFIER` — the notifier failed or did not answer in time (reported through `onError`);
 * - `CALENDAR_RANGE` — calendar math found no working time within ~10 years, or left the supported range;
 * - `DOCUMENT_UNAVAILABLE` — the complaint has not reached the point a document records (e.g. a remedy confirmation before acceptance) (409).
 */
export type RedressErrorCode =
  | 'VALIDATION'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'INVALID_TRANSITION'
  | 'RULE'
  | 'STORE_UNAVAILABLE'
  | 'CLOCK'
  | 'MACHINE_VERSION'
  | 'CORRUPT_RECORD'
  | 'MACHINE_ERROR'
  | 'NOTIFIER'
  | 'CALENDAR_RANGE'
  | 'DOCUMENT_UNAVAILABLE';

/** Brands every redress error, so that `isRedressError` works across the ESM and CJS copies of the package. */
const BRAND = Symbol.for('redress.error');

/**
 * Base class of every error redress throws on purpose. `code` is stable and
 * machine-readable; `message` is for people. Use {@link isRedressError} (or
 * the per-class guards) rather than `instanceof`, which fails when the ESM
 * and CJS builds are both loaded.
 *
 * @example
 * try { await desk.send(id, command, opts) } catch (e) { if (isRedressError(e)) console.log(e.code) }
 */
export class RedressError extends Error {
  /** Stable machine-readable error code, e.g. `VALIDATION`. */
  readonly code: RedressErrorCode;

  /**
   * @param code - stable machine-readable code
   * @param message - human-readable explanation
   * @param options - `cause`: the underlying error
   */
  constructor(code: RedressErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options as never);
    this.name = new.target.name;
    this.code = code;
    Object.defineProperty(this, BRAND, { value: true });
  }
}

/**
 * An input failed its zod schema; `issues` keeps zod's issues verbatim.
 *
 * @example
 * try { await desk.file(body, { actor }) } catch (e) {
 *   if (isValidationError(e)) return reply(400, e.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
 * }
 */
export class ValidationError extends RedressError {
  /** zod's issues, each with `path` and `message`. */
  readonly issues: readonly ValidationIssue[];

  /**
   * @param what - name of the rejected input, e.g. `calendar` or `event`
   * @param issues - zod's issues (or hand-made ones with the same shape)
   */
  constructor(what: string, issues: readonly ValidationIssue[]) {
    const detail = issues
      .slice(0, 5)
      .map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`)
      .join('; ');
    const more = issues.length - 5;
    super('VALIDATION', `invalid ${what}: ${detail}${more > 0 ? ` (+${more} more issue${more === 1 ? '' : 's'})` : ''}`);
    this.issues = issues;
  }
}

/**
 * The actor may not do this (wrong role, not their complaint, insufficient authority, not independent).
 *
 * @example
 * try { await desk.send(id, { type: 'APPROVE' }, { actor }) } catch (e) {
 *   if (isForbiddenError(e)) return reply(403, `${e.role} may not ${e.eventType}`);
 * }
 */
export class ForbiddenError extends RedressError {
  /** The actor's role. */
  readonly role: string;
  /** The event refused (`FILE` for filing, `READ` for reading). */
  readonly eventType: string;

  /**
   * @param message - why not
   * @param details - the role and the event type refused
   */
  constructor(message: string, details: { role: string; eventType: string }) {
    super('FORBIDDEN', message);
    this.role = details.role;
    this.eventType = details.eventType;
  }
}

/**
 * Another writer changed the record first (optimistic concurrency), or an idempotency key was reused.
 *
 * @example
 * try { await desk.send(id, command, { actor, expectedVersion: 3 }) } catch (e) {
 *   if (isConflictError(e)) return reply(412, { current: e.actualVersion });
 * }
 */
export class ConflictError extends RedressError {
  /** The complaint concerned. */
  readonly id: string;
  /** The version the writer expected, if any. */
  readonly expectedVersion: number | undefined;
  /** The version found, when known. */
  readonly actualVersion: number | undefined;

  /**
   * @param message - what conflicted
   * @param details - complaint id and the expected and actual versions, when known
   */
  constructor(message: string, details: { id: string; expectedVersion?: number | undefined; actualVersion?: number | undefined }) {
    super('CONFLICT', message);
    this.id = details.id;
    this.expectedVersion = details.expectedVersion;
    this.actualVersion = details.actualVersion;
  }
}

/**
 * No complaint (or outbox message) with that id.
 *
 * @example
 * try { await desk.get(id) } catch (e) {
 *   if (isNotFoundError(e)) return reply(404, `no complaint ${e.id}`);
 * }
 */
export class NotFoundError extends RedressError {
  /** The id looked for. */
  readonly id: string;

  /**
   * @param message - what was not found
   * @param id - the id looked for
   */
  constructor(message: string, id: string) {
    super('NOT_FOUND', message);
    this.id = id;
  }
}

/**
 * The store could not be reached or could not serve the request: connection
 * refused or lost, statement timeout, server shutting down, tables missing.
 * Nothing was changed by the failed call; `cause` holds the driver's error.
 * Retrying later is reasonable.
 *
 * @example
 * try { await desk.send(id, command, opts) } catch (e) {
 *   if (isStoreUnavailableError(e)) retryLater(e.cause);
 * }
 */
export class StoreUnavailableError extends RedressError {
  /**
   * @param message - what failed
   * @param options - `cause`: the client's error
   */
  constructor(message: string, options?: { cause?: unknown }) {
    super('STORE_UNAVAILABLE', message, options);
  }
}

/**
 * The complaint's current state does not accept this event.
 *
 * @example
 * try { await desk.send(id, { type: 'ACCEPT' }, { actor }) } catch (e) {
 *   if (isInvalidTransitionError(e)) return reply(409, { state: e.state, youMay: e.accepted });
 * }
 */
export class InvalidTransitionError extends RedressError {
  /** The event type that was refused. */
  readonly eventType: string;
  /** The state the complaint was in (dotted path). */
  readonly state: string;
  /** The event types that state accepts. */
  readonly accepted: readonly string[];

  /**
   * @param eventType - the refused event type
   * @param state - the complaint's state (dotted path)
   * @param accepted - the event types the state accepts
   */
  constructor(eventType: string, state: string, accepted: readonly string[]) {
    super('INVALID_TRANSITION', `event ${eventType} is not accepted in state ${state}; accepted: ${accepted.join(', ') || '(none)'}`);
    this.eventType = eventType;
    this.state = state;
    this.accepted = accepted;
  }
}

/**
 * The complaint's state accepts the event, but a business rule refuses it:
 * `executeBy` in the past, the re-open window closed, the top of the
 * escalation ladder, an extension beyond the cap. `message` says which, in words.
 *
 * @example
 * try { await desk.send(id, { type: 'REOPEN', reason }, { actor }) } catch (e) {
 *   if (isRuleViolationError(e)) return reply(422, { rule: e.rule, message: e.message }); // rule 'reopenWindow'
 * }
 */
export class RuleViolationError extends RedressError {
  /** The event type refused. */
  readonly eventType: string;
  /** The rule's stable name, e.g. `reopenWindow`, `executeByAfterEvent`. */
  readonly rule: string;

  /**
   * @param eventType - the refused event type
   * @param rule - the rule's name
   * @param message - what the rule requires, in words
   */
  constructor(eventType: string, rule: string, message: string) {
    super('RULE', `${eventType} refused: ${message}`);
    this.eventType = eventType;
    this.rule = rule;
  }
}

/**
 * The desk's clock returned an invalid time (not a finite instant, or far behind an earlier reading) or threw.
 *
 * @example
 * try { await desk.file(intake, { actor }) } catch (e) {
 *   if (isClockError(e)) return reply(503, 'the time source is unavailable');
 * }
 */
export class ClockError extends RedressError {
  /**
   * @param message - what the clock did
   * @param options - `cause`: what it threw
   */
  constructor(message: string, options?: { cause?: unknown }) {
    super('CLOCK', message, options);
  }
}

/**
 * A stored record this release cannot use: written by a newer machine
 * version (`MACHINE_VERSION`, e.g. during a rolling deploy) or unreadable
 * (`CORRUPT_RECORD`). Timers of such a record are quarantined, not fired.
 *
 * @example
 * try { await desk.get(id) } catch (e) {
 *   if (isRecordError(e) && e.code === 'MACHINE_VERSION') return reply(503, 'written by a newer release; retry');
 * }
 */
export class RecordError extends RedressError {
  /** The complaint concerned. */
  readonly id: string;

  /**
   * @param code - `MACHINE_VERSION` or `CORRUPT_RECORD`
   * @param id - the complaint
   * @param message - what is wrong
   * @param options - `cause`
   */
  constructor(code: 'MACHINE_VERSION' | 'CORRUPT_RECORD', id: string, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.id = id;
  }
}

/**
 * Applying the event would leave the complaint in XState's `error` status; nothing was stored.
 *
 * @example
 * try { await desk.send(id, command, { actor }) } catch (e) {
 *   if (isMachineError(e)) log.error(`complaint ${e.id}: ${e.message}`, e.cause);
 * }
 */
export class MachineError extends RedressError {
  /** The complaint concerned. */
  readonly id: string;

  /**
   * @param id - the complaint
   * @param message - what failed
   * @param options - `cause`: the machine's error
   */
  constructor(id: string, message: string, options?: { cause?: unknown }) {
    super('MACHINE_ERROR', message, options);
    this.id = id;
  }
}

/**
 * The notifier threw (any value) or did not answer within the timeout. Reported through `onError`.
 *
 * @example
 * createDesk({ store, notifier, onError: (e, ctx) => { if (isNotifierError(e)) metrics.count('notify.failed', { message: e.messageId }); } });
 */
export class NotifierError extends RedressError {
  /** The outbox message concerned. */
  readonly messageId: string;

  /**
   * @param messageId - the message
   * @param message - what happened
   * @param options - `cause`: what the notifier threw
   */
  constructor(messageId: string, message: string, options?: { cause?: unknown }) {
    super('NOTIFIER', message, options);
    this.messageId = messageId;
  }
}

/**
 * A document cannot be produced from the complaint as it stands: a remedy
 * confirmation before the customer accepted (or while the accepted remedy is
 * being re-worked), a follow-up form before the follow-up was recorded.
 *
 * @example
 * try { renderDocument('remedyConfirmation', details, { locale: 'zh' }) } catch (e) {
 *   if (isDocumentUnavailableError(e)) return reply(409, e.reason); // 'notAccepted'
 * }
 */
export class DocumentUnavailableError extends RedressError {
  /** The document asked for, e.g. `remedyConfirmation`. */
  readonly kind: string;
  /** The complaint concerned. */
  readonly id: string;
  /** Why, as a stable name: `notAccepted`, `reworking`, `noFollowUp`. */
  readonly reason: string;

  /**
   * @param details - the document kind, the complaint and the reason's stable name
   * @param message - why, in words
   */
  constructor(details: { kind: string; id: string; reason: string }, message: string) {
    super('DOCUMENT_UNAVAILABLE', message);
    this.kind = details.kind;
    this.id = details.id;
    this.reason = details.reason;
  }
}

/**
 * Is `e` an error redress threw on purpose? Works across the ESM and CJS
 * copies of the package (checks a global brand, not the class).
 *
 * @param e - anything caught
 * @returns whether `e` is a {@link RedressError}
 * @example
 * catch (e) { if (isRedressError(e) && e.code === 'RULE') return reply(422, e.message) }
 */
export function isRedressError(e: unknown): e is RedressError {
  return typeof e === 'object' && e !== null && (e as Record<symbol, unknown>)[BRAND] === true && typeof (e as { code?: unknown }).code === 'string';
}

const guard =
  <T extends RedressError>(code: RedressErrorCode) =>
  (e: unknown): e is T =>
    isRedressError(e) && e.code === code;

/** Is `e` a {@link ValidationError}? (Works across ESM and CJS copies.) */
export const isValidationError = guard<ValidationError>('VALIDATION');
/** Is `e` a {@link ForbiddenError}? */
export const isForbiddenError = guard<ForbiddenError>('FORBIDDEN');
/** Is `e` a {@link ConflictError}? */
export const isConflictError = guard<ConflictError>('CONFLICT');
/** Is `e` a {@link NotFoundError}? */
export const isNotFoundError = guard<NotFoundError>('NOT_FOUND');
/** Is `e` an {@link InvalidTransitionError}? */
export const isInvalidTransitionError = guard<InvalidTransitionError>('INVALID_TRANSITION');
/** Is `e` a {@link RuleViolationError}? */
export const isRuleViolationError = guard<RuleViolationError>('RULE');
/** Is `e` a {@link StoreUnavailableError}? */
export const isStoreUnavailableError = guard<StoreUnavailableError>('STORE_UNAVAILABLE');
/** Is `e` a {@link ClockError}? */
export const isClockError = guard<ClockError>('CLOCK');
/** Is `e` a {@link MachineError}? */
export const isMachineError = guard<MachineError>('MACHINE_ERROR');
/** Is `e` a {@link DocumentUnavailableError}? */
export const isDocumentUnavailableError = guard<DocumentUnavailableError>('DOCUMENT_UNAVAILABLE');
/** Is `e` a {@link NotifierError}? */
export const isNotifierError = guard<NotifierError>('NOTIFIER');
/** Is `e` a {@link RecordError} (`MACHINE_VERSION` or `CORRUPT_RECORD`)? */
export const isRecordError = (e: unknown): e is RecordError => isRedressError(e) && (e.code === 'MACHINE_VERSION' || e.code === 'CORRUPT_RECORD');

/** Build a ValidationError from a single hand-made issue at `path`. */
export function validationIssue(what: string, path: (string | number)[], message: string): ValidationError {
  return new ValidationError(what, [{ code: 'custom', path, message, input: undefined } as ValidationIssue]);
}

/**
 * A one-line description of anything thrown, that never throws itself: an
 * Error's message, a string as is, other values as JSON; hostile values
 * (`Object.create(null)`, a `toString` that throws, an Error whose `message`
 * getter throws) give a fallback text.
 *
 * @param e - anything thrown
 * @returns a short description
 * @example
 * describeThrown(new Error('SMTP down')); // 'SMTP down'
 * describeThrown(Object.create(null));    // a fallback text, never a TypeError
 */
export function describeThrown(e: unknown): string {
  try {
    if (e instanceof Error) {
      let name = 'Error';
      let message = '';
      try {
        name = String(e.name);
      } catch {
        /* keep the default */
      }
      try {
        message = String(e.message);
      } catch {
        message = '(message unreadable)';
      }
      return message || name;
    }
    if (typeof e === 'string') return e;
    if (e === null || e === undefined || typeof e !== 'object') return String(e);
    try {
      const s = JSON.stringify(e);
      if (s !== undefined && s !== '{}') return s.length > 500 ? `${s.slice(0, 500)}…` : s;
    } catch {
      /* fall through */
    }
    try {
      return String(e);
    } catch {
      return '(an unprintable value was thrown)';
    }
  } catch {
    return '(an unprintable value was thrown)';
  }
}
