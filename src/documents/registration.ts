// 《客户投诉登记表》 (the guideline's template 1, §(一)): the intake as
// registered — customer, time, channel, product and order, description,
// demand, emotion, motive — and its classification, severity, department
// and initial handler once triaged (§(二)), with the registrar's signature.
import { categories, severities } from '../schemas/common.js';
import { motives, type Emotion } from '../schemas/intake.js';
import type { Formatter } from './format.js';
import { html } from './html.js';
import { form, page, pair, section, signature, wide } from './layout.js';
import type { DocumentSource } from './source.js';

/** The guideline lists emotions from the strongest: 愤怒、焦虑、平和. */
const emotionOrder: readonly Emotion[] = ['angry', 'anxious', 'calm'];

/**
 * The registration form of a complaint (any stage).
 *
 * @param s - the complaint
 * @param f - the document's formatter
 * @returns the HTML document
 */
export function registrationDocument(s: DocumentSource, f: Formatter): string {
  const L = f.labels;
  const t = L.text;
  const c = f.customer(s.customer);
  const triaged = s.routing.severity !== null;
  const triage = s.trail?.triages.at(-1);
  const ack = s.trail?.acknowledgements.at(-1);
  const shownCategories = triaged ? s.routing.categories : (s.intake.categories ?? []);
  const categoryBoxes = html`${f.checks(categories, shownCategories, (v) => L.category[v])}${
    !triaged && shownCategories.length > 0 ? html` <span class="note">（${t.suggested}）</span>` : ''
  }`;
  const rows = [
    section(t.sCustomer),
    pair(['customer.name', t.customerName, c.name], ['customer.id', t.customerId, s.customer.id]),
    pair(['customer.phone', t.phone, f.orNone(c.phone)], ['customer.email', t.email, f.orNone(c.email)]),
    pair(['intake.product', t.product, f.orNone(s.intake.product)], ['intake.order', t.order, f.orNone(s.intake.order)]),
    wide('customer.keyAccount', t.keyAccount, s.customer.keyAccount ? t.yes : t.no),
    section(t.sComplaint),
    pair(['intake.filedAt', t.filedAt, f.instant(s.intake.filedAt)], ['intake.channel', t.channel, L.channel[s.intake.channel]]),
    wide('intake.description', t.description, s.intake.description, true),
    wide('intake.demand', t.demand, s.intake.demand, true),
    wide('intake.emotion', t.emotion, f.checks(emotionOrder, [s.intake.emotion], (v) => L.emotion[v])),
    wide('intake.motive', t.motive, f.checks(motives, [s.intake.motive], (v) => L.motive[v])),
    section(t.sTriage),
    wide('routing.categories', t.categories, categoryBoxes),
    wide('routing.severity', t.severity, f.checks(severities, s.routing.severity ? [s.routing.severity] : [], (v) => L.severity[v])),
    pair(['routing.department', t.department, f.department(s.routing.department)], ['routing.assignee', t.handler, f.person(s.routing.assignee)]),
    pair(['triage.by', t.triagedBy, f.person(triage?.by)], ['triage.at', t.triagedAt, f.instant(triage?.at)]),
    pair(['acknowledgedAt', t.acknowledgedAt, f.instant(s.milestones.acknowledgedAt ?? ack?.at)], ['stage', t.stage, L.stage[s.stage]]),
  ];
  const registrar = s.trail?.filedBy;
  return page(f, {
    kind: 'registration',
    id: s.id,
    meta: [
      [t.complaintNo, s.id],
      [t.registeredAt, f.instant(s.intake.filedAt)],
    ],
    body: [
      form(rows),
      html`<div class="signatures">${signature(f, t.registrar, [
        html`<p data-field="registrar">${f.person(registrar)}</p>`,
      ])}</div>`,
    ],
  });
}
