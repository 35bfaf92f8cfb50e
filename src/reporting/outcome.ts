// Reading a closing as the returns do: upheld or not (FCA), and what kind of
// relief the customer got (CFPB response categories, ASIC outcomes).
import type { Remedy } from '../schemas/events.js';
import type { Closing } from './facts.js';

/** Why a closing counts as upheld or not (for the return's notes and tests). */
export type UpheldBasis = 'decision' | 'withdrawn' | 'liability' | 'redress' | 'no_redress';

/**
 * Whether a closing counts as upheld (FCA DISP 1 Annex 1R guidance: a
 * complaint upheld in part counts as upheld; a goodwill payment without a
 * decision counts as upheld; a rejection with a goodwill payment does not).
 *
 * 1. The firm's `decision`, when given: `upheld` and `partially_upheld` count, `not_upheld` does not.
 * 2. A withdrawn complaint is not upheld.
 * 3. Otherwise the root cause's liability: `company`, `supplier`,
 *    `logistics_partner` (the firm answers for its partners) and `shared` count;
 *    `customer` and `none` do not (redress then is goodwill after a rejection).
 * 4. With no liability found (`undetermined`, or no root cause, as on first
 *    contact): upheld when the firm gave redress (paid, compensation, or a
 *    remedy other than an apology).
 *
 * @param c - the closing
 * @returns whether it is upheld, and on what basis
 * @example
 * upheldOf(closing); // { upheld: true, basis: 'decision' }
 */
export function upheldOf(c: Closing): { upheld: boolean; basis: UpheldBasis } {
  if (c.decision !== null) return { upheld: c.decision !== 'not_upheld', basis: 'decision' };
  if (c.kind === 'withdrawn') return { upheld: false, basis: 'withdrawn' };
  switch (c.liability) {
    case 'company':
    case 'supplier':
    case 'logistics_partner':
    case 'shared':
      return { upheld: true, basis: 'liability' };
    case 'customer':
    case 'none':
      return { upheld: false, basis: 'liability' };
    default: {
      const redress = c.paid > 0 || c.compensation > 0 || c.remedies.some((r) => r !== 'apology');
      return { upheld: redress, basis: redress ? 'redress' : 'no_redress' };
    }
  }
}

/** Remedies with a cash value (refund, voucher): monetary relief. */
const monetary: readonly Remedy[] = ['refund', 'voucher'];
/** Remedies that change the customer's position without money (repair, replace, other). */
const nonMonetary: readonly Remedy[] = ['repair', 'replace', 'other'];

/** What the customer got from a closing. */
export type Relief = 'monetary' | 'non_monetary' | 'explanation' | 'withdrawn';

/**
 * The relief a closing gave: `monetary` when redress was paid, compensation
 * agreed or a refund or voucher accepted; `non_monetary` for a repair,
 * replacement or other remedy without money; `explanation` for an apology
 * only, no remedy, or an unresolvable complaint; `withdrawn` when the customer
 * withdrew.
 *
 * @param c - the closing
 * @returns the relief
 * @example
 * reliefOf(factsOf(readRecord(record, 0)).closings[0]!); // 'monetary'
 */
export function reliefOf(c: Closing): Relief {
  if (c.kind === 'withdrawn') return c.paid > 0 ? 'monetary' : 'withdrawn';
  if (c.paid > 0 || c.compensation > 0 || c.remedies.some((r) => monetary.includes(r))) return 'monetary';
  if (c.remedies.some((r) => nonMonetary.includes(r))) return 'non_monetary';
  return 'explanation';
}
