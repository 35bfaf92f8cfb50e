// PostgreSQL text (and strings inside jsonb) cannot hold U+0000, but ids,
// idempotency keys (the desk joins parts with U+0000) and free text from
// customers can. Every string the store writes goes through `encodeText`
// (directly, or inside `toJson`), and every string it reads back through
// `decodeText`: U+0000 becomes U+0001 '0' and U+0001 becomes U+0001 '1',
// so the mapping is reversible and strings without either are unchanged
// (equality filters and ordering keep working on encoded values).

const ESC = '\u0001';
const NEEDS_ENCODING = /[\u0000\u0001]/;

/** Encode one string for a text column (identity for ordinary strings). */
export function encodeText(s: string): string {
  return NEEDS_ENCODING.test(s) ? s.replace(/[\u0000\u0001]/g, (c) => (c === '\u0000' ? `${ESC}0` : `${ESC}1`)) : s;
}

/** Decode a string read from a text column. */
export function decodeText(s: string): string {
  return s.includes(ESC) ? s.replace(/\u0001([01])/g, (_, d: string) => (d === '0' ? '\u0000' : ESC)) : s;
}

/** Apply `f` to every string (values and keys) of plain JSON data. */
function mapStrings(v: unknown, f: (s: string) => string): unknown {
  if (typeof v === 'string') return f(v);
  if (Array.isArray(v)) return v.map((x) => mapStrings(x, f));
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[f(k)] = mapStrings(x, f);
    return out;
  }
  return v;
}

/** JSON text for a jsonb parameter, with strings encoded. `undefined` becomes `null`. */
export function toJson(value: unknown): string {
  const text = JSON.stringify(value) as string | undefined;
  if (text === undefined) return 'null';
  // JSON.stringify escapes both characters as \u0000 / \u0001; only then is a slow pass needed.
  return text.includes('\\u000') ? JSON.stringify(mapStrings(JSON.parse(text), encodeText)) : text;
}

/** Parse JSON text read from the database, decoding its strings. */
export function fromJson<T>(text: string): T {
  const value = JSON.parse(text) as unknown;
  return (text.includes('\\u0001') ? mapStrings(value, decodeText) : value) as T;
}
