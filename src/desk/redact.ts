/** Masks personal data before it leaves the desk (notifier payloads, inspectors). */
export type Redactor = (value: Record<string, unknown>) => Record<string, unknown>;

const maskName = (s: string) =>
  s
    .split(/\s+/)
    .map((w) => (w.length <= 1 ? '*' : [...w][0] + '*'.repeat(Math.max(1, [...w].length - 1))))
    .join(' ');
const maskPhone = (s: string) => (s.length <= 4 ? '****' : `${'*'.repeat(s.length - 4)}${s.slice(-4)}`);
const maskEmail = (s: string) => {
  const [user = '', domain = ''] = s.split('@');
  return `${user.slice(0, 1)}***@${domain}`;
};

const personalKeys: Record<string, (s: string) => string> = {
  name: maskName,
  customerName: maskName,
  phone: maskPhone,
  email: maskEmail,
};

/**
 * The default redactor: masks `name`, `customerName`, `phone` and `email`
 * string fields at any depth (`Li Lei` → `L* L**`, `13800001234` → `*******1234`,
 * `li@example.com` → `l***@example.com`).
 *
 * @param value - a JSON-like object
 * @returns a redacted deep copy
 * @example
 * maskPersonalData({ customer: { name: 'Li Lei', phone: '13800001234' } })
 */
export const maskPersonalData: Redactor = (value) => walk(value, undefined, new WeakSet()) as Record<string, unknown>;

/** Deep copy of plain data with personal fields masked; cycles and non-plain objects (actors, class instances) are cut. */
function walk(v: unknown, key: string | undefined, seen: WeakSet<object>): unknown {
  if (typeof v === 'string') return key && personalKeys[key] ? personalKeys[key](v) : v;
  if (typeof v === 'function' || typeof v === 'symbol') return undefined;
  if (!v || typeof v !== 'object') return v;
  if (seen.has(v)) return '[circular]';
  seen.add(v);
  if (Array.isArray(v)) return v.map((x) => walk(x, undefined, seen));
  const proto = Object.getPrototypeOf(v) as unknown;
  if (proto !== Object.prototype && proto !== null) return `[${(v as object).constructor?.name ?? 'object'}]`;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) out[k] = walk(x, k, seen);
  return out;
}

/** The `sanitizeContext` / `sanitizeEvent` options of `@statelyai/inspect` inspectors. */
export interface InspectorSanitizers {
  sanitizeContext: <C>(context: C) => C;
  sanitizeEvent: <E>(event: E) => E;
}

/**
 * Options for `@statelyai/inspect` inspectors that mask personal data in
 * every snapshot's context and every event before it leaves the process, so
 * the inspector never receives customer names, phones or e-mails.
 *
 * @param redact - the redactor (default {@link maskPersonalData})
 * @returns `{ sanitizeContext, sanitizeEvent }` to spread into the inspector options
 * @example
 * import { createWebSocketInspector } from '@statelyai/inspect';
 * const inspector = createWebSocketInspector({ url: 'ws://localhost:8080', ...inspectorSanitizers() });
 */
export function inspectorSanitizers(redact: Redactor = maskPersonalData): InspectorSanitizers {
  const mask = (v: unknown): unknown => (v && typeof v === 'object' ? redact(v as Record<string, unknown>) : v);
  return { sanitizeContext: <C>(context: C) => mask(context) as C, sanitizeEvent: <E>(event: E) => mask(event) as E };
}

/** A redactor that changes nothing (for hosts that handle personal data themselves). */
export const noRedaction: Redactor = (v) => v;
