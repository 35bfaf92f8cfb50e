#!/usr/bin/env node
// The `redress` executable: a thin wrapper over run() (see ./run.ts).
import { run } from './run.js';

// A closed pipe (`redress diagram | head`) is not an error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

process.exitCode = await run(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  isTTY: process.stderr.isTTY === true,
  columns: process.stderr.columns,
});
