// `redress report fca|asic|cfpb|nfra`: a regulator's return from complete
// complaint records (with their timelines), read from a file (JSON or JSON
// Lines) or a PostgreSQL database, in bounded memory; written as CSV or JSON
// to a file or stdout.
import { open } from 'node:fs/promises';
import { memoryNotifier } from '../adapters/notifiers.js';
import { postgresStore } from '../adapters/postgres/store.js';
import { createDesk } from '../desk/desk.js';
import { RedressError } from '../errors.js';
import { codeSetSchema, type CodeSet } from '../schemas/classification.js';
import { ReturnInputError } from '../reporting/errors.js';
import { asicIdrCsv, asicIdrRows } from '../reporting/asic.js';
import { cfpbResponses, cfpbResponsesCsv } from '../reporting/cfpb.js';
import { fcaComplaintsReturn, fcaReturnCsv } from '../reporting/fca/return.js';
import { nfraExtensionLog, nfraExtensionLogCsv } from '../reporting/nfra.js';
import type { ReturnRecords } from '../reporting/records.js';
import { presets } from '../sla/presets/index.js';
import { choiceFlag, instantFlag, integerFlag, parse, parseLocalInstant, presetFlag, stringFlag, timeZoneFlag, type FlagValue } from './args.js';
import { describeError, openPostgres, redactUrl, type DatabaseConnection } from './database.js';
import type { CliDeps } from './deps.js';
import { dotted, fieldOf, issueMessage } from './issues.js';
import { CommandError, EXIT_OK, UsageError, type CliIo } from './io.js';
import { loadCalendarFile, loadPolicyFile, pathOf, readJsonOption } from './option-files.js';
import { json } from './output.js';
import { recordsFromFile } from './records-input.js';

const regimes = ['fca', 'asic', 'cfpb', 'nfra'] as const;
type Regime = (typeof regimes)[number];

/** Each regime's time zone for plain dates and day counts, and its default output format. */
const defaults: Readonly<Record<Regime, { timeZone: string; format: 'csv' | 'json' }>> = {
  fca: { timeZone: 'Europe/London', format: 'json' },
  asic: { timeZone: 'Australia/Sydney', format: 'csv' },
  cfpb: { timeZone: 'America/New_York', format: 'csv' },
  nfra: { timeZone: 'Asia/Shanghai', format: 'csv' },
};

const flags = {
  help: { type: 'boolean', short: 'h' },
  from: { type: 'string' },
  to: { type: 'string' },
  out: { type: 'string' },
  format: { type: 'string' },
  'database-url': { type: 'string' },
  schema: { type: 'string' },
  'table-prefix': { type: 'string' },
  batch: { type: 'string' },
  'time-zone': { type: 'string' },
  calendar: { type: 'string' },
  'firm-name': { type: 'string' },
  frn: { type: 'string' },
  annual: { type: 'boolean' },
  brand: { type: 'string' },
  company: { type: 'string' },
  'as-of': { type: 'string' },
  codes: { type: 'string' },
  preset: { type: 'string' },
  policy: { type: 'string' },
} as const;

/** Which flags belong to one regime only. */
const only: Readonly<Record<string, Regime>> = {
  calendar: 'fca',
  'firm-name': 'fca',
  frn: 'fca',
  annual: 'fca',
  brand: 'asic',
  company: 'cfpb',
  'as-of': 'cfpb',
  preset: 'nfra',
  policy: 'nfra',
};

export const reportHelp = `Usage: redress report <fca|asic|cfpb|nfra> <records.json|records.jsonl> --from DATE --to DATE [options]
       redress report <fca|asic|cfpb|nfra> --database-url <url> --from DATE --to DATE [options]

A regulator's return from complete complaint records with their timelines
(desk.records({ timeline: true }), as a JSON array or one record per line):
  fca    UK FCA complaints return, DISP 1 Annex 1R (JSON, or its cells as CSV)
  asic   Australia ASIC IDR data file: one CSV row per complaint
  cfpb   US CFPB-style company response and "timely" flag per complaint
  nfra   China NFRA 2020 extension log: one row per extension
See docs/reporting.md for the sources and what each field means.

Options:
  --from <date>         first day of the period (midnight in --time-zone), or an
                        ISO date-time
  --to <date>           last day of the period (inclusive), or an ISO date-time
                        (exclusive end)
  --out <file>          write to a file (default: stdout)
  --format <format>     csv or json (default: json for fca, csv for the others)
  --time-zone <zone>    time zone of plain dates and day counts (default:
                        Europe/London, Australia/Sydney, America/New_York,
                        Asia/Shanghai)
  --database-url <url>  read a redress PostgreSQL store (needs the pg package)
  --schema <name>       schema of the store's tables (default: the search_path)
  --table-prefix <p>    table prefix of the store (default: redress_)
  --batch <n>           records read per query (default: 500)
  fca:  --calendar <file>   business days (JSON calendar with the bank holidays)
        --firm-name <name>, --frn <frn>, --annual (once-a-year reporting)
  fca, asic, cfpb: --codes <file>   the code set to check codes against (JSON
        { name, products, causes }; default: the shipped FCA or CFPB set; asic: none)
  asic: --brand <name>      subsidiary, brand or fund of every complaint
  cfpb: --company <name>, --as-of <instant> (default: the period's end)
  nfra: --preset <name> | --policy <file>  the extension rules (default: nfra2020)
  -h, --help            show this help

Examples:
  redress report fca records.jsonl --from 2026-01-01 --to 2026-06-30 --calendar uk-bank-holidays.json
  redress report asic --database-url postgres://app@db/complaints --from 2026-01-01 --to 2026-06-30 --out idr.csv
`;

/** `--to`: a plain date is the last day of the period (its end is the next midnight); anything else is the exclusive end. */
function toFlag(command: string, raw: FlagValue, timeZone: string): number | undefined {
  const s = typeof raw === 'string' ? raw.trim() : undefined;
  if (s !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(s)) {
    const day = Date.parse(`${s}T00:00:00Z`);
    const t = Number.isFinite(day) ? parseLocalInstant(s, timeZone) : undefined;
    if (t === undefined) throw new UsageError(`${command}: --to must be a date (2026-06-30, the last day of the period), an ISO date-time or epoch milliseconds, got "${s}"`);
    return parseLocalInstant(new Date(day + 86_400_000).toISOString().slice(0, 10), timeZone);
  }
  return instantFlag(command, 'to', raw, timeZone);
}

/** A buffered text sink: a file, or stdout. */
async function sink(io: CliIo, command: string, file: string | undefined) {
  const fail = (e: unknown) => new CommandError(`${command}: cannot write to ${file}: ${describeError(e)}`);
  if (file === undefined) return { write: async (s: string) => void io.stdout.write(s), close: async () => {} };
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(pathOf(io, file), 'w');
  } catch (e) {
    throw fail(e);
  }
  let chunk = '';
  const flush = async () => {
    if (chunk === '') return;
    const c = chunk;
    chunk = '';
    try {
      await handle.write(c);
    } catch (e) {
      throw fail(e);
    }
  };
  return {
    write: async (s: string) => {
      chunk += s;
      if (chunk.length >= 1 << 20) await flush();
    },
    close: async () => {
      try {
        await flush();
      } finally {
        await handle.close().catch(() => undefined);
      }
    },
  };
}

/** Rows as a streamed JSON array, one row a line. */
async function* jsonArray(rows: AsyncIterable<unknown>): AsyncGenerator<string> {
  let first = true;
  for await (const r of rows) {
    yield `${first ? '[\n' : ',\n'}${JSON.stringify(r)}`;
    first = false;
  }
  yield first ? '[]\n' : '\n]\n';
}

/**
 * `redress report <regime> <file> --from DATE --to DATE [options]`
 *
 * @param args - the arguments after `report`
 * @param io - where to write
 * @param deps - the database opener (replaced in tests)
 * @returns the exit code
 * @throws UsageError for a bad command line; CommandError when the records cannot be read or written
 */
export async function reportCommand(args: string[], io: CliIo, deps: CliDeps): Promise<number> {
  const cmd = 'report';
  const { values, positionals } = parse(cmd, args, flags, true);
  if (values.help) {
    io.stdout.write(reportHelp);
    return EXIT_OK;
  }
  const [regimeArg, ...files] = positionals;
  if (regimeArg === undefined) throw new UsageError(`${cmd}: missing the return: ${regimes.join(', ')} (redress report fca records.jsonl --from … --to …)`);
  if (!(regimes as readonly string[]).includes(regimeArg)) throw new UsageError(`${cmd}: unknown return "${regimeArg}" (expected ${regimes.join(', ')})`);
  const regime = regimeArg as Regime;
  for (const [flag, owner] of Object.entries(only)) {
    if (values[flag] !== undefined && owner !== regime) throw new UsageError(`${cmd}: --${flag} goes with report ${owner}`);
  }
  const url = stringFlag(cmd, 'database-url', values['database-url'], 'a PostgreSQL connection URL');
  if (url === undefined && files.length === 0) throw new UsageError(`${cmd}: missing the records file (redress report ${regime} <records.json|records.jsonl>, or --database-url URL)`);
  if (url !== undefined && files.length > 0) throw new UsageError(`${cmd}: give a records file or --database-url, not both`);
  if (files.length > 1) throw new UsageError(`${cmd}: expected one records file, got ${files.length}`);
  const schema = stringFlag(cmd, 'schema', values.schema, 'a schema name');
  const tablePrefix = stringFlag(cmd, 'table-prefix', values['table-prefix'], 'a table prefix');
  for (const [name, v] of [['schema', schema], ['table-prefix', tablePrefix]] as const) {
    if (v !== undefined && url === undefined) throw new UsageError(`${cmd}: --${name} goes with --database-url`);
    if (v !== undefined && (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(v) || v.length > 40)) throw new UsageError(`${cmd}: --${name} must be a plain SQL identifier (letters, digits, _), got "${v}"`);
  }
  if (values.batch !== undefined && url === undefined) throw new UsageError(`${cmd}: --batch goes with --database-url`);
  const batch = integerFlag(cmd, 'batch', values.batch, 500, 1, 10_000);
  const format = choiceFlag(cmd, 'format', values.format, ['csv', 'json'] as const) ?? defaults[regime].format;
  const timeZone = timeZoneFlag(cmd, 'time-zone', values['time-zone']) ?? defaults[regime].timeZone;
  if (values.from === undefined) throw new UsageError(`${cmd}: missing --from (the first day of the period)`);
  if (values.to === undefined) throw new UsageError(`${cmd}: missing --to (the last day of the period)`);
  const from = instantFlag(cmd, 'from', values.from, timeZone)!;
  const to = toFlag(cmd, values.to, timeZone)!;
  if (to <= from) throw new UsageError(`${cmd}: --to must be after --from`);
  const period = { from, to };
  const out = stringFlag(cmd, 'out', values.out, 'a file name');
  const calendar = values.calendar === undefined ? undefined : await loadCalendarFile(io, cmd, stringFlag(cmd, 'calendar', values.calendar, 'a file name')!);
  const preset = presetFlag(cmd, values.preset);
  const policyFile = stringFlag(cmd, 'policy', values.policy, 'a file name');
  if (preset !== undefined && policyFile !== undefined) throw new UsageError(`${cmd}: give --policy or --preset, not both`);
  const policy = policyFile !== undefined ? await loadPolicyFile(io, cmd, policyFile) : preset !== undefined ? presets[preset] : undefined;
  if (values.codes !== undefined && regime === 'nfra') throw new UsageError(`${cmd}: --codes goes with report fca, asic or cfpb`);
  const codesFile = stringFlag(cmd, 'codes', values.codes, 'a file name');
  let codes: CodeSet | undefined;
  if (codesFile !== undefined) {
    const parsed = codeSetSchema.safeParse(await readJsonOption(io, cmd, '--codes', codesFile));
    if (!parsed.success) throw new UsageError(`${cmd}: ${fieldOf('--codes', parsed.error.issues[0]!.path)}: ${issueMessage(parsed.error.issues[0]!)}`);
    codes = parsed.data;
  }
  const asOf = regime === 'cfpb' ? instantFlag(cmd, 'as-of', values['as-of'], timeZone) : undefined;

  let db: DatabaseConnection | undefined;
  let records: ReturnRecords;
  let origin: string;
  let placeOf: (index: number) => string;
  if (url !== undefined) {
    db = await (deps.openDatabase ?? openPostgres)(url);
    const store = postgresStore(db.client, { ...(schema ? { schema } : {}), ...(tablePrefix ? { tablePrefix } : {}) });
    // A desk over the store reads complete records with their timelines, upgraded to this release's machine version.
    const desk = createDesk({ store, notifier: memoryNotifier(), scheduler: false });
    records = desk.records({ to, timeline: true, batch });
    origin = `${redactUrl(url)}${schema ? ` (schema ${schema})` : ''}`;
    placeOf = (i) => `record ${i} in filing order`;
  } else {
    origin = files[0]!;
    const source = await recordsFromFile(io, cmd, origin);
    records = source.records as ReturnRecords;
    placeOf = source.placeOf;
  }

  const target = await sink(io, cmd, out);
  try {
    let lines: AsyncIterable<string> | Iterable<string>;
    switch (regime) {
      case 'fca': {
        const ret = await fcaComplaintsReturn(records, {
          period,
          timeZone,
          ...(codes ? { codes } : {}),
          ...(calendar ? { calendar } : {}),
          ...(values.annual ? { frequency: 'annual' as const } : {}),
          firm: { ...(typeof values['firm-name'] === 'string' ? { name: values['firm-name'] } : {}), ...(typeof values.frn === 'string' ? { frn: values.frn } : {}) },
        });
        lines = format === 'json' ? [json(ret)] : fcaReturnCsv(ret);
        break;
      }
      case 'asic': {
        const options = { period, timeZone, ...(codes ? { codes } : {}), ...(typeof values.brand === 'string' ? { brand: values.brand } : {}) };
        lines = format === 'json' ? jsonArray(asicIdrRows(records, options)) : asicIdrCsv(records, options);
        break;
      }
      case 'cfpb': {
        const options = { period, timeZone, ...(codes ? { codes } : {}), ...(asOf !== undefined ? { asOf } : {}), ...(typeof values.company === 'string' ? { company: values.company } : {}) };
        lines = format === 'json' ? jsonArray(cfpbResponses(records, options)) : cfpbResponsesCsv(records, options);
        break;
      }
      case 'nfra': {
        const options = { period, timeZone, ...(policy ? { policy } : {}) };
        lines = format === 'json' ? jsonArray(nfraExtensionLog(records, options)) : nfraExtensionLogCsv(records, options);
        break;
      }
    }
    for await (const line of lines) await target.write(line);
    if (out !== undefined) io.stderr.write(`report ${regime} written to ${out}\n`);
  } catch (e) {
    if (e instanceof ReturnInputError) {
      const first = e.issues[0];
      const where = first ? `${first.path.length ? `${dotted(first.path)}: ` : ''}${issueMessage(first)}` : e.message;
      throw new CommandError(`${cmd}: ${placeOf(e.index)}${e.recordId ? ` (${e.recordId})` : ''} in ${origin}: ${where}`);
    }
    if (db && e instanceof RedressError && e.code === 'STORE_UNAVAILABLE') throw new CommandError(`${cmd}: cannot read complaint records from ${origin}: ${describeError(e)}`);
    throw e;
  } finally {
    await target.close();
    await db?.close().catch(() => undefined);
  }
  return EXIT_OK;
}
