import { existsSync } from 'node:fs';
import { defineConfig, type Options } from 'tsup';

/**
 * Library entry points, by output name. An entry is built only when its source
 * file exists, so subpaths can land one at a time. Each built entry needs a
 * matching subpath in package.json `exports` (publint and attw check that);
 * test/docs-snippets.test.ts maps `redress/<name>` to these sources.
 */
export const libraryEntries: Record<string, string> = {
  index: 'src/index.ts',
  testing: 'src/testing/index.ts',
  postgres: 'src/adapters/postgres/index.ts',
  viewer: 'src/viewer/index.ts',
  'graphile-worker': 'src/adapters/graphile-worker/index.ts',
  bullmq: 'src/adapters/bullmq/index.ts',
};

/** The `redress` executable (package.json `bin`); starts with a shebang. */
const cliEntry = 'src/cli/main.ts';

const existing = (entries: Record<string, string>): Record<string, string> =>
  Object.fromEntries(Object.entries(entries).filter(([, file]) => existsSync(file)));

const shared = {
  target: 'node20',
  platform: 'node',
  // No source maps in the published build. Their `sources` point at ../src/*.ts,
  // which the package does not ship, so a map is useful only with its
  // `sourcesContent` — a second copy of every source, about two thirds of the
  // unpacked tarball. The output is not minified: stack traces already point at
  // readable code with the original names. test/package.test.ts checks it.
  sourcemap: false,
  treeshake: true,
} satisfies Options;

// package.json has "type": "module": ESM is `.js`, CJS is `.cjs`.
const outExtension: Options['outExtension'] = ({ format }) => ({
  js: format === 'cjs' ? '.cjs' : '.js',
});

const configs: Options[] = [
  {
    ...shared,
    entry: existing(libraryEntries),
    format: ['esm', 'cjs'],
    outExtension,
    // One shared chunk graph per format, so `redress` and `redress/testing`
    // share class identities (e.g. `instanceof RedressError`) in CJS too.
    splitting: true,
    dts: true,
    // The CLI build below writes into dist/ concurrently: leave its files alone.
    clean: ['!cli.js'],
  },
];

if (existsSync(cliEntry)) {
  configs.push({
    ...shared,
    entry: { cli: cliEntry },
    // ESM only (top-level await allowed); tsup keeps the shebang and marks it executable.
    format: ['esm'],
    outExtension,
    splitting: false,
    dts: false,
    clean: false,
  });
}

export default defineConfig(configs);
