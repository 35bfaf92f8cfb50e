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
export const maskPersonalData: Redactor = (value) => walk(value) as Record<string, unknown>;

function walk(v: unknown, key?: string): unknown {
  if (typeof v === 'string') return key && personalKeys[key] ? personalKeys[key](v) : v;
  if (Array.isArray(v)) return v.map((x) => walk(x));
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = walk(x, k);
    return out;
  }
  return v;
}

/** A redactor that changes nothing (for hosts that handle personal data themselves). */
export const noRedaction: Redactor = (v) => v;
