import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseRecords } from '../analytics/input.js';
import { summarize, type GroupBy, type Summary } from '../analytics/index.js';
import { complaintMachine, toJSONDiagram, toMermaid } from '../machine/index.js';
import { renderReport } from '../report/html.js';
import { formatKpiTable } from '../report/table.js';
import type { DailyPoint } from '../report/types.js';
import { presets } from '../sla/presets/index.js';
import { choiceFlag, instantFlag, integerFlag, numberFlag, parse, presetFlag } from './args.js';
import { diagramHelp, simulateHelp, summarizeHelp } from './help.js';
import { EXIT_OK, UsageError, progressBar, type CliIo } from './io.js';

/** What the `simulate` command needs from the simulation module. */
export interface SimulateFn {
  (options: {
    seed: number;
    days: number;
    perDay: number;
    preset: keyof typeof presets;
    keepRecords?: boolean;
    onProgress?: (done: number, total: number) => void;
  }): Promise<{
    options?: unknown;
    kpis: Summary;
    daily: DailyPoint[];
    resolutionTimes: number[];
    counts?: unknown;
  }>;
}

/** Things the commands use that tests may replace. */
export interface CliDeps {
  /** The simulation (default: `simulate` from the simulation module). */
  simulate?: SimulateFn;
  /** The time printed in reports (default: now). */
  now?: () => Date;
}

/** A command failed for a reason other than its command line (exit code 1). */
export class CommandError extends Error {
  override readonly name = 'CommandError';
}

const help = { help: { type: 'boolean', short: 'h' } } as const;

const outPath = (io: CliIo, file: string) => resolve(io.cwd ?? process.cwd(), file);

async function writeReport(io: CliIo, command: string, file: string, html: string): Promise<void> {
  const path = outPath(io, file);
  try {
    await writeFile(path, html);
  } catch (e) {
    throw new CommandError(`${command}: cannot write the report to ${file}: ${(e as Error).message}`);
  }
  io.stderr.write(`report written to ${file}\n`);
}

const json = (x: unknown) => `${JSON.stringify(x, null, 2)}\n`;

/** `redress simulate` */
export async function simulateCommand(args: string[], io: CliIo, deps: CliDeps): Promise<number> {
  const cmd = 'simulate';
  const { values } = parse(
    cmd,
    args,
    {
      ...help,
      days: { type: 'string' },
      'per-day': { type: 'string' },
      preset: { type: 'string' },
      seed: { type: 'string' },
      report: { type: 'string' },
      json: { type: 'boolean' },
    },
    false,
  );
  if (values.help) {
    io.stdout.write(simulateHelp);
    return EXIT_OK;
  }
  const days = integerFlag(cmd, 'days', values.days, 90, 1, 3660);
  const perDay = numberFlag(cmd, 'per-day', values['per-day'], 200, 1_000_000);
  const preset = presetFlag(cmd, values.preset);
  const seed = integerFlag(cmd, 'seed', values.seed, 1, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
  const report = typeof values.report === 'string' ? values.report : undefined;
  if (report === '') throw new UsageError(`${cmd}: --report needs a file name`);

  const simulate: SimulateFn = deps.simulate ?? (await import('../simulation/index.js')).simulate;
  const bar = progressBar(io, 'simulating');
  let result: Awaited<ReturnType<SimulateFn>>;
  try {
    result = await simulate({ seed, days, perDay, preset, keepRecords: false, onProgress: (d, t) => bar.update(d, t) });
  } finally {
    bar.end();
  }

  if (report) {
    const html = renderReport({
      title: `Simulated complaint handling: ${days} days, ${perDay} per day (${presets[preset].name}, seed ${seed})`,
      generatedAt: (deps.now ?? (() => new Date()))(),
      kpis: result.kpis,
      daily: result.daily,
      resolutionTimes: result.resolutionTimes,
    });
    await writeReport(io, cmd, report, html);
  }
  if (values.json) {
    io.stdout.write(json({ options: result.options, counts: result.counts, kpis: result.kpis, daily: result.daily }));
  } else {
    io.stdout.write(`Simulated ${days} days at ${perDay} complaints per day (preset ${preset}, seed ${seed}).\n\n`);
    io.stdout.write(`${formatKpiTable(result.kpis)}\n`);
  }
  return EXIT_OK;
}

const groupKeys = ['severity', 'category', 'department', 'channel', 'month'] as const satisfies readonly GroupBy[];

/** `redress summarize <file>` */
export async function summarizeCommand(args: string[], io: CliIo, deps: CliDeps): Promise<number> {
  const cmd = 'summarize';
  const { values, positionals } = parse(
    cmd,
    args,
    {
      ...help,
      'group-by': { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      preset: { type: 'string' },
      report: { type: 'string' },
      json: { type: 'boolean' },
    },
    true,
  );
  if (values.help) {
    io.stdout.write(summarizeHelp);
    return EXIT_OK;
  }
  if (positionals.length === 0) throw new UsageError(`${cmd}: missing the records file (redress summarize <records.json>)`);
  if (positionals.length > 1) throw new UsageError(`${cmd}: expected one records file, got ${positionals.length}`);
  const groupBy = choiceFlag(cmd, 'group-by', values['group-by'], groupKeys);
  const from = instantFlag(cmd, 'from', values.from);
  const to = instantFlag(cmd, 'to', values.to);
  const preset = presetFlag(cmd, values.preset);
  const report = typeof values.report === 'string' ? values.report : undefined;
  if (report === '') throw new UsageError(`${cmd}: --report needs a file name`);

  const file = positionals[0]!;
  let text: string;
  try {
    text = await readFile(outPath(io, file), 'utf8');
  } catch (e) {
    throw new CommandError(`${cmd}: cannot read ${file}: ${(e as Error).message}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new CommandError(`${cmd}: ${file} is not JSON: ${(e as Error).message}`);
  }
  const records =
    data !== null && typeof data === 'object' && !Array.isArray(data) && Array.isArray((data as { records?: unknown }).records)
      ? (data as { records: unknown[] }).records
      : data;
  if (!Array.isArray(records)) throw new CommandError(`${cmd}: ${file} must hold an array of complaint records`);

  const summary = summarize(records, {
    policy: preset,
    ...(groupBy ? { groupBy } : {}),
    ...(from !== undefined ? { from } : {}),
    ...(to !== undefined ? { to } : {}),
  });
  if (report) {
    const resolutionTimes = parseRecords(records)
      .map((r) => r.context)
      .filter((c) => (from === undefined || c.intake.filedAt >= from) && (to === undefined || c.intake.filedAt < to))
      .filter((c) => c.milestones.closedAt !== null && c.milestones.closedAt >= c.intake.filedAt)
      .map((c) => c.milestones.closedAt! - c.intake.filedAt);
    const html = renderReport({
      title: `Complaint handling: ${file}`,
      generatedAt: (deps.now ?? (() => new Date()))(),
      kpis: summary,
      resolutionTimes,
    });
    await writeReport(io, cmd, report, html);
  }
  io.stdout.write(values.json ? json(summary) : `${formatKpiTable(summary)}\n`);
  return EXIT_OK;
}

/** `redress diagram` */
export async function diagramCommand(args: string[], io: CliIo): Promise<number> {
  const cmd = 'diagram';
  const { values } = parse(cmd, args, { ...help, format: { type: 'string' } }, false);
  if (values.help) {
    io.stdout.write(diagramHelp);
    return EXIT_OK;
  }
  const format = choiceFlag(cmd, 'format', values.format, ['mermaid', 'json'] as const) ?? 'mermaid';
  const text = format === 'json' ? json(toJSONDiagram(complaintMachine)) : toMermaid(complaintMachine);
  io.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  return EXIT_OK;
}
