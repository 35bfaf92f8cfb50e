// simulate(): plan the run, run the real desk on virtual time, then compute
// the KPIs and the daily series from what it left behind.
import type { ComplaintRecord } from '../adapters/types.js';
import { summarize } from '../analytics/index.js';
import { simulatedDays } from './days.js';
import { planSimulation, type SimulationOptions } from './options.js';
import type { DailyPoint } from '../report/index.js';
import type { SimulationResult } from './result.js';
import { runDesk } from './run.js';

/**
 * Run the complaint process on virtual time with the real desk over a memory
 * store: Poisson arrivals with an hour-of-day profile, staff with calendars
 * and capacity working queued complaints, customers answering, and the
 * desk's SLA timers firing in order. Deterministic: the same options give
 * the same result, byte for byte.
 *
 * @param options - see {@link SimulationOptions}
 * @returns KPIs, a daily series, records and counts
 * @throws ValidationError naming the offending option
 * @example
 * const r = await simulate({ seed: 1, days: 30, perDay: 200, preset: 'guideline' });
 * r.kpis.total.sla.firstContact.compliance;
 */
export async function simulate(options: SimulationOptions): Promise<SimulationResult> {
  const plan = planSimulation(options);
  const o = plan.options;
  const days = simulatedDays(o.start, o.days, o.timeZone);
  const run = await runDesk(plan, days);

  const daily: DailyPoint[] = days.dates.map((date, d) => ({
    date,
    arrivals: run.arrivals[d]!,
    backlog: run.backlog[d]!,
    breaches: run.breaches[d]!,
    escalations: run.escalations[d]!,
  }));
  const resolutionTimes: number[] = [];
  for (const r of run.records) {
    const ctx = ('snapshot' in r ? (r.snapshot as { context: unknown }).context : r.context) as {
      milestones: { closedAt: number | null };
      intake: { filedAt: number };
    };
    if (ctx.milestones.closedAt !== null) resolutionTimes.push(ctx.milestones.closedAt - ctx.intake.filedAt);
  }
  const kpis = summarize(run.records, { policy: plan.policy });

  return {
    options: o,
    kpis,
    daily,
    ...(o.keepRecords ? { records: run.records as ComplaintRecord[] } : {}),
    ...(run.timelines ? { timelines: run.timelines } : {}),
    resolutionTimes,
    counts: {
      filed: run.filed,
      events: run.events,
      timersFired: run.timersFired,
      notifications: run.notifications,
      rejected: run.rejected,
    },
  };
}
