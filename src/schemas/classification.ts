// What complaint returns to regulators need beyond the lifecycle: product
// and cause codes, the firm's decision (upheld or not), the redress paid and
// the customer's vulnerability. All optional: a complaint without them
// still runs its whole lifecycle.
import { z } from 'zod';

/**
 * A classification code (product or cause): 1–80 characters of letters,
 * digits and `_ . : / -`, e.g. `banking.current_account` or `4.2`. Which
 * codes exist is the host's code set (see `codeSets`), checked by the desk.
 */
export const codeText = z
  .string()
  .min(1)
  .max(80)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.:/-]*$/, 'expected a code of letters, digits and _ . : / -');

/** Zod schema of a complaint's classification for returns: product and cause codes. */
export const classificationSchema = z.strictObject({
  /** What the complaint is about, in the host's code set (e.g. an FCA product group). */
  product: codeText.optional(),
  /** Why the customer complains, in the host's code set (e.g. an FCA cause, an ASIC issue code). */
  cause: codeText.optional(),
});
/** Product and cause codes of a complaint. */
export type Classification = z.infer<typeof classificationSchema>;

/**
 * Drivers of customer vulnerability (FCA FG21/1 "Guidance for firms on the
 * fair treatment of vulnerable customers", paragraph 2.11): health, life
 * events, resilience, capability. Sensitive personal data: masked in
 * inspection and never in the customer's own view of internals.
 */
export const vulnerabilityDrivers = ['health', 'life_event', 'resilience', 'capability'] as const;
/** A driver of customer vulnerability. */
export type VulnerabilityDriver = (typeof vulnerabilityDrivers)[number];
export const vulnerabilitySchema = z.array(z.enum(vulnerabilityDrivers)).max(vulnerabilityDrivers.length);

/**
 * The firm's decision on the complaint, as returns count it: upheld
 * (in the customer's favour), partially upheld, or not upheld.
 */
export const decisions = ['upheld', 'partially_upheld', 'not_upheld'] as const;
/** The firm's decision on a complaint. */
export type Decision = (typeof decisions)[number];
export const decisionSchema = z.enum(decisions);

/**
 * A set of product and cause codes with their labels: what a desk accepts
 * in `classification` (e.g. the codes of one regulator's return). Codes not
 * in the set are refused with a `ValidationError` naming the field.
 */
export interface CodeSet {
  /** The set's name, e.g. `fca-disp-1-annex-1`. */
  readonly name: string;
  /** Product codes and their labels. */
  readonly products: Readonly<Record<string, string>>;
  /** Cause codes and their labels. */
  readonly causes: Readonly<Record<string, string>>;
}

/**
 * Zod schema of a {@link CodeSet}: a name and non-empty maps of codes to labels.
 */
export const codeSetSchema = z.strictObject({
  name: z.string().min(1).max(100),
  products: z.record(codeText, z.string().min(1).max(300)),
  causes: z.record(codeText, z.string().min(1).max(300)),
});

/**
 * Why a classification does not fit a code set: one message per unknown
 * code, with its path (`product` or `cause`); empty when it fits.
 *
 * @param set - the code set
 * @param classification - the codes to check
 * @returns the problems, as `{ path, message }`
 * @example
 * classificationProblems(set, { product: 'nope' }); // [{ path: ['product'], message: 'unknown product code "nope" in code set …' }]
 */
export function classificationProblems(set: CodeSet, classification: Classification): { path: ['product' | 'cause']; message: string }[] {
  const out: { path: ['product' | 'cause']; message: string }[] = [];
  const check = (kind: 'product' | 'cause', code: string | undefined, known: Readonly<Record<string, string>>) => {
    if (code === undefined || Object.prototype.hasOwnProperty.call(known, code)) return;
    const some = Object.keys(known).slice(0, 5).join(', ');
    out.push({ path: [kind], message: `unknown ${kind} code "${code}" in code set ${set.name} (known: ${some}${Object.keys(known).length > 5 ? ', …' : ''})` });
  };
  check('product', classification.product, set.products);
  check('cause', classification.cause, set.causes);
  return out;
}
