// Analytics: the KPIs of complaint handling over records from any store.
export { summarize, type SummarizeOptions } from './summarize.js';
export { parseRecords, analyticsContextSchema } from './input.js';
export { percentile } from './stats.js';
export type {
  Summary,
  Kpis,
  KpiGroup,
  GroupBy,
  DurationStats,
  TimeKpi,
  ClockKpi,
  ParetoEntry,
  LevelCount,
  Rate,
  AnalyticsRecord,
  AnalyticsContext,
} from './types.js';
export { detectTrends, TrendAccumulator, spikeAlertId, batchAlertId } from './trends.js';
export { trendDefaults, trendDimensions, type TrendOptions } from './trend-options.js';
export { poissonUpperLimit, poissonTail, poissonDays, ewmaDays, type PoissonParams, type EwmaParams, type JudgedDay } from './trend-methods.js';
export type { TrendAlert, SpikeAlert, BatchAlert, TrendReport, TrendDimension, TrendMethod } from './trend-types.js';
