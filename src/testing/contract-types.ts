/** The assertions the conformance suites use; vitest's and jest's `expect` fit. */
export interface ExpectLike {
  (actual: unknown): {
    toBe(expected: unknown): void;
    toEqual(expected: unknown): void;
    toBeUndefined(): void;
    toBeInstanceOf(cls: unknown): void;
    toHaveLength(n: number): void;
    toBeGreaterThanOrEqual(n: number): void;
    not: { toBe(expected: unknown): void; toEqual(expected: unknown): void };
  };
}

/** The test runner functions a conformance suite is given. */
export interface TestRunner {
  describe: (name: string, fn: () => void) => void;
  it: (name: string, fn: () => Promise<void> | void, timeout?: number) => void;
  expect: ExpectLike;
}
