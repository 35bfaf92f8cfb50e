// The visual report (self-contained HTML with inline SVG) and the terminal KPI table.
export { renderReport } from './html.js';
export { formatKpiTable, type KpiTableOptions } from './table.js';
export { formatDuration, formatPercent } from './format.js';
export { histogramBins } from './charts.js';
export { describeCalendar } from './assumptions.js';
export type { DailyPoint, ReportInput, ReportAssumptions } from './types.js';
