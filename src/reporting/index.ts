// Regulator returns from complete complaint records: the UK FCA complaints
// return (DISP 1 Annex 1R), the Australian ASIC IDR data file, US CFPB-style
// company responses and the China NFRA extension log, with the code sets they
// use. See docs/reporting.md.
export { fcaComplaintsReturn, fcaReturnCsv, type FcaReturn, type FcaReturnOptions, type FcaVulnerabilityCounts } from './fca/return.js';
export { fcaDefaultCellMap, type FcaCell, type FcaCellMap, type FcaCellValue } from './fca/cell-map.js';
export { fcaBucketOf, fcaMeasures, type FcaAggregate, type FcaBucket, type FcaMeasure, type FcaMeasureValues } from './fca/measures.js';
export { asicDefaultChannelCodes, asicIdrColumns, asicIdrCsv, asicIdrRows, type AsicIdrOptions, type AsicIdrRow, type AsicOutcome } from './asic.js';
export {
  CFPB_FINAL_RESPONSE_DAYS,
  CFPB_RESPONSE_DAYS,
  cfpbResponseColumns,
  cfpbResponses,
  cfpbResponsesCsv,
  type CfpbResponse,
  type CfpbResponseOptions,
  type CfpbResponseRow,
} from './cfpb.js';
export { nfraExtensionColumns, nfraExtensionLog, nfraExtensionLogCsv, type NfraExtensionLogOptions, type NfraExtensionRow } from './nfra.js';
export {
  cfpbCodes,
  cfpbProducts,
  fcaAnnex1Codes,
  fcaCauses,
  fcaGroupingOf,
  fcaProductGroupings,
  codeSets,
  type CfpbProduct,
  type Confidence,
  type FcaCause,
  type FcaProduct,
  type FcaProductGrouping,
} from './code-sets/index.js';
export { factsOf, type ClosingKind, type Closing, type ComplaintFacts, type ExtensionFact, type Payment, type StatusChange } from './facts.js';
export { reliefOf, upheldOf, type Relief, type UpheldBasis } from './outcome.js';
export { readRecord, type ReturnRecord, type ReturnRecords } from './records.js';
export { ReturnInputError } from './errors.js';
export { csvField, csvLines, type CsvColumn, type CsvValue } from './csv.js';
export type { Classify, ReturnClassification } from './classify.js';
export type { Period, PeriodInput } from './period.js';
