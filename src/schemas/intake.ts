import { z } from 'zod';
import { instantSchema, longText, shortText, categorySchema } from './common.js';

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
  id: shortText,
  name: shortText,
  phone: z.string().trim().min(3).max(40).optional(),
  email: z.string().trim().max(200).pipe(z.email()).optional(),
  keyAccount: z.boolean().optional(),
});
/** The complaining customer. `name`, `phone` and `email` are personal data. */
export type Customer = z.infer<typeof customerSchema>;

/** Zod schema of a complaint intake (the record made when it is received). */
export const intakeSchema = z.strictObject({
  /** Optional id; the desk assigns one when missing. */
  id: shortText.optional(),
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
  filedAt: instantSchema,
});
/** A validated complaint intake. */
export type Intake = z.infer<typeof intakeSchema>;
/** The intake as callers may write it (before defaults). */
export type IntakeInput = z.input<typeof intakeSchema>;
