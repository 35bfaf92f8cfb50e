/**
 * `redress view`: its command line, `--out` (the static diagram as one
 * file), and `--simulate` (a simulation streamed into the page, started by
 * the first event stream), stopped through its AbortSignal.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run, type CliIo } from '../src/cli/run.js';
import { viewCommand, viewHelp } from '../src/cli/view-command.js';
import type { FlowRow } from '../src/viewer/index.js';

function io(cwd?: string): CliIo & { out: string; err: string } {
  const r = {
    out: '',
    err: '',
    isTTY: false,
    cwd,
    stdout: { write: (s: string) => (r.out += s) },
    stderr: { write: (s: string) => (r.err += s) },
  };
  return r;
}

describe('redress view: the command line', () => {
  it('prints its help, and is listed in the main help', async () => {
    const a = io();
    expect(await run(['view', '--help'], a)).toBe(0);
    expect(a.out).toBe(viewHelp);
    const b = io();
    expect(await run(['--help'], b)).toBe(0);
    expect(b.out).toMatch(/\n {2}view {2,}\S/);
  });

  it('refuses bad flags with one line and exit code 2', async () => {
    for (const [argv, message] of [
      [['view', '--days', '2'], /--days needs --simulate/],
      [['view', '--lang', 'fr'], /--lang must be one of en, zh/],
      [['view', '--out', ''], /--out needs a file name/],
      [['view', '--out', 'x.html', '--simulate'], /--out writes the static diagram/],
      [['view', '--simulate', '--speed=-1'], /--speed must be a number/],
      [['view', '--port', '70000'], /--port must be a whole number/],
      [['view', '--bogus'], /unknown option --bogus/],
    ] as const) {
      const r = io();
      expect(await run([...argv], r), argv.join(' ')).toBe(2);
      expect(r.err).toMatch(/^redress: [^\n]+\n$/);
      expect(r.err).toMatch(message);
    }
  });
});

describe('redress view --out', () => {
  it('writes the static diagram as one self-contained file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'redress-view-'));
    const r = io(dir);
    expect(await run(['view', '--out', 'flow.html', '--lang', 'zh'], r)).toBe(0);
    expect(r.err).toBe('flow diagram written to flow.html\n');
    const html = readFileSync(join(dir, 'flow.html'), 'utf8');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('data-lang="zh"');
    expect(html).toContain("default-src &#39;none&#39;");
    // Nothing to fetch: no external scripts, styles, images or fonts.
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)=/);
    expect(html).not.toMatch(/url\((?!#)/);
    expect(html).toContain('data-state="open.investigating.awaitingInfo"');
  });

  it('fails with exit code 1 when the file cannot be written', async () => {
    const r = io();
    expect(await run(['view', '--out', '/nonexistent-dir/flow.html'], r)).toBe(1);
    expect(r.err).toMatch(/^redress: view: cannot write/);
  });
});

describe('redress view --simulate', () => {
  it('serves on localhost, starts the simulation when a page connects and streams its commits', async () => {
    const stop = new AbortController();
    const r = io();
    let url = '';
    let listening!: () => void;
    const ready = new Promise<void>((ok) => (listening = ok));
    const exit = viewCommand(['--simulate', '--port', '0', '--speed', '0', '--days', '1', '--per-day', '6', '--seed', '3'], r, {
      signal: stop.signal,
      onListening: (u) => {
        url = u;
        listening();
      },
    });
    await ready;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(r.out).toContain(`flow viewer: ${url} (the simulation starts when the page connects)`);

    // Nothing has run yet.
    expect(await (await fetch(`${url}api/complaints`)).json()).toEqual({ items: [] });
    const page = await (await fetch(url)).text();
    expect(page).toContain('"follow":true');

    const events = await fetch(`${url}events`);
    const reader = events.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    while (!text.includes('event: change')) {
      const { value, done } = await reader.read();
      if (done) throw new Error('stream ended');
      text += decoder.decode(value, { stream: true });
    }
    const data = /event: change\nid: [^\n]+\ndata: ([^\n]+)/.exec(text)![1]!;
    const first = JSON.parse(data) as FlowRow;
    expect(first).toMatchObject({ version: 1, path: 'open.received', status: 'open' });

    const list = (await (await fetch(`${url}api/complaints`)).json()) as { items: FlowRow[] };
    expect(list.items.length).toBeGreaterThan(0);
    expect(list.items.map((i) => i.id)).toContain(first.id);

    stop.abort();
    // The stream ends: drain what the run sent.
    while (!(await reader.read()).done);
    expect(await exit).toBe(0);
  });
});
