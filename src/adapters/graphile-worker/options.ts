// Options of redress/graphile-worker, validated with zod.
import { z } from 'zod';
import { ValidationError } from '../../errors.js';

const ident = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be a plain SQL identifier (letters, digits, _)')
  .max(40);

/** Zod schema of the graphile-worker part of {@link GraphileWorkerOptions} (the store options are checked by the store). */
export const graphileWorkerOptionsSchema = z.object({
  workerSchema: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be a plain SQL identifier (letters, digits, _)')
    .max(63)
    .optional(),
  taskPrefix: ident.optional(),
  concurrency: z.number().int().min(1).max(1000).optional(),
  pollInterval: z.number().int().min(10).max(3_600_000).optional(),
  maxAttempts: z.number().int().min(1).max(32_767).optional(),
  dispatchShards: z.number().int().min(1).max(256).optional(),
  sweepGraceMs: z.number().int().min(0).optional(),
});

/** The graphile-worker settings, defaults filled in. */
export interface WorkerSettings {
  workerSchema: string;
  timerTask: string;
  dispatchTask: string;
  /** Prefix of every job key this desk writes (`<prefix>:<complaint id>:<timer key>`, `<prefix>:dispatch:<n>`). */
  keyPrefix: string;
  concurrency: number;
  pollInterval: number;
  maxAttempts: number;
  dispatchShards: number;
  sweepGraceMs: number;
}

/** Validate and fill in the defaults. */
export function settingsOf(input: z.input<typeof graphileWorkerOptionsSchema>): WorkerSettings {
  const r = graphileWorkerOptionsSchema.safeParse(input);
  if (!r.success) throw new ValidationError('graphile-worker options', r.error.issues);
  const o = r.data;
  const prefix = o.taskPrefix ?? 'redress';
  return {
    workerSchema: o.workerSchema ?? 'graphile_worker',
    timerTask: `${prefix}_timer`,
    dispatchTask: `${prefix}_dispatch`,
    keyPrefix: prefix,
    concurrency: o.concurrency ?? 10,
    pollInterval: o.pollInterval ?? 2_000,
    maxAttempts: o.maxAttempts ?? 25,
    dispatchShards: o.dispatchShards ?? 8,
    sweepGraceMs: o.sweepGraceMs ?? 60_000,
  };
}
