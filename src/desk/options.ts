import { z } from 'zod';
import { actorSchema, instantSchema } from '../schemas/common.js';

const fn = (name: string) => z.custom<(...args: never[]) => unknown>((v) => typeof v === 'function', `${name} must be a function`);
const withMethods = (name: string, methods: string[]) =>
  z.custom<object>(
    (v) => typeof v === 'object' && v !== null && methods.every((m) => typeof (v as Record<string, unknown>)[m] === 'function'),
    `${name} must have methods ${methods.join(', ')}`,
  );

/** Zod schema of `createDesk` options (adapters are checked for their methods). */
export const deskOptionsSchema = z.strictObject({
  store: withMethods('store', ['load', 'commit', 'claimDue', 'releaseTimers', 'nextDueAt', 'claimOutbox', 'markOutbox', 'outbox', 'list', 'timeline', 'idempotency']),
  notifier: withMethods('notifier', ['send']),
  policy: z
    .custom<object>((v) => {
      if (typeof v !== 'object' || v === null) return false;
      const p = v as { escalation?: { levels?: unknown }; calendars?: unknown; targets?: unknown; authority?: unknown };
      return Array.isArray(p.escalation?.levels) && typeof p.calendars === 'object' && typeof p.targets === 'object' && typeof p.authority === 'object';
    }, 'policy must come from definePolicy() or presets')
    .optional(),
  calendar: z.custom<object>((v) => typeof v === 'object' && v !== null, 'calendar must be a calendar or calendar spec').optional(),
  clock: withMethods('clock', ['now']).optional(),
  scheduler: z.union([withMethods('scheduler', ['start', 'schedule', 'stop']), z.literal(false)]).optional(),
  retry: z
    .strictObject({
      attempts: z.number().int().min(1).max(100).optional(),
      baseDelayMs: z.number().min(0).max(60_000).optional(),
      maxDelayMs: z.number().min(0).max(600_000).optional(),
      sleep: fn('retry.sleep').optional(),
    })
    .optional(),
  outbox: z
    .strictObject({
      maxAttempts: z.number().int().min(1).max(100).optional(),
      baseDelayMs: z.number().min(0).optional(),
      maxDelayMs: z.number().min(0).optional(),
      leaseMs: z.number().int().min(1).optional(),
      batch: z.number().int().min(1).max(10_000).optional(),
    })
    .optional(),
  timerLeaseMs: z.number().int().min(1).optional(),
  redact: z.union([fn('redact'), z.literal(false)]).optional(),
  idGenerator: fn('idGenerator').optional(),
  instanceId: z.string().min(1).max(200).optional(),
  migrations: z.record(z.string().regex(/^\d+$/), fn('migration')).optional(),
});

/** Zod schema of the options of `file` and `send`. */
export const commandOptionsSchema = z.strictObject({
  actor: actorSchema,
  idempotencyKey: z.string().min(1).max(200).optional(),
  expectedVersion: z.number().int().min(1).optional(),
});

/** Options of `file` and `send`. */
export type CommandOptions = z.infer<typeof commandOptionsSchema>;

/** `runDue(now)` and friends take an optional instant. */
export const optionalInstant = instantSchema.optional();
