/**
 * `redress report fca|asic|cfpb|nfra`: run(argv, io) called directly with
 * captured output, on records written to a JSON Lines / JSON file and on a
 * PostgreSQL store (PGlite, injected through CliDeps.openDatabase).
 *
 * The scenario, under the FCA DISP preset (UK times; January 2026 is GMT):
 * - K1 banking.current_accounts / admin: received Mon 5 Jan 10:00; resolved
 *   on first contact Tue 6 Jan 10:00, upheld, £40 paid.
 * - K2 insurance.travel / other: received Wed 7 Jan 10:00; its resolution
 *   deadline (7 Jan + 56 days = 4 Mar) extended by a director on Tue 20 Jan
 *   to 10 Mar, the customer told by letter; still open.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresStore } from '../src/adapters/postgres/index.js';
import { run, type CliDeps, type CliIo, type OpenDatabase } from '../src/cli/run.js';
import { fcaAnnex1Codes, presets, type ComplaintExport, type ComplaintStore } from '../src/index.js';
import { agent, director, intake } from './support/desk.js';
import { collect, scenario } from './support/reporting.js';

async function cli(argv: string[], opts: { cwd?: string; openDatabase?: OpenDatabase } = {}) {
  let out = '';
  let err = '';
  const io: CliIo = { stdout: { write: (s: string) => (out += s) }, stderr: { write: (s: string) => (err += s) }, isTTY: false, ...(opts.cwd ? { cwd: opts.cwd } : {}) };
  const deps: CliDeps = opts.openDatabase ? { openDatabase: opts.openDatabase } : {};
  const code = await run(argv, io, deps);
  return { code, out, err };
}

async function drive(store?: ComplaintStore): Promise<ComplaintExport[]> {
  const s = scenario({ start: '2026-01-05T09:00:00Z', policy: presets.fcaDisp, codes: fcaAnnex1Codes, ...(store ? { store } : {}) });
  await s.file('2026-01-05T10:00:00Z', intake('K1', { classification: { product: 'banking.current_accounts', cause: 'admin_customer_service' } }), agent);
  await s.send('2026-01-06T10:00:00Z', 'K1', { type: 'RESOLVE_ON_FIRST_CONTACT', summary: 'refunded', decision: 'upheld', redressPaid: 40 }, agent);
  await s.file('2026-01-07T10:00:00Z', intake('K2', { classification: { product: 'insurance.travel', cause: 'other' } }), agent);
  await s.send('2026-01-20T10:00:00Z', 'K2', { type: 'EXTEND', until: '2026-03-10T10:00:00Z', reason: 'loss adjuster', notice: { channel: 'letter' } }, director);
  return collect(s.desk.records({ timeline: true }));
}

let dir: string;
let records: ComplaintExport[];
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'redress-report-'));
  records = await drive();
  writeFileSync(join(dir, 'records.jsonl'), records.map((r) => JSON.stringify(r)).join('\n') + '\n');
  writeFileSync(join(dir, 'records.json'), JSON.stringify({ records }));
  // Without timelines, as `redress simulate --records` writes them.
  writeFileSync(join(dir, 'bare.jsonl'), records.map(({ timeline: _t, ...r }) => JSON.stringify(r)).join('\n') + '\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('redress report', () => {
  it('fca: the return as JSON for the period (a plain --to date is the last day)', async () => {
    const r = await cli(['report', 'fca', 'records.jsonl', '--from', '2026-01-01', '--to', '2026-01-31', '--firm-name', 'Example Bank plc'], { cwd: dir });
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const ret = JSON.parse(r.out) as { period: { from: number; to: number }; header: unknown; totals: Record<string, number>; firm: unknown };
    // 1 Jan 00:00 GMT to the end of 31 Jan = 1 Feb 00:00 GMT.
    expect(ret.period).toEqual({ from: Date.parse('2026-01-01T00:00:00Z'), to: Date.parse('2026-02-01T00:00:00Z') });
    // Opened: K1, K2. Closed: K1 on day 1 (within 3 business days), upheld, £40.
    expect(ret.header).toEqual({ groupReporting: false, outstandingAtStart: 0, opened: 2, publication: { threshold: 500, reached: false } });
    expect(ret.totals).toMatchObject({ closed: 1, closed_within_3_business_days: 1, upheld: 1, redress_paid: 40 });
    expect(ret.firm).toEqual({ name: 'Example Bank plc', frn: null, otherFrns: [] });
  });

  it('fca --format csv to a file; the same figures from a JSON file', async () => {
    const r = await cli(['report', 'fca', 'records.json', '--from', '2026-01-01', '--to', '2026-01-31', '--format', 'csv', '--out', 'fca.csv'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.out).toBe('');
    expect(r.err).toBe('report fca written to fca.csv\n');
    const lines = readFileSync(join(dir, 'fca.csv'), 'utf8').split('\r\n');
    expect(lines[0]).toBe('cell,label,value');
    expect(lines).toContain('opened,Complaints opened in the period,2');
    expect(lines).toContain('redress_paid:banking.current_accounts,Banking and credit cards: Current accounts: Redress paid (£),40');
    expect(lines).toContain('opened:investments.isas,Investments: ISAs (investments held in): Complaints opened in the period,'); // blank
  });

  it('asic: one CSV row per complaint (Sydney dates)', async () => {
    const r = await cli(['report', 'asic', 'records.jsonl', '--from', '2026-01-01', '--to', '2026-06-30', '--brand', 'Example'], { cwd: dir });
    expect(r.code).toBe(0);
    const lines = r.out.split('\r\n');
    // K1: received 5 Jan 10:00 GMT = 21:00 AEDT; closed 6 Jan 21:00 AEDT: 1 day.
    expect(lines[1]).toBe('K1,Example,,,,,Closed,Phone,2026-01-05,2026-01-06,1,,banking.current_accounts,admin_customer_service,monetary_remedy,40');
    expect(lines[2]).toBe('K2,Example,,,,,Open,Phone,2026-01-07,,,,insurance.travel,other,,');
    expect(lines[3]).toBe('');
    expect(lines).toHaveLength(4);
  });

  it('nfra: the extension log as JSON, judged by the NFRA preset or another', async () => {
    const r = await cli(['report', 'nfra', 'records.jsonl', '--from', '2026-01-01', '--to', '2026-01-31', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.out) as Record<string, unknown>[];
    // K2's clock started 7 Jan 10:00 GMT = 18:00 Shanghai; NFRA's approval limit is 30 natural days on: 6 Feb 18:00 (+08:00).
    expect(rows).toEqual([
      expect.objectContaining({
        complaintId: 'K2',
        from: '2026-03-04T10:00:00.000Z',
        until: '2026-03-10T10:00:00.000Z',
        extendedBy: 'd1',
        approvalLimit: '2026-02-06T10:00:00.000Z',
        approvalRequired: true,
        approvalCounted: true,
        noticeChannel: 'letter',
        toldAt: '2026-01-20T10:00:00.000Z',
      }),
    ]);
    const fca = await cli(['report', 'nfra', 'records.jsonl', '--from', '2026-01-01', '--to', '2026-01-31', '--format', 'json', '--preset', 'fcaDisp'], { cwd: dir });
    expect(JSON.parse(fca.out)).toEqual([expect.objectContaining({ approvalLimit: null, approvalRequired: false, approvalCounted: null })]);
  });

  it('cfpb: checks codes against the code set given with --codes', async () => {
    writeFileSync(join(dir, 'codes.json'), JSON.stringify(fcaAnnex1Codes));
    const r = await cli(['report', 'cfpb', 'records.jsonl', '--from', '2026-01-01', '--to', '2026-01-31', '--codes', 'codes.json', '--as-of', '2026-01-31T00:00:00Z'], { cwd: dir });
    expect(r.code).toBe(0);
    const lines = r.out.split('\r\n');
    // K1: first response 6 Jan = day 1, with £40: monetary relief. K2: sent 7 Jan; the extension (20 Jan, day 13) is its "in progress".
    expect(lines[1]).toMatch(/^K1,,2026-01-05,2026-01-05,Banking and credit cards: Current accounts,General admin\/customer service,Closed with monetary relief,Yes,/);
    expect(lines[2]).toMatch(/^K2,,2026-01-07,2026-01-07,Insurance & pure protection: Travel,Other,In progress,Yes,2026-01-20T10:00:00.000Z,13,,,phone$/);
  });

  it('fails with one line and exit code 1 on records it cannot read', async () => {
    const bare = await cli(['report', 'fca', 'bare.jsonl', '--from', '2026-01-01', '--to', '2026-01-31'], { cwd: dir });
    expect(bare.code).toBe(1);
    expect(bare.out).toBe('');
    expect(bare.err).toMatch(/^redress: report: line 1 \(K1\) in bare\.jsonl: timeline: expected the record's timeline: export with desk\.records\(\{ timeline: true \}\)\n$/);
    // FCA codes are not CFPB codes.
    const cfpb = await cli(['report', 'cfpb', 'records.jsonl', '--from', '2026-01-01', '--to', '2026-01-31'], { cwd: dir });
    expect(cfpb.code).toBe(1);
    expect(cfpb.err).toMatch(/^redress: report: line 1 \(K1\) in records\.jsonl: snapshot\.context\.routing\.classification\.product: unknown product code "banking\.current_accounts" in code set us-cfpb-ccdb/);
  });

  it('refuses a bad command line with exit code 2', async () => {
    const cases: [string[], RegExp][] = [
      [['report'], /missing the return/],
      [['report', 'ombudsman', 'x.jsonl'], /unknown return "ombudsman"/],
      [['report', 'fca', 'records.jsonl', '--to', '2026-01-31'], /missing --from/],
      [['report', 'fca', 'records.jsonl', '--from', '2026-01-31', '--to', '2026-01-01'], /--to must be after --from/],
      [['report', 'fca', 'records.jsonl', '--from', '2026-01-01', '--to', '2026-02-30'], /--to must be a date/],
      [['report', 'asic', 'records.jsonl', '--from', '2026-01-01', '--to', '2026-01-31', '--frn', '1'], /--frn goes with report fca/],
      [['report', 'fca', 'records.jsonl', '--from', '2026-01-01', '--to', '2026-01-31', '--format', 'xml'], /format/],
      [['report', 'fca', '--from', '2026-01-01', '--to', '2026-01-31'], /missing the records file/],
      [['report', 'nfra', 'records.jsonl', '--from', '2026-01-01', '--to', '2026-01-31', '--codes', 'codes.json'], /--codes goes with/],
    ];
    for (const [argv, message] of cases) {
      const r = await cli(argv, { cwd: dir });
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.err, argv.join(' ')).toMatch(/^redress: [^\n]+\n$/);
      expect(r.err, argv.join(' ')).toMatch(message);
    }
    const help = await cli(['report', '--help']);
    expect(help.code).toBe(0);
    expect(help.out).toContain('redress report <fca|asic|cfpb|nfra>');
    const main = await cli(['--help']);
    expect(main.out).toContain('report <return>');
  });
});

describe('redress report --database-url', () => {
  let lite: PGlite;
  const openLite: OpenDatabase = async () => ({ client: { query: (text: string, params?: unknown[]) => lite.query(text, params) }, close: async () => {} });

  beforeAll(async () => {
    lite = await PGlite.create();
    const store = postgresStore(lite, { schema: 'returns' });
    await store.migrate();
    await drive(store);
  });
  afterAll(async () => {
    await lite?.close();
  });

  it('reads the records with their timelines from the store: the same return as from the file', async () => {
    const db = await cli(['report', 'fca', '--database-url', 'postgres://u:secret@embedded/x', '--schema', 'returns', '--batch', '1', '--from', '2026-01-01', '--to', '2026-01-31'], { openDatabase: openLite });
    expect(db.err).toBe('');
    expect(db.code).toBe(0);
    const file = await cli(['report', 'fca', 'records.jsonl', '--from', '2026-01-01', '--to', '2026-01-31'], { cwd: dir });
    expect(JSON.parse(db.out)).toEqual(JSON.parse(file.out));
    const nfra = await cli(['report', 'nfra', '--database-url', 'postgres://embedded/x', '--schema', 'returns', '--from', '2026-01-01', '--to', '2026-01-31'], { openDatabase: openLite });
    expect(nfra.out.split('\r\n')[1]).toMatch(/^K2,resolution,/);
  });
});
