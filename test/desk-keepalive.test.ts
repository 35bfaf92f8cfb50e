/**
 * A command waiting to retry keeps the process alive: a child process that
 * only awaits a contended `send` exits 0 with the event applied.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const run = promisify(execFile);
const root = fileURLToPath(new URL('..', import.meta.url));

it('a script awaiting a send that must retry exits 0 with the event applied', async () => {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', 'test/fixtures/keepalive-child.ts'], { cwd: root });
  expect(JSON.parse(stdout)).toEqual({ version: 2, stage: 'triage' });
});
