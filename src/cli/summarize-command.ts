// `redress summarize`: the KPIs of complaint records from a file (JSON array
// or JSON Lines) or straight from a PostgreSQL database, read in bounded memory.
import { postgresStore } from '../adapters/postgres/store.js';
import { parseRecord } from '../analytics/input.js';
import { summarize, TrendAccumulator, type GroupBy, type Summary, type TrendReport } from '../analytics/index.js';
import { RedressError, ValidationError } from '../errors.js';
import { renderReport } from '../report/html.js';
import { formatKpiTable } from '../report/table.js';
import type { ReportAssumptions } from '../report/types.js';
import { choiceFlag, instantFlag, integerFlag, parse, presetFlag, stringFlag } from './args.js';
import { describeError, openPostgres, redactUrl, storeRecords, type DatabaseConnection } from './database.js';
import type { CliDeps } from './deps.js';
import { summarizeHelp } from './help.js';
import { dotted, issueMessage } from './issues.js';
import { CommandError, EXIT_OK, UsageError, type CliIo } from './io.js';
import { choosePolicy } from './option-files.js';
import { json, writeReport } from './output.js';
import { recordsFromFile, type RecordSource } from './records-input.js';

const flags = {
  help: { type: 'boolean', short: 'h' },
  'database-url': { type: 'string' },
  schema: { type: 'string' },
  'table-prefix': { type: 'string' },
  batch: { type: 'string' },
  'group-by': { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  preset: { type: 'string' },
  policy: { type: 'string' },
  calendar: { type: 'string' },
  report: { type: 'string' },
  json: { type: 'boolean' },
} as const;

const groupKeys = ['severity', 'category', 'department', 'channel', 'month'] as const satisfies readonly GroupBy[];
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Passes records through, collecting the resolution time (filing → closing) of each closed one in
 * the window, and feeding the trend detection (which reads every record: earlier ones are its baseline).
 */
function collectResolutionTimes<T>(source: AsyncIterable<T> | Iterable<T>, window: { from?: number | undefined; to?: number | undefined }, into: number[], trends: TrendAccumulator): AsyncIterable<T> {
  return (async function* () {
    for await (const raw of source) {
      trends.add(raw);
      const p = parseRecord(raw);
      if ('record' in p) {
        const c = p.record.context;
        const filed = c.intake.filedAt;
        const closed = c.milestones.closedAt;
        if ((window.from === undefined || filed >= window.from) && (window.to === undefined || filed < window.to) && closed !== null && closed >= filed) into.push(closed - filed);
      }
      yield raw;
    }
  })();
}

/**
 * `redress summarize <file> [options]` or `redress summarize --database-url URL [options]`
 *
 * @param args - the arguments after `summarize`
 * @param io - where to write
 * @param deps - the clock and the database opener (replaced in tests)
 * @returns the exit code
 * @throws UsageError for a bad command line; CommandError when the records cannot be read or are invalid
 */
export async function summarizeCommand(args: string[], io: CliIo, deps: CliDeps): Promise<number> {
  const cmd = 'summarize';
  const { values, positionals } = parse(cmd, args, flags, true);
  if (values.help) {
    io.stdout.write(summarizeHelp);
    return EXIT_OK;
  }
  const url = stringFlag(cmd, 'database-url', values['database-url'], 'a PostgreSQL connection URL');
  if (url === undefined && positionals.length === 0) throw new UsageError(`${cmd}: missing the records file (redress summarize <records.json|records.jsonl>, or --database-url URL)`);
  if (url !== undefined && positionals.length > 0) throw new UsageError(`${cmd}: give a records file or --database-url, not both`);
  if (positionals.length > 1) throw new UsageError(`${cmd}: expected one records file, got ${positionals.length}`);
  const schema = stringFlag(cmd, 'schema', values.schema, 'a schema name');
  const tablePrefix = stringFlag(cmd, 'table-prefix', values['table-prefix'], 'a table prefix');
  for (const [name, v] of [['schema', schema], ['table-prefix', tablePrefix]] as const) {
    if (v !== undefined && url === undefined) throw new UsageError(`${cmd}: --${name} goes with --database-url`);
    if (v !== undefined && (!IDENTIFIER.test(v) || v.length > 40)) throw new UsageError(`${cmd}: --${name} must be a plain SQL identifier (letters, digits, _), got "${v}"`);
  }
  if (values.batch !== undefined && url === undefined) throw new UsageError(`${cmd}: --batch goes with --database-url`);
  const batch = integerFlag(cmd, 'batch', values.batch, 500, 1, 10_000);
  const groupBy = choiceFlag(cmd, 'group-by', values['group-by'], groupKeys);
  const report = stringFlag(cmd, 'report', values.report, 'a file name');
  const { policy } = await choosePolicy(io, cmd, {
    policyFile: stringFlag(cmd, 'policy', values.policy, 'a file name'),
    preset: presetFlag(cmd, values.preset),
    calendarFile: stringFlag(cmd, 'calendar', values.calendar, 'a file name'),
  });
  // Plain dates are midnights on the policy's business calendar.
  const zone = (policy.calendars.business ?? Object.values(policy.calendars)[0]!).timeZone;
  const from = instantFlag(cmd, 'from', values.from, zone);
  const to = instantFlag(cmd, 'to', values.to, zone);

  let db: DatabaseConnection | undefined;
  let source: RecordSource;
  let origin: string;
  if (url !== undefined) {
    try {
      db = await (deps.openDatabase ?? openPostgres)(url);
    } catch (e) {
      throw new CommandError(`${cmd}: ${e instanceof CommandError ? e.message : `cannot open ${redactUrl(url)}: ${describeError(e)}`}`);
    }
    const store = postgresStore(db.client, { ...(schema ? { schema } : {}), ...(tablePrefix ? { tablePrefix } : {}) });
    origin = `${redactUrl(url)}${schema ? ` (schema ${schema})` : ''}`;
    source = { records: storeRecords(store as Required<typeof store>, batch, { from, to }), placeOf: (i) => `record ${i} in filing order` };
  } else {
    origin = positionals[0]!;
    source = await recordsFromFile(io, cmd, origin);
  }

  const resolutionTimes: number[] = [];
  // Trend alerts for the report, on the days of the policy's business calendar, in the same window.
  const trendAcc = new TrendAccumulator({ policy, ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}) });
  let summary: Summary;
  try {
    const options = { policy, ...(groupBy ? { groupBy } : {}), ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}) };
    const records = report ? collectResolutionTimes(source.records, { from, to }, resolutionTimes, trendAcc) : source.records;
    summary = Symbol.asyncIterator in records ? await summarize(records as AsyncIterable<unknown>, options) : summarize(records as Iterable<unknown>, options);
  } catch (e) {
    if (e instanceof ValidationError && e.message.startsWith('invalid records')) {
      const first = e.issues[0]!;
      const [index, ...path] = first.path;
      const where = typeof index === 'number' ? `${source.placeOf(index)}${path.length ? `: ${dotted(path)}` : ''}` : dotted(first.path);
      const more = e.issues.length - 1;
      throw new CommandError(`${cmd}: invalid records in ${origin}: ${where}: ${issueMessage(first)}${more > 0 ? ` (and ${more} more problem${more === 1 ? '' : 's'})` : ''}`);
    }
    if (db && e instanceof RedressError && e.code === 'STORE_UNAVAILABLE') {
      throw new CommandError(`${cmd}: cannot read complaint records from ${origin}: ${describeError(e)}`);
    }
    throw e;
  } finally {
    await db?.close().catch(() => undefined);
  }

  const assumptions: ReportAssumptions = { source: origin, policy };
  if (report) {
    let trends: TrendReport | undefined;
    try {
      trends = trendAcc.result();
    } catch (e) {
      // The KPIs stand; the trends need records in filing order (a file in another order leaves them out).
      if (!(e instanceof ValidationError)) throw e;
      io.stderr.write(`${cmd}: trends left out of the report: ${e.message}\n`);
    }
    const html = renderReport({
      title: `Complaint handling: ${url !== undefined ? origin : positionals[0]!}`,
      generatedAt: (deps.now ?? (() => new Date()))(),
      kpis: summary,
      resolutionTimes,
      assumptions,
      ...(trends ? { trends } : {}),
    });
    await writeReport(io, cmd, report, html);
  }
  io.stdout.write(values.json ? json(summary) : `${formatKpiTable(summary, { assumptions })}\n`);
  return EXIT_OK;
}
