/**
 * The exporters read records one at a time and keep nothing of them: checked
 * by structure, not by timing or heap size.
 *
 * A generator makes 100,000 records; one in ten is wrapped (deeply) in
 * revocable proxies, revoked as soon as the generator makes the next record,
 * so an exporter that kept such a record (or any object inside it) and read
 * it later would throw. (Wrapping every record works too; it is only slower.) For the streaming exporters, each row must arrive
 * before the next record is made (nothing is read ahead or collected). The
 * FCA return's aggregates stay one per (product, cause) pair, whatever the
 * number of records.
 */
import { describe, expect, it } from 'vitest';
import type { ComplaintExport, TimelineEntry } from '../src/index.js';
import { asicIdrCsv, cfpbResponses, fcaComplaintsReturn, nfraExtensionLog } from '../src/reporting/index.js';

const N = 100_000;
const T0 = Date.parse('2026-01-05T10:00:00+08:00');
const DAY = 86_400_000;
const products = ['banking.current_accounts', 'banking.credit_cards', 'insurance.travel'];
const causes = ['admin_customer_service', 'other'];

/** A plain complete record: filed, its resolution clock started, extended, and resolved on first contact or still open. */
function record(i: number): ComplaintExport {
  const filedAt = T0 + (i % 150) * DAY + i;
  const actor = { id: 'a1', role: 'agent' as const };
  const timeline: TimelineEntry[] = [
    { complaintId: `c${i}`, version: 1, seq: 0, at: filedAt, kind: 'filed', type: 'FILED', actor, data: { channel: 'phone' } },
    { complaintId: `c${i}`, version: 1, seq: 1, at: filedAt, kind: 'sla', type: 'sla.start', actor, data: { clock: 'resolution', deadline: filedAt + 15 * DAY } },
    { complaintId: `c${i}`, version: 2, seq: 0, at: filedAt + DAY, kind: 'event', type: 'EXTEND', actor: { id: 's1', role: 'supervisor' }, data: { until: filedAt + 30 * DAY, reason: 'complex' } },
  ];
  if (i % 3 !== 0) {
    timeline.push({ complaintId: `c${i}`, version: 3, seq: 0, at: filedAt + 2 * DAY, kind: 'event', type: 'RESOLVE_ON_FIRST_CONTACT', actor, data: { summary: 'ok', redressPaid: i % 7, decision: 'upheld' } });
  }
  return {
    id: `c${i}`,
    version: timeline.length,
    machineVersion: 2,
    summary: {} as ComplaintExport['summary'],
    timers: {},
    snapshot: {
      status: 'active',
      value: 'closed',
      historyValue: {},
      children: {},
      context: {
        intake: { filedAt, channel: 'phone', customer: { id: `cu${i}` } },
        routing: { classification: { product: products[i % 3]!, cause: causes[i % 2]! }, vulnerability: i % 10 === 0 ? ['health'] : [] },
      } as never,
    },
    timeline,
  };
}

/** `value` behind revocable proxies, nested objects wrapped as they are reached; `revoke` revokes them all. */
function revocable<T extends object>(value: T): { proxy: T; revoke(): void } {
  const revokes: (() => void)[] = [];
  const wrap = <U extends object>(target: U): U => {
    const cache = new Map<PropertyKey, unknown>();
    const { proxy, revoke } = Proxy.revocable(target, {
      get(t, key, receiver) {
        const v = Reflect.get(t, key, receiver) as unknown;
        if (v === null || typeof v !== 'object') return v;
        if (!cache.has(key)) cache.set(key, wrap(v));
        return cache.get(key);
      },
    });
    revokes.push(revoke);
    return proxy;
  };
  return { proxy: wrap(value), revoke: () => revokes.forEach((r) => r()) };
}

/** N records, each revoked when the next one is made; `made` counts them. */
function source() {
  const stats = { made: 0 };
  function* records(): Generator<ComplaintExport> {
    let previous: { revoke(): void } | undefined;
    for (let i = 0; i < N; i++) {
      previous?.revoke();
      previous = undefined;
      stats.made++;
      if (i % 10 === 0) {
        const r = revocable(record(i));
        previous = r;
        yield r.proxy;
      } else yield record(i);
    }
    previous?.revoke();
  }
  return { stats, records: records() };
}

const PERIOD = { from: '2026-01-01T00:00:00+08:00', to: '2026-07-01T00:00:00+08:00' };

describe('the exporters in bounded memory (100,000 records)', () => {
  it('the FCA return keeps one aggregate per (product, cause), never a record', async () => {
    const { stats, records } = source();
    const ret = await fcaComplaintsReturn(records, { period: PERIOD });
    expect(stats.made).toBe(N);
    expect(ret.aggregates).toHaveLength(6); // 3 products × 2 causes
    expect(ret.totals.opened).toBe(N);
    // Two of every three are resolved on first contact: 66,666 closed (i % 3 !== 0 for i < 100,000).
    expect(ret.totals.closed).toBe(66_666);
  }, 120_000);

  it('the ASIC CSV writes each row before the next record is read', async () => {
    const { stats, records } = source();
    let rows = 0;
    let header = true;
    const late: number[] = []; // rows that arrived after more records than their own were read (plain checks: expect() per row is slow)
    for await (const line of asicIdrCsv(records, { period: PERIOD })) {
      if (header) {
        header = false;
        expect(stats.made).toBe(0); // the header comes before any record
        continue;
      }
      rows++;
      if (stats.made !== rows || !line.startsWith(`c${rows - 1},`)) late.push(rows);
    }
    expect(rows).toBe(N);
    expect(late.slice(0, 5)).toEqual([]);
  }, 120_000);

  it('the CFPB responses and the NFRA log stream one record at a time', async () => {
    const a = source();
    const late: string[] = [];
    let n = 0;
    for await (const r of cfpbResponses(a.records, { period: PERIOD, codes: { name: 'any', products: Object.fromEntries(products.map((p) => [p, p])), causes: Object.fromEntries(causes.map((c) => [c, c])) } })) {
      n++;
      if (a.stats.made !== n || r.complaintId !== `c${n - 1}`) late.push(`cfpb ${n}`);
    }
    expect(n).toBe(N);
    const b = source();
    let m = 0;
    for await (const x of nfraExtensionLog(b.records, { period: PERIOD })) {
      m++; // one extension per record
      if (b.stats.made !== m || x.complaintId !== `c${m - 1}`) late.push(`nfra ${m}`);
    }
    expect(m).toBe(N);
    expect(late.slice(0, 5)).toEqual([]);
  }, 120_000);

  it('a kept record really cannot be read after the next one is made', () => {
    const { records } = source();
    const first = records.next().value as ComplaintExport;
    const inner = first.snapshot.context;
    records.next();
    expect(() => first.id).toThrow(TypeError);
    expect(() => inner.intake).toThrow(TypeError);
  });
});
