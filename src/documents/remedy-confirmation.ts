// 《投诉处理方案确认书》 (the guideline's template 3, §(四)): the remedy both
// sides agreed — remedies, compensation, commitments, the date it is carried
// out by, the responsible person — with the company's confirmation (who
// proposed it, who approved it when approval was needed) and the customer's
// (when, through which channel, the reference, who recorded it), and lines
// for both signatures.
import { DocumentUnavailableError } from '../errors.js';
import type { Proposal } from '../machine/context.js';
import type { Formatter } from './format.js';
import { html } from './html.js';
import { form, numbered, page, pair, section, signature, wide } from './layout.js';
import type { DocumentSource } from './source.js';

/** The accepted proposal, or why there is none to confirm. */
function acceptedProposal(s: DocumentSource): Proposal & { acceptedAt: number } {
  const p = s.proposal;
  if (!p || p.acceptedAt === undefined) {
    throw new DocumentUnavailableError(
      { kind: 'remedyConfirmation', id: s.id, reason: 'notAccepted' },
      `complaint ${s.id} has no accepted proposal (stage ${s.stage}): a remedy confirmation records the customer's acceptance`,
    );
  }
  if (s.stage === 'resolving') {
    throw new DocumentUnavailableError(
      { kind: 'remedyConfirmation', id: s.id, reason: 'reworking' },
      `complaint ${s.id} is back in resolving after an execution issue: the accepted remedy is being re-worked`,
    );
  }
  return p as Proposal & { acceptedAt: number };
}

/**
 * The remedy confirmation of a complaint whose proposal the customer accepted.
 *
 * @param s - the complaint
 * @param f - the document's formatter
 * @returns the HTML document
 * @throws DocumentUnavailableError (`notAccepted`, `reworking`)
 */
export function remedyConfirmationDocument(s: DocumentSource, f: Formatter): string {
  const p = acceptedProposal(s);
  const L = f.labels;
  const t = L.text;
  const c = f.customer(s.customer);
  const acceptance = p.acceptance;
  const note = s.trail?.acceptances.filter((a) => a.at === p.acceptedAt).at(-1)?.value.note ?? null;
  const recordedBy = acceptance
    ? acceptance.by.role === 'customer'
      ? `${t.acceptByCustomer} (${acceptance.by.id})`
      : f.person(acceptance.by)
    : f.person(s.trail?.acceptances.at(-1)?.by);
  const rc = s.rootCause;
  const rows = [
    section(t.sSummary),
    pair(['customer.name', t.customerName, c.name], ['customer.id', t.customerId, s.customer.id]),
    pair(['customer.phone', t.phone, f.orNone(c.phone)], ['intake.filedAt', t.filedAt, f.instant(s.intake.filedAt)]),
    pair(['intake.product', t.product, f.orNone(s.intake.product)], ['intake.order', t.order, f.orNone(s.intake.order)]),
    wide('intake.description', t.matter, s.intake.description, true),
    wide('intake.demand', t.demand, s.intake.demand, true),
    section(t.sFindings),
    pair(['rootCause.method', t.method, rc ? L.method[rc.method] : t.none], ['rootCause.liability', t.liability, rc ? L.liability[rc.liability] : t.none]),
    wide('rootCause.cause', t.cause, rc ? rc.cause : t.none, true),
    section(t.sRemedy),
    wide('proposal.remedies', t.remedies, f.list(p.remedies.map((r) => L.remedy[r]))),
    pair(['proposal.compensation', t.compensation, f.amount(p.compensation)], ['proposal.executeBy', t.executeBy, f.instant(p.executeBy)]),
    wide('proposal.commitments', t.commitments, numbered(f, p.commitments)),
    pair(['routing.department', t.department, f.department(s.routing.department)], ['responsible', t.responsible, s.routing.assignee ? f.person(s.routing.assignee) : f.person(p.proposedBy)]),
    section(t.sConfirm),
    html`<tr><th colspan="2" class="section">${t.companySide}</th><th colspan="2" class="section">${t.customerSide}</th></tr>`,
    pair(['proposal.proposedBy', t.proposedBy, f.person(p.proposedBy)], ['proposal.acceptedAt', t.acceptedAt, f.instant(p.acceptedAt)]),
    pair(['proposal.proposedAt', t.proposedAt, f.instant(p.proposedAt)], ['acceptance.channel', t.acceptChannel, acceptance?.channel ? L.channel[acceptance.channel] : t.none]),
    pair(
      ['proposal.approvedBy', t.approvedBy, p.approvedBy ? f.person(p.approvedBy) : t.noApproval],
      ['acceptance.reference', t.acceptReference, f.orNone(acceptance?.reference)],
    ),
    pair(['proposal.approvedAt', t.approvedAt, p.approvedBy ? f.instant(p.approvedAt) : t.none], ['acceptance.by', t.acceptBy, recordedBy]),
    ...(note ? [wide('acceptance.note', t.acceptNote, note, true)] : []),
  ];
  return page(f, {
    kind: 'remedyConfirmation',
    id: s.id,
    meta: [
      [t.complaintNo, s.id],
      [t.confirmedAt, f.instant(p.acceptedAt)],
    ],
    body: [
      form(rows),
      html`<p class="statement">${t.agreement}</p>`,
      html`<div class="signatures">${signature(f, t.companySign, [html`<p>${f.person(p.approvedBy ?? p.proposedBy)}</p>`], t.companySeal)}${signature(f, t.customerSign, [
        html`<p>${c.name}</p>`,
      ])}</div>`,
    ],
  });
}
