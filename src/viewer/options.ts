// createFlowViewer's options: the zod schema and the defaults.
import type { IncomingMessage } from 'node:http';
import { z } from 'zod';
import { listQuerySchema } from '../adapters/list-query.js';
import type { ListQuery } from '../adapters/types.js';
import type { Desk } from '../desk/desk.js';
import type { MaskedFields, Redactor } from '../desk/redact.js';
import type { ChangeSource } from './feed.js';
import type { FlowLanguage } from './types.js';

/** The desk methods the viewer reads with. */
export type FlowDesk = Pick<Desk, 'list' | 'get' | 'timeline'> & { readonly policy?: Desk['policy'] };

/** Options of {@link createFlowViewer}. */
export interface FlowViewerOptions {
  /** The desk whose complaints the page lists and follows; without one the page is the diagram alone. */
  desk?: FlowDesk;
  /** Where commits come from, e.g. a {@link createChangeFeed} the desk's `onCommit` publishes to. Without it the page does not move by itself. */
  changes?: ChangeSource;
  /** The path the viewer is mounted at, e.g. `/flow` (default: `''`, the root). */
  basePath?: string;
  /** Masks personal data in everything sent to the page: a redactor or the fields to mask (default: every kind of `defaultMaskedFields`, as for the inspector). */
  redact?: Redactor | Partial<MaskedFields>;
  /** The page's initial language (default `en`; the page switches). */
  language?: FlowLanguage;
  /** The page's title (default `Complaint flow`). */
  title?: string;
  /** Time zone dates are shown in (default: the desk policy's business calendar's, else UTC). */
  timeZone?: string;
  /** Which complaints the page lists (default: the 200 updated last). */
  list?: ListQuery;
  /** Timeline entries sent for the chosen complaint (default 200, the latest). */
  timelineLimit?: number;
  /** Follow the first complaint that changes when none is chosen (default false). */
  follow?: boolean;
  /** Decide whether a request may see the page and its data (default: everyone who reaches it); refused requests get 403. */
  authorize?: (req: IncomingMessage) => boolean | Promise<boolean>;
  /** Called when a request fails (the page gets a 500 without details); default: `console.error`. */
  onError?: (error: unknown, req: IncomingMessage) => void;
}

const fn = (name: string) => z.custom<(...args: never[]) => unknown>((v) => typeof v === 'function', `${name} must be a function`);
const withMethods = (name: string, methods: string[]) =>
  z.custom<object>(
    (v) => typeof v === 'object' && v !== null && methods.every((m) => typeof (v as Record<string, unknown>)[m] === 'function'),
    `${name} must have methods ${methods.join(', ')}`,
  );

/** Zod schema of {@link FlowViewerOptions}. */
export const flowViewerOptionsSchema = z.strictObject({
  desk: withMethods('desk', ['list', 'get', 'timeline']).optional(),
  changes: withMethods('changes', ['subscribe']).optional(),
  basePath: z
    .string()
    .max(200)
    .regex(/^(\/[A-Za-z0-9._~!$&'()*+,;=:@%-]+)*$/, "must be '' or a path like /flow (no trailing slash)")
    .optional(),
  redact: z.union([fn('redact'), z.strictObject({ names: z.array(z.string()).optional(), phones: z.array(z.string()).optional(), emails: z.array(z.string()).optional(), freeText: z.array(z.string()).optional() })]).optional(),
  language: z.enum(['en', 'zh']).optional(),
  title: z.string().min(1).max(200).optional(),
  timeZone: z
    .string()
    .min(1)
    .max(100)
    .refine((tz) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    }, 'must be an IANA time zone')
    .optional(),
  list: listQuerySchema.optional(),
  timelineLimit: z.number().int().min(1).max(10_000).optional(),
  follow: z.boolean().optional(),
  authorize: fn('authorize').optional(),
  onError: fn('onError').optional(),
});

/** The defaults, by option. */
export const flowViewerDefaults = {
  basePath: '',
  language: 'en' as FlowLanguage,
  title: 'Complaint flow',
  list: { sort: 'updatedAt', order: 'desc', limit: 200 } satisfies ListQuery,
  timelineLimit: 200,
  /** Seconds between keep-alive comments on an event stream. */
  heartbeatMs: 15_000,
} as const;
