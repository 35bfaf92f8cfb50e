import { z } from 'zod';
import { categories as categoryOrder, severities } from '../schemas/common.js';
import { channels } from '../schemas/intake.js';
import { parseWith } from '../schemas/parse.js';
import { alwaysOpen } from '../sla/calendar.js';
import type { Policy } from '../sla/policy.js';
import { presets, type PresetName } from '../sla/presets/index.js';
import { parseRecords } from './input.js';
import { computeKpis } from './kpis.js';
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
      return [c.severity ?? 'unclassified'];
    case 'category':
      return c.categories.length > 0 ? [...new Set(c.categories)] : ['uncategorized'];
    case 'department':
      return [c.department ?? 'unassigned'];
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

/**
 * The KPIs of complaint handling over a set of records from any store.
 *
 * Counts, acknowledgement / first-contact / resolution times (p50, p90, max;
 * calendar and working time), SLA compliance, breaches and warnings per clock,
 * escalations per level, first-contact resolution and re-open rates,
 * satisfaction, objections, root-cause Pareto by method and liability,
 * category Pareto and compensation totals. See {@link Kpis} for each
 * definition.
 *
 * @param records - `ComplaintRecord`s (as `store.load` returns them) or plain `{ id, stage, context }` objects
 * @param options - optional grouping, filing-time window and policy
 * @returns a plain JSON {@link Summary}
 * @throws ValidationError when a record or an option is malformed
 * @example
 * const page = await store.list({ limit: 1000 });
 * const records = await Promise.all(page.items.map((s) => store.load(s.id)));
 * const summary = summarize(records, { groupBy: 'severity', from: '2026-11-01' });
 * console.log(summary.total.sla.firstContact.compliance);
 */
export function summarize(records: readonly unknown[], options: SummarizeOptions = {}): Summary {
  const o = parseWith(optionsSchema, 'summarize options', options);
  const parsed = parseRecords(records);
  const policy: Policy = o.policy === undefined ? presets.guideline : typeof o.policy === 'string' ? presets[o.policy] : o.policy;
  const business = policy.calendars.business ?? alwaysOpen;
  const from = o.from ?? null;
  const to = o.to ?? null;
  const inWindow = parsed.filter((r) => {
    const t = r.context.intake.filedAt;
    return (from === null || t >= from) && (to === null || t < to);
  });

  const groups: KpiGroup[] = [];
  if (o.groupBy) {
    const by = o.groupBy;
    const members = new Map<string, AnalyticsRecord[]>();
    for (const r of inWindow) {
      for (const key of keysOf(r, by)) {
        const list = members.get(key);
        if (list) list.push(r);
        else members.set(key, [r]);
      }
    }
    const order = groupOrder(by);
    const rank = (k: string) => {
      const i = order.indexOf(k);
      return i < 0 ? order.length : i;
    };
    const keys = [...members.keys()].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
    for (const key of keys) groups.push({ key, kpis: computeKpis(members.get(key)!, policy, business) });
  }

  return {
    policy: policy.name,
    timeZone: business.timeZone,
    from,
    to,
    input: parsed.length,
    groupBy: o.groupBy ?? null,
    total: computeKpis(inWindow, policy, business),
    groups,
  };
}
