/**
 * Every ```ts / ```typescript block in README.md and docs/*.md compiles against
 * the package's public API, as written.
 *
 * Each snippet becomes its own module (top-level await allowed) in a throwaway
 * folder under `.tmp/` (git-ignored), next to a generated tsconfig.json that
 * maps `redress`, `redress/testing`, `redress/postgres` … to their entry
 * sources (tsup.config.ts `libraryEntries`); one TypeScript program then checks them all under `--strict` with
 * `noUncheckedIndexedAccess`. A failure names the markdown file, the line in
 * it and the compiler's message.
 *
 * Conventions for authors:
 * - A block that is not meant to compile (pseudo-code, an interface sketch,
 *   output) uses another fence language: ```text, ```sh, ```json …
 * - ```ts file=calendars.ts names the module, so a later block of the same
 *   markdown file can `import … from './calendars.js'`. Blocks without a name
 *   are `L<line>.ts`. (GitHub and npm read only the first word as the language.)
 *
 * The same file checks the links of those documents: relative links point at
 * files that exist (and at headings that exist), and README.md, which npm
 * renders outside the repository, links only with absolute URLs.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { libraryEntries } from '../tsup.config.js';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');

const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { name: string; exports: Record<string, unknown> };

/**
 * The public entry points and their sources: tsup's library entries that
 * package.json `exports` publishes (`index` is `redress`, `testing` is
 * `redress/testing`, …), so a new subpath is mapped as soon as it ships.
 */
const ENTRY_SOURCES: Record<string, string> = Object.fromEntries(
  Object.entries(libraryEntries)
    .map(([name, src]) => [name === 'index' ? '.' : `./${name}`, src] as const)
    .filter(([subpath, src]) => subpath in pkg.exports && existsSync(join(repo, src)))
    .map(([subpath, src]) => [subpath === '.' ? pkg.name : `${pkg.name}/${subpath.slice(2)}`, src]),
);

const DOCUMENTS = [
  'README.md',
  ...readdirSync(join(repo, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((f) => `docs/${f}`),
];

interface Snippet {
  /** Markdown file, relative to the repository. */
  doc: string;
  /** 1-based line of the opening fence in the markdown file. */
  fenceLine: number;
  /** Module file name inside the document's snippet folder. */
  module: string;
  code: string;
}

interface Fence {
  /** 1-based line of the opening fence. */
  line: number;
  /** The info string: language and attributes. */
  info: string;
  body: string[];
}

/** Fenced code blocks of a markdown document (backtick and tilde fences, any indentation CommonMark allows). */
function fences(markdown: string): Fence[] {
  const out: Fence[] = [];
  const lines = markdown.split(/\r?\n/);
  let open: (Fence & { marker: string; indent: number }) | undefined;
  lines.forEach((text, i) => {
    if (!open) {
      const m = /^( {0,3})(`{3,}|~{3,})(.*)$/.exec(text);
      if (m && !(m[2]!.startsWith('`') && m[3]!.includes('`'))) {
        open = { line: i + 1, info: m[3]!.trim(), body: [], marker: m[2]!, indent: m[1]!.length };
      }
      return;
    }
    const close = /^ {0,3}(`{3,}|~{3,})\s*$/.exec(text);
    if (close && close[1]![0] === open.marker[0] && close[1]!.length >= open.marker.length) {
      out.push({ line: open.line, info: open.info, body: open.body });
      open = undefined;
      return;
    }
    // Content lines lose up to the fence's indentation.
    open.body.push(text.replace(new RegExp(`^ {0,${open.indent}}`), ''));
  });
  return out;
}

function snippetsOf(doc: string): Snippet[] {
  const markdown = readFileSync(join(repo, doc), 'utf8');
  return fences(markdown).flatMap((f): Snippet[] => {
    const [lang = '', ...attributes] = f.info.split(/\s+/);
    if (!['ts', 'typescript'].includes(lang.toLowerCase())) return [];
    const named = attributes.map((a) => /^file=([\w.-]+\.ts)$/.exec(a)?.[1]).find((n) => n !== undefined);
    // `export {}` makes a snippet without imports a module too (top-level await, no shared globals);
    // it goes after the last line, so snippet line n is markdown line fenceLine + n.
    return [{ doc, fenceLine: f.line, module: named ?? `L${f.line}.ts`, code: `${f.body.join('\n')}\nexport {};\n` }];
  });
}

const snippets = DOCUMENTS.flatMap(snippetsOf);

/** A document's folder in the snippet tree: `README.md` → `README`, `docs/sla.md` → `docs-sla`. */
const folderOf = (doc: string): string => doc.replace(/\.md$/, '').replace(/[^\w-]+/g, '-');

let work = '';
/** Snippet module path (absolute) → snippet. */
const byPath = new Map<string, Snippet>();
/** Problems per markdown file; `''` collects those outside any snippet. */
const problems = new Map<string, string[]>();

function report(doc: string, message: string): void {
  problems.set(doc, [...(problems.get(doc) ?? []), message]);
}

beforeAll(() => {
  mkdirSync(join(repo, '.tmp'), { recursive: true });
  work = mkdtempSync(join(repo, '.tmp', 'snippets-'));
  for (const s of snippets) {
    const file = join(work, folderOf(s.doc), s.module);
    if (byPath.has(file)) throw new Error(`${s.doc}:${s.fenceLine}: another block of ${s.doc} is already named ${s.module}`);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, s.code);
    byPath.set(file, s);
  }

  const fromWork = (p: string): string => relative(work, join(repo, p)).split('\\').join('/');
  const tsconfig = {
    compilerOptions: {
      target: 'ES2022',
      lib: ['ES2022'],
      module: 'ESNext',
      moduleResolution: 'Bundler',
      types: ['node'],
      strict: true,
      noUncheckedIndexedAccess: true,
      exactOptionalPropertyTypes: false,
      esModuleInterop: true,
      resolveJsonModule: true,
      skipLibCheck: true,
      noEmit: true,
      // typeRoots would otherwise start at .tmp/…/node_modules; @types live in the repository's.
      typeRoots: [fromWork('node_modules/@types')],
      paths: Object.fromEntries(Object.entries(ENTRY_SOURCES).map(([name, src]) => [name, [fromWork(src)]])),
    },
    include: ['**/*.ts'],
  };
  // Written out, so a failure can be reproduced by hand: npx tsc -p .tmp/snippets-…/tsconfig.json
  const configPath = join(work, 'tsconfig.json');
  writeFileSync(configPath, `${JSON.stringify(tsconfig, null, 2)}\n`);

  const parsed = ts.getParsedCommandLineOfConfigFile(configPath, {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    },
  });
  if (!parsed) throw new Error(`cannot read ${configPath}`);
  for (const d of parsed.errors) report('', `tsconfig: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);

  const program = ts.createProgram({ rootNames: parsed.fileNames, options: parsed.options });
  for (const d of ts.getPreEmitDiagnostics(program)) {
    const message = `TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
    const snippet = d.file ? byPath.get(resolve(d.file.fileName)) : undefined;
    if (d.file && snippet && d.start !== undefined) {
      const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
      report(
        snippet.doc,
        `${snippet.doc}:${snippet.fenceLine + 1 + line}:${character + 1} (\`\`\`ts block at line ${snippet.fenceLine}): ${message}`,
      );
    } else if (d.file && d.start !== undefined) {
      const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
      report('', `${relative(repo, d.file.fileName)}:${line + 1}:${character + 1}: ${message}`);
    } else {
      report('', message);
    }
  }
  // One TypeScript program over every snippet and the library's sources: ~50 s alone, several minutes
  // when the whole suite runs beside it on a small machine.
}, 600_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('TypeScript snippets in the documentation', () => {
  it('finds the snippets (README.md and docs/*.md) and the entry points', () => {
    expect(Object.keys(ENTRY_SOURCES)).toEqual(expect.arrayContaining(['redress', 'redress/testing', 'redress/postgres']));
    expect(DOCUMENTS).toContain('README.md');
    expect(DOCUMENTS).toContain('docs/sla.md');
    expect(snippets.length).toBeGreaterThan(10);
    expect(snippets.some((s) => s.doc === 'README.md')).toBe(true);
  });

  it('the program reports nothing outside the snippets (entry sources, node_modules, tsconfig)', () => {
    expect(problems.get('') ?? []).toEqual([]);
  });

  it.each(DOCUMENTS)('%s: every ts block compiles', (doc) => {
    const found = problems.get(doc) ?? [];
    if (found.length > 0) {
      throw new Error(`${found.length} compiler error(s) in ${doc}:\n${found.join('\n')}`);
    }
  });
});

// ---------------------------------------------------------------------------
// Links

interface Link {
  line: number;
  target: string;
}

/** Inline links and images `[text](target)` and reference definitions `[x]: target`, outside code. */
function linksOf(markdown: string): Link[] {
  const lines = markdown.split(/\r?\n/);
  const inCode = new Set<number>();
  for (const f of fences(markdown)) {
    for (let l = f.line; l <= f.line + f.body.length + 1; l++) inCode.add(l);
  }
  const out: Link[] = [];
  lines.forEach((text, i) => {
    if (inCode.has(i + 1)) return;
    const prose = text.replace(/`[^`]*`/g, (m) => ' '.repeat(m.length));
    for (const m of prose.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) out.push({ line: i + 1, target: m[1]! });
    const def = /^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/.exec(prose);
    if (def) out.push({ line: i + 1, target: def[1]! });
  });
  return out;
}

/** GitHub's heading anchors (github-slugger): lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
function anchorsOf(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  const inCode = new Set<number>();
  for (const f of fences(markdown)) {
    for (let l = f.line; l <= f.line + f.body.length + 1; l++) inCode.add(l);
  }
  markdown.split(/\r?\n/).forEach((text, i) => {
    if (inCode.has(i + 1)) return;
    const h = /^ {0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(text);
    if (!h) return;
    const plain = h[1]!
      .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
      .replace(/<[^>]+>/g, '')
      .replace(/[`*~]/g, '');
    const base = plain
      .toLowerCase()
      .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
      .replace(/ /g, '-');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    anchors.add(n === 0 ? base : `${base}-${n}`);
  });
  return anchors;
}

describe('links in the documentation', () => {
  it.each(DOCUMENTS)('%s: relative links point at files and headings that exist', (doc) => {
    const markdown = readFileSync(join(repo, doc), 'utf8');
    const broken: string[] = [];
    for (const { line, target } of linksOf(markdown)) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto:, …
      const [pathPart = '', anchor] = target.split('#', 2);
      const file = pathPart === '' ? join(repo, doc) : resolve(dirname(join(repo, doc)), decodeURI(pathPart));
      if (!existsSync(file)) {
        broken.push(`${doc}:${line}: ${target}: no such file`);
        continue;
      }
      if (anchor !== undefined && file.endsWith('.md') && !anchorsOf(readFileSync(file, 'utf8')).has(anchor)) {
        broken.push(`${doc}:${line}: ${target}: no heading with that anchor in ${relative(repo, file)}`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('README.md links with absolute URLs only (npm renders it outside the repository)', () => {
    const relativeLinks = linksOf(readFileSync(join(repo, 'README.md'), 'utf8'))
      .filter(({ target }) => !/^[a-z][a-z0-9+.-]*:/i.test(target) && !target.startsWith('#'))
      .map(({ line, target }) => `README.md:${line}: ${target}`);
    expect(relativeLinks).toEqual([]);
  });
});
