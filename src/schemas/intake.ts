import { z } from 'zod';
import { classificationSchema, vulnerabilitySchema } from './classification.js';
import { categorySchema, idText, instantInputSchema, instantSchema, longText, shortText } from './common.js';

export const channels = ['phone', 'email', 'web', 'chat', 'in_person', 'letter', 'social', 'app'] as const;
/** Where the complaint came in. */
export type Channel = (typeof channels)[number];

export const emotions = ['calm', 'anxious', 'angry'] as const;
/** The customer's emotional state at intake. */
export type Emotion = (typeof emotions)[number];

export const motives = ['vent', 'respect', 'compensation'] as const;
/** What the customer is mainly after. */
export type Motive = (typeof motives)[number];

export const customerSchema = z.strictObject({
  id: idText,
  name: shortText,
  phone: z.string().trim().min(3).max(40).regex(/^[0-9+()\-. ]+$/, 'expected digits, spaces and + ( ) - .').optional(),
  email: z.string().trim().max(200).pipe(z.email()).optional(),
  keyAccount: z.boolean().optional(),
});
/** The complaining customer. `name`, `phone` and `email` are personal data. */
export type Customer = z.infer<typeof customerSchema>;

const intakeShape = {
  /** Optional id; the desk assigns one when missing. */
  id: idText.optional(),
  customer: customerSchema,
  channel: z.enum(channels),
  description: longText,
  product: shortText.optional(),
  order: shortText.optional(),
  demand: longText,
  emotion: z.enum(emotions),
  motive: z.enum(motives),
  /** Categories suggested at intake; triage sets the final ones. */
  categories: z.array(categorySchema).min(1).max(5).optional(),
  /** Product and cause codes for complaint returns (triage may set or correct them). */
  classification: classificationSchema.optional(),
  /** Drivers of the customer's vulnerability, if known (sensitive; triage may set them). */
  vulnerability: vulnerabilitySchema.optional(),
};

/** Zod schema of a complaint intake as the machine takes it (`filedAt` in epoch ms, required). */
export const intakeSchema = z.strictObject({
  ...intakeShape,
  filedAt: instantSchema,
  /** Set by the desk on a backdated filing: when it was reported (the desk's clock). */
  reportedAt: instantSchema.optional(),
});
/** A validated complaint intake. */
export type Intake = z.infer<typeof intakeSchema>;

/** Zod schema of an intake for the machine as callers write it: `filedAt` required, as `number | Date | ISO string`. */
export const intakeForMachineSchema = z.strictObject({ ...intakeShape, filedAt: instantInputSchema, reportedAt: instantInputSchema.optional() });

/**
 * Zod schema of what `desk.file` takes: the intake with `filedAt` optional
 * (the desk's clock) and written as `number | Date | ISO string`.
 */
export const intakeInputSchema = z.strictObject({ ...intakeShape, filedAt: instantInputSchema.optional() });
/** The intake as callers write it for `desk.file` (before defaults). */
export type IntakeInput = z.input<typeof intakeInputSchema>;
