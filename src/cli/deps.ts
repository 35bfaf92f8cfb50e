// What the commands take from outside, so that tests can replace it.
import type { ComplaintRecord, TimelineEntry } from '../adapters/types.js';
import type { Summary } from '../analytics/types.js';
import type { DailyPoint } from '../report/types.js';
import type { NormalisedSimulationOptions, SimulationOptions } from '../simulation/options.js';
import type { OpenDatabase } from './database.js';

/** What the `simulate` command uses of a simulation's result. */
export interface SimulateOutcome {
  /** The options with every default filled in (shown as the report's assumptions). */
  options?: NormalisedSimulationOptions;
  kpis: Summary;
  daily: DailyPoint[];
  resolutionTimes: number[];
  /** Every complaint's record (asked for with `keepRecords: true`, for `--records`). */
  records?: ComplaintRecord[];
  /** Audit timelines by complaint id (asked for with `keepTimelines: true`, written with `--records`). */
  timelines?: Record<string, TimelineEntry[]>;
  counts?: unknown;
}

/** What the `simulate` command needs from the simulation module. */
export interface SimulateFn {
  (options: SimulationOptions): Promise<SimulateOutcome>;
}

/** Things the commands use that tests may replace. */
export interface CliDeps {
  /** The simulation (default: `simulate` from the simulation module). */
  simulate?: SimulateFn;
  /** The time printed in reports (default: now). */
  now?: () => Date;
  /** Opens the database of `--database-url` (default: a node-postgres pool on the URL). */
  openDatabase?: OpenDatabase;
}
