// The trends section of the reports `redress simulate --report` and
// `redress summarize --report` write: detectTrends over the same complaints.
import type { TrendReport } from '../analytics/trend-types.js';
import { detectTrends } from '../analytics/trends.js';
import { simulateArrivals } from '../simulation/arrivals-only.js';
import type { Policy } from '../sla/policy.js';
import type { SimulateOutcome } from './deps.js';

/**
 * The trend alerts of a simulation, on its days (its time zone): over its
 * records when it kept them, else over its arrivals regenerated from the
 * options (the same complaints, without the desk).
 *
 * @param result - the simulation's outcome
 * @param policy - the policy it ran with
 * @returns the trend report, or undefined when the outcome has neither records nor options
 */
export function simulationTrends(result: SimulateOutcome, policy: Policy): TrendReport | undefined {
  const o = result.options;
  if (result.records) return detectTrends(result.records, { policy, ...(o ? { timeZone: o.timeZone } : {}) });
  if (!o) return undefined;
  const arrivals = simulateArrivals({
    seed: o.seed,
    start: o.start,
    days: o.days,
    perDay: o.perDay,
    hourProfile: o.hourProfile,
    timeZone: o.timeZone,
    severityMix: o.severityMix,
    categoryMix: o.categoryMix,
    channelMix: o.channelMix,
    policy,
  });
  return detectTrends(arrivals, { policy, timeZone: o.timeZone });
}
