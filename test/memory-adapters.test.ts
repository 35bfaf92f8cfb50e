import { describe, expect, it } from 'vitest';
import { memoryNotifier, memoryStore, type MemoryNotifier } from '../src/index.js';
import { describeNotifierContract, describeStoreContract } from '../src/testing/index.js';

describeStoreContract('memoryStore', () => memoryStore(), { describe, it, expect });
describeNotifierContract('memoryNotifier', () => memoryNotifier(), { describe, it, expect }, {
  delivered: (n) => (n as MemoryNotifier).sent,
});
