// What a document is rendered from: a ComplaintDetails (desk.get) or a
// ComplaintExport with its timeline (desk.records), validated with zod and
// brought to one shape. Facts only the timeline holds (who filed, triaged,
// completed the execution) are there when a timeline is.
import { z } from 'zod';
import type { TimelineEntry } from '../adapters/types.js';
import { stages, type Stage } from '../adapters/types.js';
import { ValidationError, type ValidationIssue } from '../errors.js';
import type { FollowUpRecord, Outcome, Proposal, RootCause } from '../machine/context.js';
import { categorySchema, roleSchema, severitySchema, type Actor, type Category, type Severity } from '../schemas/common.js';
import { liabilities, remedies, rootCauseMethods, satisfactions, type Satisfaction } from '../schemas/events.js';
import { channels, emotions, motives, type Channel, type Emotion, type Motive } from '../schemas/intake.js';
import { timelineEntrySchema } from './options.js';
import type { DocumentRecord } from './types.js';

const WHAT = 'document record';
const instant = z.number().finite();
const text = z.string();
const actor = z.looseObject({ id: z.string(), role: roleSchema });
const outcomes = ['resolved', 'resolved_on_first_contact', 'withdrawn', 'unresolvable'] as const;

const customerPart = z.looseObject({
  id: z.string(),
  name: text,
  phone: text.optional(),
  email: text.optional(),
  keyAccount: z.boolean().optional(),
});
const intakePart = z.looseObject({
  channel: z.enum(channels),
  description: text,
  product: text.optional(),
  order: text.optional(),
  demand: text,
  emotion: z.enum(emotions),
  motive: z.enum(motives),
  categories: z.array(categorySchema).optional(),
  filedAt: instant,
});
const routingPart = z.looseObject({
  categories: z.array(categorySchema),
  severity: severitySchema.nullable(),
  department: text.nullable(),
  assignee: text.nullable(),
});
const milestonesPart = z.looseObject({ acknowledgedAt: instant.nullable(), closedAt: instant.nullable() });
const rootCausePart = z.looseObject({ method: z.enum(rootCauseMethods), cause: text, liability: z.enum(liabilities), at: instant, by: text });
const termsShape = {
  remedies: z.array(z.enum(remedies)),
  compensation: z.number().finite(),
  commitments: z.array(text),
  executeBy: instant,
};
const proposalPart = z.looseObject({
  ...termsShape,
  proposedAt: instant,
  proposedBy: actor,
  approvedBy: actor.optional(),
  approvedAt: instant.optional(),
  acceptedAt: instant.optional(),
  acceptance: z.looseObject({ by: actor, channel: z.enum(channels).nullable(), reference: text.nullable() }).optional(),
});
const followUpPart = z.looseObject({ satisfaction: z.enum(satisfactions), at: instant, by: text.optional(), comment: text.optional() });
const resolutionShape = {
  rootCause: rootCausePart.nullable(),
  proposal: proposalPart.nullable(),
  followUp: followUpPart.nullable(),
  outcome: z.enum(outcomes).nullable(),
  redressPaid: z.number().finite().nullable().optional(),
};
const dated = <T extends z.ZodType>(value: T) =>
  z.looseObject({ at: instant, by: actor, value });

const detailsSchema = z.looseObject({
  id: z.string().min(1),
  stage: z.enum(stages),
  customer: customerPart,
  intake: intakePart,
  routing: routingPart,
  milestones: milestonesPart,
  ...resolutionShape,
  history: z.looseObject({
    proposals: z.array(dated(z.looseObject(termsShape))),
    progress: z.array(dated(text)),
    followUps: z.array(dated(z.looseObject({ satisfaction: z.enum(satisfactions), comment: text.nullable() }))),
  }),
});

const exportSchema = z.looseObject({
  id: z.string().min(1),
  summary: z.looseObject({ stage: z.enum(stages) }),
  snapshot: z.looseObject({
    context: z.looseObject({
      intake: intakePart.extend({ customer: customerPart }),
      routing: routingPart,
      milestones: milestonesPart,
      resolution: z.looseObject(resolutionShape),
    }),
  }),
  timeline: z.array(timelineEntrySchema, { error: 'expected the record’s timeline: desk.records({ timeline: true })' }),
});

/** One dated fact: when, who, what. */
export interface Dated<T> {
  at: number;
  by: Actor;
  value: T;
}

/** A proposal's terms. */
export interface Terms {
  remedies: Proposal['remedies'];
  compensation: number;
  commitments: string[];
  executeBy: number;
}

/** Facts only the timeline holds. */
export interface Trail {
  /** Who registered the complaint. */
  filedBy: Actor | null;
  acknowledgements: Dated<null>[];
  triages: Dated<{ categories: Category[]; severity: Severity; department: string | null; assignee: string | null }>[];
  acceptances: Dated<{ note: string | null }>[];
  completions: Dated<{ summary: string | null; redressPaid: number | null }>[];
}

/** The complaint as the documents read it. */
export interface DocumentSource {
  id: string;
  stage: Stage;
  outcome: Outcome | null;
  customer: { id: string; name: string; phone?: string | undefined; email?: string | undefined; keyAccount?: boolean | undefined };
  intake: {
    channel: Channel;
    description: string;
    product?: string | undefined;
    order?: string | undefined;
    demand: string;
    emotion: Emotion;
    motive: Motive;
    categories?: Category[] | undefined;
    filedAt: number;
  };
  routing: { categories: Category[]; severity: Severity | null; department: string | null; assignee: string | null };
  milestones: { acknowledgedAt: number | null; closedAt: number | null };
  rootCause: RootCause | null;
  /** The current round's proposal. */
  proposal: Proposal | null;
  /** The latest follow-up (kept through a re-open until the next one). */
  followUp: FollowUpRecord | null;
  /** Redress paid, all rounds. */
  redressPaid: number | null;
  /** Every proposal made, oldest first. */
  proposals: Dated<Terms>[];
  progress: Dated<string>[];
  followUps: Dated<{ satisfaction: Satisfaction; comment: string | null }>[];
  /** Null when no timeline came with the record. */
  trail: Trail | null;
}

function parse<S extends z.ZodType>(schema: S, input: unknown, path: (string | number)[] = []): z.infer<S> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  throw new ValidationError(
    WHAT,
    r.error.issues.map((i) => ({ ...i, path: [...path, ...i.path] }) as ValidationIssue),
  );
}

const optionalText = text.optional();
const eventData = {
  TRIAGE: z.looseObject({ categories: z.array(categorySchema), severity: severitySchema, department: optionalText, assignee: optionalText }),
  PROPOSE: z.looseObject({ ...termsShape, compensation: z.number().finite().optional(), commitments: z.array(text).optional() }),
  REPORT_PROGRESS: z.looseObject({ progress: text }),
  COMPLETE_EXECUTION: z.looseObject({ summary: optionalText, redressPaid: z.number().finite().optional() }),
  RECORD_FOLLOW_UP: z.looseObject({ satisfaction: z.enum(satisfactions), comment: optionalText }),
  ACCEPT: z.looseObject({ note: optionalText }),
};

/** The parts of a timeline entry the documents read. */
interface Entry {
  at: number;
  kind: string;
  type: string;
  actor: Actor;
  data: Record<string, unknown>;
}

/** What the documents need from a timeline, each entry's data validated. */
function readTimeline(timeline: readonly Entry[], path: (string | number)[]) {
  const trail: Trail = { filedBy: null, acknowledgements: [], triages: [], acceptances: [], completions: [] };
  const proposals: Dated<Terms>[] = [];
  const progress: Dated<string>[] = [];
  const followUps: DocumentSource['followUps'] = [];
  timeline.forEach((e, i) => {
    const at = e.at;
    const by = e.actor;
    const where = [...path, i, 'data'];
    if (e.kind === 'filed') {
      trail.filedBy = by;
      return;
    }
    if (e.kind !== 'event') return;
    switch (e.type) {
      case 'ACKNOWLEDGE':
        trail.acknowledgements.push({ at, by, value: null });
        break;
      case 'TRIAGE': {
        const d = parse(eventData.TRIAGE, e.data, where);
        trail.triages.push({ at, by, value: { categories: d.categories, severity: d.severity, department: d.department ?? null, assignee: d.assignee ?? null } });
        break;
      }
      case 'PROPOSE': {
        const d = parse(eventData.PROPOSE, e.data, where);
        proposals.push({ at, by, value: { remedies: d.remedies, compensation: d.compensation ?? 0, commitments: d.commitments ?? [], executeBy: d.executeBy } });
        break;
      }
      case 'ACCEPT':
        trail.acceptances.push({ at, by, value: { note: parse(eventData.ACCEPT, e.data, where).note ?? null } });
        break;
      case 'REPORT_PROGRESS':
        progress.push({ at, by, value: parse(eventData.REPORT_PROGRESS, e.data, where).progress });
        break;
      case 'COMPLETE_EXECUTION': {
        const d = parse(eventData.COMPLETE_EXECUTION, e.data, where);
        trail.completions.push({ at, by, value: { summary: d.summary ?? null, redressPaid: d.redressPaid ?? null } });
        break;
      }
      case 'RECORD_FOLLOW_UP': {
        const d = parse(eventData.RECORD_FOLLOW_UP, e.data, where);
        followUps.push({ at, by, value: { satisfaction: d.satisfaction, comment: d.comment ?? null } });
        break;
      }
    }
  });
  return { trail, proposals, progress, followUps };
}

const isExport = (r: object): boolean => 'snapshot' in r;

/**
 * Validate a record and bring it to the documents' shape.
 *
 * @param record - a ComplaintDetails, or a ComplaintExport with its timeline
 * @param extraTimeline - the timeline of a ComplaintDetails, when the host has it
 * @returns the complaint as the documents read it
 * @throws ValidationError (`document record`) when it is neither, or malformed
 */
export function sourceOf(record: DocumentRecord, extraTimeline: readonly TimelineEntry[] | undefined): DocumentSource {
  if (typeof record !== 'object' || record === null) {
    throw new ValidationError(WHAT, [{ code: 'custom', path: [], message: 'expected a ComplaintDetails (desk.get) or a ComplaintExport with its timeline (desk.records)', input: record } as ValidationIssue]);
  }
  if (isExport(record)) {
    const r = parse(exportSchema, record);
    const ctx = r.snapshot.context;
    const { customer, ...intake } = ctx.intake;
    const t = readTimeline(r.timeline, ['timeline']);
    const res = ctx.resolution;
    return {
      id: r.id,
      stage: r.summary.stage,
      outcome: res.outcome,
      customer,
      intake,
      routing: ctx.routing,
      milestones: ctx.milestones,
      rootCause: res.rootCause,
      proposal: res.proposal as Proposal | null,
      followUp: res.followUp,
      redressPaid: res.redressPaid ?? null,
      proposals: t.proposals,
      progress: t.progress,
      followUps: t.followUps,
      trail: t.trail,
    };
  }
  const r = parse(detailsSchema, record);
  const t = extraTimeline ? readTimeline(extraTimeline, ['options', 'timeline']) : undefined;
  return {
    id: r.id,
    stage: r.stage,
    outcome: r.outcome,
    customer: r.customer,
    intake: r.intake,
    routing: r.routing,
    milestones: r.milestones,
    rootCause: r.rootCause,
    proposal: r.proposal as Proposal | null,
    followUp: r.followUp,
    redressPaid: r.redressPaid ?? null,
    proposals: t?.proposals ?? r.history.proposals,
    progress: t?.progress ?? r.history.progress,
    followUps: t?.followUps ?? r.history.followUps,
    trail: t?.trail ?? null,
  };
}
