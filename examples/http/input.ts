/**
 * Request bodies → the desk's typed inputs. The body of an HTTP request is
 * `unknown`; the desk's own zod schemas (public API) turn it into an
 * `IntakeInput` or a `ComplaintCommand`, so nothing is cast. A refusal is the
 * desk's own `ValidationError`, with zod's issues and their paths, mapped to
 * 400 like any other.
 */
import {
  complaintCommandSchema,
  intakeInputSchema,
  ValidationError,
  type ComplaintCommand,
  type IntakeInput,
} from '../../src/index.js';
import { HttpProblem } from './problem.js';

/** The body of `POST /complaints`. @throws ValidationError */
export function intakeFrom(body: unknown): IntakeInput {
  const r = intakeInputSchema.safeParse(body);
  if (!r.success) throw new ValidationError('intake', r.error.issues);
  return r.data;
}

/** The body of `POST /complaints/:id/events`. @throws ValidationError */
export function commandFrom(body: unknown): ComplaintCommand {
  const r = complaintCommandSchema.safeParse(body);
  if (!r.success) throw new ValidationError('event', r.error.issues);
  return r.data;
}

/**
 * The `Idempotency-Key` header: retrying a request with the same key gives
 * the first result instead of doing it twice (scoped to the actor, and for
 * events to the complaint).
 * @throws HttpProblem 400 when it is repeated
 */
export function idempotencyKeyOf(header: string | string[] | undefined): string | undefined {
  if (Array.isArray(header)) throw new HttpProblem(400, 'BAD_REQUEST', 'send one Idempotency-Key');
  return header;
}
