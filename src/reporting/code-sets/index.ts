// The code sets the return exporters ship. ASIC's IDR code tables (product or
// service, issue, outcome) and any NFRA categories are not shipped: their
// tables could not be read from the sources (see docs/reporting.md); hosts
// pass their own code set or a `classify` mapping.
import type { CodeSet } from '../../schemas/classification.js';
import { cfpbCodes } from './cfpb.js';
import { fcaAnnex1Codes } from './fca.js';

export { cfpbCodes, cfpbProducts, type CfpbProduct } from './cfpb.js';
export { fcaAnnex1Codes, fcaCauses, fcaGroupingOf, fcaProductGroupings, type FcaCause, type FcaProduct, type FcaProductGrouping } from './fca.js';
export type { Confidence } from './confidence.js';

/**
 * The code sets the returns use, for a desk's `codes` option: `fca` (DISP 1
 * Annex 1R products and main causes) and `cfpb` (Consumer Complaint Database
 * products and issues).
 *
 * @example
 * const desk = createDesk({ store, notifier, codes: codeSets.fca });
 */
export const codeSets: Readonly<{ fca: CodeSet; cfpb: CodeSet }> = Object.freeze({ fca: fcaAnnex1Codes, cfpb: cfpbCodes });
