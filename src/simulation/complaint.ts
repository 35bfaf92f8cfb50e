// One simulated complaint: who complains about what, drawn at arrival from
// the arrivals stream, and its own random stream for everything later (so
// a complaint's story does not depend on what else happens in the run).
import type { Actor, Category, Severity } from '../schemas/common.js';
import { categories, severities } from '../schemas/common.js';
import { channels, emotions, motives, type Channel, type IntakeInput } from '../schemas/intake.js';
import { liabilities, rootCauseMethods, type Remedy } from '../schemas/events.js';
import type { NormalisedSimulationOptions, StaffRole } from './options.js';
import { Random, streamSeed } from './random.js';

/** The simulator's side of a complaint (the desk holds the real record). */
export interface SimComplaint {
  /** 1-based arrival number. */
  n: number;
  id: string;
  customer: Actor;
  severity: Severity;
  category: Category;
  channel: Channel;
  filedAt: number;
  /** Resolved at the first contact. */
  fcr: boolean;
  /** The complaint's own random stream. */
  rng: Random;
  /** False once closed: work and answers still scheduled for it are void. */
  open: boolean;
  /** Role that contacts, investigates, proposes and executes (by severity). */
  caseRole: StaffRole;
  /** Urgent after triage, or escalated: its work goes to the front lane. */
  expedite: boolean;
  objections: number;
  infoRequests: number;
  /** Staff who handled it (the follow-up must be done by someone else). */
  handlers: Set<string>;
}

const weights = <K extends string>(keys: readonly K[], mix: Record<K, number>) => keys.map((k) => mix[k]);

/** Complaint ids from the arrival number: `C000001`, … (zero-padded, so they sort in filing order). */
export function complaintIds(o: NormalisedSimulationOptions): (n: number) => string {
  const width = Math.max(6, String(Math.ceil(o.perDay * o.days * 1.2)).length);
  return (n) => `C${String(n).padStart(width, '0')}`;
}

/** Draws the attributes of arriving complaints. */
export function complaintFactory(o: NormalisedSimulationOptions): (rng: Random, n: number, at: number) => SimComplaint {
  const sev = weights(severities, o.severityMix);
  const cat = weights(categories, o.categoryMix);
  const ch = weights(channels, o.channelMix);
  const idOf = complaintIds(o);
  return (rng, n, at) => {
    const severity = severities[rng.pick(sev)]!;
    const c: SimComplaint = {
      n,
      id: idOf(n),
      customer: { id: `cust-${n}`, role: 'customer' },
      severity,
      category: categories[rng.pick(cat)]!,
      channel: channels[rng.pick(ch)]!,
      filedAt: at,
      fcr: false,
      rng: new Random(streamSeed(o.seed, 1000 + n)),
      open: true,
      caseRole: severity === 'normal' ? 'agent' : 'handler',
      expedite: false,
      objections: 0,
      infoRequests: 0,
      handlers: new Set<string>(),
    };
    // Urgent complaints (media, safety, key accounts) always go through the full process.
    c.fcr = severity !== 'urgent' && c.rng.chance(o.probabilities.firstContactResolution);
    return c;
  };
}

const descriptions: Record<Category, string> = {
  product_quality: 'The product stopped working within a week.',
  service_experience: 'The hotline agent was rude and hung up.',
  logistics: 'The parcel arrived late and damaged.',
  billing: 'I was charged twice for one order.',
  other: 'My earlier request was never answered.',
};
const demands: Record<Category, string> = {
  product_quality: 'Replace the product',
  service_experience: 'An apology',
  logistics: 'Refund the shipping fee',
  billing: 'Refund the double charge',
  other: 'An answer',
};
const causes: Record<Category, string> = {
  product_quality: 'Defective batch from the supplier',
  service_experience: 'Agent skipped the de-escalation script',
  logistics: 'Carrier missed the delivery window',
  billing: 'Payment retried after a timeout',
  other: 'Request routed to the wrong queue',
};
const remedyOptions: Record<Category, readonly Remedy[]> = {
  product_quality: ['replace', 'repair', 'refund'],
  service_experience: ['apology', 'voucher'],
  logistics: ['refund', 'voucher'],
  billing: ['refund'],
  other: ['apology', 'other'],
};
const emotionWeights = [0.5, 0.3, 0.2];
const motiveWeights = [0.3, 0.3, 0.4];
const methodWeights = [0.4, 0.3, 0.2, 0.1];
const liabilityWeights = [0.45, 0.15, 0.1, 0.1, 0.1, 0.05, 0.05];

/** The intake of a simulated complaint (synthetic customer, canned texts). */
export function intakeOf(c: SimComplaint): IntakeInput {
  return {
    id: c.id,
    customer: { id: c.customer.id, name: `Customer ${c.n}` },
    channel: c.channel,
    description: descriptions[c.category],
    demand: demands[c.category],
    emotion: emotions[c.rng.pick(emotionWeights)]!,
    motive: motives[c.rng.pick(motiveWeights)]!,
    categories: [c.category],
    filedAt: c.filedAt,
  };
}

/** The root cause found by the investigation. */
export function rootCauseOf(c: SimComplaint) {
  return {
    method: rootCauseMethods[c.rng.pick(methodWeights)]!,
    cause: causes[c.category],
    liability: liabilities[c.rng.pick(liabilityWeights)]!,
  };
}

/** A remedy fitting the category. */
export function remedyOf(c: SimComplaint): Remedy {
  const options = remedyOptions[c.category];
  return options[Math.floor(c.rng.next() * options.length)]!;
}
