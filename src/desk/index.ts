export { createDesk, MACHINE_VERSION, type Desk, type DeskOptions, type DispatchResult, type RunDueResult, type SnapshotMigration } from './desk.js';
export { systemClock, manualClock, type ManualClock } from './clock.js';
export { inProcessScheduler, MAX_TIMEOUT_MS, type InProcessSchedulerOptions } from './scheduler.js';
export { maskPersonalData, noRedaction, inspectorSanitizers, type InspectorSanitizers, type Redactor } from './redact.js';
export { eventRoles, fileRoles, authorize, authorizeFiling } from './authorization.js';
export { viewOf, summarize, deadlineStatus, type ComplaintView } from './view.js';
export { commandOptionsSchema, deskOptionsSchema, type CommandOptions } from './options.js';
