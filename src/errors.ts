import type { z } from 'zod';

/** The issues zod reported for a rejected input. */
export type ValidationIssue = z.core.$ZodIssue;

/**
 * Base class of every error redress throws on purpose. `code` is stable and
 * machine-readable; `message` is for people.
 *
 * @example
 * try { parseEvent(input) } catch (e) { if (e instanceof RedressError) console.log(e.code) }
 */
export class RedressError extends Error {
  /** Stable machine-readable error code, e.g. `VALIDATION`. */
  readonly code: string;

  /**
   * @param code - stable machine-readable code
   * @param message - human-readable explanation
   * @param options - standard `ErrorOptions` (`cause`)
   */
  constructor(code: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** An input failed its zod schema; `issues` keeps zod's issues verbatim. */
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
    super('VALIDATION', `invalid ${what}: ${detail}${issues.length > 5 ? ` (+${issues.length - 5} more)` : ''}`);
    this.issues = issues;
  }
}

/** The actor may not do this (wrong role, not their complaint, insufficient authority). */
export class ForbiddenError extends RedressError {
  constructor(message: string) {
    super('FORBIDDEN', message);
  }
}

/** Another writer changed the record first (optimistic concurrency). */
export class ConflictError extends RedressError {
  constructor(message: string) {
    super('CONFLICT', message);
  }
}

/** No complaint with that id. */
export class NotFoundError extends RedressError {
  constructor(message: string) {
    super('NOT_FOUND', message);
  }
}

/**
 * The store could not be reached or could not serve the request: connection
 * refused or lost, statement timeout, server shutting down, tables missing.
 * Nothing was changed by the failed call; `cause` holds the driver's error.
 * Retrying later is reasonable.
 *
 * @example
 * try { await desk.send(id, event, opts) } catch (e) {
 *   if (e instanceof RedressError && e.code === 'STORE_UNAVAILABLE') retryLater(e.cause);
 * }
 */
export class StoreUnavailableError extends RedressError {
  /**
   * @param message - what failed
   * @param options - standard `ErrorOptions`; `cause` is the client's error
   */
  constructor(message: string, options?: ErrorOptions) {
    super('STORE_UNAVAILABLE', message, options);
  }
}

/** The complaint's current state does not accept this event. */
export class InvalidTransitionError extends RedressError {
  /** The event type that was refused. */
  readonly eventType: string;
  /** The state the complaint was in (dotted path). */
  readonly state: string;
  /** The event types that state accepts. */
  readonly accepted: readonly string[];

  constructor(eventType: string, state: string, accepted: readonly string[]) {
    super(
      'INVALID_TRANSITION',
      `event ${eventType} is not accepted in state ${state}; accepted: ${accepted.join(', ') || '(none)'}`,
    );
    this.eventType = eventType;
    this.state = state;
    this.accepted = accepted;
  }
}

/** Build a ValidationError from a single hand-made issue at `path`. */
export function validationIssue(what: string, path: (string | number)[], message: string): ValidationError {
  return new ValidationError(what, [{ code: 'custom', path, message, input: undefined } as ValidationIssue]);
}
