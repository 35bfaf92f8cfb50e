/**
 * The `redress` command: run(argv, io) called directly with captured output;
 * the database path on PGlite (injected through CliDeps.openDatabase) and, when
 * DATABASE_URL is set, on that server by URL; the XState module imported with
 * plain xstate; plus spawns of the built dist/cli.js (built once if missing)
 * and of a fresh bundle of the command on plain Node.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActor, type AnyStateMachine, type AnyStateNode } from 'xstate';
import { openPostgres } from '../src/cli/database.js';
import { run, type CliDeps, type CliIo, type OpenDatabase, type SimulateFn } from '../src/cli/run.js';
import { postgresStore, type PostgresClient } from '../src/adapters/postgres/index.js';
import { planSimulation, type SimulationOptions } from '../src/simulation/options.js';
import { complaintMachine, presets, summarize, toJSONDiagram, toMermaid, ValidationError, type ComplaintRecord, type Summary, type TimelineEntry } from '../src/index.js';
import { resolutionTimesOf, runScenario, syntheticDaily } from './support/analytics-scenario.js';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const version = (JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { version: string }).version;
const DATABASE_URL = process.env.DATABASE_URL;

interface Captured {
  code: number;
  out: string;
  err: string;
}

async function cli(argv: string[], opts: { isTTY?: boolean; cwd?: string; simulate?: SimulateFn; openDatabase?: OpenDatabase } = {}): Promise<Captured> {
  let out = '';
  let err = '';
  const io: CliIo = {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
    isTTY: opts.isTTY ?? false,
    columns: 100,
    ...(opts.cwd ? { cwd: opts.cwd } : {}),
  };
  const deps: CliDeps = { now: () => new Date('2026-11-25T04:00:00Z') };
  if (opts.simulate) deps.simulate = opts.simulate;
  if (opts.openDatabase) deps.openDatabase = opts.openDatabase;
  const code = await run(argv, io, deps);
  return { code, out, err };
}

/** Exit code 2, nothing on stdout, exactly one line on stderr. */
async function expectUsageError(argv: string[], message: RegExp, opts: { cwd?: string; simulate?: SimulateFn } = {}): Promise<void> {
  const r = await cli(argv, opts);
  expect(r.code, argv.join(' ')).toBe(2);
  expect(r.out, argv.join(' ')).toBe('');
  expect(r.err, argv.join(' ')).toMatch(/^redress: [^\n]+\n$/);
  expect(r.err, argv.join(' ')).toMatch(message);
}

/** Exit code 1, nothing on stdout, exactly one line on stderr. */
async function expectFailure(argv: string[], message: RegExp, opts: { cwd?: string; openDatabase?: OpenDatabase } = {}): Promise<void> {
  const r = await cli(argv, opts);
  expect(r.code, argv.join(' ')).toBe(1);
  expect(r.out, argv.join(' ')).toBe('');
  expect(r.err, argv.join(' ')).toMatch(/^redress: [^\n]+\n$/);
  expect(r.err, argv.join(' ')).toMatch(message);
}

/** Collapse runs of spaces, for matching table rows. */
const squeeze = (s: string) => s.replace(/ +/g, ' ');
const write = (file: string, content: unknown) => writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));

let dir = '';
let records: ComplaintRecord[] = [];
let recordsFile = '';
let linesFile = '';

/** A calendar of our own, London office hours; its description is written out by hand in the tests. */
const londonCalendar = {
  timeZone: 'Europe/London',
  week: { mon: [['09:00', '17:00']], tue: [['09:00', '17:00']], wed: [['09:00', '17:00']], thu: [['09:00', '17:00']], fri: [['09:00', '17:00']], sat: [], sun: [] },
  holidays: ['2026-12-25', '2026-12-28'],
};
const shopPolicy = {
  name: 'shop',
  targets: {
    acknowledge: { within: { hours: 8 }, calendar: 'always' },
    triage: { within: { hours: 4 }, calendar: 'business' },
    firstContact: { within: { hours: 8 }, calendar: 'business' },
  },
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'redress-cli-'));
  records = (await runScenario()).records;
  recordsFile = join(dir, 'records.json');
  writeFileSync(recordsFile, JSON.stringify(records));
  linesFile = join(dir, 'records.jsonl');
  writeFileSync(linesFile, `${records.map((r) => JSON.stringify(r)).join('\n')}\n`);
  write(join(dir, 'london.json'), londonCalendar);
  write(join(dir, 'shop.json'), shopPolicy);
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

  it('prints each command’s help, with every flag', async () => {
    const cases: [string[], string][] = [
      [['simulate', '--help'], 'Usage: redress simulate [options]'],
      [['summarize', '-h'], 'Usage: redress summarize <records.json|records.jsonl> [options]'],
      [['diagram', '--help'], 'Usage: redress diagram [options]'],
      [['help', 'diagram'], 'Usage: redress diagram [options]'],
    ];
    for (const [argv, first] of cases) {
      const r = await cli(argv);
      expect(r).toMatchObject({ code: 0, err: '' });
      expect(r.out.split('\n')[0]).toBe(first);
    }
    const sim = (await cli(['simulate', '--help'])).out;
    for (const flag of [
      '--config <file>', '--days <n>', '--per-day <n>', '--seed <n>', '--start <date>', '--time-zone <zone>', '--preset <name>',
      '--policy <file>', '--calendar <file>', '--staff <role=n,...>', '--capacity <role=n,...>', '--severity-mix', '--category-mix',
      '--channel-mix', '--records <file>', '--report <file>', '--json',
    ]) expect(sim).toContain(flag);
    expect(sim).toContain('guideline, fcaDisp, psd2, cfpb, asicRg271, nfra2020');
    const sum = (await cli(['summarize', '--help'])).out;
    for (const flag of ['--database-url <url>', '--schema <name>', '--table-prefix <p>', '--batch <n>', '--group-by <key>', '--from <instant>', '--to <instant>', '--preset <name>', '--policy <file>', '--calendar <file>', '--report <file>', '--json']) {
      expect(sum).toContain(flag);
    }
    expect((await cli(['diagram', '--help'])).out).toContain('xstate');
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
    await expectUsageError(['simulate', '--report='], /--report needs a file name/);
    await expectUsageError(['simulate', '--records='], /--records needs a file name/);
    await expectUsageError(['summarize'], /missing the records file/);
    await expectUsageError(['summarize', 'a.json', 'b.json'], /expected one records file, got 2/);
    await expectUsageError(['summarize', recordsFile, '--group-by', 'colour'], /--group-by must be one of severity, category, department, channel, month, got "colour"/);
    await expectUsageError(['summarize', recordsFile, '--from', 'last tuesday'], /--from must be a date/);
    await expectUsageError(['summarize', recordsFile, '--to', '2026-02-30'], /--to must be a date/);
    await expectUsageError(['diagram', '--format', 'svg'], /--format must be one of mermaid, json, xstate, got "svg"/);
    await expectUsageError(['diagram', '--format'], /--format needs a value/);
    await expectUsageError(['diagram', 'extra'], /unexpected argument "extra"/);
  });

  it('rejects database flags that do not fit together', async () => {
    await expectUsageError(['summarize', recordsFile, '--database-url', 'postgres://localhost/x'], /give a records file or --database-url, not both/);
    await expectUsageError(['summarize', recordsFile, '--schema', 'x'], /--schema goes with --database-url/);
    await expectUsageError(['summarize', recordsFile, '--batch', '10'], /--batch goes with --database-url/);
    await expectUsageError(['summarize', '--database-url', 'postgres://localhost/x', '--schema', 'a;drop'], /--schema must be a plain SQL identifier/);
    await expectUsageError(['summarize', '--database-url', 'postgres://localhost/x', '--batch', '0'], /--batch must be a whole number from 1 to 10000/);
    await expectUsageError(['summarize', '--database-url='], /--database-url needs a PostgreSQL connection URL/);
  });

  it('rejects bad simulation flags, naming the flag', async () => {
    const sim = fakeSimulate([]);
    await expectUsageError(['simulate', '--staff', 'agent'], /--staff takes KEY=VALUE pairs such as agent=12,handler=8, got "agent"/);
    await expectUsageError(['simulate', '--staff', 'janitor=3'], /--staff: unknown role "janitor" \(one of agent, handler, supervisor, director, executive\)/);
    await expectUsageError(['simulate', '--staff', 'agent=2.5'], /--staff agent: expected a whole number of at least 0, got "2.5"/);
    await expectUsageError(['simulate', '--capacity', 'handler=10'], /--capacity handler: give the role's head count too \(--staff handler=N\)/);
    await expectUsageError(['simulate', '--severity-mix', 'urgent=lots'], /--severity-mix urgent: expected a share such as 0.05 or 5%, got "lots"/);
    // 0.5 + 0.2 = 0.7, not 1: the simulation's schema says so, the message names the flag.
    await expectUsageError(['simulate', '--severity-mix', 'urgent=0.5,general=0.2'], /^redress: simulate: --severity-mix: the shares must sum to 1 \(they sum to 0\.7\)\n$/, { simulate: sim });
    await expectUsageError(['simulate', '--channel-mix', 'pigeon=1'], /^redress: simulate: --channel-mix: unknown key "pigeon"/, { simulate: sim });
    await expectUsageError(['simulate', '--start', 'soon'], /--start must be a date \(2026-03-02, read in Asia\/Shanghai\)/);
    await expectUsageError(['simulate', '--time-zone', 'Mars/Olympus'], /--time-zone must be an IANA time zone/);
    await expectUsageError(['simulate', '--preset', 'psd2', '--policy', 'shop.json'], /give --policy or --preset, not both/, { cwd: dir });
  });

  it('names the flag when the simulation refuses a value it set', async () => {
    // Staffing zero agents passes the schema; the simulation's own check refuses it.
    const r = await cli(['simulate', '--staff', 'agent=0', '--days', '1', '--per-day', '1']);
    expect(r).toEqual({ code: 2, out: '', err: 'redress: simulate: --staff agent: the agent role has work in the process: at least 1 needed\n' });
    const rejecting: SimulateFn = async () => {
      throw new ValidationError('simulation options', [{ code: 'custom', path: ['perDay'], message: 'too many', input: 1 } as never]);
    };
    expect(await cli(['simulate'], { simulate: rejecting })).toEqual({ code: 2, out: '', err: 'redress: simulate: --per-day: too many\n' });
  });

  it('rejects bad --config, --policy and --calendar files, naming the field', async () => {
    write(join(dir, 'c-type.json'), { staffing: { agent: { count: 'x' } } });
    write(join(dir, 'c-key.json'), { days: 3, bogus: 1 });
    write(join(dir, 'c-deep.json'), { handling: { investigate: { type: 'fixed', mean: -1 } } });
    write(join(dir, 'c-policy.json'), { policy: { name: 'p', targets: { triage: { within: { hours: 2 }, calendar: 'nowhere' } } } });
    write(join(dir, 'c-cal.json'), { staffing: { handler: { count: 2, calendar: 'nowhere' } } });
    write(join(dir, 'not-json.json'), '{ days: 3 }');
    write(join(dir, 'p-bad.json'), { name: 'p', targets: { triage: { within: { hours: 'two' }, calendar: 'business' } } });
    write(join(dir, 'p-list.json'), [1, 2]);
    write(join(dir, 'p-none.mjs'), 'export const other = 1;\n');
    write(join(dir, 'cal-bad.json'), { timeZone: 'Europe/London', week: { mon: [['09:00', '25:00']] } });
    const sim = fakeSimulate([]);
    const at = { cwd: dir, simulate: sim };
    await expectUsageError(['simulate', '--config', 'c-type.json'], /^redress: simulate: --config staffing\.agent\.count: expected a number, got a string\n$/, at);
    await expectUsageError(['simulate', '--config', 'c-key.json'], /^redress: simulate: --config: unknown key "bogus"\n$/, at);
    await expectUsageError(['simulate', '--config', 'c-deep.json'], /^redress: simulate: --config handling\.investigate\.mean: /, at);
    await expectUsageError(['simulate', '--config', 'c-policy.json'], /^redress: simulate: --config policy\.targets\.triage\.calendar: unknown calendar "nowhere"/, at);
    await expectUsageError(['simulate', '--config', 'c-cal.json'], /^redress: simulate: --config staffing\.handler\.calendar: unknown calendar "nowhere"/, at);
    await expectUsageError(['simulate', '--config', 'missing.json'], /^redress: simulate: --config: cannot read missing\.json: ENOENT/, at);
    await expectUsageError(['simulate', '--config', 'not-json.json'], /^redress: simulate: --config: not-json\.json is not JSON/, at);
    await expectUsageError(['simulate', '--policy', 'p-bad.json'], /^redress: simulate: --policy targets\.triage\.within\.hours: .*expected number/, at);
    await expectUsageError(['summarize', recordsFile, '--policy', 'p-list.json'], /--policy: p-list\.json must hold a policy object/, at);
    await expectUsageError(['summarize', recordsFile, '--policy', 'p-none.mjs'], /--policy: p-none\.mjs exports no policy \(export it as default or as "policy"\)/, at);
    await expectUsageError(['summarize', recordsFile, '--policy', 'policy.yaml'], /--policy: expected a \.json, \.js, \.mjs or \.cjs file, got policy\.yaml/, at);
    await expectUsageError(['summarize', recordsFile, '--calendar', 'cal-bad.json'], /^redress: summarize: --calendar week\./, at);
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

  /** Every state (id, type, initial child) and every transition (event, targets, guard, re-entry), read from the state nodes. */
  function shapeOf(machine: AnyStateMachine): string[] {
    const out: string[] = [];
    const guardOf = (g: unknown) => (typeof g === 'string' ? g : g && typeof g === 'object' && 'type' in g ? String(g.type) : g === undefined ? '' : 'inline');
    const walk = (n: AnyStateNode) => {
      out.push(`state ${n.id} ${n.type} initial=${(n.initial?.target ?? []).map((t) => t.id).join(',')} tags=${[...n.tags].join(',')}`);
      for (const [event, list] of n.transitions) {
        for (const t of list) out.push(`  ${n.id} --${event}--> ${(t.target ?? []).map((x) => x.id).join(',')} [${guardOf(t.guard)}] reenter=${Boolean(t.reenter)}`);
      }
      for (const t of n.always ?? []) out.push(`  ${n.id} --always--> ${(t.target ?? []).map((x) => x.id).join(',')} [${guardOf(t.guard)}]`);
      for (const c of Object.values(n.states) as AnyStateNode[]) walk(c);
    };
    walk(machine.root as AnyStateNode);
    return out;
  }

  it('writes an XState module that plain xstate imports, with the machine’s states and transitions', async () => {
    const r = await cli(['diagram', '--format', 'xstate']);
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    // Standalone: its only import is xstate's setup.
    expect(r.out.match(/^import .*$/gm)).toEqual(["import { setup } from 'xstate';"]);
    expect(r.out).toMatch(/^export const machine = setup\(\{$/m);
    expect(r.out).toMatch(/^export default machine;$/m);

    // A throwaway package that finds xstate in node_modules, as a user's project would.
    const pkg = mkdtempSync(join(tmpdir(), 'redress-xstate-module-'));
    try {
      mkdirSync(join(pkg, 'node_modules'));
      symlinkSync(join(repo, 'node_modules', 'xstate'), join(pkg, 'node_modules', 'xstate'), 'dir');
      const file = join(pkg, 'complaint.machine.mjs');
      writeFileSync(file, r.out);
      const mod = (await import(pathToFileURL(file).href)) as { default: AnyStateMachine; machine: AnyStateMachine };
      expect(mod.default).toBe(mod.machine);
      const imported = mod.default;
      expect(imported.id).toBe('complaint');

      const real = shapeOf(complaintMachine);
      const theirs = shapeOf(imported);
      expect(theirs).toEqual(real);
      // The real chart has its stages, the after-delay of closed and the guarded branches of TRIAGE.
      expect(real).toContain('state triage atomic initial= tags=');
      expect(real.some((l) => l.startsWith('  closed --xstate.after.reopenWindowEnd.closed--> archived'))).toBe(true);
      expect(real.filter((l) => l.startsWith('  triage --TRIAGE--> investigating')).length).toBe(3);

      // Every named implementation has a stub.
      for (const kind of ['guards', 'actions', 'delays'] as const) {
        const names = (m: AnyStateMachine) => Object.keys((m.implementations as unknown as Record<string, Record<string, unknown>>)[kind] ?? {}).sort();
        expect(names(imported), kind).toEqual(names(complaintMachine));
      }
      // Descriptions and labels come along.
      expect(imported.root.states.open!.description).toBe(complaintMachine.root.states.open!.description);
      expect(imported.root.states.closed!.meta).toEqual(complaintMachine.root.states.closed!.meta);

      // It runs: stubs allow every guarded step.
      const actor = createActor(imported).start();
      actor.send({ type: 'ACKNOWLEDGE' });
      expect(actor.getSnapshot().value).toEqual({ open: 'triage' });
      actor.stop();
    } finally {
      rmSync(pkg, { recursive: true, force: true });
    }
  });
});

describe('summarize', () => {
  it('prints the KPI table of a records file', async () => {
    const r = await cli(['summarize', recordsFile]);
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    const out = squeeze(r.out);
    // The scenario's values, worked out in test/analytics.test.ts and test/support/analytics-scenario.ts.
    expect(out).toContain('KPIs: 5 complaints (policy guideline, working time in Asia/Shanghai)');
    expect(out).toContain('\ncomplaints 5\n');
    // A, B and C are closed (the 30-day re-open window is still running), D is re-opened, E never acknowledged.
    expect(out).toContain('\nopen 2\n');
    expect(out).toContain('\nclosed, re-open window running 3\n');
    expect(out).toContain('\narchived 0\n');
    expect(out).toContain('\nfirst-contact resolution (of closed) 33.3% (1/3)\n');
    expect(out).toContain('\nre-opened complaints 1 of 5 (20.0%), 1 re-open\n');
    // time n p50 p90 max | working p50 p90 max
    expect(out).toContain('\nacknowledgement (filed → acknowledged) 3 30m 13h 30m 13h 30m 30m 30m 30m\n');
    expect(out).toContain('\nresolution (filed → closed, any outcome) 3 2h 1d 15h 1d 15h 2h 9h 30m 9h 30m\n');
    // clock measured met breached open compliance breaches warnings
    expect(out).toContain('\nSLA clock (latest round) measured met breached open compliance breaches (all rounds) warnings\n');
    expect(out).toContain('\nacknowledge 4 3 1 0 75.0% 2 2\n');
    expect(out).toContain('\nfirst contact 2 1 1 0 50.0% 1 1\n');
    expect(out).toContain('\nsupervisor 2 3\n');
    // A's satisfied and D's unsatisfied follow-ups: each complaint's latest.
    expect(out).toContain('\nsatisfaction, latest follow-up (2 complaints) count share\n');
    // The assumptions: where the records came from and the policy's calendars.
    expect(out).toContain(`\nrecords ${recordsFile}\n`);
    expect(out).toContain('\ncalendar business Asia/Shanghai, Mon–Fri 09:00–12:00 and 13:30–18:00, Sat–Sun closed\n');
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
    const s = JSON.parse(r.out) as Summary;
    // Mon 10:00 to 15:00 Shanghai: B and C.
    expect(s.total.count).toBe(2);
    expect(s.input).toBe(5);
    expect(s).toEqual(summarize(records, { from: '2026-11-23T02:00:00Z', to: Date.parse('2026-11-23T07:00:00Z'), policy: 'psd2' }));
  });

  it('reads a plain date as midnight in the business calendar’s time zone', async () => {
    // Guideline: Asia/Shanghai. 2026-11-23 00:00 there is 2026-11-22T16:00Z; A was filed Sunday 20:00, the others on Monday.
    const r = await cli(['summarize', recordsFile, '--json', '--from', '2026-11-23']);
    const s = JSON.parse(r.out) as Summary;
    expect(s.from).toBe(Date.parse('2026-11-23T00:00:00+08:00'));
    expect(s.total.count).toBe(4);
    // With London's calendar as the business one, the same date is London's midnight.
    const london = JSON.parse((await cli(['summarize', recordsFile, '--json', '--from', '2026-11-23', '--calendar', 'london.json'], { cwd: dir })).out) as Summary;
    expect(london.from).toBe(Date.parse('2026-11-23T00:00:00Z'));
    expect(london.timeZone).toBe('Europe/London');
  });

  it('prints the group table', async () => {
    const r = await cli(['summarize', recordsFile, '--group-by', 'severity']);
    const out = squeeze(r.out);
    expect(out).toContain('\nby severity\n');
    // severity count closed archived ack-p50 res-p50 res-p90 FCR re-open breaches escalations
    expect(out).toContain('\nurgent 1 1 0 10m 2h 2h 0.0% 0.0% 1 2\n');
    expect(out).toContain('\nunclassified 2 1 0 — 30m 30m 100.0% 0.0% 2 2\n');
  });

  it('writes an HTML report with the assumptions', async () => {
    const r = await cli(['summarize', recordsFile, '--report', 'out.html', '--calendar', 'london.json'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.err).toBe('report written to out.html\n');
    const html = readFileSync(join(dir, 'out.html'), 'utf8');
    expect(html.startsWith('<!doctype html>')).toBe(true);
    for (const chart of ['sla-compliance', 'escalations', 'resolution-time', 'pareto-category', 'pareto-method', 'pareto-liability']) {
      expect(html).toContain(`<svg data-chart="${chart}"`);
    }
    expect(html).toContain('Generated 2026-11-25T04:00:00.000Z');
    expect(html).toContain('data-section="assumptions"');
    expect(html).toContain(`<td>records</td><td>${recordsFile}</td>`);
    expect(html).toContain('<td>calendar business</td><td>Europe/London, Mon–Fri 09:00–17:00, Sat–Sun closed; 2 holidays (2026-12-25 … 2026-12-28)</td>');
    // The histogram got every closed complaint's resolution time: A, B and C.
    expect(html).toContain('(3 closed)');
  });

  it('fails with exit code 1 on an unreadable, non-JSON or invalid file', async () => {
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '[{"id": ');
    const invalid = join(dir, 'invalid.json');
    writeFileSync(invalid, JSON.stringify([{ id: 'x', stage: 'received', context: { intake: {} } }]));
    const object = join(dir, 'object.json');
    writeFileSync(object, JSON.stringify({ complaints: [] }));
    const lines = join(dir, 'lines.json');
    writeFileSync(lines, `${JSON.stringify(records[0])}\n${JSON.stringify(records[1])}\n`);
    const cases: [string, RegExp][] = [
      [join(dir, 'missing.json'), /^redress: summarize: cannot read .*missing\.json: ENOENT/],
      [join(dir, 'missing.jsonl'), /^redress: summarize: cannot read .*missing\.jsonl: ENOENT/],
      [broken, /^redress: summarize: .*broken\.json is not JSON/],
      [invalid, /^redress: summarize: invalid records in .*invalid\.json: record 0: context\./],
      [object, /must hold an array of complaint records/],
      [lines, /is not JSON: .*\(one record per line\? name the file \.jsonl\)/],
    ];
    for (const [file, message] of cases) await expectFailure(['summarize', file], message);
  });
});

describe('summarize: JSON Lines', () => {
  it('gives the same summary as the JSON array of the same records', async () => {
    const r = await cli(['summarize', linesFile, '--json', '--group-by', 'category']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual(summarize(records, { groupBy: 'category' }));
    const table = await cli(['summarize', linesFile]);
    expect(table.out.replace(linesFile, 'FILE')).toBe((await cli(['summarize', recordsFile])).out.replace(recordsFile, 'FILE'));
  });

  it('skips blank lines and names the line of a bad record or bad JSON', async () => {
    const [a, b, c] = records.map((r) => JSON.stringify(r));
    const bad = JSON.stringify({ id: 'x', stage: 'received', context: { intake: {} } });
    // Line 1 a, 2 blank, 3 b, 4 blank (spaces), 5 the bad record, 6 c.
    write(join(dir, 'blank.jsonl'), `${a}\n\n${b}\n   \n${bad}\n${c}\n`);
    await expectFailure(['summarize', 'blank.jsonl'], /^redress: summarize: invalid records in blank\.jsonl: line 5: context\./, { cwd: dir });
    write(join(dir, 'ok.ndjson'), `${a}\n\n${b}\r\n${c}`);
    const ok = await cli(['summarize', 'ok.ndjson', '--json'], { cwd: dir });
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.out)).toEqual(summarize(records.slice(0, 3)));
    write(join(dir, 'garbled.jsonl'), `${a}\n${b}\n{"id":\n`);
    await expectFailure(['summarize', 'garbled.jsonl'], /^redress: summarize: garbled\.jsonl line 3 is not JSON/, { cwd: dir });
  });
});

/** Copy the scenario's records into a fresh PostgreSQL store (each as its first version). */
async function seedStore(client: PostgresClient, schema: string): Promise<void> {
  const store = postgresStore(client, { schema });
  await store.migrate();
  for (const r of records) {
    await store.commit({ expectedVersion: 0, record: { ...r, version: 1, summary: { ...r.summary, version: 1 } }, timeline: [], armTimers: [], disarmTimers: [], outbox: [] });
  }
}

describe('summarize --database-url', () => {
  let lite: PGlite;
  let queries: string[] = [];
  /** PGlite behind the opener the command is given: every statement is recorded. */
  const openLite: OpenDatabase = async () => ({
    client: { query: (text: string, params?: unknown[]) => (queries.push(text), lite.query(text, params)) },
    close: async () => {},
  });

  beforeAll(async () => {
    lite = await PGlite.create();
    await seedStore(lite, 'cli');
  });
  afterAll(async () => {
    await lite?.close();
  });

  it('reads every record a page at a time and gives the summary of the file', async () => {
    queries = [];
    const r = await cli(['summarize', '--database-url', 'postgres://embedded/test', '--schema', 'cli', '--batch', '2', '--json', '--group-by', 'severity'], { openDatabase: openLite });
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual(summarize(records, { groupBy: 'severity' }));
    // Five records, two a page: three reads of the records table, each bounded by LIMIT.
    const reads = queries.filter((q) => q.includes('ORDER BY s.filed_at, s.id'));
    expect(reads).toHaveLength(3);
    for (const q of reads) expect(q).toMatch(/LIMIT \$\d+/);
  });

  it('pushes the window down to the database and writes the report', async () => {
    queries = [];
    const r = await cli(['summarize', '--database-url', 'postgres://u:secret@embedded/test', '--schema', 'cli', '--from', '2026-11-23T02:00:00Z', '--to', '2026-11-23T07:00:00Z', '--report', 'db.html'], {
      openDatabase: openLite,
      cwd: dir,
    });
    expect(r.code).toBe(0);
    expect(squeeze(r.out)).toContain('KPIs: 2 complaints');
    expect(queries.some((q) => q.includes('s.filed_at >= $') && q.includes('s.filed_at < $'))).toBe(true);
    const html = readFileSync(join(dir, 'db.html'), 'utf8');
    // The password never shows.
    expect(html).not.toContain('secret');
    expect(html).toContain('<td>records</td><td>postgres://u:***@embedded/test (schema cli)</td>');
  });

  it('fails with exit code 1 when the tables are not there', async () => {
    await expectFailure(['summarize', '--database-url', 'postgres://embedded/test', '--schema', 'nothing_here'], /^redress: summarize: cannot read complaint records from postgres:\/\/embedded\/test \(schema nothing_here\): .*does not exist.*has migrate\(\) been run/, {
      openDatabase: openLite,
    });
  });

  it('fails loudly, with exit code 1 and one line, when the server is unreachable', async () => {
    // Nothing listens on port 1: node-postgres is refused at once.
    await expectFailure(['summarize', '--database-url', 'postgres://nobody:pw@127.0.0.1:1/none'], /^redress: summarize: cannot connect to postgres:\/\/nobody:\*\*\*@127\.0\.0\.1:1\/none: .*ECONNREFUSED/);
  });

  it('says to install pg when it is missing', async () => {
    const missing = () => Promise.reject(Object.assign(new Error("Cannot find package 'pg'"), { code: 'ERR_MODULE_NOT_FOUND' }));
    await expectFailure(['summarize', '--database-url', 'postgres://localhost/x'], /^redress: summarize: --database-url needs the node-postgres driver, which is not installed \(npm install pg\)\n$/, {
      openDatabase: (url) => openPostgres(url, missing),
    });
  });
});

// The server by URL runs where a server does (.ci/run sets DATABASE_URL); set but unreachable, these tests fail.
if (DATABASE_URL) {
  describe('summarize --database-url on the PostgreSQL server at DATABASE_URL', () => {
    const schema = `redress_cli_${randomBytes(5).toString('hex')}`;
    let pool: pg.Pool;

    beforeAll(async () => {
      pool = new pg.Pool({ connectionString: DATABASE_URL, max: 2, connectionTimeoutMillis: 10_000 });
      await seedStore(pool, schema);
    });
    afterAll(async () => {
      await pool?.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await pool?.end();
    });

    it('reads the store by URL with node-postgres and gives the summary of the file', async () => {
      const r = await cli(['summarize', '--database-url', DATABASE_URL, '--schema', schema, '--batch', '2', '--json']);
      expect(r.err).toBe('');
      expect(r.code).toBe(0);
      expect(JSON.parse(r.out)).toEqual(summarize(records));
    });
  });
}

/** A stand-in for the simulation: records its options, reports progress for 3 days, returns the scenario's KPIs. */
function fakeSimulate(calls: SimulationOptions[]): SimulateFn {
  return async (options) => {
    calls.push(options);
    for (let d = 1; d <= 3; d++) options.onProgress?.(d, 3);
    return {
      options: planSimulation({ ...options, onProgress: undefined }).options,
      kpis: summarize(records),
      daily: syntheticDaily(),
      resolutionTimes: resolutionTimesOf(records),
      counts: { filed: 5 },
      ...(options.keepRecords ? { records } : {}),
    };
  };
}

describe('simulate', () => {
  it('passes the flags (or their defaults) to simulate and prints the KPI table', async () => {
    const calls: SimulationOptions[] = [];
    const r = await cli(['simulate'], { simulate: fakeSimulate(calls) });
    expect(r.code).toBe(0);
    expect(calls[0]).toMatchObject({ days: 90, perDay: 200, policy: presets.guideline, seed: 1, keepRecords: false });
    expect(r.out).toMatch(/^Simulated 90 days at 200 complaints per day \(preset guideline, seed 1\)\.\n\nKPIs: 5 complaints/);
    // Not a terminal: no progress bar.
    expect(r.err).toBe('');

    await cli(['simulate', '--days', '7', '--per-day', '12.5', '--preset', 'psd2', '--seed=-3'], { simulate: fakeSimulate(calls) });
    expect(calls[1]).toMatchObject({ days: 7, perDay: 12.5, policy: presets.psd2, seed: -3 });
  });

  it('passes staffing, mixes, start and time zone', async () => {
    const calls: SimulationOptions[] = [];
    const r = await cli(
      ['simulate', '--staff', 'agent=12,handler=8', '--staff', 'supervisor=2', '--capacity', 'agent=6', '--severity-mix', 'urgent=5%,general=35%,normal=60%', '--channel-mix', 'phone=0.5,web=0.5', '--start', '2026-03-02'],
      { simulate: fakeSimulate(calls) },
    );
    expect(r.code).toBe(0);
    expect(calls[0]!.staffing).toEqual({ agent: { count: 12, capacity: 6 }, handler: { count: 8 }, supervisor: { count: 2 } });
    expect(calls[0]!.severityMix).toEqual({ urgent: 0.05, general: 0.35, normal: 0.6 });
    expect(calls[0]!.channelMix).toEqual({ phone: 0.5, web: 0.5 });
    // A plain date is midnight in the simulation's time zone (the guideline's business calendar: Shanghai).
    expect(calls[0]!.start).toBe(Date.parse('2026-03-02T00:00:00+08:00'));
    // The assumptions printed with the table.
    const out = squeeze(r.out);
    expect(out).toContain('\nstaff agent 12 × 6 complaints at a time,');
    expect(out).toContain('\nseverity mix urgent 5.0% · general 35.0% · normal 60.0%\n');

    await cli(['simulate', '--start', '2026-03-02T09:30', '--time-zone', 'Europe/London'], { simulate: fakeSimulate(calls) });
    expect(calls[1]).toMatchObject({ timeZone: 'Europe/London', start: Date.parse('2026-03-02T09:30:00Z') });
    await cli(['simulate', '--start', '2026-03-02T09:30:00+01:00'], { simulate: fakeSimulate(calls) });
    expect(calls[2]!.start).toBe(Date.parse('2026-03-02T08:30:00Z'));
  });

  it('reads --config and lets flags override it', async () => {
    write(join(dir, 'sim.json'), {
      days: 5,
      perDay: 3,
      seed: 9,
      start: '2026-04-06',
      timeZone: 'Europe/Berlin',
      staffing: { agent: { count: 4, capacity: 2 }, handler: { count: 3, calendar: 'always' } },
      probabilities: { objection: 0.5 },
      preset: 'fcaDisp',
    });
    const calls: SimulationOptions[] = [];
    const plain = await cli(['simulate', '--config', 'sim.json'], { cwd: dir, simulate: fakeSimulate(calls) });
    expect(plain.code).toBe(0);
    expect(calls[0]).toMatchObject({
      days: 5,
      perDay: 3,
      seed: 9,
      timeZone: 'Europe/Berlin',
      start: Date.parse('2026-04-06T00:00:00+02:00'),
      staffing: { agent: { count: 4, capacity: 2 }, handler: { count: 3, calendar: 'always' } },
      probabilities: { objection: 0.5 },
      policy: presets.fcaDisp,
    });
    expect(plain.out).toMatch(/^Simulated 5 days at 3 complaints per day \(preset fcaDisp \(--config\), seed 9\)\./);

    await cli(['simulate', '--config', 'sim.json', '--days', '2', '--staff', 'agent=7', '--preset', 'cfpb'], { cwd: dir, simulate: fakeSimulate(calls) });
    // Flags win field by field: the agent count changes, the capacity from the file stays.
    expect(calls[1]).toMatchObject({ days: 2, perDay: 3, seed: 9, staffing: { agent: { count: 7, capacity: 2 }, handler: { count: 3, calendar: 'always' } }, policy: presets.cfpb });

    write(join(dir, 'sim-policy.json'), { days: 1, policy: shopPolicy });
    await cli(['simulate', '--config', 'sim-policy.json'], { cwd: dir, simulate: fakeSimulate(calls) });
    expect(calls[2]!.policy!.name).toBe('shop');
  });

  it('takes the policy from a JSON file or a module, and the business calendar from --calendar', async () => {
    write(join(dir, 'shop.mjs'), `export const policy = ${JSON.stringify({ ...shopPolicy, name: 'shop-module' })};\n`);
    write(join(dir, 'shop-default.cjs'), `module.exports = ${JSON.stringify({ ...shopPolicy, name: 'shop-cjs' })};\n`);
    const calls: SimulationOptions[] = [];
    const at = { cwd: dir, simulate: fakeSimulate(calls) };
    const r = await cli(['simulate', '--policy', 'shop.json', '--calendar', 'london.json', '--days', '1'], at);
    expect(r.code).toBe(0);
    const policy = calls[0]!.policy!;
    expect(policy.name).toBe('shop');
    expect(policy.calendars.business!.timeZone).toBe('Europe/London');
    expect(policy.calendars.business!.spec.holidays).toEqual(londonCalendar.holidays);
    expect(r.out).toMatch(/^Simulated 1 days at 200 complaints per day \(policy shop \(shop\.json\), business calendar london\.json, seed 1\)\./);
    await cli(['simulate', '--policy', 'shop.mjs'], at);
    expect(calls[1]!.policy!.name).toBe('shop-module');
    await cli(['simulate', '--policy', 'shop-default.cjs'], at);
    expect(calls[2]!.policy!.name).toBe('shop-cjs');
    // A preset with our calendar: the same targets, the business hours replaced.
    await cli(['simulate', '--preset', 'psd2', '--calendar', 'london.json'], at);
    expect(calls[3]!.policy!.targets).toEqual(presets.psd2.targets);
    expect(calls[3]!.policy!.calendars.business!.timeZone).toBe('Europe/London');
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

  it('prints JSON with --json and writes the report, with the run’s assumptions, with --report', async () => {
    const r = await cli(['simulate', '--json', '--report', 'sim.html', '--seed', '4', '--days', '6', '--per-day', '11', '--staff', 'handler=9'], { cwd: dir, simulate: fakeSimulate([]) });
    expect(r.code).toBe(0);
    const out = JSON.parse(r.out) as { options: { seed: number }; counts: unknown; kpis: unknown; daily: unknown[] };
    expect(out.kpis).toEqual(summarize(records));
    expect(out.daily).toHaveLength(14);
    expect(out.counts).toEqual({ filed: 5 });
    expect(out.options.seed).toBe(4);
    expect(r.err).toBe('report written to sim.html\n');
    const html = readFileSync(join(dir, 'sim.html'), 'utf8');
    for (const chart of ['daily', 'daily-sla', 'sla-compliance', 'escalations', 'resolution-time', 'pareto-category']) {
      expect(html).toContain(`<svg data-chart="${chart}"`);
    }
    expect(html).toContain('<title>Simulated complaint handling: 6 days, 11 per day (guideline, seed 4)</title>');
    expect(html).toContain('<td>seed</td><td>4</td>');
    expect(html).toContain('<td>days</td><td>6 days of arrivals from 2026-01-05 00:00 (Asia/Shanghai)</td>');
    expect(html).toContain('<td>per day</td><td>11 complaints per day on average (Poisson arrivals)</td>');
    expect(html).toContain('<td>staff handler</td><td>9 × 8 complaints at a time, business calendar</td>');
    expect(html).toContain('<td>calendar business</td><td>Asia/Shanghai, Mon–Fri 09:00–12:00 and 13:30–18:00, Sat–Sun closed');
  });

  it('fails with exit code 1 when the records or the report cannot be written', async () => {
    const nowhere = join(dir, 'no-such-dir', 'x');
    const r = await cli(['simulate', '--records', `${nowhere}.jsonl`], { simulate: fakeSimulate([]) });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^redress: simulate: cannot write the records to .*x\.jsonl: ENOENT[^\n]*\n$/);
    const h = await cli(['simulate', '--report', `${nowhere}.html`], { simulate: fakeSimulate([]) });
    expect(h.code).toBe(1);
    expect(h.err).toMatch(/^redress: simulate: cannot write the report to .*x\.html: ENOENT/);
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

describe('simulate --records → summarize', () => {
  it('writes one record per line, and summarize of the file gives the simulation’s own KPIs', async () => {
    const sim = await cli(['simulate', '--days', '4', '--per-day', '15', '--seed', '11', '--records', 'sim.jsonl', '--json'], { cwd: dir });
    expect(sim.code).toBe(0);
    const result = JSON.parse(sim.out) as { kpis: Summary; counts: { filed: number } };
    expect(sim.err).toBe(`${result.counts.filed} records written to sim.jsonl\n`);
    const lines = readFileSync(join(dir, 'sim.jsonl'), 'utf8').split('\n');
    expect(lines.pop()).toBe('');
    expect(lines).toHaveLength(result.counts.filed);
    expect(result.counts.filed).toBeGreaterThan(30);
    // Ids in filing order, each line a whole stored record.
    const parsed = lines.map((l) => JSON.parse(l) as ComplaintRecord);
    expect(parsed.map((p) => p.id)).toEqual(parsed.map((_, i) => `C${String(i + 1).padStart(6, '0')}`));
    for (const p of parsed) expect(Object.keys(p).sort()).toEqual(['id', 'machineVersion', 'snapshot', 'summary', 'timeline', 'timers', 'version']);
    // Each record carries its audit timeline (what the regulator returns read): filed first, the record's own versions.
    for (const p of parsed as (ComplaintRecord & { timeline: TimelineEntry[] })[]) {
      expect(p.timeline[0]).toMatchObject({ complaintId: p.id, version: 1, kind: 'filed', type: 'FILED' });
      expect(p.timeline.every((e) => e.complaintId === p.id && e.version <= p.version)).toBe(true);
      expect(p.timeline.at(-1)!.version).toBe(p.version);
    }
    const asic = await cli(['report', 'asic', 'sim.jsonl', '--from', '2026-01-01', '--to', '2026-12-31'], { cwd: dir });
    expect(asic.code).toBe(0);
    // The CSV: a header and one row per complaint.
    expect(asic.out.trimEnd().split('\n')).toHaveLength(result.counts.filed + 1);

    const summary = await cli(['summarize', 'sim.jsonl', '--json'], { cwd: dir });
    expect(summary.code).toBe(0);
    expect(JSON.parse(summary.out)).toEqual(result.kpis);
  });

  it('agrees under a policy and calendar of its own when summarize is given the same', async () => {
    const flags = ['--policy', 'shop.json', '--calendar', 'london.json'];
    const sim = await cli(['simulate', '--days', '3', '--per-day', '10', '--seed', '2', '--records', 'shop.jsonl', '--json', ...flags], { cwd: dir });
    expect(sim.code).toBe(0);
    const kpis = (JSON.parse(sim.out) as { kpis: Summary }).kpis;
    expect(kpis.policy).toBe('shop');
    expect(kpis.timeZone).toBe('Europe/London');
    const summary = await cli(['summarize', 'shop.jsonl', '--json', ...flags], { cwd: dir });
    expect(JSON.parse(summary.out)).toEqual(kpis);
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

describe('the command on plain Node', () => {
  // This source bundled as the package builds it (dependencies left to node_modules), run by Node without tsx.
  const out = join(repo, '.tmp', `cli-${process.pid}`);
  const bundle = join(out, 'cli.mjs');

  beforeAll(() => {
    execFileSync(join(repo, 'node_modules', '.bin', 'esbuild'), ['src/cli/main.ts', '--bundle', '--platform=node', '--format=esm', '--target=node20', '--packages=external', `--outfile=${bundle}`, '--log-level=error'], {
      cwd: repo,
      timeout: 60_000,
    });
  });
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('loads a policy from JSON, JavaScript and TypeScript (through tsx where Node cannot load .ts)', () => {
    write(join(dir, 'shop.ts'), `const policy: { name: string } = ${JSON.stringify(shopPolicy)};\nexport default policy;\n`);
    write(join(dir, 'shop.mjs'), `export const policy = ${JSON.stringify(shopPolicy)};\n`);
    const node = (args: string[]) => spawnSync(process.execPath, [bundle, ...args], { cwd: dir, encoding: 'utf8', timeout: 30_000 });
    for (const file of ['shop.json', 'shop.mjs', 'shop.ts']) {
      const r = node(['summarize', 'records.json', '--policy', file]);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(/^KPIs: 5 complaints \(policy shop/);
    }
  });

  it('without tsx, a TypeScript policy on a Node.js that cannot load it is refused saying what to do', () => {
    const major = Number(process.versions.node.split('.')[0]);
    // A project with only the runtime dependencies installed: the built CLI beside a node_modules without tsx.
    const project = mkdtempSync(join(tmpdir(), 'redress-no-tsx-'));
    try {
      mkdirSync(join(project, 'node_modules', '@date-fns'), { recursive: true });
      for (const dep of ['xstate', 'zod', 'date-fns', '@date-fns/tz']) symlinkSync(join(repo, 'node_modules', dep), join(project, 'node_modules', dep), 'dir');
      const cli = join(project, 'cli.mjs');
      writeFileSync(cli, readFileSync(bundle));
      writeFileSync(join(project, 'package.json'), '{"type":"module"}');
      writeFileSync(join(project, 'records.json'), readFileSync(join(dir, 'records.json')));
      write(join(project, 'shop.ts'), `export default ${JSON.stringify(shopPolicy)};\n`);
      const r = spawnSync(process.execPath, [cli, 'summarize', 'records.json', '--policy', 'shop.ts'], { cwd: project, encoding: 'utf8', timeout: 30_000 });
      if (major < 22) {
        expect(r.stderr).toBe('redress: summarize: --policy: this Node.js cannot load TypeScript (shop.ts) and tsx is not installed: add it (npm install --save-dev tsx), compile the policy to .js or .mjs, or write it as JSON\n');
        expect(r.status).toBe(2);
      } else {
        // Node 22.6+ may strip the types itself (unflagged from 23.6).
        expect([0, 2]).toContain(r.status);
      }
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  });
});
