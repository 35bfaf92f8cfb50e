// `redress simulate`: run the complaint process on virtual time, print its
// KPIs, optionally write the HTML report and every complaint's record.
import { renderReport } from '../report/html.js';
import { formatKpiTable } from '../report/table.js';
import type { ReportAssumptions } from '../report/types.js';
import { parse, presetFlag, stringFlag } from './args.js';
import type { CliDeps, SimulateFn, SimulateOutcome } from './deps.js';
import { simulateHelp } from './help.js';
import { firstIssue } from './issues.js';
import { CommandError, EXIT_OK, UsageError, progressBar, type CliIo } from './io.js';
import { choosePolicy } from './option-files.js';
import { json, writeReport } from './output.js';
import { writeJsonLines } from './records-output.js';
import { simulationTrends } from './trends-report.js';
import { checkSimulationOptions, configPolicy, isOptionsError, loadSimulationConfig, simulationOptionsFrom } from './simulation-config.js';

const flags = {
  help: { type: 'boolean', short: 'h' },
  config: { type: 'string' },
  days: { type: 'string' },
  'per-day': { type: 'string' },
  seed: { type: 'string' },
  start: { type: 'string' },
  'time-zone': { type: 'string' },
  preset: { type: 'string' },
  policy: { type: 'string' },
  calendar: { type: 'string' },
  staff: { type: 'string', multiple: true },
  capacity: { type: 'string', multiple: true },
  'severity-mix': { type: 'string', multiple: true },
  'category-mix': { type: 'string', multiple: true },
  'channel-mix': { type: 'string', multiple: true },
  records: { type: 'string' },
  report: { type: 'string' },
  json: { type: 'boolean' },
} as const;

/**
 * `redress simulate [options]`
 *
 * @param args - the arguments after `simulate`
 * @param io - where to write
 * @param deps - the simulation and the clock (replaced in tests)
 * @returns the exit code
 * @throws UsageError for a bad command line or option file; CommandError when an output cannot be written
 */
export async function simulateCommand(args: string[], io: CliIo, deps: CliDeps): Promise<number> {
  const cmd = 'simulate';
  const { values } = parse(cmd, args, flags, false);
  if (values.help) {
    io.stdout.write(simulateHelp);
    return EXIT_OK;
  }
  const report = stringFlag(cmd, 'report', values.report, 'a file name');
  const recordsFile = stringFlag(cmd, 'records', values.records, 'a file name');
  const configFile = stringFlag(cmd, 'config', values.config, 'a file name');
  const config = configFile !== undefined ? await loadSimulationConfig(io, cmd, configFile) : undefined;
  const chosen = await choosePolicy(
    io,
    cmd,
    {
      policyFile: stringFlag(cmd, 'policy', values.policy, 'a file name'),
      preset: presetFlag(cmd, values.preset),
      calendarFile: stringFlag(cmd, 'calendar', values.calendar, 'a file name'),
    },
    () => configPolicy(cmd, config),
  );
  const plan = simulationOptionsFrom(
    cmd,
    {
      days: values.days,
      'per-day': values['per-day'],
      seed: values.seed,
      start: values.start,
      'time-zone': values['time-zone'],
      staff: values.staff,
      capacity: values.capacity,
      'severity-mix': values['severity-mix'],
      'category-mix': values['category-mix'],
      'channel-mix': values['channel-mix'],
    },
    config,
    chosen.policy,
  );
  checkSimulationOptions(cmd, plan);

  const simulate: SimulateFn = deps.simulate ?? (await import('../simulation/index.js')).simulate;
  const bar = progressBar(io, 'simulating');
  let result: SimulateOutcome;
  try {
    result = await simulate({ ...plan.options, keepRecords: recordsFile !== undefined, keepTimelines: recordsFile !== undefined, onProgress: (d, t) => bar.update(d, t) });
  } catch (e) {
    // The simulation's own checks (calendars, staffing) name a field: say which flag or config field set it.
    if (isOptionsError(e)) throw new UsageError(`${cmd}: ${firstIssue(e.issues, plan.where)}`);
    throw e;
  } finally {
    bar.end();
  }

  const o = plan.options;
  const { days, perDay, seed } = result.options ?? o;
  if (recordsFile !== undefined) {
    if (!result.records) throw new CommandError(`${cmd}: the simulation returned no records to write`);
    // Each record with its audit timeline, as desk.records({ timeline: true }) exports them: what the returns read.
    const timelines = result.timelines;
    const records = result.records;
    const exported = timelines ? (function* () { for (const r of records) yield { ...r, timeline: timelines[r.id] ?? [] }; })() : records;
    const n = await writeJsonLines(io, cmd, recordsFile, exported);
    io.stderr.write(`${n} records written to ${recordsFile}\n`);
  }
  const assumptions: ReportAssumptions = { policy: chosen.policy, ...(result.options ? { simulation: result.options } : {}) };
  if (report) {
    const trends = simulationTrends(result, chosen.policy);
    const html = renderReport({
      title: `Simulated complaint handling: ${days} days, ${perDay} per day (${chosen.policy.name}, seed ${seed})`,
      generatedAt: (deps.now ?? (() => new Date()))(),
      kpis: result.kpis,
      daily: result.daily,
      resolutionTimes: result.resolutionTimes,
      assumptions,
      ...(trends ? { trends } : {}),
    });
    await writeReport(io, cmd, report, html);
  }
  if (values.json) {
    io.stdout.write(json({ options: result.options, counts: result.counts, kpis: result.kpis, daily: result.daily }));
  } else {
    io.stdout.write(`Simulated ${days} days at ${perDay} complaints per day (${chosen.label}, seed ${seed}).\n\n`);
    io.stdout.write(`${formatKpiTable(result.kpis, { assumptions })}\n`);
  }
  return EXIT_OK;
}
