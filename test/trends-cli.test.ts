/**
 * The trends section in the reports of `redress summarize --report` (records
 * from a file, read once for the KPIs and the trends) and `redress simulate
 * --report` (the simulation's arrivals).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { run, type CliIo } from '../src/cli/run.js';
import { createTestDesk } from '../src/testing/index.js';
import type { Actor, IntakeInput } from '../src/index.js';

const dir = mkdtempSync(join(tmpdir(), 'redress-trends-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cli(argv: string[]) {
  let out = '';
  let err = '';
  const io: CliIo = { stdout: { write: (s: string) => (out += s) }, stderr: { write: (s: string) => (err += s) }, isTTY: false, cwd: dir };
  const code = await run(argv, io, { now: () => new Date('2026-11-25T04:00:00Z') });
  return { code, out, err };
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const D0 = Date.parse('2026-11-01T00:00:00+08:00');
const agent: Actor = { id: 'a1', role: 'agent' };
const intake = (n: number): IntakeInput => ({
  id: `C${String(n).padStart(3, '0')}`,
  customer: { id: `cust-${n}`, name: 'Someone' },
  channel: n % 2 === 0 ? 'phone' : 'web',
  description: 'Charged twice.',
  demand: 'refund',
  emotion: 'calm',
  motive: 'respect',
  categories: ['billing'],
});

describe('report trends from the CLI', () => {
  it('summarize --report lists the spike of the records it summarizes', async () => {
    // 20 days of 2 billing complaints (one by phone, one on the web), then 12 on 2026-11-21 (Shanghai):
    // billing 12 > 8, the Poisson(2) limit at α = 0.001; each channel 6 > 5, the Poisson(1) limit.
    const t = createTestDesk({ start: D0 });
    let n = 0;
    for (let d = 0; d < 21; d++) {
      for (let i = 0; i < (d < 20 ? 2 : 12); i++) {
        t.clock.set(D0 + d * DAY + 10 * HOUR + i * 60_000);
        await t.desk.file(intake(++n), { actor: agent });
      }
    }
    const lines: string[] = [];
    for await (const r of t.desk.records()) lines.push(JSON.stringify(r));
    writeFileSync(join(dir, 'records.jsonl'), `${lines.join('\n')}\n`);
    const r = await cli(['summarize', 'records.jsonl', '--report', 'summary.html']);
    expect(r.code, r.err).toBe(0);
    const html = readFileSync(join(dir, 'summary.html'), 'utf8');
    expect(html).toContain('<h2>Trends</h2>');
    const rows = [...html.matchAll(/<tr data-alert="[^"]+" data-kind="spike">(.*?)<\/tr>/g)].map((m) => [...m[1]!.matchAll(/<td>(.*?)<\/td>/g)].slice(0, 4).map((c) => c[1]));
    expect(rows.sort()).toEqual([
      ['2026-11-21', 'spike', 'category: billing', '12'],
      ['2026-11-21', 'spike', 'channel: phone', '6'],
      ['2026-11-21', 'spike', 'channel: web', '6'],
    ]);
  });

  it('simulate --report has the section over the simulated arrivals', async () => {
    const r = await cli(['simulate', '--seed', '2', '--days', '20', '--per-day', '10', '--report', 'sim.html']);
    expect(r.code, r.err).toBe(0);
    const html = readFileSync(join(dir, 'sim.html'), 'utf8');
    expect(html).toContain('<h2>Trends</h2>');
    // 20 days with 14 baseline days needed: 6 days judged per series.
    expect(html).toMatch(/series, \d+ series-days judged, 2026-01-05 – 2026-01-24/);
  });
});
