/**
 * The published package, as a consumer sees it: `npm pack` the built `dist/`,
 * unpack the tarball into a throwaway project outside this repository, and
 * load `redress` from there with plain Node, both as ESM and as CJS. The
 * tarball carries no source maps and stays small, and its type declarations
 * compile for a consumer whose `lib` is ES2020.
 *
 * Needs `dist/` (CI builds first); builds once if `dist/index.js` is missing.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const repoPkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
  dependencies: Record<string, string>;
  exports: Record<string, unknown>;
};

const RUNTIME_DEPENDENCIES = ['@date-fns/tz', 'date-fns', 'xstate', 'zod'];

/**
 * Upper bound of the unpacked tarball. Without source maps it is about 2.1 MB
 * (December 2026: dist/ for four subpaths in ESM, CJS and .d.ts/.d.cts, and the
 * CLI); the maps with their `sourcesContent` added about 2.9 MB more.
 */
const MAX_UNPACKED_BYTES = 3_000_000;

/** `npm pack --json` output for one tarball (the same report `npm pack --dry-run --json` gives). */
interface PackReport {
  filename: string;
  size: number;
  unpackedSize: number;
  files: { path: string; size: number }[];
}

let work = '';
let consumer = '';
let packedFiles: string[] = [];
let packReport: PackReport | undefined;

/** Runs a command and returns its stdout; NODE_PATH is cleared so only the consumer's node_modules count. */
function run(cmd: string, args: string[], cwd: string): string {
  const env = { ...process.env };
  delete env.NODE_PATH;
  return execFileSync(cmd, args, {
    cwd,
    env,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 120_000,
    maxBuffer: 16 * 1024 * 1024,
  });
}

/** Runs a Node one-liner in the consumer project and parses the JSON it prints last. */
function nodeJson(args: string[]): unknown {
  const out = run(process.execPath, args, consumer).trim().split('\n');
  return JSON.parse(out[out.length - 1] ?? 'null');
}

beforeAll(() => {
  if (!existsSync(join(repo, 'dist', 'index.js'))) {
    run('npm', ['run', 'build'], repo);
  }

  work = realpathSync(mkdtempSync(join(tmpdir(), 'redress-package-')));
  const packDir = join(work, 'pack');
  mkdirSync(packDir);
  const packed = JSON.parse(
    run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', packDir], repo),
  ) as PackReport[];
  const entry = packed[0];
  if (!entry) throw new Error('npm pack reported no tarball');
  packReport = entry;
  packedFiles = entry.files.map((f) => f.path);

  consumer = join(work, 'consumer');
  const installed = join(consumer, 'node_modules', repoPkg.name);
  mkdirSync(installed, { recursive: true });
  writeFileSync(
    join(consumer, 'package.json'),
    JSON.stringify({ name: 'redress-consumer', version: '0.0.0', private: true }, null, 2),
  );
  // npm tarballs hold everything under `package/`.
  run('tar', ['-xzf', join(packDir, entry.filename), '-C', installed, '--strip-components=1'], work);

  // Runtime dependencies come from this repository's install: fast and offline.
  for (const dep of Object.keys(repoPkg.dependencies)) {
    const target = join(consumer, 'node_modules', dep);
    mkdirSync(dirname(target), { recursive: true });
    symlinkSync(join(repo, 'node_modules', dep), target, 'dir');
  }
}, 120_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('packed tarball', () => {
  it('ships dist/ and package metadata only', () => {
    expect(packedFiles).toContain('package.json');
    for (const file of ['dist/index.js', 'dist/index.cjs', 'dist/index.d.ts', 'dist/index.d.cts']) {
      expect(packedFiles).toContain(file);
    }
    const stray = packedFiles.filter(
      (f) => !f.startsWith('dist/') && !['package.json', 'README.md', 'LICENSE'].includes(f),
    );
    expect(stray).toEqual([]);
  });

  it('ships no source maps, and no file points at one', () => {
    expect(packedFiles.filter((f) => f.endsWith('.map'))).toEqual([]);
    const installed = join(consumer, 'node_modules', repoPkg.name);
    const pointing = packedFiles
      .filter((f) => /\.(c|m)?js$/.test(f))
      .filter((f) => /[#@] sourceMappingURL=|"sourcesContent"/.test(readFileSync(join(installed, f), 'utf8')));
    expect(pointing).toEqual([]);
  });

  it(`stays below ${MAX_UNPACKED_BYTES / 1e6} MB unpacked`, () => {
    const report = packReport!;
    const biggest = [...report.files].sort((a, b) => b.size - a.size).slice(0, 5).map((f) => `${f.path} ${f.size}`);
    expect(report.unpackedSize, `largest files: ${biggest.join(', ')}`).toBeLessThan(MAX_UNPACKED_BYTES);
  });

  it('declares exactly the four runtime dependencies', () => {
    expect(Object.keys(repoPkg.dependencies).sort()).toEqual(RUNTIME_DEPENDENCIES);
  });
});

describe('installed in a consumer project', () => {
  it('loads with import and require, exposing the same export names', () => {
    const esm = nodeJson([
      '--input-type=module',
      '-e',
      [
        "import { fileURLToPath } from 'node:url';",
        "import * as r from 'redress';",
        "const path = fileURLToPath(import.meta.resolve('redress'));",
        'console.log(JSON.stringify({ names: Object.keys(r).sort(), path }));',
      ].join('\n'),
    ]) as { names: string[]; path: string };

    const cjs = nodeJson([
      '-e',
      [
        "const r = require('redress');",
        "const path = require.resolve('redress');",
        "const names = Object.keys(r).filter((n) => n !== '__esModule').sort();",
        'console.log(JSON.stringify({ names, path }));',
      ].join('\n'),
    ]) as { names: string[]; path: string };

    const installed = join(consumer, 'node_modules', 'redress');
    expect(esm.path).toBe(join(installed, 'dist', 'index.js'));
    expect(cjs.path).toBe(join(installed, 'dist', 'index.cjs'));
    expect(esm.names.length).toBeGreaterThan(0);
    expect(cjs.names).toEqual(esm.names);
  }, 60_000);

  it('an error from one copy (CJS) is recognised by the guards of the other (ESM), where instanceof is not', () => {
    const seen = nodeJson([
      '--input-type=module',
      '-e',
      [
        "import { createRequire } from 'node:module';",
        "import * as esm from 'redress';",
        "const cjs = createRequire(import.meta.url)('redress');",
        "const desk = cjs.createDesk({ store: cjs.memoryStore(), notifier: cjs.memoryNotifier(), scheduler: false });",
        'let caught;',
        "try { await desk.send('nope', { type: 'ACKNOWLEDGE' }, { actor: { id: 'a1', role: 'agent' } }); } catch (e) { caught = e; }",
        'let invalid;',
        "try { esm.parseIntake({}); } catch (e) { invalid = e; }",
        'console.log(JSON.stringify({',
        '  copies: cjs.createDesk !== esm.createDesk,',
        '  instanceOf: caught instanceof esm.RedressError,',
        '  guard: esm.isRedressError(caught), notFound: esm.isNotFoundError(caught), conflict: esm.isConflictError(caught),',
        '  code: caught.code, id: caught.id,',
        '  back: cjs.isValidationError(invalid) && !(invalid instanceof cjs.RedressError),',
        '}));',
      ].join('\n'),
    ]) as Record<string, unknown>;
    expect(seen).toEqual({ copies: true, instanceOf: false, guard: true, notFound: true, conflict: false, code: 'NOT_FOUND', id: 'nope', back: true });
  }, 60_000);

  it('resolves redress/package.json from both module systems', () => {
    const cjs = nodeJson(['-e', "console.log(JSON.stringify(require('redress/package.json')))"]) as {
      name: string;
      version: string;
    };
    expect(cjs).toMatchObject({ name: repoPkg.name, version: repoPkg.version });

    const esm = nodeJson([
      '--input-type=module',
      '-e',
      "import pkg from 'redress/package.json' with { type: 'json' }; console.log(JSON.stringify(pkg));",
    ]) as { name: string; version: string };
    expect(esm).toMatchObject({ name: repoPkg.name, version: repoPkg.version });
  }, 60_000);
});

describe('type declarations', () => {
  /**
   * A consumer on `lib: ["ES2020"]` imports every subpath from the installed
   * tarball, once as ESM (`.mts`: the `import` condition, `.d.ts`) and once as
   * CJS (`.cts`: the `require` condition, `.d.cts`), under NodeNext.
   *
   * `skipLibCheck` is all or nothing: on, TypeScript would not check any
   * declaration file, ours included, so an `ErrorOptions` or `Array#at` in our
   * .d.ts (ES2022 lib types) would pass unnoticed. So it is off, and only the
   * diagnostics in our own declarations and in the consumer count; those in
   * zod, xstate or @types/node are not ours to fix and are left out. The
   * consumer has no `pg` or PGlite types: the declarations must not need the
   * optional peers. `types: ["node"]` because the package is for Node (>= 20).
   */
  it('compile for a consumer with lib ES2020 (our .d.ts and .d.cts checked, skipLibCheck off)', () => {
    const specifiers = Object.keys(repoPkg.exports)
      .filter((k) => k !== './package.json')
      .map((k) => (k === '.' ? repoPkg.name : `${repoPkg.name}/${k.slice(2)}`));
    expect(specifiers).toEqual(expect.arrayContaining(['redress', 'redress/testing', 'redress/postgres']));

    const dir = join(consumer, 'types');
    mkdirSync(dir, { recursive: true });
    const source = [
      ...specifiers.map((s, i) => `import * as entry${i} from '${s}';`),
      "import { consoleNotifier, createDesk, memoryStore, presets, RedressError } from 'redress';",
      "import { createTestDesk } from 'redress/testing';",
      "import { postgresStore } from 'redress/postgres';",
      '',
      'const desk = createDesk({ store: memoryStore(), notifier: consoleNotifier(), policy: presets.guideline });',
      "const test = createTestDesk({ start: '2026-11-23T09:00:00+08:00' });",
      'const store = postgresStore({ query: async () => ({ rows: [] }) });',
      'const failure: Error = new RedressError(\'VALIDATION\', \'bad input\');',
      `export const used = [desk.policy.name, test.desk, store.migrate, failure.message, ${specifiers.map((_, i) => `entry${i}`).join(', ')}];`,
      '',
    ].join('\n');
    const roots = [join(dir, 'esm.mts'), join(dir, 'cjs.cts')];
    for (const file of roots) writeFileSync(file, source);

    const { options, errors } = ts.convertCompilerOptionsFromJson(
      {
        target: 'ES2020',
        lib: ['ES2020'],
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        types: ['node'],
        typeRoots: [join(repo, 'node_modules', '@types')],
        strict: true,
        skipLibCheck: false,
        noEmit: true,
      },
      dir,
    );
    expect(errors).toEqual([]);
    const program = ts.createProgram({ rootNames: roots, options });

    const ours = join(consumer, 'node_modules', repoPkg.name) + sep;
    const declarations = program
      .getSourceFiles()
      .map((f) => resolve(f.fileName))
      .filter((f) => f.startsWith(ours));
    expect(declarations.some((f) => f.endsWith('.d.ts'))).toBe(true);
    expect(declarations.some((f) => f.endsWith('.d.cts'))).toBe(true);

    const problems = ts
      .getPreEmitDiagnostics(program)
      .filter((d) => !d.file || resolve(d.file.fileName).startsWith(ours) || resolve(d.file.fileName).startsWith(dir + sep))
      .map((d) => {
        const message = ts.flattenDiagnosticMessageText(d.messageText, '\n');
        if (!d.file || d.start === undefined) return `TS${d.code}: ${message}`;
        const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
        return `${relative(consumer, d.file.fileName)}:${line + 1}:${character + 1}: TS${d.code}: ${message}`;
      });
    expect(problems).toEqual([]);
  }, 60_000);
});
