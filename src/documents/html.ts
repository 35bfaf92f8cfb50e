// Markup that escapes by construction: the `html` tag escapes every
// interpolated value unless it is itself markup made by the tag.
import { esc } from '../report/format.js';

const MARKUP = Symbol('markup');

/** A piece of markup (made by {@link html}); anything else interpolated is text and escaped. */
export interface Html {
  readonly [MARKUP]: string;
}

/** What may be interpolated: text (escaped), markup, lists of either, or nothing. */
export type Content = string | number | Html | null | undefined | readonly Content[];

const isHtml = (v: unknown): v is Html => typeof v === 'object' && v !== null && MARKUP in v;

/** The markup of `content`: text escaped, markup as it is, lists joined, null and undefined empty. */
export function render(content: Content): string {
  if (content === null || content === undefined) return '';
  if (isHtml(content)) return content[MARKUP];
  if (Array.isArray(content)) return content.map((c: Content) => render(c)).join('');
  return esc(content);
}

/**
 * Tagged template for markup: the literal parts are markup, every
 * interpolated value is escaped text unless it is markup made by this tag.
 *
 * @example
 * html`<td>${userText}</td>` // userText escaped
 */
export function html(strings: TemplateStringsArray, ...values: Content[]): Html {
  let out = strings[0] ?? '';
  values.forEach((v, i) => {
    out += render(v) + (strings[i + 1] ?? '');
  });
  return { [MARKUP]: out };
}

/** The markup as a string. */
export const toString = (h: Html): string => h[MARKUP];
