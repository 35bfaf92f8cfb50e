/**
 * The published package, as a consumer sees it: `npm pack` the built `dist/`,
 * unpack the tarball into a throwaway project outside this repository, and
 * load `redress` from there with plain Node, both as ESM and as CJS.
 *
 * Needs `dist/` (CI builds first); builds once if `dist/index.js` is missing.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const repoPkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
  dependencies: Record<string, string>;
};

const RUNTIME_DEPENDENCIES = ['@date-fns/tz', 'date-fns', 'xstate', 'zod'];

let work = '';
let consumer = '';
let packedFiles: string[] = [];

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
  ) as { filename: string; files: { path: string }[] }[];
  const entry = packed[0];
  if (!entry) throw new Error('npm pack reported no tarball');
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
