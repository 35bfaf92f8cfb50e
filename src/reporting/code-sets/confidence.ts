/**
 * How far a shipped code or field was checked against its source:
 * - `verified`: read in the regulator's own text;
 * - `secondary`: read in a reliable secondary source (a regulator's data release quoted by the press, a law-firm note, public data);
 * - `unverified`: not confirmed in any source read; an assumption to check before filing.
 */
export type Confidence = 'verified' | 'secondary' | 'unverified';
