// FCA DISP 1 Annex 1R, step 2 of 3: the return's cells as data. A cell sums
// one measure over the aggregates of some products and causes. The default
// map below lays the measures out by product and grouping; its cell ids are
// ours, not the form's references (the Annex's table layout could not be
// read: see docs/reporting.md). A host transcribing the RegData template
// passes its own map with the form's references as ids.
import { z } from 'zod';
import { fcaCauses, fcaProductGroupings } from '../code-sets/fca.js';
import { fcaMeasures, type FcaAggregate, type FcaMeasure } from './measures.js';

/** One cell of the return: the sum of a measure over some products and causes. */
export interface FcaCell {
  /** The cell's reference, e.g. `opened:banking.current_accounts:arrears` (or the form's own reference). */
  readonly id: string;
  readonly label: string;
  readonly measure: FcaMeasure;
  /** Products summed (omitted: every complaint, classified or not). */
  readonly products?: readonly string[];
  /** Main causes summed (omitted: every cause). */
  readonly causes?: readonly string[];
}

/** The cells of a return, as data. */
export interface FcaCellMap {
  readonly name: string;
  /** Where the layout comes from. */
  readonly source: string;
  /** Whether the layout was checked against the form. */
  readonly verified: boolean;
  readonly cells: readonly FcaCell[];
}

/** Zod schema of an {@link FcaCellMap}. */
export const fcaCellMapSchema = z.strictObject({
  name: z.string().min(1).max(100),
  source: z.string().max(1000),
  verified: z.boolean(),
  cells: z
    .array(
      z.strictObject({
        id: z.string().min(1).max(200),
        label: z.string().max(500),
        measure: z.enum(fcaMeasures),
        products: z.array(z.string().min(1)).optional(),
        causes: z.array(z.string().min(1)).optional(),
      }),
    )
    .min(1)
    .max(100_000),
});

const measureLabels: Readonly<Record<FcaMeasure, string>> = {
  outstanding_at_start: 'Complaints outstanding at the start of the period',
  opened: 'Complaints opened in the period',
  closed: 'Complaints closed in the period',
  closed_within_3_business_days: 'Closed within 3 business days',
  closed_after_3_business_days_within_8_weeks: 'Closed after 3 business days but within 8 weeks',
  closed_after_8_weeks: 'Closed after 8 weeks',
  upheld: 'Complaints upheld',
  redress_paid: 'Redress paid (£)',
};

const perProduct: readonly FcaMeasure[] = [
  'opened',
  'closed_within_3_business_days',
  'closed_after_3_business_days_within_8_weeks',
  'closed_after_8_weeks',
  'upheld',
  'redress_paid',
];

function defaultCells(): FcaCell[] {
  const cells: FcaCell[] = [
    { id: 'outstanding_at_start', label: measureLabels.outstanding_at_start, measure: 'outstanding_at_start' },
    { id: 'opened', label: measureLabels.opened, measure: 'opened' },
  ];
  for (const g of fcaProductGroupings) {
    const all = g.products.map((x) => x.code);
    for (const x of g.products) {
      for (const c of fcaCauses) {
        cells.push({ id: `opened:${x.code}:${c.code}`, label: `${g.label}: ${x.label}: opened, main cause ${c.label}`, measure: 'opened', products: [x.code], causes: [c.code] });
      }
      for (const m of perProduct) cells.push({ id: `${m}:${x.code}`, label: `${g.label}: ${x.label}: ${measureLabels[m]}`, measure: m, products: [x.code] });
    }
    for (const m of perProduct) cells.push({ id: `${m}:${g.code}`, label: `${g.label} (all products): ${measureLabels[m]}`, measure: m, products: all });
  }
  return cells;
}

/**
 * The default cell map: the two header items, then for each product opened
 * complaints by main cause and every measure, then each grouping's totals.
 * Cell ids are `<measure>:<product or grouping>[:<cause>]`.
 */
export const fcaDefaultCellMap: FcaCellMap = Object.freeze({
  name: 'redress-fca-annex1r-by-product',
  source: 'DISP 1.10.2R measures by product and main cause (layout ours; not the form\'s table and column references)',
  verified: false,
  cells: Object.freeze(defaultCells()),
});

/** A filled cell: `null` is a blank cell (a product the firm does no business in, or a nil return). */
export interface FcaCellValue {
  id: string;
  label: string;
  value: number | null;
}

/**
 * Fill a cell map from the aggregates. A cell naming products is blank when
 * none of them is `active`; redress is rounded to whole pounds.
 *
 * @param map - the cells
 * @param aggregates - the (product, cause) aggregates
 * @param active - products the firm does business in
 * @param nil - a nil return: every cell blank
 * @returns the cells with their values
 */
export function fillCells(map: FcaCellMap, aggregates: readonly FcaAggregate[], active: ReadonlySet<string>, nil: boolean): FcaCellValue[] {
  return map.cells.map((cell) => {
    if (nil || (cell.products && !cell.products.some((x) => active.has(x)))) return { id: cell.id, label: cell.label, value: null };
    let sum = 0;
    for (const a of aggregates) {
      if (cell.products && (a.product === null || !cell.products.includes(a.product))) continue;
      if (cell.causes && (a.cause === null || !cell.causes.includes(a.cause))) continue;
      sum += a.values[cell.measure];
    }
    return { id: cell.id, label: cell.label, value: cell.measure === 'redress_paid' ? Math.round(sum) : sum };
  });
}
