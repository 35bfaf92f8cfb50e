// Options of the BullMQ timer backend, with their defaults and their schema.
// The public types are structural: the declarations must not need bullmq's types (an optional peer).
import { z } from 'zod';
import { DEFAULT_SWEEP_GRACE_MS } from '../../desk/timer-backend.js';
import { parseWith } from '../../schemas/parse.js';

/** Where a BullMQ failure the desk does not see was noticed. */
export interface BullmqErrorContext {
  /** `worker` (the worker's connection), `queue` (the queue's connection), `job` (a job failed; BullMQ retries it while attempts remain). */
  stage: 'worker' | 'queue' | 'job';
  /** The job concerned, for `job`. */
  jobId?: string;
}

/** Redis connection options as BullMQ takes them (passed through; BullMQ and ioredis check them). */
export interface BullmqRedisOptions {
  host?: string;
  port?: number;
  db?: number;
  username?: string;
  password?: string;
  /** TLS options (ioredis' `tls`). */
  tls?: object;
  /** Must be null for a worker's connection (BullMQ sets it for options it is given). */
  maxRetriesPerRequest?: number | null;
  /** Any other ioredis option. */
  [option: string]: unknown;
}

/** An ioredis client (`new Redis(…)` or a Cluster) that BullMQ shares and duplicates. */
export interface BullmqRedisClient {
  duplicate(...args: never[]): unknown;
}

/** Which finished jobs BullMQ keeps: true removes at once, a number keeps that many, or by count, or by age (seconds) and count. */
export type BullmqKeepJobs = boolean | number | { count: number } | { age: number; count?: number; limit?: number };

/** Job options the backend passes to BullMQ for every timer job (BullMQ's own `JobsOptions` fields). */
export interface BullmqTimerJobOptions {
  /** Completed jobs kept (BullMQ's `removeOnComplete`). */
  removeOnComplete?: BullmqKeepJobs;
  /** Failed jobs kept (BullMQ's `removeOnFail`). */
  removeOnFail?: BullmqKeepJobs;
  /** Attempts of a job whose firing throws. */
  attempts?: number;
  /** Backoff between those attempts: ms, or `{ type: 'fixed' | 'exponential', delay }`. */
  backoff?: number | { type: 'fixed' | 'exponential'; delay?: number; jitter?: number };
}

/** Options of {@link bullmqTimerBackend}. */
export interface BullmqTimerBackendOptions {
  /**
   * How BullMQ reaches Redis: connection options (`{ host, port, password, db, tls }`)
   * or an ioredis instance. An instance used by the worker must have
   * `maxRetriesPerRequest: null` (BullMQ's rule for blocking connections);
   * with options, BullMQ sets it itself.
   */
  connection: BullmqRedisOptions | BullmqRedisClient;
  /** The queue's name (no `:`). Default `redress-timers`. */
  queueName?: string;
  /** BullMQ's key prefix in Redis. Default BullMQ's (`bull`). */
  prefix?: string;
  /** Jobs one process runs at once (each fires one timer through the desk). Default 4. */
  concurrency?: number;
  /**
   * Run a worker in this process (`desk.start()` starts it). `false` for an
   * instance that only enqueues (e.g. an HTTP front end). Default true.
   */
  worker?: boolean;
  /** The desk's sweep fires timers overdue by more than this without their job (default 60 s). */
  sweepGraceMs?: number;
  /**
   * Longest wait for Redis in `afterCommit` (the command waits for it); past it
   * the enqueue is reported as failed and the sweep fires the timer. Default 2 s.
   */
  enqueueTimeoutMs?: number;
  /**
   * A job delivered before its instant by the desk's clock (beyond
   * `time.maxSkewMs`) goes back to BullMQ's delayed set until its due instant
   * by this process's clock, and at least this long. Default 1 s.
   */
  earlyRetryMs?: number;
  /** Longest wait for the worker's connection in `start()` before it fails. Default 10 s. */
  connectTimeoutMs?: number;
  /** Longest wait for a graceful close in `stop()` before connections are cut. Default 10 s. */
  closeTimeoutMs?: number;
  /**
   * BullMQ job options for every timer job. Default: completed jobs kept
   * for a day (at most 10,000), failed ones for a week; 5 attempts with
   * exponential backoff from 1 s for a job whose firing threw (store down).
   */
  jobOptions?: BullmqTimerJobOptions;
  /** Failures the desk does not see (connection errors, failed jobs). Default: `console.error`. */
  onError?: (error: unknown, context: BullmqErrorContext) => void;
}

/** The options with every default filled in. */
export type ResolvedBullmqOptions = Required<Omit<BullmqTimerBackendOptions, 'prefix'>> & { prefix: string | undefined };

/** Default job options: see {@link BullmqTimerBackendOptions.jobOptions}. */
export const DEFAULT_TIMER_JOB_OPTIONS: BullmqTimerJobOptions = {
  removeOnComplete: { age: 24 * 3600, count: 10_000 },
  removeOnFail: { age: 7 * 24 * 3600 },
  attempts: 5,
  backoff: { type: 'exponential', delay: 1000 },
};

const ms = (max: number) => z.number().int().min(0).max(max);
const isObject = (v: unknown): v is object => typeof v === 'object' && v !== null;

/** Zod schema of {@link BullmqTimerBackendOptions} (BullMQ checks the connection and job options itself). */
export const bullmqTimerBackendOptionsSchema = z.strictObject({
  connection: z.custom<BullmqRedisOptions | BullmqRedisClient>(isObject, 'connection must be BullMQ connection options or an ioredis instance'),
  queueName: z
    .string()
    .min(1)
    .max(200)
    .refine((s) => !s.includes(':'), 'must not contain ":" (BullMQ refuses it)')
    .optional(),
  prefix: z.string().min(1).max(200).optional(),
  concurrency: z.number().int().min(1).max(1000).optional(),
  worker: z.boolean().optional(),
  sweepGraceMs: ms(7 * 24 * 3_600_000).optional(),
  enqueueTimeoutMs: ms(600_000).refine((v) => v > 0, 'must be positive').optional(),
  earlyRetryMs: ms(3_600_000).refine((v) => v > 0, 'must be positive').optional(),
  connectTimeoutMs: ms(600_000).refine((v) => v > 0, 'must be positive').optional(),
  closeTimeoutMs: ms(600_000).refine((v) => v > 0, 'must be positive').optional(),
  jobOptions: z.custom<BullmqTimerJobOptions>(isObject, 'jobOptions must be an object').optional(),
  onError: z.custom<BullmqTimerBackendOptions['onError']>((v) => typeof v === 'function', 'onError must be a function').optional(),
});

const defaultOnError = (error: unknown, context: BullmqErrorContext): void => {
  console.error(`redress/bullmq: ${context.stage}${context.jobId ? ` ${context.jobId}` : ''}:`, error);
};

/**
 * Validate the options and fill in the defaults.
 * @throws ValidationError naming the option
 */
export function resolveOptions(options: BullmqTimerBackendOptions): ResolvedBullmqOptions {
  const o = parseWith(bullmqTimerBackendOptionsSchema, 'bullmq timer backend options', options);
  return {
    connection: o.connection,
    queueName: o.queueName ?? 'redress-timers',
    prefix: o.prefix,
    concurrency: o.concurrency ?? 4,
    worker: o.worker ?? true,
    sweepGraceMs: o.sweepGraceMs ?? DEFAULT_SWEEP_GRACE_MS,
    enqueueTimeoutMs: o.enqueueTimeoutMs ?? 2_000,
    earlyRetryMs: o.earlyRetryMs ?? 1_000,
    connectTimeoutMs: o.connectTimeoutMs ?? 10_000,
    closeTimeoutMs: o.closeTimeoutMs ?? 10_000,
    jobOptions: { ...DEFAULT_TIMER_JOB_OPTIONS, ...o.jobOptions },
    onError: o.onError ?? defaultOnError,
  };
}
