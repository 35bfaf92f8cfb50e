/**
 * The store conformance suite itself (redress/testing): split by capability,
 * and an optional capability a store lacks shows in the report by name —
 * it never passes as if it had been tested.
 */
import { describe, expect, it } from 'vitest';
import { memoryStore, type ComplaintStore } from '../src/index.js';
import { describeStoreContract, storeCapabilities, type StoreContractOptions, type TestRunner } from '../src/testing/index.js';

interface Registered {
  name: string;
  run: () => unknown;
}

/** Registers the suite with a runner that only records it: test names with their describe path, and their bodies. */
function register(makeStore: () => ComplaintStore, options?: StoreContractOptions): Registered[] {
  const tests: Registered[] = [];
  const path: string[] = [];
  const runner: TestRunner = {
    describe: (name: string, fn: () => void) => {
      path.push(name);
      fn();
      path.pop();
    },
    it: (name: string, fn: () => unknown) => {
      tests.push({ name: [...path, name].join(' > '), run: fn });
    },
    expect: expect as unknown as TestRunner['expect'],
  } as TestRunner;
  describeStoreContract('probe', makeStore, runner, options);
  return tests;
}

/** A memory store without some optional methods. */
const without = (...names: string[]) => (): ComplaintStore => {
  const s: Record<string, unknown> = { ...memoryStore() };
  for (const n of names) delete s[n];
  return s as unknown as ComplaintStore;
};

const find = (tests: Registered[], suffix: string) => {
  const t = tests.find((x) => x.name.endsWith(suffix));
  if (!t) throw new Error(`no test ending in ${suffix}: ${tests.map((x) => x.name).join('\n')}`);
  return t;
};

describe('describeStoreContract', () => {
  it('runs core, timers, outbox, list and every optional capability by default', () => {
    const parts = new Set(register(() => memoryStore()).map((t) => t.name.split(' > ')[1]));
    expect([...parts]).toEqual(['core', 'timers', 'outbox', 'list', ...storeCapabilities]);
  });

  it('names each capability a store leaves out as "not provided", and that test checks it is absent', async () => {
    const tests = register(without('stats', 'nextOutboxAt'), { capabilities: ['loadIfNewer', 'records'] });
    const names = tests.map((t) => t.name);
    expect(names).toContain('ComplaintStore contract: probe > stats: not provided by this store');
    expect(names).toContain('ComplaintStore contract: probe > nextOutboxAt: not provided by this store');
    expect(names.some((n) => n.includes(' > stats > '))).toBe(false);
    await find(tests, 'stats: not provided by this store').run();
    // Declared as absent while the store has it: that test fails.
    const lying = register(() => memoryStore(), { capabilities: ['records'] });
    await expect(Promise.resolve().then(() => find(lying, 'stats: not provided by this store').run())).rejects.toThrow();
  });

  it('a capability expected but missing fails its suite, saying how to declare it', async () => {
    const tests = register(without('stats'));
    const statsTest = tests.find((t) => t.name.includes(' > stats > '))!;
    await expect(Promise.resolve().then(() => statsTest.run())).rejects.toThrow(/no stats\(\).*options\.capabilities/);
  });

  it('refuses an unknown capability', () => {
    expect(() => register(() => memoryStore(), { capabilities: ['teleport' as never] })).toThrow(/unknown capability teleport/);
  });
});
