/**
 * ValidationError's message is for people: it shows the first five issues
 * and counts the rest as issues — "(+1 more issue)", never a bare "(+1
 * more)" that reads like one more value of the enum listed just before it.
 */
import { describe, expect, it } from 'vitest';
import { isValidationError, parseIntake, ValidationError, type ValidationIssue } from '../src/index.js';

const issue = (n: number): ValidationIssue => ({ code: 'custom', path: [`f${n}`], message: `bad ${n}`, input: undefined }) as ValidationIssue;

describe('ValidationError message', () => {
  it('shows five issues and counts the rest as issues', () => {
    expect(new ValidationError('intake', [1, 2, 3, 4, 5].map(issue)).message).toBe('invalid intake: f1: bad 1; f2: bad 2; f3: bad 3; f4: bad 4; f5: bad 5');
    expect(new ValidationError('intake', [1, 2, 3, 4, 5, 6].map(issue)).message).toMatch(/f5: bad 5 \(\+1 more issue\)$/);
    expect(new ValidationError('intake', [1, 2, 3, 4, 5, 6, 7].map(issue)).message).toMatch(/f5: bad 5 \(\+2 more issues\)$/);
  });

  it('after a real refusal with enum lists, the count still says issues', () => {
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
