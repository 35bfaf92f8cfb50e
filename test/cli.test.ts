/**
 * The `redress` command: run(argv, io) called directly with captured output,
 * plus one spawn of the built dist/cli.js (built once if missing).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run, type CliIo, type SimulateFn } from '../src/cli/run.js';
import { complaintMachine, summarize, toJSONDiagram, toMermaid, ValidationError, type ComplaintRecord } from '../src/index.js';
import { resolutionTimesOf, runScenario, syntheticDaily } from './support/analytics-scenario.js';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const version = (JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { version: string }).version;

interface Captured {
  code: number;
  out: string;
  err: string;
}

async function cli(argv: string[], opts: { isTTY?: boolean; cwd?: string; simulate?: SimulateFn } = {}): Promise<Captured> {
  let out = '';
  let err = '';
  const io: CliIo = {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
    isTTY: opts.isTTY ?? false,
    columns: 100,
    ...(opts.cwd ? { cwd: opts.cwd } : {}),
  };
  const code = await run(argv, io, {
    now: () => new Date('2026-11-25T04:00:00Z'),
    ...(opts.simulate ? { simulate: opts.simulate } : {}),
  });
  return { code, out, err };
}

/** Exit code 2, nothing on stdout, exactly one line on stderr. */
async function expectUsageError(argv: string[], message: RegExp, opts: { cwd?: string } = {}): Promise<void> {
  const r = await cli(argv, opts);
  expect(r.code, argv.join(' ')).toBe(2);
  expect(r.out, argv.join(' ')).toBe('');
  expect(r.err, argv.join(' ')).toMatch(/^redress: [^\n]+\n$/);
  expect(r.err, argv.join(' ')).toMatch(message);
}

/** Collapse runs of spaces, for matching table rows. */
const squeeze = (s: string) => s.replace(/ +/g, ' ');

let dir = '';
let records: ComplaintRecord[] = [];
let recordsFile = '';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'redress-cli-'));
  records = (await runScenario()).records;
  recordsFile = join(dir, 'records.json');
  writeFileSync(recordsFile, JSON.stringify(records));
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('help and version', () => {
  it('prints the main help on --help, -h and help', async () => {
    for (const argv of [['--help'], ['-h'], ['help']]) {
      const r = await cli(argv);
      expect(r).toMatchObject({ code: 0, err: '' });
      expect(r.out).toMatch(/^Usage: redress <command> \[options\]\n/);
      for (const cmd of ['simulate', 'summarize <file>', 'diagram']) expect(r.out).toContain(`\n  ${cmd} `);
    }
  });

  it('prints each command’s help', async () => {
    const cases: [string[], string][] = [
      [['simulate', '--help'], 'Usage: redress simulate [options]'],
      [['summarize', '-h'], 'Usage: redress summarize <records.json> [options]'],
      [['diagram', '--help'], 'Usage: redress diagram [options]'],
      [['help', 'diagram'], 'Usage: redress diagram [options]'],
    ];
    for (const [argv, first] of cases) {
      const r = await cli(argv);
      expect(r).toMatchObject({ code: 0, err: '' });
      expect(r.out.split('\n')[0]).toBe(first);
    }
    const sim = (await cli(['simulate', '--help'])).out;
    for (const flag of ['--days <n>', '--per-day <n>', '--preset <name>', '--seed <n>', '--report <file>', '--json']) expect(sim).toContain(flag);
    expect(sim).toContain('guideline, fcaDisp, psd2, cfpb, asicRg271, nfra2020');
  });

  it('prints the version of package.json', async () => {
    expect(await cli(['--version'])).toEqual({ code: 0, out: `${version}\n`, err: '' });
    expect(await cli(['-v'])).toEqual({ code: 0, out: `${version}\n`, err: '' });
  });
});

describe('bad command lines: one line on stderr, exit code 2', () => {
  it('rejects a missing or unknown command', async () => {
    await expectUsageError([], /missing command/);
    await expectUsageError(['bogus'], /^redress: unknown command "bogus" \(try redress --help\)\n$/);
    await expectUsageError(['--bogus'], /unknown option --bogus/);
  });

  it('rejects unknown options, missing values and bad values', async () => {
    await expectUsageError(['simulate', '--dayz', '3'], /^redress: simulate: unknown option --dayz\n$/);
    await expectUsageError(['simulate', '--days'], /--days needs a value/);
    await expectUsageError(['simulate', '--days', '--json'], /--days needs a value \(write --days=VALUE for a value starting with "-"\)/);
    await expectUsageError(['simulate', '--json=yes'], /--json takes no value/);
    await expectUsageError(['simulate', '--days', '0'], /--days must be a whole number from 1 to 3660, got "0"/);
    await expectUsageError(['simulate', '--days', 'ten'], /--days must be a whole number/);
    await expectUsageError(['simulate', '--per-day=-5'], /--per-day must be a number from 0 to 1000000, got "-5"/);
    await expectUsageError(['simulate', '--seed', '1.5'], /--seed must be a whole number/);
    await expectUsageError(['simulate', '--preset', 'strict'], /unknown preset "strict" \(one of guideline, fcaDisp/);
    await expectUsageError(['simulate', 'now'], /unexpected argument "now"/);
    await expectUsageError(['summarize'], /missing the records file/);
    await expectUsageError(['summarize', 'a.json', 'b.json'], /expected one records file, got 2/);
    await expectUsageError(['summarize', recordsFile, '--group-by', 'colour'], /--group-by must be one of severity, category, department, channel, month, got "colour"/);
    await expectUsageError(['summarize', recordsFile, '--from', 'last tuesday'], /--from must be an ISO date/);
    await expectUsageError(['diagram', '--format', 'svg'], /--format must be one of mermaid, json, got "svg"/);
    await expectUsageError(['diagram', '--format'], /--format needs a value/);
    await expectUsageError(['diagram', 'extra'], /unexpected argument "extra"/);
  });
});

describe('diagram', () => {
  it('prints the Mermaid diagram by default', async () => {
    const r = await cli(['diagram']);
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    const mermaid = toMermaid(complaintMachine);
    expect(r.out).toBe(mermaid.endsWith('\n') ? mermaid : `${mermaid}\n`);
    expect(r.out.startsWith('stateDiagram-v2\n')).toBe(true);
    expect((await cli(['diagram', '--format', 'mermaid'])).out).toBe(r.out);
  });

  it('prints the JSON diagram', async () => {
    const r = await cli(['diagram', '--format=json']);
    expect(r.code).toBe(0);
    const parsed = JSON.parse(r.out) as { id: string; states: { key: string }[] };
    expect(parsed).toEqual(JSON.parse(JSON.stringify(toJSONDiagram(complaintMachine))));
    expect(parsed.id).toBe('complaint');
    expect(parsed.states.map((s) => s.key)).toEqual(['open', 'closed', 'archived']);
    expect((parsed.states[0] as unknown as { states: { key: string }[] }).states.map((s) => s.key)).toEqual(['received', 'triage', 'investigating', 'resolving', 'executing', 'followUp']);
  });
});

describe('summarize', () => {
  it('prints the KPI table of a records file', async () => {
    const r = await cli(['summarize', recordsFile]);
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    const out = squeeze(r.out);
    // The scenario's values, worked out in test/analytics.test.ts.
    expect(out).toContain('KPIs: 5 complaints (policy guideline, working time in Asia/Shanghai)');
    expect(out).toContain('\ncomplaints 5\n');
    expect(out).toContain('\nfirst-contact resolution 33.3% (1/3)\n');
    expect(out).toContain('\nre-opened 20.0% (1/5)\n');
    // time n p50 p90 max | working p50 p90 max
    expect(out).toContain('\nacknowledgement 3 30m 13h 30m 13h 30m 30m 30m 30m\n');
    expect(out).toContain('\nresolution 3 2h 1d 15h 1d 15h 2h 9h 30m 9h 30m\n');
    // clock measured met breached open compliance breaches warnings
    expect(out).toContain('\nacknowledge 4 3 1 0 75.0% 2 2\n');
    expect(out).toContain('\nfirst contact 2 1 1 0 50.0% 1 1\n');
    expect(out).toContain('\nsupervisor 2 3\n');
    expect(r.out.endsWith('\n')).toBe(true);
  });

  it('prints JSON equal to summarize()', async () => {
    const r = await cli(['summarize', recordsFile, '--json', '--group-by', 'severity']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual(summarize(records, { groupBy: 'severity' }));
  });

  it('applies the window and the preset, and accepts plain records and { records } files', async () => {
    const plainFile = join(dir, 'plain.json');
    writeFileSync(
      plainFile,
      JSON.stringify({ records: records.map((x) => ({ id: x.id, stage: x.summary.stage, context: (x.snapshot as { context: unknown }).context })) }),
    );
    const r = await cli(['summarize', 'plain.json', '--json', '--from', '2026-11-23T02:00:00Z', '--to', String(Date.parse('2026-11-23T07:00:00Z')), '--preset', 'psd2'], { cwd: dir });
    expect(r.code).toBe(0);
    const s = JSON.parse(r.out) as ReturnType<typeof summarize>;
    // Mon 10:00 to 15:00 Shanghai: B and C.
    expect(s.total.count).toBe(2);
    expect(s.input).toBe(5);
    expect(s).toEqual(summarize(records, { from: '2026-11-23T02:00:00Z', to: Date.parse('2026-11-23T07:00:00Z'), policy: 'psd2' }));
  });

  it('prints the group table', async () => {
    const r = await cli(['summarize', recordsFile, '--group-by', 'severity']);
    const out = squeeze(r.out);
    expect(out).toContain('\nby severity\n');
    // severity count closed ack-p50 res-p50 res-p90 FCR re-open breaches escalations
    expect(out).toContain('\nurgent 1 1 10m 2h 2h 0.0% 0.0% 1 2\n');
    expect(out).toContain('\nunclassified 2 1 — 30m 30m 100.0% 0.0% 2 2\n');
  });

  it('writes an HTML report', async () => {
    const r = await cli(['summarize', recordsFile, '--report', 'out.html'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.err).toBe('report written to out.html\n');
    const html = readFileSync(join(dir, 'out.html'), 'utf8');
    expect(html.startsWith('<!doctype html>')).toBe(true);
    for (const chart of ['sla-compliance', 'escalations', 'resolution-time', 'pareto-category', 'pareto-method', 'pareto-liability']) {
      expect(html).toContain(`<svg data-chart="${chart}"`);
    }
    expect(html).toContain('Generated 2026-11-25T04:00:00.000Z');
  });

  it('fails with exit code 1 on an unreadable, non-JSON or invalid file', async () => {
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '[{"id": ');
    const invalid = join(dir, 'invalid.json');
    writeFileSync(invalid, JSON.stringify([{ id: 'x', stage: 'received', context: { intake: {} } }]));
    const object = join(dir, 'object.json');
    writeFileSync(object, JSON.stringify({ complaints: [] }));
    const cases: [string, RegExp][] = [
      [join(dir, 'missing.json'), /^redress: summarize: cannot read .*missing\.json: ENOENT/],
      [broken, /^redress: summarize: .*broken\.json is not JSON/],
      [invalid, /^redress: summarize: invalid records: 0\.context\./],
      [object, /must hold an array of complaint records/],
    ];
    for (const [file, message] of cases) {
      const r = await cli(['summarize', file]);
      expect(r.code, file).toBe(1);
      expect(r.out).toBe('');
      expect(r.err).toMatch(/^redress: [^\n]+\n$/);
      expect(r.err).toMatch(message);
    }
  });
});

describe('simulate', () => {
  const kpis = () => summarize(records);
  /** A stand-in for the simulation: records its options, reports progress for 3 days. */
  function fakeSimulate(calls: Parameters<SimulateFn>[0][]): SimulateFn {
    return async (options) => {
      calls.push(options);
      for (let d = 1; d <= 3; d++) options.onProgress?.(d, 3);
      return { options: { seed: options.seed }, kpis: kpis(), daily: syntheticDaily(), resolutionTimes: resolutionTimesOf(records), counts: { filed: 5 } };
    };
  }

  it('passes the flags (or their defaults) to simulate and prints the KPI table', async () => {
    const calls: Parameters<SimulateFn>[0][] = [];
    const r = await cli(['simulate'], { simulate: fakeSimulate(calls) });
    expect(r.code).toBe(0);
    expect(calls[0]).toMatchObject({ days: 90, perDay: 200, preset: 'guideline', seed: 1, keepRecords: false });
    expect(r.out).toMatch(/^Simulated 90 days at 200 complaints per day \(preset guideline, seed 1\)\.\n\nKPIs: 5 complaints/);
    // Not a terminal: no progress bar.
    expect(r.err).toBe('');

    await cli(['simulate', '--days', '7', '--per-day', '12.5', '--preset', 'psd2', '--seed=-3'], { simulate: fakeSimulate(calls) });
    expect(calls[1]).toMatchObject({ days: 7, perDay: 12.5, preset: 'psd2', seed: -3 });
  });

  it('draws a progress bar on stderr only when stderr is a terminal', async () => {
    const r = await cli(['simulate', '--days', '3'], { isTTY: true, simulate: fakeSimulate([]) });
    expect(r.code).toBe(0);
    expect(r.err).toContain('\rsimulating [');
    expect(r.err).toContain(' 33% 1/3');
    expect(r.err).toContain('100% 3/3');
    // The bar is cleared at the end, and nothing of it is on stdout.
    expect(r.err.endsWith('\r\x1b[2K')).toBe(true);
    expect(r.out).not.toContain('simulating');
  });

  it('prints JSON with --json and writes the report with --report', async () => {
    const r = await cli(['simulate', '--json', '--report', 'sim.html'], { cwd: dir, simulate: fakeSimulate([]) });
    expect(r.code).toBe(0);
    const out = JSON.parse(r.out) as { options: unknown; counts: unknown; kpis: unknown; daily: unknown[] };
    expect(out.kpis).toEqual(kpis());
    expect(out.daily).toHaveLength(14);
    expect(out.counts).toEqual({ filed: 5 });
    expect(r.err).toBe('report written to sim.html\n');
    const html = readFileSync(join(dir, 'sim.html'), 'utf8');
    for (const chart of ['daily', 'daily-sla', 'sla-compliance', 'escalations', 'resolution-time', 'pareto-category']) {
      expect(html).toContain(`<svg data-chart="${chart}"`);
    }
    expect(html).toContain('<title>Simulated complaint handling: 90 days, 200 per day (guideline, seed 1)</title>');
  });

  it('turns options the simulation rejects into a usage error', async () => {
    const rejecting: SimulateFn = async () => {
      throw new ValidationError('simulation options', [{ code: 'custom', path: ['perDay'], message: 'too many', input: 1 } as never]);
    };
    await (async () => {
      const r = await cli(['simulate'], { simulate: rejecting });
      expect(r.code).toBe(2);
      expect(r.err).toBe('redress: simulate: invalid simulation options: perDay: too many\n');
    })();
  });

  it('runs the real simulation', async () => {
    const r = await cli(['simulate', '--days', '2', '--per-day', '6', '--seed', '7', '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.out) as { kpis: { total: { count: number } }; daily: { arrivals: number }[]; counts: { filed: number } };
    expect(out.daily).toHaveLength(2);
    expect(out.kpis.total.count).toBe(out.counts.filed);
    expect(out.daily.reduce((s, d) => s + d.arrivals, 0)).toBe(out.counts.filed);
  });
});

describe('the built executable', () => {
  const cliJs = join(repo, 'dist', 'cli.js');

  beforeAll(() => {
    if (!existsSync(cliJs)) execFileSync('npm', ['run', 'build'], { cwd: repo, stdio: 'ignore', timeout: 110_000 });
  });

  it('starts with a shebang and answers --help', () => {
    expect(readFileSync(cliJs, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
    const r = spawnSync(process.execPath, [cliJs, '--help'], { encoding: 'utf8', timeout: 30_000 });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Usage: redress <command> \[options\]\n/);
    expect(r.stderr).toBe('');
    const bad = spawnSync(process.execPath, [cliJs, 'frobnicate'], { encoding: 'utf8', timeout: 30_000 });
    expect(bad.status).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toBe('redress: unknown command "frobnicate" (try redress --help)\n');
  });
});
