// US CFPB Consumer Complaint Database: products and issues, as data.
//
// Sources (see docs/reporting.md):
// - the field reference of the public database (cfpb/api, gh-pages,
//   ccdb/fields.html, 2023-05-09): Product and Issue are categorical, Issue
//   depends on Product — verified;
// - the nine product names in use since the 2017 taxonomy and the issue
//   names below: values of the public database as reproduced by several
//   independent public analyses of it — secondary. The issue list is partial
//   (the issues seen for each product), not the CFPB's full taxonomy; a
//   host with other issues passes its own code set or `classify`.
import type { CodeSet } from '../../schemas/classification.js';
import type { Confidence } from './confidence.js';

/** One product of the CFPB database, with the issues shipped for it. */
export interface CfpbProduct {
  /** Our code (codes have no spaces): `mortgage`. */
  readonly code: string;
  /** The database's value: `Mortgage`. */
  readonly label: string;
  readonly confidence: Confidence;
  /** Issues: our code `<product>/<issue>` → the database's value. */
  readonly issues: Readonly<Record<string, string>>;
}

const product = (code: string, label: string, issues: Record<string, string>): CfpbProduct => ({
  code,
  label,
  confidence: 'secondary',
  issues: Object.freeze(Object.fromEntries(Object.entries(issues).map(([k, v]) => [`${code}/${k}`, v]))),
});

/** The CFPB products (current taxonomy) and the issues shipped for each. */
export const cfpbProducts: readonly CfpbProduct[] = [
  product('checking_savings', 'Checking or savings account', {
    managing_account: 'Managing an account',
    closing_account: 'Closing an account',
    opening_account: 'Opening an account',
    charging_account: 'Problem with a lender or other company charging your account',
    funds_low: 'Problem caused by your funds being low',
  }),
  product('credit_card_prepaid', 'Credit card or prepaid card', {
    purchase_on_statement: 'Problem with a purchase shown on your statement',
    getting_card: 'Getting a credit card',
    fees_interest: 'Fees or interest',
    closing_account: 'Closing your account',
    other_features: 'Other features, terms, or problems',
  }),
  product('credit_reporting', 'Credit reporting, credit repair services, or other personal consumer reports', {
    incorrect_information: 'Incorrect information on your report',
    improper_use: 'Improper use of your report',
    investigation: "Problem with a company's investigation into an existing problem",
  }),
  product('debt_collection', 'Debt collection', {
    debt_not_owed: 'Attempts to collect debt not owed',
    written_notification: 'Written notification about debt',
    communication_tactics: 'Communication tactics',
    false_statements: 'False statements or representation',
    negative_legal_action: 'Took or threatened to take negative or legal action',
    share_information: 'Threatened to contact someone or share information improperly',
  }),
  product('money_transfer', 'Money transfer, virtual currency, or money service', {
    wrong_amount: 'Wrong amount charged or received',
    unauthorized: 'Unauthorized transactions or other transaction problem',
    not_available: 'Money was not available when promised',
    other_transaction: 'Other transaction problem',
    other_service: 'Other service problem',
  }),
  product('mortgage', 'Mortgage', {
    payment_process: 'Trouble during payment process',
    struggling_to_pay: 'Struggling to pay mortgage',
    applying: 'Applying for a mortgage or refinancing an existing mortgage',
    closing: 'Closing on a mortgage',
  }),
  product('payday_personal_loan', 'Payday loan, title loan, or personal loan', {}),
  product('student_loan', 'Student loan', {}),
  product('vehicle_loan_lease', 'Vehicle loan or lease', {
    getting: 'Getting a loan or lease',
    managing: 'Managing the loan or lease',
    end_of_loan: 'Problems at the end of the loan or lease',
    repossession: 'Repossession',
    struggling_to_pay: 'Struggling to pay your loan',
  }),
];

/**
 * The CFPB products and issues as a desk code set: products as `mortgage`,
 * issues (the "cause") as `mortgage/payment_process`; labels are the
 * database's values.
 *
 * @example
 * cfpbCodes.causes['mortgage/payment_process']; // 'Trouble during payment process'
 */
export const cfpbCodes: CodeSet = Object.freeze({
  name: 'us-cfpb-ccdb',
  products: Object.freeze(Object.fromEntries(cfpbProducts.map((x) => [x.code, x.label]))),
  causes: Object.freeze(Object.fromEntries(cfpbProducts.flatMap((x) => Object.entries(x.issues)))),
});
