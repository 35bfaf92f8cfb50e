// Masking personal data before it leaves the desk: notifier payloads (the
// outbox) and inspection events (the Stately inspector, the flow viewer).

/** Masks personal data before it leaves the desk (notifier payloads, inspectors). */
export type Redactor = (value: Record<string, unknown>) => Record<string, unknown>;

/**
 * Which keys are masked, and how. Keys are compared after lower-casing and
 * dropping everything but letters and digits, so `Name`, `customer_name`,
 * `e-mail` and `E_MAIL` all match (`name`, `customername`, `email`).
 */
export interface MaskedFields {
  /** Masked to initials (`Li Lei` → `L* L**`). */
  names: readonly string[];
  /** Masked but for the last four characters. */
  phones: readonly string[];
  /** Masked to the first letter and the domain. */
  emails: readonly string[];
  /** Free text that may hold anything personal: replaced by `[text withheld, n characters]`. */
  freeText: readonly string[];
}

/** The keys the default redactors mask (after normalising: lower case, letters and digits only). */
export const defaultMaskedFields: MaskedFields = Object.freeze({
  names: Object.freeze(['name', 'customername', 'fullname', 'firstname', 'lastname', 'givenname', 'familyname', 'contactname']),
  phones: Object.freeze(['phone', 'phonenumber', 'mobile', 'mobilephone', 'mobilenumber', 'cell', 'cellphone', 'tel', 'telephone']),
  emails: Object.freeze(['email', 'emailaddress', 'mail']),
  freeText: Object.freeze([
    'description',
    'demand',
    'note',
    'notes',
    'comment',
    'summary',
    'reason',
    'objection',
    'request',
    'info',
    'progress',
    'issue',
    'cause',
    'text',
    'message',
    'address',
    // Sensitive personal data: drivers of the customer's vulnerability.
    'vulnerability',
  ]),
});

const normalise = (key: string) => key.toLowerCase().replace(/[^a-z0-9]/g, '');

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
const withhold = (s: string) => `[text withheld, ${[...s].length} characters]`;

/**
 * A redactor that masks the given fields at any depth and cuts cycles and
 * non-plain objects. Only strings are masked; the structure is kept.
 *
 * @param fields - which keys to mask how (missing kinds mask nothing of that kind)
 * @returns a redactor returning a masked deep copy
 * @example
 * const redact = createRedactor({ ...defaultMaskedFields, freeText: [] }); // keep free text
 * redact({ customer: { Name: 'Li Lei', mobile: '13800001234' } }) // { customer: { Name: 'L* L**', mobile: '*******1234' } }
 */
export function createRedactor(fields: Partial<MaskedFields>): Redactor {
  const how = new Map<string, (s: string) => string>();
  for (const k of fields.names ?? []) how.set(normalise(k), maskName);
  for (const k of fields.phones ?? []) how.set(normalise(k), maskPhone);
  for (const k of fields.emails ?? []) how.set(normalise(k), maskEmail);
  for (const k of fields.freeText ?? []) how.set(normalise(k), withhold);
  // Keys seen before, with their mask (null: none): payloads repeat the same few keys.
  const seenKeys = new Map<string, ((s: string) => string) | null>();
  const maskFor = (k: string): ((s: string) => string) | undefined => {
    let m = seenKeys.get(k);
    if (m === undefined) {
      m = how.get(normalise(k)) ?? null;
      if (seenKeys.size < 10_000) seenKeys.set(k, m);
    }
    return m ?? undefined;
  };
  const walk = (v: unknown, mask: ((s: string) => string) | undefined, seen: WeakSet<object>): unknown => {
    if (typeof v === 'string') return mask ? mask(v) : v;
    if (typeof v === 'function' || typeof v === 'symbol' || typeof v === 'bigint') return undefined;
    if (!v || typeof v !== 'object') return v;
    if (seen.has(v)) return '[circular]';
    seen.add(v);
    // A masked key masks every string inside it (e.g. a list of notes).
    if (Array.isArray(v)) return v.map((x) => walk(x, mask, seen));
    const proto = Object.getPrototypeOf(v) as unknown;
    if (proto !== Object.prototype && proto !== null) return `[${(v as object).constructor?.name ?? 'object'}]`;
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v)) out[k] = walk((v as Record<string, unknown>)[k], maskFor(k) ?? mask, seen);
    return out;
  };
  return (value) => walk(value, undefined, new WeakSet()) as Record<string, unknown>;
}

/**
 * The default redactor of notifier payloads: masks names, phones and
 * e-mails ({@link defaultMaskedFields}, free text excepted: a message to
 * the customer carries what was asked or promised) at any depth
 * (`Li Lei` → `L* L**`, `13800001234` → `*******1234`,
 * `li@example.com` → `l***@example.com`).
 *
 * @param value - a JSON-like object
 * @returns a redacted deep copy
 * @example
 * maskPersonalData({ customer: { name: 'Li Lei', phone: '13800001234' } })
 */
export const maskPersonalData: Redactor = createRedactor({ ...defaultMaskedFields, freeText: [] });

/** The `sanitizeContext` / `sanitizeEvent` options of `@statelyai/inspect` inspectors. */
export interface InspectorSanitizers {
  sanitizeContext: <C>(context: C) => C;
  sanitizeEvent: <E>(event: E) => E;
}

/**
 * Options for `@statelyai/inspect` inspectors that mask personal data in
 * every snapshot's context and every event before it leaves the process:
 * names, phones and e-mails, and free text that may hold anything personal
 * (descriptions, demands, notes, reasons, …) — the keys in
 * {@link defaultMaskedFields}, matched whatever their spelling (`Name`,
 * `e_mail`, `mobile`).
 *
 * @param redact - the redactor (default: every kind of {@link defaultMaskedFields}), or the fields to mask
 * @returns `{ sanitizeContext, sanitizeEvent }` to spread into the inspector options
 * @example
 * import { createWebSocketInspector } from '@statelyai/inspect';
 * const inspector = createWebSocketInspector({ url: 'ws://localhost:8080', ...inspectorSanitizers() });
 */
export function inspectorSanitizers(redact: Redactor | Partial<MaskedFields> = defaultMaskedFields): InspectorSanitizers {
  const r = typeof redact === 'function' ? redact : createRedactor(redact);
  const mask = (v: unknown): unknown => (v && typeof v === 'object' ? r(v as Record<string, unknown>) : v);
  return { sanitizeContext: <C>(context: C) => mask(context) as C, sanitizeEvent: <E>(event: E) => mask(event) as E };
}

/**
 * A redactor that changes nothing (for hosts that handle personal data themselves).
 *
 * @param v - an outbox payload or inspector value
 * @returns `v` as it is
 * @example
 * createDesk({ store, notifier, redact: noRedaction }); // same as `redact: false`
 */
export const noRedaction: Redactor = (v) => v;
