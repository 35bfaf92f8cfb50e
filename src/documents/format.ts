// How values are written on a document: instants in the chosen time zone,
// amounts, people and departments, masked personal data, check boxes.
import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
import { maskPersonalData } from '../desk/redact.js';
import type { Actor } from '../schemas/common.js';
import { html, type Html } from './html.js';
import { labelsFor, type Labels } from './labels.js';
import type { ResolvedOptions } from './options.js';
import type { DocumentSource } from './source.js';

/** The customer's personal data as the document shows it. */
export interface CustomerShown {
  name: string;
  phone: string | undefined;
  email: string | undefined;
}

/** Formatting bound to one document's options. */
export interface Formatter {
  readonly labels: Labels;
  readonly options: ResolvedOptions;
  /** An instant in the document's time zone (`2026年11月23日 09:00`, `23 Nov 2026, 09:00`); `—` for none. */
  instant(t: number | null | undefined): string;
  /** An amount with two decimals, in the options' currency when given. */
  amount(n: number | null | undefined): string;
  /** A staff member or the customer: display name (or id) and role. */
  person(who: Actor | string | null | undefined): string;
  /** A department's display name. */
  department(id: string | null | undefined): string;
  /** Text, or `—` when there is none. */
  orNone(s: string | null | undefined): string;
  /** A list joined with the language's separator, or `—`. */
  list(items: readonly string[]): string;
  /** Every option as a check box, the selected ones ticked. */
  checks<T extends string>(all: readonly T[], selected: readonly T[], label: (v: T) => string): Html;
  /** Name, phone and e-mail, masked unless `personalData`. */
  customer(c: DocumentSource['customer']): CustomerShown;
}

const patterns = { zh: 'yyyy年M月d日 HH:mm', en: 'd MMM yyyy, HH:mm' } as const;

/**
 * The formatter of a document.
 *
 * @param options - the resolved options
 * @returns the formatter
 */
export function formatter(options: ResolvedOptions): Formatter {
  const labels = labelsFor(options.locale);
  const t = labels.text;
  const numbers = new Intl.NumberFormat(options.locale === 'zh' ? 'zh-CN' : 'en-GB', {
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
    ...(options.currency ? { style: 'currency', currency: options.currency } : {}),
  });
  const orNone = (s: string | null | undefined) => (s === null || s === undefined || s === '' ? t.none : s);
  return {
    labels,
    options,
    instant: (ms) => (ms === null || ms === undefined ? t.none : format(new TZDate(ms, options.timeZone), patterns[options.locale])),
    amount: (n) => (n === null || n === undefined ? t.none : numbers.format(n)),
    person(who) {
      if (who === null || who === undefined) return t.none;
      const id = typeof who === 'string' ? who : who.id;
      const name = options.people[id];
      const shown = name ? `${name} (${id})` : id;
      return typeof who === 'string' ? shown : `${shown} · ${labels.role[who.role]}`;
    },
    department: (id) => (id === null || id === undefined ? t.none : (options.departments[id] ?? labels.department[id] ?? id)),
    orNone,
    list: (items) => (items.length === 0 ? t.none : items.join(t.listSep)),
    checks: (all, selected, label) =>
      html`<span class="checks">${all.map((v) => {
        const on = selected.includes(v);
        return html`<span class="check${on ? ' on' : ''}" data-checked="${on ? 'true' : 'false'}">${on ? '☑' : '☐'} ${label(v)}</span>`;
      })}</span>`,
    customer(c) {
      const shown = { name: c.name, phone: c.phone, email: c.email };
      if (options.personalData) return shown;
      const masked = maskPersonalData(shown) as Record<string, string | undefined>;
      return { name: masked['name'] ?? '', phone: masked['phone'], email: masked['email'] };
    },
  };
}
