export {
  createDesk,
  MACHINE_VERSION,
  type Desk,
  type DeskOptions,
  type DeskHealth,
  type DeskProblems,
  type DispatchResult,
  type RunDueResult,
  type RecordsOptions,
  type ComplaintExport,
  type CustomerViewOptions,
  type ListOptions,
} from './desk.js';
export { timerJobSchema, DEFAULT_SWEEP_GRACE_MS, type TimerBackend, type TimerJob, type DisarmedTimer, type TimerFireResult, type FireTimer, type TimerBackendDesk } from './timer-backend.js';
export { systemClock, manualClock, type ManualClock } from './clock.js';
export { inProcessScheduler, MAX_TIMEOUT_MS, type InProcessSchedulerOptions } from './scheduler.js';
export { maskPersonalData, noRedaction, inspectorSanitizers, createRedactor, defaultMaskedFields, type InspectorSanitizers, type Redactor, type MaskedFields } from './redact.js';
export { eventRoles, fileRoles, authorize, authorizeFiling } from './authorization.js';
export { viewOf, summarize, deadlineStatus, detailsOf, type ComplaintView, type ComplaintDetails, type HistoryEntry, type InternalDetails } from './view.js';
export { commandOptionsSchema, deskOptionsSchema, deskDefaults, type CommandOptions, type TimeOptions, type BackdatingOptions, type DeskCommit } from './options.js';
export { rateLimitedReporter, REPORT_INTERVAL_MS, type DeskErrorContext, type DeskErrorHandler, type Logger, type LastError } from './report.js';
export { BACKWARDS_TOLERANCE_MS } from './time.js';
export { customerViewOf, type CustomerView } from './customer-view.js';
export { customerLocales, type CustomerLocale, type CustomerStep } from './customer-words.js';
export { watchTrends, defaultAlertRecipients, type WatchTrendsOptions, type WatchTrendsResult } from './watch-trends.js';
export { alertRoles, alertMessageId, type AlertInput, type AlertResult } from './alerts.js';
