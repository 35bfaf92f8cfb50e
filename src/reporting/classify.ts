// Product and cause codes for a return: the record's own classification, or
// the host's mapping of its own codes; checked against the return's code set.
import { z } from 'zod';
import type { ComplaintExport } from '../desk/desk.js';
import { classificationProblems, type CodeSet } from '../schemas/classification.js';
import { issue, ReturnInputError } from './errors.js';
import type { ReturnRecord } from './records.js';

/** A complaint's product and cause in the return's code set (null: not classified). */
export interface ReturnClassification {
  product: string | null;
  cause: string | null;
}

/**
 * Maps a record to the return's codes, e.g. from the host's own product
 * catalogue. Return `null` (or leave a field out) for "not classified".
 *
 * @example
 * const classify: Classify = (r) => ({ product: myProducts[r.snapshot.context.intake.product ?? ''] ?? null });
 */
export type Classify = (record: ComplaintExport) => { product?: string | null | undefined; cause?: string | null | undefined };

/** Zod schema of a {@link Classify} option. */
export const classifySchema = z.custom<Classify>((f) => typeof f === 'function', 'expected a function (record) => { product, cause }');

/** Zod schema of a code set option (a {@link CodeSet}). */
export const codeSetOptionSchema = z.custom<CodeSet>(
  (s) =>
    s !== null &&
    typeof s === 'object' &&
    typeof (s as CodeSet).name === 'string' &&
    typeof (s as CodeSet).products === 'object' &&
    (s as CodeSet).products !== null &&
    typeof (s as CodeSet).causes === 'object' &&
    (s as CodeSet).causes !== null,
  'expected a code set { name, products, causes }',
);

/**
 * The product and cause of a record for a return.
 *
 * @param raw - the record as given (what `classify` receives)
 * @param record - its checked fields
 * @param index - its place in the input, for errors
 * @param classify - the host's mapping, if any (default: the record's `routing.classification`)
 * @param codes - the return's code set, if it has one: a code outside it is an error
 * @returns the codes
 * @throws ReturnInputError for a code outside the code set, or a mapping that returns something else
 */
export function classificationOf(raw: ComplaintExport, record: ReturnRecord, index: number, classify: Classify | undefined, codes: CodeSet | undefined): ReturnClassification {
  let out: ReturnClassification = record.classification;
  if (classify) {
    const given: unknown = classify(raw);
    const ok = (x: unknown) => x === undefined || x === null || (typeof x === 'string' && x.length > 0);
    if (given === null || typeof given !== 'object' || !ok((given as ReturnClassification).product) || !ok((given as ReturnClassification).cause)) {
      throw new ReturnInputError(index, record.id, [issue(['classify'], 'classify must return { product?: string | null, cause?: string | null }')]);
    }
    const g = given as Partial<ReturnClassification>;
    out = { product: g.product ?? null, cause: g.cause ?? null };
  }
  if (codes) {
    const problems = classificationProblems(codes, { product: out.product ?? undefined, cause: out.cause ?? undefined });
    if (problems.length > 0) {
      const where = classify ? ['classify'] : ['snapshot', 'context', 'routing', 'classification'];
      throw new ReturnInputError(index, record.id, problems.map((p) => issue([...where, ...p.path], p.message)));
    }
  }
  return out;
}
