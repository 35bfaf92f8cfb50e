/**
 * The language of what a customer reads (`desk.customerView`, the
 * documents): `zh` when the caller's most preferred language in
 * `Accept-Language` is Chinese, else `en` (the desk's two languages).
 */
import type { CustomerLocale } from '../../src/index.js';

/**
 * @param header - the raw `Accept-Language` header
 * @returns `zh` or `en`
 */
export function localeOf(header: string | string[] | undefined): CustomerLocale {
  const value = Array.isArray(header) ? header.join(',') : (header ?? '');
  let best: { tag: string; q: number } | undefined;
  for (const part of value.split(',')) {
    const [tag = '', ...params] = part.trim().toLowerCase().split(';');
    if (tag === '') continue;
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qParam === undefined ? 1 : Number(qParam.slice(2));
    if (!Number.isFinite(q) || q <= 0) continue;
    if (best === undefined || q > best.q) best = { tag, q };
  }
  return best !== undefined && (best.tag === 'zh' || best.tag.startsWith('zh-')) ? 'zh' : 'en';
}
