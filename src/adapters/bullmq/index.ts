// redress/bullmq: the desk's timers as delayed BullMQ jobs (Redis).
export { bullmqTimerBackend, type BullmqTimerBackend } from './backend.js';
export { timerJobId, TIMER_JOB_NAME } from './job-id.js';
export {
  bullmqTimerBackendOptionsSchema,
  DEFAULT_TIMER_JOB_OPTIONS,
  type BullmqTimerBackendOptions,
  type BullmqTimerJobOptions,
  type BullmqErrorContext,
  type BullmqRedisOptions,
  type BullmqRedisClient,
  type BullmqKeepJobs,
} from './options.js';
