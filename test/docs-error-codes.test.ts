/**
 * docs/desk.md's error table names every `code` a RedressError can carry:
 * the codes are read from the `RedressErrorCode` union in src/errors.ts, so
 * a new code that the table does not list fails here.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The string literals of `export type RedressErrorCode = | 'A' | 'B' …;`. */
function codesInSource(): string[] {
  const source = readFileSync(join(repo, 'src/errors.ts'), 'utf8');
  const union = /export type RedressErrorCode =([^;]+);/.exec(source)?.[1];
  if (union === undefined) throw new Error('no RedressErrorCode union in src/errors.ts');
  return [...union.matchAll(/'([A-Z_]+)'/g)].map((m) => m[1]!);
}

/** The codes in the first column of the table under "## Errors" in docs/desk.md. */
function codesInTable(): string[] {
  const doc = readFileSync(join(repo, 'docs/desk.md'), 'utf8');
  const section = /\n## Errors\n([\s\S]*?)\n## /.exec(doc)?.[1];
  if (section === undefined) throw new Error('no "## Errors" section in docs/desk.md');
  const rows = section.split('\n').filter((l) => l.startsWith('| `'));
  return rows.flatMap((row) => [...(row.split('|')[1] ?? '').matchAll(/`([A-Z_]+)`/g)].map((m) => m[1]!));
}

describe('docs/desk.md error table', () => {
  it('lists every RedressErrorCode, and nothing else', () => {
    const codes = codesInSource();
    expect(codes).toContain('DOCUMENT_UNAVAILABLE');
    expect(codes.length).toBeGreaterThanOrEqual(14);
    expect([...codesInTable()].sort()).toEqual([...codes].sort());
  });
});
