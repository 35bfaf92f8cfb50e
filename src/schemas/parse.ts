import type { z } from 'zod';
import { ValidationError } from '../errors.js';
import { complaintEventSchema, type ComplaintEvent } from './events.js';
import { intakeSchema, type Intake } from './intake.js';

/** Parse `input` with `schema` or throw a ValidationError naming `what`. */
export function parseWith<S extends z.ZodType>(schema: S, what: string, input: unknown): z.infer<S> {
  const r = schema.safeParse(input);
  if (!r.success) throw new ValidationError(what, r.error.issues);
  return r.data;
}

/**
 * Validate a complaint intake.
 *
 * @param input - untrusted intake data
 * @returns the validated {@link Intake}
 * @throws ValidationError with zod's issues
 * @example
 * const intake = parseIntake({ customer: { id: 'c1', name: 'Li Lei' }, channel: 'phone',
 *   description: 'Kettle leaks', demand: 'replacement', emotion: 'anxious', motive: 'compensation',
 *   filedAt: Date.parse('2026-11-23T09:00:00Z') });
 */
export function parseIntake(input: unknown): Intake {
  return parseWith(intakeSchema, 'intake', input);
}

/**
 * Validate a public complaint event (any of the types in `eventTypes`).
 *
 * @param input - untrusted event data
 * @returns the validated {@link ComplaintEvent}
 * @throws ValidationError with zod's issues
 * @example
 * parseEvent({ type: 'ACKNOWLEDGE', at: Date.now(), actor: { id: 'a1', role: 'agent' } });
 */
export function parseEvent(input: unknown): ComplaintEvent {
  return parseWith(complaintEventSchema, 'event', input) as ComplaintEvent;
}
