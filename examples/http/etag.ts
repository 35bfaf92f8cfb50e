/**
 * Entity tags: a complaint's version is its validator. `ETag: "7"` on every
 * response that shows a complaint; `If-Match: "7"` on a command becomes the
 * desk's `expectedVersion` (a stale one is 412); `If-None-Match: "7"` on a
 * read answers 304 while the version is unchanged.
 */
import { HttpProblem } from './problem.js';

/** The strong entity tag of a version. */
export const etagOf = (version: number): string => `"${version}"`;

/**
 * The version an `If-Match` header names.
 *
 * @param header - the raw header
 * @returns the expected version; undefined when there is no header or it is `*` (any current version)
 * @throws HttpProblem 400 unless it is one strong tag of a version, e.g. `"7"`
 */
export function expectedVersionOf(header: string | string[] | undefined): number | undefined {
  if (header === undefined) return undefined;
  const value = Array.isArray(header) ? undefined : header.trim();
  if (value === '*') return undefined;
  const m = value === undefined ? null : /^"([1-9]\d{0,14})"$/.exec(value);
  if (!m) throw new HttpProblem(400, 'BAD_REQUEST', 'If-Match must be one quoted complaint version, e.g. "7" (the ETag of the last read)');
  return Number(m[1]);
}

/**
 * Does an `If-None-Match` header match this tag? Weak comparison (RFC 9110
 * §13.1.2): `W/"7"` matches `"7"`; a list matches when any member does; `*` matches anything.
 */
export function noneMatch(header: string | string[] | undefined, tag: string): boolean {
  if (header === undefined) return false;
  const members = (Array.isArray(header) ? header.join(',') : header).split(',').map((t) => t.trim());
  return members.some((t) => t === '*' || t.replace(/^W\//, '') === tag);
}
