/**
 * The error classes: messages people read (the issue count says "issue",
 * not a bare "more" that could be read as another enum value), stable codes,
 * and guards that check the brand and the code.
 */
import { describe, expect, it } from 'vitest';
import { isRedressError, isValidationError, parseIntake, RedressError, ValidationError, type ValidationIssue } from '../src/index.js';

const issue = (n: number): ValidationIssue => ({ code: 'custom', path: [`f${n}`], message: `bad ${n}`, input: undefined }) as ValidationIssue;

describe('ValidationError message', () => {
  it('shows five issues and counts the rest as issues', () => {
    expect(new ValidationError('intake', [1, 2, 3, 4, 5].map(issue)).message).toBe('invalid intake: f1: bad 1; f2: bad 2; f3: bad 3; f4: bad 4; f5: bad 5');
    expect(new ValidationError('intake', [1, 2, 3, 4, 5, 6].map(issue)).message).toMatch(/f5: bad 5 \(\+1 more issue\)$/);
    expect(new ValidationError('intake', [1, 2, 3, 4, 5, 6, 7].map(issue)).message).toMatch(/f5: bad 5 \(\+2 more issues\)$/);
  });

  it('an enum list in a real refusal is followed by the issue count, not confused with it', () => {
    let e: unknown;
    try {
      parseIntake({ channel: 'fax', emotion: 'sad', motive: 'x', customer: {}, description: 1, demand: 2 });
    } catch (caught) {
      e = caught;
    }
    expect(isValidationError(e)).toBe(true);
    const v = e as ValidationError;
    expect(v.issues.length).toBeGreaterThan(5);
    expect(v.message).toMatch(new RegExp(`\\(\\+${v.issues.length - 5} more issues?\\)$`));
  });
});

describe('guards', () => {
  it('recognise redress errors by brand and code, not by shape', () => {
    expect(isRedressError(new RedressError('CLOCK', 'x'))).toBe(true);
    expect(isRedressError({ code: 'CLOCK', message: 'x' })).toBe(false);
    expect(isRedressError(Object.assign(new Error('x'), { code: 'VALIDATION' }))).toBe(false);
    expect(isValidationError(new RedressError('CLOCK', 'x'))).toBe(false);
  });
});
