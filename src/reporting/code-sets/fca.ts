// UK FCA complaints return, DISP 1 Annex 1R: product groupings, products
// and "main cause" codes, as data.
//
// Sources (see docs/reporting.md):
// - the five product groupings: every FCA complaints-data publication
//   (verified); "Credit related", a sixth grouping of the DISP 1 Annex 1B
//   publication report, is left out: its products could not be sourced;
// - products: FCA aggregate complaints data releases as quoted by the trade
//   press (insurance: the complete 14-row table of the 2021 H2 release;
//   banking: the 2024 H2 figures; pensions and investments: FTAdviser on
//   2023 H2) — secondary; the rest are unverified;
// - causes: the FCA aggregate data "cause" table cited with the 2024 H2
//   release — secondary;
// - one main cause per complaint: DISP 1.10 guidance ("the category which
//   the firm considers to form the main part of the complaint") — verified.
// Check the codes against the Annex 1R template in RegData before filing.
import type { CodeSet } from '../../schemas/classification.js';
import type { Confidence } from './confidence.js';

/** One product of the FCA return. */
export interface FcaProduct {
  /** Our code: `<grouping>.<product>`. */
  readonly code: string;
  /** The FCA's name for it. */
  readonly label: string;
  readonly confidence: Confidence;
}

/** One product grouping of the FCA return, with its products. */
export interface FcaProductGrouping {
  readonly code: string;
  readonly label: string;
  readonly confidence: Confidence;
  readonly products: readonly FcaProduct[];
}

const p = (grouping: string, code: string, label: string, confidence: Confidence): FcaProduct => ({ code: `${grouping}.${code}`, label, confidence });

/** The five product groupings of DISP 1 Annex 1R and their products, in the FCA's order. */
export const fcaProductGroupings: readonly FcaProductGrouping[] = [
  {
    code: 'banking',
    label: 'Banking and credit cards',
    confidence: 'verified',
    products: [
      p('banking', 'current_accounts', 'Current accounts', 'secondary'),
      p('banking', 'packaged_accounts', 'Packaged accounts', 'secondary'),
      p('banking', 'credit_cards', 'Credit cards', 'secondary'),
      p('banking', 'overdrafts', 'Overdrafts', 'secondary'),
      p('banking', 'savings', 'Savings (incl. cash ISAs)', 'secondary'),
      p('banking', 'other', 'Other banking', 'secondary'),
    ],
  },
  {
    code: 'home_finance',
    label: 'Home finance',
    confidence: 'verified',
    products: [
      p('home_finance', 'equity_release', 'Equity release products', 'secondary'),
      p('home_finance', 'other_regulated', 'Other regulated home finance products', 'unverified'),
      p('home_finance', 'non_regulated', 'Non-regulated home finance products', 'unverified'),
    ],
  },
  {
    code: 'insurance',
    label: 'Insurance & pure protection',
    confidence: 'verified',
    products: [
      p('insurance', 'assistance', 'Assistance', 'secondary'),
      p('insurance', 'gi_packaged_multi', 'General insurance packaged multi products', 'secondary'),
      p('insurance', 'income_protection', 'Income protection and other accident, sickness and unemployment', 'secondary'),
      p('insurance', 'medical_health', 'Medical/health', 'secondary'),
      p('insurance', 'motor_transport', 'Motor & transport', 'secondary'),
      p('insurance', 'other_general', 'Other general insurance', 'secondary'),
      p('insurance', 'other_pure_protection', 'Other pure protection', 'secondary'),
      p('insurance', 'ppi', 'Payment protection insurance', 'secondary'),
      p('insurance', 'pet', 'Pet', 'secondary'),
      p('insurance', 'property', 'Property', 'secondary'),
      p('insurance', 'protection_packaged_multi', 'Protection packaged multi products', 'secondary'),
      p('insurance', 'travel', 'Travel', 'secondary'),
      p('insurance', 'warranty', 'Warranty', 'secondary'),
      p('insurance', 'life_term_ci', 'Whole of life / term assurance / critical illness', 'secondary'),
    ],
  },
  {
    code: 'pensions',
    label: 'Decumulation & pensions',
    confidence: 'verified',
    products: [
      p('pensions', 'annuities', 'Annuities', 'secondary'),
      p('pensions', 'income_drawdown', 'Income drawdown', 'unverified'),
      p('pensions', 'personal_pensions', 'Personal pensions incl. workplace personal pensions and SIPPs', 'secondary'),
      p('pensions', 'other_decumulation', 'Other decumulation', 'unverified'),
    ],
  },
  {
    code: 'investments',
    label: 'Investments',
    confidence: 'verified',
    products: [
      p('investments', 'isas', 'ISAs (investments held in)', 'secondary'),
      p('investments', 'investment_bonds', 'Investment bonds', 'secondary'),
      p('investments', 'platforms', 'Platforms', 'secondary'),
      p('investments', 'structured_products', 'Structured products', 'unverified'),
      p('investments', 'endowments', 'Endowments', 'unverified'),
      p('investments', 'other', 'Other investments', 'unverified'),
    ],
  },
];

/** One "main cause" of the FCA return. */
export interface FcaCause {
  readonly code: string;
  readonly label: string;
  readonly confidence: Confidence;
}

/** The five main causes of DISP 1 Annex 1R, in the FCA's order. */
export const fcaCauses: readonly FcaCause[] = [
  { code: 'advising_selling_arranging', label: 'Advising, selling and arranging', confidence: 'secondary' },
  { code: 'terms_disputed_sums', label: 'Terms and disputed sums/charges', confidence: 'secondary' },
  { code: 'admin_customer_service', label: 'General admin/customer service', confidence: 'secondary' },
  { code: 'arrears', label: 'Arrears related', confidence: 'secondary' },
  { code: 'other', label: 'Other', confidence: 'secondary' },
];

/**
 * The FCA return's codes as a desk code set (`createDesk({ codes })`):
 * products `<grouping>.<product>` (e.g. `banking.current_accounts`) and the
 * five main causes (e.g. `admin_customer_service`).
 *
 * @example
 * const desk = createDesk({ store, notifier, codes: fcaAnnex1Codes });
 */
export const fcaAnnex1Codes: CodeSet = Object.freeze({
  name: 'uk-fca-disp1-annex1r',
  products: Object.freeze(Object.fromEntries(fcaProductGroupings.flatMap((g) => g.products.map((x) => [x.code, `${g.label}: ${x.label}`])))),
  causes: Object.freeze(Object.fromEntries(fcaCauses.map((c) => [c.code, c.label]))),
});

/**
 * The grouping of an FCA product code.
 *
 * @param product - a product code of {@link fcaAnnex1Codes}
 * @returns its grouping, or undefined for a code outside the set
 * @example
 * fcaGroupingOf('banking.current_accounts')?.label; // 'Banking and credit cards'
 */
export function fcaGroupingOf(product: string): FcaProductGrouping | undefined {
  return fcaProductGroupings.find((g) => g.products.some((x) => x.code === product));
}
