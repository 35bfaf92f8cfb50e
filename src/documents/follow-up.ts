// 《客户满意度回访表》 (the guideline's template 4, §(六)): the independent
// satisfaction follow-up — when, by whom, satisfied / basically satisfied /
// unsatisfied, the customer's comments — with what was done (the remedy of
// that round, progress reported, completion, redress paid) and the next step
// (closed, or a second round for an unsatisfied customer).
import { DocumentUnavailableError } from '../errors.js';
import type { FollowUpRecord } from '../machine/context.js';
import { satisfactions } from '../schemas/events.js';
import type { Formatter } from './format.js';
import { html } from './html.js';
import { form, numbered, page, pair, section, signature, wide } from './layout.js';
import type { Dated, DocumentSource, Terms } from './source.js';

/** The remedy carried out in the round that was followed up: the current proposal if accepted before it, else the last one proposed before it. */
function roundTerms(s: DocumentSource, at: number): Dated<Terms> | undefined {
  const p = s.proposal;
  if (p && p.acceptedAt !== undefined && p.acceptedAt <= at) {
    return { at: p.proposedAt, by: p.proposedBy, value: { remedies: p.remedies, compensation: p.compensation, commitments: p.commitments, executeBy: p.executeBy } };
  }
  return s.proposals.filter((x) => x.at <= at).at(-1);
}

/**
 * The follow-up form of a complaint whose satisfaction follow-up is recorded
 * (the latest one; an unsatisfied one stays on record through the re-open).
 *
 * @param s - the complaint
 * @param f - the document's formatter
 * @returns the HTML document
 * @throws DocumentUnavailableError (`noFollowUp`)
 */
export function followUpDocument(s: DocumentSource, f: Formatter): string {
  const fu: FollowUpRecord | null = s.followUp;
  if (!fu) {
    throw new DocumentUnavailableError(
      { kind: 'followUp', id: s.id, reason: 'noFollowUp' },
      `complaint ${s.id} has no satisfaction follow-up recorded (stage ${s.stage})`,
    );
  }
  const L = f.labels;
  const t = L.text;
  const c = f.customer(s.customer);
  const terms = roundTerms(s, fu.at);
  const since = terms?.at ?? Number.NEGATIVE_INFINITY;
  const inRound = (e: { at: number }) => e.at >= since && e.at <= fu.at;
  const progress = s.progress.filter(inRound);
  const completion = s.trail?.completions.filter(inRound).at(-1);
  const entry = s.followUps.filter((e) => e.at === fu.at && e.value.satisfaction === fu.satisfaction).at(-1);
  const earlier = s.followUps.filter((e) => e !== entry && e.at <= fu.at);
  const next =
    fu.satisfaction === 'unsatisfied'
      ? t.nextReopened
      : (s.stage === 'closed' || s.stage === 'archived') && s.outcome === 'resolved'
        ? t.nextClosed
        : t.nextPending;
  const rows = [
    section(t.sFollowComplaint),
    pair(['customer.name', t.customerName, c.name], ['customer.phone', t.phone, f.orNone(c.phone)]),
    pair(['intake.filedAt', t.filedAt, f.instant(s.intake.filedAt)], ['routing.categories', t.category, f.list(s.routing.categories.map((x) => L.category[x]))]),
    wide('intake.description', t.matter, s.intake.description, true),
    section(t.sDone),
    wide('proposal.remedies', t.remedies, terms ? f.list(terms.value.remedies.map((r) => L.remedy[r])) : t.none),
    pair(['proposal.compensation', t.compensation, f.amount(terms?.value.compensation)], ['proposal.executeBy', t.executeBy, f.instant(terms?.value.executeBy)]),
    wide('proposal.commitments', t.commitments, numbered(f, terms?.value.commitments ?? [])),
    wide('progress', t.progress, numbered(f, progress.map((e) => `${f.instant(e.at)} ${e.value} (${f.person(e.by)})`))),
    pair(['completion.at', t.completedAt, f.instant(completion?.at)], ['completion.by', t.completedBy, f.person(completion?.by)]),
    wide('completion.summary', t.completion, f.orNone(completion?.value.summary), true),
    pair(['redressPaid', t.redressPaid, f.amount(s.redressPaid)], ['routing.department', t.department, f.department(s.routing.department)]),
    section(t.sFollowUp),
    pair(['followUp.at', t.followedUpAt, f.instant(fu.at)], ['followUp.by', t.followUpBy, entry ? f.person(entry.by) : f.person(fu.by)]),
    wide('followUp.satisfaction', t.satisfaction, f.checks(satisfactions, [fu.satisfaction], (v) => L.satisfaction[v])),
    wide('followUp.comment', t.comment, f.orNone(fu.comment), true),
    wide('followUp.next', t.next, next),
    ...(earlier.length > 0
      ? [wide('followUp.earlier', t.earlier, numbered(f, earlier.map((e) => `${f.instant(e.at)} ${L.satisfaction[e.value.satisfaction]}${e.value.comment ? ` — ${e.value.comment}` : ''} (${f.person(e.by)})`)))]
      : []),
  ];
  return page(f, {
    kind: 'followUp',
    id: s.id,
    meta: [
      [t.complaintNo, s.id],
      [t.followedUpAt, f.instant(fu.at)],
    ],
    body: [form(rows), html`<div class="signatures">${signature(f, t.followUpSign, [html`<p>${entry ? f.person(entry.by) : f.person(fu.by)}</p>`])}</div>`],
    notes: [t.independent],
  });
}
