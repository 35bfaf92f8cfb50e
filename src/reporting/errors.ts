// Errors of the return exporters.
import { ValidationError, type ValidationIssue } from '../errors.js';

/**
 * A record an exporter cannot read: not a complete complaint record, no
 * timeline (export with `desk.records({ timeline: true })`), a machine
 * version this release does not write, or a code outside the exporter's code
 * set. `index` is the record's place in the input (0-based) and `recordId`
 * its id when it has one; `issues` name the fields, as zod does.
 *
 * @example
 * try { await fcaComplaintsReturn(records, options) } catch (e) { if (e instanceof ReturnInputError) console.log(e.index, e.recordId) }
 */
export class ReturnInputError extends ValidationError {
  /** The record's place in the input, 0-based. */
  readonly index: number;
  /** The record's id, when it has one. */
  readonly recordId: string | undefined;

  /**
   * @param index - the record's place in the input
   * @param recordId - its id, if any
   * @param issues - what is wrong, with paths inside the record
   */
  constructor(index: number, recordId: string | undefined, issues: readonly ValidationIssue[]) {
    super(`record ${index}${recordId === undefined ? '' : ` (${recordId})`}`, issues);
    this.index = index;
    this.recordId = recordId;
  }
}

/** One hand-made issue with zod's shape. */
export const issue = (path: (string | number)[], message: string): ValidationIssue =>
  ({ code: 'custom', path, message, input: undefined }) as ValidationIssue;
