import { z } from 'zod';
import {
  actorSchema,
  amountSchema,
  categorySchema,
  instantSchema,
  longText,
  severitySchema,
  shortText,
} from './common.js';

const base = { at: instantSchema, actor: actorSchema };
const optionalNote = longText.optional();

export const rootCauseMethods = ['five_whys', 'fishbone', 'rca', 'other'] as const;
export const liabilities = ['company', 'supplier', 'logistics_partner', 'customer', 'shared', 'none', 'undetermined'] as const;
export const remedies = ['repair', 'replace', 'refund', 'voucher', 'apology', 'other'] as const;
export const satisfactions = ['satisfied', 'basically_satisfied', 'unsatisfied'] as const;
export const clockNames = ['acknowledge', 'triage', 'firstContact', 'proposal', 'execution', 'followUp', 'resolution'] as const;
/** An SLA clock: one per policy target, plus `execution` (the committed date). */
export type ClockName = (typeof clockNames)[number];
export type Satisfaction = (typeof satisfactions)[number];
export type Remedy = (typeof remedies)[number];

const ev = <T extends string, S extends z.core.$ZodLooseShape>(type: T, shape: S) =>
  z.strictObject({ type: z.literal(type), ...base, ...shape });

/** One zod schema per public machine event, keyed by type. */
export const eventSchemas = {
  ACKNOWLEDGE: ev('ACKNOWLEDGE', { note: optionalNote }),
  RESOLVE_ON_FIRST_CONTACT: ev('RESOLVE_ON_FIRST_CONTACT', { summary: longText }),
  TRIAGE: ev('TRIAGE', {
    categories: z.array(categorySchema).min(1).max(5),
    severity: severitySchema,
    department: shortText.optional(),
    assignee: shortText.optional(),
    note: optionalNote,
  }),
  CONTACT_CUSTOMER: ev('CONTACT_CUSTOMER', { summary: optionalNote }),
  REQUEST_INFO: ev('REQUEST_INFO', { request: longText }),
  PROVIDE_INFO: ev('PROVIDE_INFO', { info: longText, attachments: z.array(shortText).max(50).optional() }),
  RECORD_ROOT_CAUSE: ev('RECORD_ROOT_CAUSE', {
    method: z.enum(rootCauseMethods),
    cause: longText,
    liability: z.enum(liabilities),
  }),
  PROPOSE: ev('PROPOSE', {
    remedies: z.array(z.enum(remedies)).min(1).max(6),
    compensation: amountSchema.optional(),
    commitments: z.array(longText).max(20).optional(),
    executeBy: instantSchema,
    note: optionalNote,
  }),
  APPROVE: ev('APPROVE', { note: optionalNote }),
  DECLINE: ev('DECLINE', { reason: longText }),
  ACCEPT: ev('ACCEPT', { note: optionalNote }),
  OBJECT: ev('OBJECT', { objection: longText }),
  DECLARE_UNRESOLVABLE: ev('DECLARE_UNRESOLVABLE', { reason: longText }),
  REPORT_PROGRESS: ev('REPORT_PROGRESS', { progress: longText }),
  REPORT_EXECUTION_ISSUE: ev('REPORT_EXECUTION_ISSUE', {
    issue: longText,
    kind: z.enum(['out_of_stock', 'system_failure', 'other']).optional(),
  }),
  COMPLETE_EXECUTION: ev('COMPLETE_EXECUTION', { summary: optionalNote }),
  RECORD_FOLLOW_UP: ev('RECORD_FOLLOW_UP', { satisfaction: z.enum(satisfactions), comment: optionalNote }),
  EXTEND: ev('EXTEND', { until: instantSchema, reason: longText, clock: z.enum(clockNames).optional() }),
  WITHDRAW: ev('WITHDRAW', { reason: optionalNote }),
  REOPEN: ev('REOPEN', { reason: longText }),
  ESCALATE: ev('ESCALATE', { reason: longText }),
  REASSIGN: ev('REASSIGN', { assignee: shortText.optional(), department: shortText.optional(), reason: optionalNote }).refine(
    (e) => e.assignee !== undefined || e.department !== undefined,
    { message: 'REASSIGN needs an assignee or a department', path: ['assignee'] },
  ),
  ADD_NOTE: ev('ADD_NOTE', { note: longText }),
  ARCHIVE: ev('ARCHIVE', { note: optionalNote }),
} as const;

/** Every public event type, in lifecycle order. */
export const eventTypes = Object.keys(eventSchemas) as EventType[];
/** A public event type. */
export type EventType = keyof typeof eventSchemas;

/** Zod schema of any public complaint event (discriminated by `type`). */
export const complaintEventSchema = z.discriminatedUnion('type', Object.values(eventSchemas) as unknown as [
  (typeof eventSchemas)[EventType],
  ...(typeof eventSchemas)[EventType][],
]);

/** A validated public complaint event. */
export type ComplaintEvent = { [K in EventType]: z.infer<(typeof eventSchemas)[K]> }[EventType];
/** The event of type `K`. */
export type EventOf<K extends EventType> = Extract<ComplaintEvent, { type: K }>;
