// The result of a simulation run.
import type { ComplaintRecord, TimelineEntry } from '../adapters/types.js';
import type { Summary } from '../analytics/index.js';
import type { DailyPoint } from '../report/index.js';
import type { NormalisedSimulationOptions } from './options.js';

/** What {@link simulate} returns: plain JSON (same seed, same bytes). */
export interface SimulationResult {
  /** The options with every default filled in. */
  options: NormalisedSimulationOptions;
  /** `summarize(records, { policy })` over every complaint filed. */
  kpis: Summary;
  /**
   * One point per simulated day: arrivals, open complaints per stage at the
   * end of the day (every open stage, zeros included), SLA breaches and
   * escalation steps (breach, urgent routing, objection) that day.
   */
  daily: DailyPoint[];
  /** Every complaint's stored record, in filing order (absent with `keepRecords: false`). */
  records?: ComplaintRecord[];
  /** Audit timelines by complaint id (only with `keepTimelines: true`). */
  timelines?: Record<string, TimelineEntry[]>;
  /** Filing to (final) closing, in ms, of each closed complaint, in filing order. */
  resolutionTimes: number[];
  counts: {
    /** Complaints filed (the sum of daily arrivals). */
    filed: number;
    /** Events the desk accepted from staff and customers. */
    events: number;
    /** Timers the desk fired (`runDue`). */
    timersFired: number;
    /** Notifications the desk wrote to its outbox. */
    notifications: number;
    /** Events the desk refused (invalid in the complaint's state); 0 in a sound process model. */
    rejected: number;
  };
}
