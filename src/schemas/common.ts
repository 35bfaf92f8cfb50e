import { z } from 'zod';

/** Roles that may act on a complaint, lowest authority first (`system` fires timers). */
export const roles = ['customer', 'agent', 'handler', 'supervisor', 'director', 'executive', 'system'] as const;
/** A role that may act on a complaint. */
export type Role = (typeof roles)[number];
export const roleSchema = z.enum(roles);

/** Epoch milliseconds, a whole non-negative number. */
export const instantSchema = z.number().int().nonnegative().max(8.64e15);

/** Short single-line text (names, ids, labels). */
export const shortText = z.string().trim().min(1).max(200);
/** Free text (descriptions, notes, reasons). */
export const longText = z.string().trim().min(1).max(10_000);

/** Who performs an action. */
export const actorSchema = z.strictObject({ id: shortText, role: roleSchema });
/** Who performs an action: an id and a role. */
export type Actor = z.infer<typeof actorSchema>;

/** Complaint categories (one or more per complaint). */
export const categories = ['product_quality', 'service_experience', 'logistics', 'billing', 'other'] as const;
export type Category = (typeof categories)[number];
export const categorySchema = z.enum(categories);

/** Severity: urgent (media, safety, key account, batch), general, normal. */
export const severities = ['urgent', 'general', 'normal'] as const;
export type Severity = (typeof severities)[number];
export const severitySchema = z.enum(severities);

/** Money amount in the smallest sensible unit of the host's currency (e.g. 1200.50). */
export const amountSchema = z.number().finite().nonnegative().max(1e12);
