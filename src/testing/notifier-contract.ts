import type { Notifier, OutboundMessage } from '../adapters/types.js';
import type { TestRunner } from './contract-types.js';

/** Options of {@link describeNotifierContract}. */
export interface NotifierContractOptions {
  /** Messages the notifier delivered so far, if it can tell (for delivery checks). */
  delivered?: (notifier: Notifier) => readonly OutboundMessage[] | Promise<readonly OutboundMessage[]>;
}

const sample = (n: number): OutboundMessage => ({
  id: `c1:${n}:complaint.acknowledged:customer:cu1`,
  complaintId: 'c1',
  kind: 'complaint.acknowledged',
  recipient: 'customer:cu1',
  payload: { kind: 'complaint.acknowledged', data: { n }, text: '您的投诉已受理' },
});

/**
 * The conformance suite for a {@link Notifier}: `send` resolves for a valid
 * message, accepts the same id twice (at-least-once delivery) and does not
 * mutate the message; with `delivered`, each id is delivered, and
 * de-duplicated if the notifier promises it.
 *
 * @param name - suite name
 * @param makeNotifier - returns a fresh notifier for each test
 * @param runner - the test runner's `describe`, `it` and `expect`
 * @param options - how to read what was delivered
 * @example
 * describeNotifierContract('memory', () => memoryNotifier(), { describe, it, expect }, { delivered: (n) => (n as MemoryNotifier).sent });
 */
export function describeNotifierContract(
  name: string,
  makeNotifier: () => Notifier | Promise<Notifier>,
  runner: TestRunner,
  options: NotifierContractOptions = {},
): void {
  const { describe, it, expect } = runner;
  describe(`Notifier contract: ${name}`, () => {
    it('sends a message without mutating it', async () => {
      const n = await makeNotifier();
      const m = sample(1);
      const copy = JSON.parse(JSON.stringify(m)) as OutboundMessage;
      await n.send(m);
      expect(m).toEqual(copy);
    });

    it('accepts the same message id twice (at-least-once delivery)', async () => {
      const n = await makeNotifier();
      await n.send(sample(2));
      await n.send(sample(2));
      if (options.delivered) {
        const ids = (await options.delivered(n)).map((x) => x.id);
        expect(ids.includes(sample(2).id)).toBe(true);
      }
    });

    it('delivers each message it accepted, in order', async () => {
      const n = await makeNotifier();
      for (let i = 10; i < 15; i++) await n.send(sample(i));
      if (options.delivered) {
        const ids = [...new Set((await options.delivered(n)).map((x) => x.id))];
        expect(ids).toEqual([10, 11, 12, 13, 14].map((i) => sample(i).id));
      }
    });
  });
}
