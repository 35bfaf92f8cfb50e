/**
 * The complaint the document tests print, driven through a real desk on
 * virtual time (Asia/Shanghai, the guideline preset), and helpers that read
 * a rendered document's fields back as text.
 *
 * The story (local Shanghai time, Monday 2026-11-23):
 *   09:00 filed by agent a1 (phone), 09:20 acknowledged by a1,
 *   10:00 triaged by supervisor s1 (product quality + logistics, general, assignee h1),
 *   10:30 h1 contacts the customer, 11:00 h1 records the root cause,
 *   14:00 h1 proposes replace + voucher, 3,000 (above a handler's 1,000: approval needed),
 *   15:00 director d1 approves, 16:00 agent a1 records the customer's acceptance by phone,
 *   Tue 10:00 h1 reports progress, Wed 15:00 h1 completes the execution,
 *   Thu 10:00 supervisor qa1 (never involved) records the follow-up.
 */
import { presets, type ComplaintCommand, type ComplaintExport, type IntakeInput } from '../../src/index.js';
import { agent, customer, director, handler, reviewer, setup, sh, supervisor } from './desk.js';

export const customerRecord = { id: 'cu1', name: '李雷', phone: '13800001234', email: 'li.lei@example.com' };

/** The intake of the story (hostile or other fields may be overridden). */
export const storyIntake = (extra: Partial<IntakeInput> = {}): IntakeInput => ({
  id: 'c1',
  customer: customerRecord,
  channel: 'phone',
  description: 'The kettle leaks from the base after two days of use.',
  product: 'Kettle K2',
  order: 'O-20261120-778',
  demand: 'A replacement and compensation for the damaged table',
  emotion: 'angry',
  motive: 'compensation',
  ...extra,
});

type Step = [local: string, command: ComplaintCommand, actor: typeof agent];

/** The steps of the story after filing, in order. */
export const storySteps = (overrides: { commitments?: string[]; comment?: string } = {}): Step[] => [
  ['2026-11-23T09:20', { type: 'ACKNOWLEDGE' }, agent],
  ['2026-11-23T10:00', { type: 'TRIAGE', categories: ['product_quality', 'logistics'], severity: 'general', assignee: 'h1' }, supervisor],
  ['2026-11-23T10:30', { type: 'CONTACT_CUSTOMER', summary: 'Called back, photos requested' }, handler],
  ['2026-11-23T11:00', { type: 'RECORD_ROOT_CAUSE', method: 'five_whys', cause: 'Seal ring defect in batch 2026-11', liability: 'company' }, handler],
  [
    '2026-11-23T14:00',
    {
      type: 'PROPOSE',
      remedies: ['replace', 'voucher'],
      compensation: 3000,
      commitments: overrides.commitments ?? ['Inspect every seal ring of batch 2026-11', 'Retrain the packing line'],
      executeBy: sh('2026-11-27T18:00'),
    },
    handler,
  ],
  ['2026-11-23T15:00', { type: 'APPROVE' }, director],
  ['2026-11-23T16:00', { type: 'ACCEPT', confirmation: { channel: 'phone', reference: 'REC-20261123-01' }, note: 'Agreed on a recorded call' }, agent],
  ['2026-11-24T10:00', { type: 'REPORT_PROGRESS', progress: 'Replacement kettle shipped, tracking SF123' }, handler],
  ['2026-11-25T15:00', { type: 'COMPLETE_EXECUTION', summary: 'Replacement delivered, the old kettle collected' }, handler],
  ['2026-11-26T10:00', { type: 'RECORD_FOLLOW_UP', satisfaction: 'satisfied', comment: overrides.comment ?? 'Fast replacement, thank you' }, reviewer],
];

/**
 * Runs the story on a fresh test desk up to (and including) the step with
 * event type `until` (the whole story by default).
 */
export async function runStory(options: { until?: ComplaintCommand['type']; intake?: Partial<IntakeInput>; commitments?: string[]; comment?: string } = {}) {
  const t = setup({ policy: presets.guideline });
  const c = await t.desk.file(storyIntake(options.intake), { actor: agent });
  for (const [at, command, actor] of storySteps(options)) {
    await t.advanceTo(sh(at));
    await t.desk.send(c.id, command, { actor });
    if (command.type === options.until) break;
  }
  const exportOf = async (): Promise<ComplaintExport> => {
    for await (const r of t.desk.records({ timeline: true })) if (r.id === c.id) return r;
    throw new Error(`no record ${c.id}`);
  };
  return { ...t, id: c.id, exportOf, customer };
}

const entities: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };
const unescape = (s: string): string => s.replace(/&(amp|lt|gt|quot|#39);/g, (m) => entities[m]!);
const textOf = (markup: string): string => unescape(markup.replace(/<[^>]*>/g, ''));

/** The text of the cell `data-field="name"` (tags stripped, entities decoded, list items joined with ` | `). */
export function field(html: string, name: string): string {
  const m = new RegExp(`<td[^>]*data-field="${name.replace(/\./g, '\\.')}"[^>]*>([\\s\\S]*?)</td>`).exec(html);
  if (!m) throw new Error(`no field ${name}`);
  return textOf(m[1]!.replace(/<\/li><li>/g, ' | '));
}

/** Whether the document has a cell `data-field="name"`. */
export const hasField = (html: string, name: string): boolean => html.includes(`data-field="${name}"`);

/** The labels ticked in the check boxes of field `name`. */
export function checked(html: string, name: string): string[] {
  const m = new RegExp(`<td[^>]*data-field="${name.replace(/\./g, '\\.')}"[^>]*>([\\s\\S]*?)</td>`).exec(html);
  if (!m) throw new Error(`no field ${name}`);
  return [...m[1]!.matchAll(/data-checked="true">☑ ([^<]*)</g)].map((x) => unescape(x[1]!));
}

/** The text of the page's `<footer>`. */
export const footer = (html: string): string => textOf(/<footer>([\s\S]*?)<\/footer>/.exec(html)?.[1] ?? '');
