import type { z } from 'zod';
import { ValidationError } from '../errors.js';
import { complaintEventInputSchema, type ComplaintEvent } from './events.js';
import { intakeForMachineSchema, type Intake } from './intake.js';

/** Parse `input` with `schema` or throw a ValidationError naming `what`. */
export function parseWith<S extends z.ZodType>(schema: S, what: string, input: unknown): z.infer<S> {
  const r = schema.safeParse(input);
  if (!r.success) throw new ValidationError(what, r.error.issues);
  return r.data;
}

/**
 * Validate a complaint intake for the machine (a desk takes `IntakeInput`
 * and fills `filedAt` itself). `filedAt` is required and may be written as
 * epoch ms, a `Date` or an ISO-8601 string with an offset.
 *
 * @param input - untrusted intake data
 * @returns the validated {@link Intake} (`filedAt` in epoch ms)
 * @throws ValidationError with zod's issues
 * @example
 * const intake = parseIntake({ customer: { id: 'c1', name: 'Li Lei' }, channel: 'phone',
 *   description: 'Kettle leaks', demand: 'replacement', emotion: 'anxious', motive: 'compensation',
 *   filedAt: Date.parse('2026-11-23T09:00:00Z') });
 */
export function parseIntake(input: unknown): Intake {
  return parseWith(intakeForMachineSchema, 'intake', input) as Intake;
}

/**
 * Validate a public complaint event (any of the types in `eventTypes`) for
 * the machine: `at` and `actor` required; instants (`at`, `executeBy`,
 * `until`) as epoch ms, a `Date` or an ISO-8601 string with an offset.
 *
 * @param input - untrusted event data
 * @returns the validated {@link ComplaintEvent} (instants in epoch ms)
 * @throws ValidationError with zod's issues
 * @example
 * parseEvent({ type: 'ACKNOWLEDGE', at: Date.now(), actor: { id: 'a1', role: 'agent' } });
 */
export function parseEvent(input: unknown): ComplaintEvent {
  return parseWith(complaintEventInputSchema, 'event', input) as ComplaintEvent;
}
