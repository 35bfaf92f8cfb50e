// redress/testing: conformance suites for adapters and helpers for tests.
export {
  describeStoreContract,
  describeStoreCore,
  describeStoreTimers,
  describeStoreOutbox,
  describeStoreList,
  describeStoreLoadIfNewer,
  describeStoreRecords,
  describeStoreStats,
  describeStoreNextOutboxAt,
  storeCapabilities,
  type StoreCapability,
  type StoreContractOptions,
  type MakeStore,
} from './store-contract.js';
export { describeNotifierContract, type NotifierContractOptions } from './notifier-contract.js';
export type { TestRunner, ExpectLike } from './contract-types.js';
export { createTestDesk, type TestDesk, type TestDeskOptions, type Advance } from './test-desk.js';
