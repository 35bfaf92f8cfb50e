// Typography of the flow picture and how wide its text is. The layout is
// computed at build time, without a browser, so text widths are estimated
// from character classes (generously: the page squeezes a line that still
// overflows its box). The SVG renderer uses the same constants.

/** Font sizes and line heights (px). */
export const type = {
  /** State label (sans-serif, semi-bold). */
  label: { size: 13, line: 17 },
  /** State key, detail lines and edge labels (monospace). */
  mono: { size: 11, line: 14 },
  /** Padding inside a box. */
  pad: 8,
  /** The longest label line before it wraps (characters). */
  wrapAt: 26,
  /** Narrowest box. */
  minWidth: 120,
  /** Diameter of a start marker. */
  initial: 14,
} as const;

const CJK = /[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]/;

/** Approximate width of one character of a sans-serif font, in em. */
function sansEm(ch: string): number {
  if (CJK.test(ch)) return 1;
  if (ch === ' ') return 0.3;
  if (/[il.,:;'’!|]/.test(ch)) return 0.3;
  if (/[fjrt()[\]]/.test(ch)) return 0.4;
  if (/[mw]/.test(ch)) return 0.9;
  if (/[A-Z]/.test(ch)) return ch === 'M' || ch === 'W' ? 0.95 : 0.72;
  if (/[0-9]/.test(ch)) return 0.6;
  return 0.6;
}

/** Estimated width (px) of `text` in the state-label font. */
export function labelWidth(text: string): number {
  let em = 0;
  for (const ch of text) em += sansEm(ch);
  return Math.ceil(em * type.label.size);
}

/** Estimated width (px) of `text` in the monospace font (CJK characters are two cells). */
export function monoWidth(text: string): number {
  let cells = 0;
  for (const ch of text) cells += CJK.test(ch) ? 2 : 1;
  return Math.ceil(cells * 0.62 * type.mono.size);
}

/**
 * Break a label into lines of at most `type.wrapAt` characters at spaces;
 * text without spaces (Chinese) is kept on one line.
 *
 * @param text - the label
 * @returns its lines, at least one
 */
export function wrapLabel(text: string): string[] {
  const words = text.split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let line = '';
  for (const w of words) {
    if (line && line.length + 1 + w.length > type.wrapAt) {
      lines.push(line);
      line = w;
    } else line = line ? `${line} ${w}` : w;
  }
  if (line || lines.length === 0) lines.push(line);
  return lines;
}
