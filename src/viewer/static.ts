// The static diagram as one HTML file (`redress view --out flow.html`).
import { parseWith } from '../schemas/parse.js';
import { z } from 'zod';
import { flowLayout } from './layout.generated.js';
import { flowViewerDefaults } from './options.js';
import { renderFlowPage } from './page.js';
import type { FlowLanguage } from './types.js';

/** Options of {@link renderFlowHtml}. */
export interface FlowHtmlOptions {
  /** Initial language (default `en`; the page switches). */
  language?: FlowLanguage;
  /** Page title (default `Complaint flow`). */
  title?: string;
}

const schema = z.strictObject({ language: z.enum(['en', 'zh']).optional(), title: z.string().min(1).max(200).optional() });

/**
 * The complaint statechart as one self-contained HTML document: inline CSS,
 * SVG and script, no network resources (its Content-Security-Policy forbids
 * them), English and Chinese labels switchable.
 *
 * @param options - language and title
 * @returns the HTML text
 * @throws ValidationError for malformed options
 * @example
 * import { writeFileSync } from 'node:fs';
 * import { renderFlowHtml } from 'redress/viewer';
 * writeFileSync('flow.html', renderFlowHtml({ language: 'zh' }));
 */
export function renderFlowHtml(options: FlowHtmlOptions = {}): string {
  const o = parseWith(schema, 'flow page options', options);
  return renderFlowPage({
    layout: flowLayout,
    title: o.title ?? flowViewerDefaults.title,
    language: o.language ?? flowViewerDefaults.language,
    live: false,
    base: '',
    timeZone: 'UTC',
    follow: false,
  });
}
