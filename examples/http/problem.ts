/**
 * An HTTP-level refusal raised by this service itself (not by the desk):
 * no actor, a malformed header, an unknown route. `errors.ts` turns it into
 * a response like every desk error.
 */
export class HttpProblem extends Error {
  override readonly name = 'HttpProblem';

  /**
   * @param status - the HTTP status
   * @param code - stable machine-readable code for the body, e.g. `UNAUTHENTICATED`
   * @param message - for people
   */
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const BRAND = Symbol.for('redress.example.http.problem');
Object.defineProperty(HttpProblem.prototype, BRAND, { value: true });

/** Is `e` an {@link HttpProblem}? (A brand check, like the desk's `isRedressError`.) */
export function isHttpProblem(e: unknown): e is HttpProblem {
  return typeof e === 'object' && e !== null && (e as Record<symbol, unknown>)[BRAND] === true;
}
