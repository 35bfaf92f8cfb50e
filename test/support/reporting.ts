/**
 * Helpers of the return exporters' tests: a desk on virtual time stepped
 * to wall-clock instants written with their offset, and collecting what an
 * exporter streams.
 */
import type { Actor, ComplaintCommand, IntakeInput } from '../../src/index.js';
import { setup, type SetupOptions } from './desk.js';

/** Every item of an async iterable, in order. */
export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of items) out.push(x);
  return out;
}

/** A test desk whose steps run at given instants (`'2026-03-02T10:00+00:00'`), in time order. */
export function scenario(options: Omit<SetupOptions, 'start'> & { start: string }) {
  const t = setup({ ...options, start: Date.parse(options.start) });
  const moveTo = async (when: string) => {
    const at = Date.parse(when);
    if (!Number.isFinite(at)) throw new Error(`bad instant ${when}`);
    await t.advanceTo(at);
  };
  return {
    ...t,
    /** File an intake at `when`. */
    async file(when: string, input: IntakeInput, actor: Actor) {
      await moveTo(when);
      return t.desk.file(input, { actor });
    },
    /** Send a command at `when`. */
    async send(when: string, id: string, command: ComplaintCommand, actor: Actor) {
      await moveTo(when);
      return t.desk.send(id, command, { actor });
    },
    moveTo,
  };
}
