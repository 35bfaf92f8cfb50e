// The visual report (self-contained HTML with inline SVG) and the terminal KPI table.
export { renderReport } from './html.js';
export { formatKpiTable } from './table.js';
export { formatDuration, formatPercent } from './format.js';
export { histogramBins } from './charts.js';
export type { DailyPoint, ReportInput } from './types.js';
