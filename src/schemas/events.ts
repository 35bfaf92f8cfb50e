import { z } from 'zod';
import {
  actorSchema,
  amountSchema,
  categorySchema,
  idText,
  instantInputSchema,
  instantSchema,
  longText,
  severitySchema,
  shortText,
} from './common.js';
import { classificationSchema, decisionSchema, vulnerabilitySchema } from './classification.js';
import { channels } from './intake.js';

export const rootCauseMethods = ['five_whys', 'fishbone', 'rca', 'other'] as const;
export const liabilities = ['company', 'supplier', 'logistics_partner', 'customer', 'shared', 'none', 'undetermined'] as const;
export const remedies = ['repair', 'replace', 'refund', 'voucher', 'apology', 'other'] as const;
export const satisfactions = ['satisfied', 'basically_satisfied', 'unsatisfied'] as const;
export const executionIssueKinds = ['out_of_stock', 'system_failure', 'other'] as const;
export const clockNames = ['acknowledge', 'triage', 'firstContact', 'proposal', 'execution', 'followUp', 'resolution', 'regulatory'] as const;
/** An SLA clock: one per policy target, plus `execution` (the committed date) and `regulatory` (the policy's regulatory deadline). */
export type ClockName = (typeof clockNames)[number];
export type Satisfaction = (typeof satisfactions)[number];
export type Remedy = (typeof remedies)[number];
export type RootCauseMethod = (typeof rootCauseMethods)[number];
export type Liability = (typeof liabilities)[number];
export type ExecutionIssueKind = (typeof executionIssueKinds)[number];

const optionalNote = longText.optional();

/**
 * The customer's confirmation of an accepted proposal (方案确认书): the
 * channel it came through and, when there is one, a reference to the signed
 * form, recording or message.
 */
export const confirmationSchema = z.strictObject({ channel: z.enum(channels), reference: shortText.optional() });
/** How the customer confirmed a proposal. */
export type Confirmation = z.infer<typeof confirmationSchema>;

/** How the customer was told of an extension (at the event's time). */
export const noticeSchema = z.strictObject({ channel: z.enum(channels) });
/** How the customer was told of an extension. */
export type Notice = z.infer<typeof noticeSchema>;

/** The payload of each event type, with instants validated by `instant`. */
function payloads<I extends z.ZodType<number, unknown>>(instant: I) {
  return {
    ACKNOWLEDGE: { note: optionalNote },
    RESOLVE_ON_FIRST_CONTACT: { summary: longText, decision: decisionSchema.optional(), redressPaid: amountSchema.optional() },
    TRIAGE: {
      categories: z.array(categorySchema).min(1).max(5),
      severity: severitySchema,
      department: idText.optional(),
      assignee: idText.optional(),
      classification: classificationSchema.optional(),
      vulnerability: vulnerabilitySchema.optional(),
      note: optionalNote,
    },
    CONTACT_CUSTOMER: { summary: optionalNote },
    REQUEST_INFO: { request: longText },
    PROVIDE_INFO: { info: longText, attachments: z.array(shortText).max(50).optional() },
    RECORD_ROOT_CAUSE: { method: z.enum(rootCauseMethods), cause: longText, liability: z.enum(liabilities) },
    PROPOSE: {
      remedies: z.array(z.enum(remedies)).min(1).max(6),
      compensation: amountSchema.optional(),
      commitments: z.array(longText).max(20).optional(),
      executeBy: instant,
      decision: decisionSchema.optional(),
      note: optionalNote,
    },
    APPROVE: { note: optionalNote },
    DECLINE: { reason: longText },
    ACCEPT: { confirmation: confirmationSchema.optional(), note: optionalNote },
    OBJECT: { objection: longText },
    DECLARE_UNRESOLVABLE: { reason: longText, decision: decisionSchema.optional() },
    REPORT_PROGRESS: { progress: longText },
    REPORT_EXECUTION_ISSUE: { issue: longText, kind: z.enum(executionIssueKinds).optional() },
    COMPLETE_EXECUTION: { summary: optionalNote, redressPaid: amountSchema.optional() },
    RECORD_FOLLOW_UP: { satisfaction: z.enum(satisfactions), comment: optionalNote },
    EXTEND: { until: instant, reason: longText, clock: z.enum(clockNames).optional(), notice: noticeSchema.optional() },
    WITHDRAW: { reason: optionalNote },
    REOPEN: { reason: longText },
    ESCALATE: { reason: longText },
    REASSIGN: { assignee: idText.optional(), department: idText.optional(), reason: optionalNote },
    ADD_NOTE: { note: longText },
    ARCHIVE: { note: optionalNote },
  } as const;
}

type Payloads = ReturnType<typeof payloads<typeof instantSchema>>;
/** A public event type. */
export type EventType = keyof Payloads;

const reassignNeedsTarget = <T extends { assignee?: string | undefined; department?: string | undefined }>(e: T) =>
  e.assignee !== undefined || e.department !== undefined;
const reassignMessage = { message: 'REASSIGN needs an assignee or a department', path: ['assignee'] };

const eventPayloads = payloads(instantSchema);
const ev = <T extends EventType>(type: T) =>
  z.strictObject({
    type: z.literal(type),
    at: instantSchema,
    actor: actorSchema,
    /** Set by the desk on a backdated event: when it was reported (the desk's clock). */
    reportedAt: instantSchema.optional(),
    ...(eventPayloads[type] as Payloads[T]),
  });

/** One zod schema per public machine event, keyed by type. */
export const eventSchemas = {
  ACKNOWLEDGE: ev('ACKNOWLEDGE'),
  RESOLVE_ON_FIRST_CONTACT: ev('RESOLVE_ON_FIRST_CONTACT'),
  TRIAGE: ev('TRIAGE'),
  CONTACT_CUSTOMER: ev('CONTACT_CUSTOMER'),
  REQUEST_INFO: ev('REQUEST_INFO'),
  PROVIDE_INFO: ev('PROVIDE_INFO'),
  RECORD_ROOT_CAUSE: ev('RECORD_ROOT_CAUSE'),
  PROPOSE: ev('PROPOSE'),
  APPROVE: ev('APPROVE'),
  DECLINE: ev('DECLINE'),
  ACCEPT: ev('ACCEPT'),
  OBJECT: ev('OBJECT'),
  DECLARE_UNRESOLVABLE: ev('DECLARE_UNRESOLVABLE'),
  REPORT_PROGRESS: ev('REPORT_PROGRESS'),
  REPORT_EXECUTION_ISSUE: ev('REPORT_EXECUTION_ISSUE'),
  COMPLETE_EXECUTION: ev('COMPLETE_EXECUTION'),
  RECORD_FOLLOW_UP: ev('RECORD_FOLLOW_UP'),
  EXTEND: ev('EXTEND'),
  WITHDRAW: ev('WITHDRAW'),
  REOPEN: ev('REOPEN'),
  ESCALATE: ev('ESCALATE'),
  REASSIGN: ev('REASSIGN').refine(reassignNeedsTarget, reassignMessage),
  ADD_NOTE: ev('ADD_NOTE'),
  ARCHIVE: ev('ARCHIVE'),
} as const;

/** Every public event type, in lifecycle order. */
export const eventTypes = Object.keys(eventSchemas) as EventType[];

/** Zod schema of any public complaint event (discriminated by `type`). */
export const complaintEventSchema = z.discriminatedUnion('type', Object.values(eventSchemas) as unknown as [
  (typeof eventSchemas)[EventType],
  ...(typeof eventSchemas)[EventType][],
]);

/** A validated public complaint event, as the machine receives it (`at` and `actor` set). */
export type ComplaintEvent = { [K in EventType]: z.infer<(typeof eventSchemas)[K]> }[EventType];
/** The event of type `K`. */
export type EventOf<K extends EventType> = Extract<ComplaintEvent, { type: K }>;

const inputPayloads = payloads(instantInputSchema);
const evIn = <T extends EventType>(type: T) =>
  z.strictObject({
    type: z.literal(type),
    at: instantInputSchema,
    actor: actorSchema,
    reportedAt: instantInputSchema.optional(),
    ...(inputPayloads[type] as ReturnType<typeof payloads<typeof instantInputSchema>>[T]),
  });
const eventInputSchemas = Object.fromEntries(
  (Object.keys(eventSchemas) as EventType[]).map((t) => [t, t === 'REASSIGN' ? evIn(t).refine(reassignNeedsTarget, reassignMessage) : evIn(t)]),
) as { [K in EventType]: ReturnType<typeof evIn<K>> };

/**
 * Zod schema of a machine event as callers write it: like
 * {@link complaintEventSchema}, with every instant (`at`, `executeBy`,
 * `until`) as `number | Date | ISO string`; parses to epoch ms.
 */
export const complaintEventInputSchema = z.discriminatedUnion('type', Object.values(eventInputSchemas) as unknown as [
  (typeof eventInputSchemas)[EventType],
  ...(typeof eventInputSchemas)[EventType][],
]);

const commandPayloads = inputPayloads;
const cmd = <T extends EventType>(type: T) =>
  z.strictObject({
    type: z.literal(type),
    at: instantInputSchema.optional(),
    ...(commandPayloads[type] as ReturnType<typeof payloads<typeof instantInputSchema>>[T]),
  });

/**
 * One zod schema per command `desk.send` takes, keyed by type: the event
 * without `actor` (it comes from the options), `at` optional (the desk's
 * clock), instants as `number | Date | ISO string`.
 */
export const commandSchemas = {
  ACKNOWLEDGE: cmd('ACKNOWLEDGE'),
  RESOLVE_ON_FIRST_CONTACT: cmd('RESOLVE_ON_FIRST_CONTACT'),
  TRIAGE: cmd('TRIAGE'),
  CONTACT_CUSTOMER: cmd('CONTACT_CUSTOMER'),
  REQUEST_INFO: cmd('REQUEST_INFO'),
  PROVIDE_INFO: cmd('PROVIDE_INFO'),
  RECORD_ROOT_CAUSE: cmd('RECORD_ROOT_CAUSE'),
  PROPOSE: cmd('PROPOSE'),
  APPROVE: cmd('APPROVE'),
  DECLINE: cmd('DECLINE'),
  ACCEPT: cmd('ACCEPT'),
  OBJECT: cmd('OBJECT'),
  DECLARE_UNRESOLVABLE: cmd('DECLARE_UNRESOLVABLE'),
  REPORT_PROGRESS: cmd('REPORT_PROGRESS'),
  REPORT_EXECUTION_ISSUE: cmd('REPORT_EXECUTION_ISSUE'),
  COMPLETE_EXECUTION: cmd('COMPLETE_EXECUTION'),
  RECORD_FOLLOW_UP: cmd('RECORD_FOLLOW_UP'),
  EXTEND: cmd('EXTEND'),
  WITHDRAW: cmd('WITHDRAW'),
  REOPEN: cmd('REOPEN'),
  ESCALATE: cmd('ESCALATE'),
  REASSIGN: cmd('REASSIGN').refine(reassignNeedsTarget, reassignMessage),
  ADD_NOTE: cmd('ADD_NOTE'),
  ARCHIVE: cmd('ARCHIVE'),
} as const;

/** Zod schema of any command `desk.send` takes (discriminated by `type`). */
export const complaintCommandSchema = z.discriminatedUnion('type', Object.values(commandSchemas) as unknown as [
  (typeof commandSchemas)[EventType],
  ...(typeof commandSchemas)[EventType][],
]);

/**
 * What `desk.send` takes, typed like XState's `actor.send`: a discriminated
 * union on `type`, each event without `actor`, `at` optional, instants as
 * `number | Date | ISO string`. `remedies: ['replacement']` is a compile
 * error; the desk still validates at run time.
 */
export type ComplaintCommand = { [K in EventType]: z.input<(typeof commandSchemas)[K]> }[EventType];
/** The command of type `K`. */
export type CommandOf<K extends EventType> = Extract<ComplaintCommand, { type: K }>;
