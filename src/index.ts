// Public API of redress. Everything is re-exported by name.
export {
  RedressError,
  ValidationError,
  ForbiddenError,
  ConflictError,
  NotFoundError,
  InvalidTransitionError,
  StoreUnavailableError,
  type ValidationIssue,
} from './errors.js';

export {
  roles,
  categories,
  severities,
  actorSchema,
  type Actor,
  type Role,
  type Category,
  type Severity,
} from './schemas/common.js';
export {
  intakeSchema,
  customerSchema,
  channels,
  emotions,
  motives,
  type Intake,
  type IntakeInput,
  type Customer,
  type Channel,
  type Emotion,
  type Motive,
} from './schemas/intake.js';
export {
  eventSchemas,
  eventTypes,
  complaintEventSchema,
  clockNames,
  remedies,
  satisfactions,
  rootCauseMethods,
  liabilities,
  type ComplaintEvent,
  type EventOf,
  type EventType,
  type ClockName,
  type Remedy,
  type Satisfaction,
} from './schemas/events.js';
export { parseIntake, parseEvent } from './schemas/parse.js';

export {
  createCalendar,
  alwaysOpen,
  isCalendar,
  calendarSpecSchema,
  type Calendar,
  type CalendarSpec,
  type Weekday,
  type TimeRange,
} from './sla/calendar.js';
export { durationSchema, describeDuration, type Duration } from './sla/duration.js';
export { addWorkingTime, workingTimeBetween, isWorkingTime, nextWorkingTime } from './sla/working-time.js';
export {
  definePolicy,
  targetFor,
  targetNames,
  policyInputSchema,
  defaultBusinessCalendar,
  type Policy,
  type PolicyInput,
  type Target,
  type TargetName,
  type TargetRule,
  type EscalationLevel,
} from './sla/policy.js';
export { presets, type PresetName } from './sla/presets/index.js';
export type { SlaClock } from './sla/clock.js';

export {
  createComplaintMachine,
  complaintMachine,
  acceptedEvents,
  stageOf,
  stepPath,
  labels,
  SLA_PAUSED_TAG,
  defaultDepartments,
  archiveRecord,
  initialContext,
  type ComplaintMachine,
  type MachineEvent,
  type InternalEvent,
  type StateMeta,
  type ComplaintContext,
  type ArchiveRecord,
  type ComplaintInput,
  type Notification,
  type Outcome,
  type Proposal,
  type EscalationStep,
  type EscalationReason,
  toMermaid,
  toJSONDiagram,
  type MermaidOptions,
  type DiagramState,
  type DiagramTransition,
  type DiagramTransitionKind,
} from './machine/index.js';

export {
  createDesk,
  MACHINE_VERSION,
  systemClock,
  manualClock,
  inProcessScheduler,
  MAX_TIMEOUT_MS,
  maskPersonalData,
  noRedaction,
  inspectorSanitizers,
  type InspectorSanitizers,
  eventRoles,
  fileRoles,
  commandOptionsSchema,
  deskOptionsSchema,
  type Desk,
  type DeskOptions,
  type DispatchResult,
  type RunDueResult,
  type SnapshotMigration,
  type ManualClock,
  type InProcessSchedulerOptions,
  type Redactor,
  type ComplaintView,
  type CommandOptions,
} from './desk/index.js';

export { memoryStore } from './adapters/memory-store.js';
export { memoryNotifier, consoleNotifier, type MemoryNotifier } from './adapters/notifiers.js';
export { listQuerySchema } from './adapters/list-query.js';
export type {
  ComplaintStore,
  Notifier,
  Scheduler,
  Clock,
  Commit,
  ComplaintRecord,
  ComplaintSummary,
  DeadlineStatus,
  DeadlineView,
  IdempotencyRecord,
  Lease,
  ListPage,
  ListQuery,
  OutboundMessage,
  OutboxMessage,
  OutboxStatus,
  OutboxUpdate,
  TimelineEntry,
  TimelineKind,
  TimerRecord,
} from './adapters/types.js';

export {
  summarize,
  type SummarizeOptions,
  type Summary,
  type Kpis,
  type KpiGroup,
  type GroupBy,
  type DurationStats,
  type TimeKpi,
  type ClockKpi,
  type ParetoEntry,
  type LevelCount,
  type Rate,
} from './analytics/index.js';
export { renderReport, formatKpiTable, type ReportInput, type DailyPoint } from './report/index.js';
export {
  simulate,
  simulationOptionsSchema,
  type SimulationOptions,
  type NormalisedSimulationOptions,
  type SimulationResult,
  type RoleStaffing,
  type StaffRole,
  type HandlingStep,
  type ProbabilityName,
  type Distribution,
} from './simulation/index.js';
