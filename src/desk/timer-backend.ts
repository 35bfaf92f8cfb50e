// The timer-backend port: how a job engine (graphile-worker, BullMQ, …)
// delivers the desk's timers. The store stays the truth: a job carries the
// complaint id, the timer key and the due instant, and firing it checks
// the stored timer first, so a stale or duplicate job is a no-op. Every
// engine here is at-least-once; the desk makes the effect exactly-once.
import { z } from 'zod';
import { idText, instantSchema } from '../schemas/common.js';
import type { DispatchResult } from './outbox.js';

/** One timer as a job engine carries it. */
export interface TimerJob {
  complaintId: string;
  /** The timer key, e.g. `sla.due`. */
  key: string;
  /** The due instant (epoch ms) the job was armed for. */
  dueAt: number;
}

/**
 * A timer generation a commit ended: the timer was disarmed, or re-armed for
 * another instant (then `armed` holds its new generation). `dueAt` is the
 * instant it had been armed for, so a backend can find its job.
 */
export interface DisarmedTimer {
  complaintId: string;
  key: string;
  dueAt: number;
}

/** What firing a job did: `fired`, or `stale` (disarmed, re-armed for another instant, or fired already). */
export type TimerFireResult = 'fired' | 'stale';

/** Fires one job through the desk (what a backend's worker calls). */
export type FireTimer = (job: TimerJob) => Promise<TimerFireResult>;

/** What a backend's workers may ask of the desk besides firing timers (passed to `start`). */
export interface TimerBackendDesk {
  /** Deliver the due outbox messages, as `desk.dispatch()` does (e.g. from a dispatch job). */
  dispatch(): Promise<DispatchResult>;
}

/**
 * A timer backend: where the desk's timers run when a team has a job engine.
 * The built-in path (the store's timer rows claimed with leases by
 * `runDue`) needs none. A backend either joins the store's transaction
 * (graphile-worker: the PostgreSQL store's timer hook enqueues the job in the
 * commit) or is fed after the commit (`afterCommit`, e.g. BullMQ). Either way
 * the desk keeps a sweep: timers overdue by more than `sweepGraceMs` are
 * fired by the desk itself, which repairs a crash between a commit and its
 * enqueue.
 */
export interface TimerBackend {
  /** A short name for logs and `health()`. */
  readonly name: string;
  /**
   * Called after every commit that armed or disarmed timers, once the store
   * has it. What it throws is reported (`onError`, kind `timerBackend`) and
   * never fails the command: the sweep fires what was not enqueued.
   */
  afterCommit?(change: { armed: readonly TimerJob[]; disarmed: readonly DisarmedTimer[] }): Promise<void>;
  /**
   * Begin delivering due jobs to `fire` (called by `desk.start()`); `desk`
   * (always given by the desk) lets the backend's workers deliver the outbox too.
   */
  start?(fire: FireTimer, desk?: TimerBackendDesk): void | Promise<void>;
  /** Stop delivering (called by `desk.stop()`), after in-flight jobs finish. */
  stop?(): Promise<void>;
  /** How long after its due instant a timer the backend did not fire is fired by the desk's sweep (default 60 s). */
  readonly sweepGraceMs?: number;
}

/** The sweep's default grace: a timer overdue by a minute without its job is fired by the desk. */
export const DEFAULT_SWEEP_GRACE_MS = 60_000;

/** Zod schema of a {@link TimerJob} as a worker receives it (from a queue: trust nothing). */
export const timerJobSchema = z.object({ complaintId: idText, key: idText, dueAt: instantSchema });
