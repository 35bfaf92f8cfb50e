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
