// The conformance suite of a ComplaintStore, by capability: one module per
// part under store-contract/, each usable on its own (like keyv's test
// suite), and describeStoreContract running them all.
import type { TestRunner } from './contract-types.js';
import { describeStoreCore } from './store-contract/core.js';
import type { MakeStore } from './store-contract/fixtures.js';
import { describeStoreList } from './store-contract/list.js';
import { capabilitySuites, storeCapabilities, type StoreCapability } from './store-contract/optional.js';
import { describeStoreOutbox } from './store-contract/outbox.js';
import { describeStoreTimers } from './store-contract/timers.js';

export { describeStoreCore, describeStoreTimers, describeStoreOutbox, describeStoreList, storeCapabilities, type StoreCapability, type MakeStore };
export { describeStoreLoadIfNewer, describeStoreRecords, describeStoreStats, describeStoreNextOutboxAt } from './store-contract/optional.js';

/** Options of {@link describeStoreContract}. */
export interface StoreContractOptions {
  /**
   * The optional capabilities the store has (default: all of them:
   * `loadIfNewer`, `records`, `stats`, `nextOutboxAt`). Each one listed is
   * tested; for each one left out, a test named "<capability>: not provided
   * by this store" checks that the store really lacks it — so a missing
   * capability shows in the report instead of passing as if tested.
   */
  capabilities?: readonly StoreCapability[];
}

/**
 * The conformance suite every {@link ComplaintStore} must pass, by
 * capability: core (atomic, version-guarded commits, timeline, idempotency,
 * isolation of returned data), timers (claims in due order with leases,
 * quarantine and parking), outbox (claims, retries, leases), list (filters,
 * sorts, keyset pagination), and the optional capabilities the store
 * declares (`options.capabilities`, default all four). Each part is also
 * exported on its own (`describeStoreCore`, `describeStoreTimers`, …).
 *
 * @param name - suite name
 * @param makeStore - returns a fresh, empty store for each test
 * @param runner - the test runner's `describe`, `it` and `expect`
 * @param options - the optional capabilities the store has
 * @example
 * import { describe, it, expect } from 'vitest';
 * import { describeStoreContract } from 'redress/testing';
 * describeStoreContract('my store', () => myStore(), { describe, it, expect }, { capabilities: ['records'] });
 */
export function describeStoreContract(name: string, makeStore: MakeStore, runner: TestRunner, options: StoreContractOptions = {}): void {
  const { describe, it, expect } = runner;
  const declared = new Set<StoreCapability>(options.capabilities ?? storeCapabilities);
  for (const c of declared) {
    if (!storeCapabilities.includes(c)) throw new TypeError(`describeStoreContract: unknown capability ${String(c)} (known: ${storeCapabilities.join(', ')})`);
  }
  describe(`ComplaintStore contract: ${name}`, () => {
    describeStoreCore(makeStore, runner);
    describeStoreTimers(makeStore, runner);
    describeStoreOutbox(makeStore, runner);
    describeStoreList(makeStore, runner);
    for (const capability of storeCapabilities) {
      if (declared.has(capability)) {
        capabilitySuites[capability](makeStore, runner);
      } else {
        it(`${capability}: not provided by this store`, async () => {
          const s = await makeStore();
          expect(typeof (s as unknown as Record<string, unknown>)[capability]).toBe('undefined');
        });
      }
    }
  });
}
