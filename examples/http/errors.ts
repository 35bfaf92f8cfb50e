/**
 * Every failure → one HTTP status and one JSON body `{ error: { code, message, … } }`.
 *
 * Desk errors are recognised by `isRedressError(e)` and their `code` (never
 * `instanceof`: it fails when the ESM and CJS copies of redress are both
 * loaded). The fields of a few codes are read with the per-code guards
 * (`isConflictError` …), which check the code too. Anything unrecognised is a
 * 500 that says nothing about internals; the server logs the real error.
 */
import {
  isConflictError,
  isDocumentUnavailableError,
  isInvalidTransitionError,
  isRedressError,
  isRuleViolationError,
  isValidationError,
  type ValidationIssue,
} from '../../src/index.js';
import { isHttpProblem } from './problem.js';

/** The body of every error response. */
export interface ErrorBody {
  error: { code: string; message: string; [detail: string]: unknown };
}

/** What to answer. */
export interface ErrorResponse {
  status: number;
  body: ErrorBody;
  headers: Record<string, string>;
}

/** What the mapping needs to know about the request. */
export interface ErrorContext {
  /** The caller sent `If-Match`: a version conflict is then a failed precondition (412), not a 409. */
  conditional: boolean;
}

/** One issue as the body shows it: where (the path into the body or query), zod's code, the words. */
export interface IssueBody {
  path: (string | number)[];
  code: string;
  message: string;
}

const issueBody = (i: ValidationIssue): IssueBody => ({
  path: i.path.map((p) => (typeof p === 'number' ? p : String(p))),
  code: i.code,
  message: i.message,
});

const answer = (status: number, code: string, message: string, details: Record<string, unknown> = {}, headers: Record<string, string> = {}): ErrorResponse => ({
  status,
  body: { error: { ...details, code, message } },
  headers,
});

/** A client error Fastify raised before the handler ran (malformed JSON, wrong media type, body too large …). */
function frameworkClientError(e: unknown): { status: number; code: string } | undefined {
  if (typeof e !== 'object' || e === null) return undefined;
  const { statusCode, code } = e as { statusCode?: unknown; code?: unknown };
  if (typeof statusCode !== 'number' || statusCode < 400 || statusCode > 499 || typeof code !== 'string' || !code.startsWith('FST_')) return undefined;
  return { status: statusCode, code };
}

/**
 * The response for anything a route threw.
 *
 * @param e - what was thrown
 * @param ctx - about the request
 * @returns status, body and extra headers
 */
export function errorResponse(e: unknown, ctx: ErrorContext): ErrorResponse {
  if (isHttpProblem(e)) return answer(e.status, e.code, e.message);
  if (isRedressError(e)) {
    switch (e.code) {
      case 'VALIDATION':
        return answer(400, e.code, e.message, { issues: isValidationError(e) ? e.issues.map(issueBody) : [] });
      case 'RULE':
        return answer(422, e.code, e.message, isRuleViolationError(e) ? { rule: e.rule, eventType: e.eventType } : {});
      case 'FORBIDDEN':
        return answer(403, e.code, e.message);
      case 'NOT_FOUND':
        return answer(404, e.code, e.message);
      case 'CONFLICT':
        // A stale If-Match carries the version the caller expected; an idempotency key reused for
        // another command does not, and stays a 409 even on a conditional request. The desk checks the
        // actor's role and a customer's ownership before it compares versions, so only someone who may
        // act on the complaint ever gets here: telling them the current version is safe.
        if (ctx.conditional && isConflictError(e) && e.expectedVersion !== undefined) {
          return answer(412, e.code, 'the complaint has changed since the version in If-Match; read it again', {
            expectedVersion: e.expectedVersion,
            ...(e.actualVersion === undefined ? {} : { actualVersion: e.actualVersion }),
          });
        }
        return answer(409, e.code, e.message);
      case 'INVALID_TRANSITION':
        return answer(409, e.code, e.message, isInvalidTransitionError(e) ? { eventType: e.eventType, state: e.state, accepted: [...e.accepted] } : {});
      case 'DOCUMENT_UNAVAILABLE':
        // The complaint has not reached what the document records (e.g. no accepted remedy yet).
        return answer(409, e.code, e.message, isDocumentUnavailableError(e) ? { kind: e.kind, reason: e.reason } : {});
      case 'STORE_UNAVAILABLE':
        return answer(503, e.code, 'the complaint store is unavailable; try again shortly', {}, { 'retry-after': '5' });
      case 'CLOCK':
        return answer(503, e.code, 'the service clock is unavailable; try again shortly', {}, { 'retry-after': '5' });
      default:
        break; // MACHINE_VERSION, CORRUPT_RECORD, MACHINE_ERROR …: the operator's problem, not the caller's
    }
  }
  const client = frameworkClientError(e);
  if (client) {
    if (client.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || client.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') {
      return answer(400, 'MALFORMED_JSON', 'the request body is not valid JSON');
    }
    if (client.status === 415) return answer(415, 'UNSUPPORTED_MEDIA_TYPE', 'send the body as application/json');
    if (client.status === 413) return answer(413, 'PAYLOAD_TOO_LARGE', 'the request body is too large');
    return answer(client.status, 'BAD_REQUEST', 'the request could not be read');
  }
  return answer(500, 'INTERNAL', 'internal error');
}
