import type { Notifier, OutboundMessage } from './types.js';

/** A notifier that keeps what it was given, for tests and demos. */
export interface MemoryNotifier extends Notifier {
  /** Every message delivered, in order (duplicates by id included, as delivered). */
  readonly sent: OutboundMessage[];
  /** Make the next `n` sends throw `error` (to exercise retries). */
  failNext(n: number, error?: Error): void;
  /** Forget what was sent. */
  clear(): void;
}

/**
 * A notifier that records messages in memory.
 *
 * @returns the notifier, with `sent`, `failNext` and `clear`
 * @example
 * const notifier = memoryNotifier();
 * // … after desk.dispatch():
 * notifier.sent.map((m) => m.kind);
 */
export function memoryNotifier(): MemoryNotifier {
  const sent: OutboundMessage[] = [];
  let failures = 0;
  let failure = new Error('notifier failure (simulated)');
  return {
    sent,
    async send(message) {
      if (failures > 0) {
        failures--;
        throw failure;
      }
      sent.push(JSON.parse(JSON.stringify(message)) as OutboundMessage);
    },
    failNext(n, error) {
      failures = n;
      if (error) failure = error;
    },
    clear() {
      sent.length = 0;
    },
  };
}

/**
 * A notifier that prints one line per message.
 *
 * @param log - where to print (default `console.log`)
 * @returns the notifier
 * @example
 * createDesk({ store: memoryStore(), notifier: consoleNotifier() });
 */
export function consoleNotifier(log: (line: string) => void = console.log): Notifier {
  return {
    async send(m) {
      log(`[notify] ${m.kind} → ${m.recipient} (${m.complaintId}) ${JSON.stringify(m.payload.data ?? {})}`);
    },
  };
}
