// The arrivals of a simulation without the desk: the complaints `simulate`
// would file (same seed, same instants, ids, categories and channels), as
// intake-only records, generated one at a time. For analytics of intake —
// trend detection over long steady runs — where running the whole
// lifecycle would cost minutes.
import type { Category } from '../schemas/common.js';
import type { IntakeInput } from '../schemas/intake.js';
import { arrivalsBetween } from './arrivals.js';
import { complaintFactory, intakeOf } from './complaint.js';
import { simulatedDays } from './days.js';
import { planSimulation, type SimulationOptions } from './options.js';
import { Random, streamSeed } from './random.js';

/** A filed complaint as {@link simulateArrivals} yields it: the intake, and its category as triage would set it. */
export interface ArrivalRecord {
  id: string;
  stage: 'received';
  context: {
    intake: IntakeInput & { id: string; filedAt: number };
    routing: { categories: Category[] };
  };
}

/** The options of {@link simulateArrivals}: the arrival model of `simulate`. */
export type ArrivalOptions = Pick<
  SimulationOptions,
  'seed' | 'start' | 'days' | 'perDay' | 'hourProfile' | 'timeZone' | 'severityMix' | 'categoryMix' | 'channelMix' | 'policy' | 'preset'
>;

/**
 * The complaints `simulate` would file with the same options — Poisson
 * arrivals following the hour profile, categories and channels from their
 * mixes — without running the desk: intake-only records in filing order,
 * generated lazily (bounded memory for any number of days). They carry what
 * `detectTrends` reads, not a lifecycle: use `simulate` for KPIs.
 *
 * @param options - seed, days, perDay and the optional arrival settings of `simulate`
 * @returns a generator of records in filing order
 * @throws ValidationError naming the offending option
 * @example
 * const report = detectTrends(simulateArrivals({ seed: 7, days: 365, perDay: 120 }));
 * report.alerts.length; // false alarms on a steady year
 */
export function* simulateArrivals(options: ArrivalOptions): Generator<ArrivalRecord> {
  const o = planSimulation(options).options;
  const days = simulatedDays(o.start, o.days, o.timeZone);
  const rng = new Random(streamSeed(o.seed, 0));
  const newComplaint = complaintFactory(o);
  let n = 0;
  for (let d = 0; d < o.days; d++) {
    for (const t of arrivalsBetween(rng, days.starts[d]!, days.starts[d + 1]!, o.perDay, o.hourProfile, o.timeZone)) {
      const c = newComplaint(rng, ++n, t);
      const intake = intakeOf(c) as IntakeInput & { id: string; filedAt: number };
      yield { id: c.id, stage: 'received', context: { intake, routing: { categories: [c.category] } } };
    }
  }
}
