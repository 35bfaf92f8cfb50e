// One-line messages for validation problems, naming the bad field the way the
// user wrote it: the flag, or the option file and the field's path in it
// (`--config staffing.agent.count: expected a number`).
import type { z } from 'zod';
import type { ValidationIssue } from '../errors.js';

/** A field path as dotted text (`staffing.agent.count`, `week.mon.0`). */
export const dotted = (path: readonly PropertyKey[]): string => path.map(String).join('.');

/** `--config staffing.agent.count`, or just `--config` for the whole file. */
export const fieldOf = (flag: string, path: readonly PropertyKey[]): string => (path.length > 0 ? `${flag} ${dotted(path)}` : flag);

const article = (word: string) => (/^[aeiou]/i.test(word) ? `an ${word}` : `a ${word}`);

/** What an input value is, for messages: `a string`, `null`, `an array`. */
function kindOf(input: unknown): string {
  if (input === undefined) return 'nothing';
  if (input === null) return 'null';
  if (Array.isArray(input)) return 'an array';
  return article(typeof input);
}

/**
 * Zod error map for option files: plain messages for the common cases
 * (`expected a number, got a string`, `unknown key "bogus"`), zod's own otherwise.
 */
export const plainMessages: z.core.$ZodErrorMap = (issue) => {
  if (issue.code === 'invalid_type') return `expected ${article(String(issue.expected))}, got ${kindOf(issue.input)}`;
  if (issue.code === 'unrecognized_keys') return `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  return undefined;
};

/** The message of a validation issue, unknown keys spelled plainly. */
export function issueMessage(issue: ValidationIssue): string {
  const i = issue as ValidationIssue & { keys?: unknown };
  if (i.code === 'unrecognized_keys' && Array.isArray(i.keys)) return `unknown key${i.keys.length > 1 ? 's' : ''} ${i.keys.map((k) => `"${String(k)}"`).join(', ')}`;
  return i.message;
}

/**
 * The most telling issue inside a union's failure: zod reports "Invalid
 * input" for a value that matches no branch; the branch with the fewest
 * (then the deepest) issues is most likely what was meant.
 */
export function innermost(issue: ValidationIssue): ValidationIssue {
  const branches = (issue as { errors?: unknown }).errors;
  if (issue.code !== 'invalid_union' || !Array.isArray(branches) || branches.length === 0) return issue;
  const depth = (list: readonly ValidationIssue[]) => Math.max(0, ...list.map((i) => i.path.length));
  const best = (branches as ValidationIssue[][])
    .filter((b) => b.length > 0)
    .sort((a, b) => a.length - b.length || depth(b) - depth(a))[0];
  if (!best) return issue;
  const inner = innermost(best[0]!);
  return { ...inner, path: [...issue.path, ...inner.path] } as ValidationIssue;
}

/**
 * `where: message` for the first issue, with a count of the others.
 *
 * @param issues - zod's issues (at least one)
 * @param where - names the place of an issue's path (a flag, or a file and the path in it)
 */
export function firstIssue(issues: readonly ValidationIssue[], where: (path: readonly PropertyKey[]) => string): string {
  const first = issues[0] ? innermost(issues[0]) : undefined;
  if (!first) return 'invalid';
  const more = issues.length - 1;
  return `${where(first.path)}: ${issueMessage(first)}${more > 0 ? ` (and ${more} more problem${more === 1 ? '' : 's'})` : ''}`;
}
