// The desk's check of classification codes against its code set (when it has one).
import { ValidationError, type ValidationIssue } from '../errors.js';
import { classificationProblems, type Classification, type CodeSet } from '../schemas/classification.js';

/**
 * Refuse codes outside the desk's code set, before anything is stored.
 *
 * @param set - the desk's code set, if any (no set: any well-formed code)
 * @param classification - the codes of an intake or a `TRIAGE`
 * @param what - `intake` or `event`, for the error
 * @throws ValidationError with a path `classification.product` / `classification.cause`
 */
export function checkCodes(set: CodeSet | undefined, classification: Classification | undefined, what: string): void {
  if (!set || !classification) return;
  const problems = classificationProblems(set, classification);
  if (problems.length === 0) return;
  throw new ValidationError(
    what,
    problems.map((p) => ({ code: 'custom', path: ['classification', ...p.path], message: p.message, input: undefined }) as ValidationIssue),
  );
}
