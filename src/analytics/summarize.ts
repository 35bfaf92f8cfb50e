import { z } from 'zod';
import { categories as categoryOrder, severities } from '../schemas/common.js';
import { channels } from '../schemas/intake.js';
import { parseWith } from '../schemas/parse.js';
import { alwaysOpen, type Calendar } from '../sla/calendar.js';
import { ValidationError, type ValidationIssue } from '../errors.js';
import type { Policy } from '../sla/policy.js';
import { presets, type PresetName } from '../sla/presets/index.js';
import { MAX_ISSUES, parseRecord } from './input.js';
import { KpiAccumulator } from './kpis.js';
import type { AnalyticsRecord, GroupBy, KpiGroup, Summary } from './types.js';

/** Options of {@link summarize}. */
export interface SummarizeOptions {
  /** Also compute the KPIs per severity, category, department, channel or filing month (UTC `YYYY-MM`). */
  groupBy?: GroupBy;
  /** Only complaints filed at or after this instant (epoch ms, ISO string or Date). */
  from?: number | string | Date;
  /** Only complaints filed before this instant (exclusive). */
  to?: number | string | Date;
  /**
   * The policy (or a preset's name) whose `business` calendar measures
   * working time and whose ladder names the escalation levels. Default
   * `presets.guideline`.
   */
  policy?: Policy | PresetName;
}

const groupKeys = ['severity', 'category', 'department', 'channel', 'month'] as const satisfies readonly GroupBy[];

const instantInput = z
  .union([z.number(), z.string(), z.date()])
  .transform((v, ctx) => {
    const t = typeof v === 'number' ? v : typeof v === 'string' ? Date.parse(v) : v.getTime();
    if (!Number.isFinite(t)) {
      ctx.addIssue({ code: 'custom', message: 'expected an instant: epoch ms, an ISO date string or a valid Date' });
      return z.NEVER;
    }
    return t;
  });

const optionsSchema = z.strictObject({
  groupBy: z.enum(groupKeys).optional(),
  from: instantInput.optional(),
  to: instantInput.optional(),
  policy: z
    .union([
      z.enum(Object.keys(presets) as [PresetName, ...PresetName[]]),
      z.custom<Policy>(
        (p) => p !== null && typeof p === 'object' && 'calendars' in p && 'escalation' in p && 'name' in p,
        'expected a policy from definePolicy() or a preset name',
      ),
    ])
    .optional(),
});

/** Keys of a record for a grouping; a complaint in several categories is in each. */
function keysOf(r: AnalyticsRecord, by: GroupBy): string[] {
  const c = r.context;
  switch (by) {
    case 'severity':
      return [c.routing.severity ?? 'unclassified'];
    case 'category':
      return c.routing.categories.length > 0 ? [...new Set(c.routing.categories)] : ['uncategorized'];
    case 'department':
      return [c.routing.department ?? 'unassigned'];
    case 'channel':
      return [c.intake.channel];
    case 'month':
      return [new Date(c.intake.filedAt).toISOString().slice(0, 7)];
  }
}

/** The order groups are listed in: the vocabulary's order where there is one, then alphabetical. */
function groupOrder(by: GroupBy): readonly string[] {
  switch (by) {
    case 'severity':
      return [...severities, 'unclassified'];
    case 'category':
      return [...categoryOrder, 'uncategorized'];
    case 'channel':
      return channels;
    default:
      return [];
  }
}

/** The summary under construction: one accumulator for the total and one per group. */
class SummaryBuilder {
  readonly policy: Policy;
  readonly business: Calendar;
  readonly from: number | null;
  readonly to: number | null;
  readonly groupBy: GroupBy | undefined;
  readonly total: KpiAccumulator;
  readonly groups = new Map<string, KpiAccumulator>();
  input = 0;
  readonly issues: ValidationIssue[] = [];

  constructor(options: SummarizeOptions) {
    const o = parseWith(optionsSchema, 'summarize options', options);
    this.policy = o.policy === undefined ? presets.guideline : typeof o.policy === 'string' ? presets[o.policy] : o.policy;
    this.business = this.policy.calendars.business ?? alwaysOpen;
    this.from = o.from ?? null;
    this.to = o.to ?? null;
    this.groupBy = o.groupBy;
    this.total = new KpiAccumulator(this.policy, this.business);
  }

  add(raw: unknown): void {
    const index = this.input++;
    if (this.issues.length >= MAX_ISSUES) return;
    const p = parseRecord(raw);
    if ('issues' in p) {
      for (const issue of p.issues) this.issues.push({ ...issue, path: [index, ...issue.path] });
      return;
    }
    const r = p.record;
    const t = r.context.intake.filedAt;
    if ((this.from !== null && t < this.from) || (this.to !== null && t >= this.to)) return;
    this.total.add(r);
    if (this.groupBy) {
      for (const key of keysOf(r, this.groupBy)) {
        let g = this.groups.get(key);
        if (!g) this.groups.set(key, (g = new KpiAccumulator(this.policy, this.business)));
        g.add(r);
      }
    }
  }

  result(): Summary {
    if (this.issues.length > 0) throw new ValidationError('records', this.issues);
    const groups: KpiGroup[] = [];
    if (this.groupBy) {
      const order = groupOrder(this.groupBy);
      const rank = (k: string) => {
        const i = order.indexOf(k);
        return i < 0 ? order.length : i;
      };
      const keys = [...this.groups.keys()].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
      for (const key of keys) groups.push({ key, kpis: this.groups.get(key)!.result() });
    }
    return {
      policy: this.policy.name,
      timeZone: this.business.timeZone,
      from: this.from,
      to: this.to,
      input: this.input,
      groupBy: this.groupBy ?? null,
      total: this.total.result(),
      groups,
    };
  }
}

const isAsyncIterable = (x: unknown): x is AsyncIterable<unknown> =>
  x !== null && typeof x === 'object' && typeof (x as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] === 'function';

/**
 * The KPIs of complaint handling over records from any store.
 *
 * Counts, acknowledgement / first-contact / resolution times (p50, p90, max;
 * calendar and working time), SLA compliance, breaches and warnings per clock,
 * escalations per level, first-contact resolution and re-open rates,
 * satisfaction, objections, root-cause Pareto by method and liability,
 * category Pareto, backdated events per clock and compensation totals. See
 * {@link Kpis} for each definition. Records written by an older machine
 * version are upgraded first.
 *
 * Takes an array (or any iterable) and returns the summary, or an async
 * iterable — such as `desk.records()` — and returns a promise of it; either
 * way records are read one at a time (bounded memory).
 *
 * @param records - `ComplaintRecord`s (as stores and `desk.records()` give them) or plain `{ id, stage, context }` objects
 * @param options - optional grouping, filing-time window and policy
 * @returns a plain JSON {@link Summary} (a promise of it for an async iterable)
 * @throws ValidationError when a record or an option is malformed
 * @example
 * const summary = await summarize(desk.records({ from: '2026-11-01T00:00:00Z' }), { groupBy: 'severity' });
 * console.log(summary.total.sla.firstContact.compliance);
 */
export function summarize(records: AsyncIterable<unknown>, options?: SummarizeOptions): Promise<Summary>;
export function summarize(records: Iterable<unknown>, options?: SummarizeOptions): Summary;
export function summarize(records: Iterable<unknown> | AsyncIterable<unknown>, options: SummarizeOptions = {}): Summary | Promise<Summary> {
  const b = new SummaryBuilder(options);
  if (isAsyncIterable(records)) {
    return (async () => {
      for await (const r of records) b.add(r);
      return b.result();
    })();
  }
  if (records === null || typeof records !== 'object' || typeof (records as { [Symbol.iterator]?: unknown })[Symbol.iterator] !== 'function') {
    throw new ValidationError('records', [{ code: 'custom', path: [], message: 'expected an array (or iterable) of complaint records', input: undefined } as ValidationIssue]);
  }
  for (const r of records as Iterable<unknown>) b.add(r);
  return b.result();
}
