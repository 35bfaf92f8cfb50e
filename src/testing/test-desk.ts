import type { ComplaintStore, Notifier, OutboundMessage } from '../adapters/types.js';
import { instantInputSchema, type InstantInput } from '../schemas/common.js';
import { parseWith } from '../schemas/parse.js';
import type { DeskOptions } from '../desk/options.js';
import { memoryStore } from '../adapters/memory-store.js';
import { memoryNotifier, type MemoryNotifier } from '../adapters/notifiers.js';
import { manualClock, type ManualClock } from '../desk/clock.js';
import { createDesk, type Desk } from '../desk/desk.js';
import type { Calendar, CalendarSpec } from '../sla/calendar.js';
import type { Policy } from '../sla/policy.js';

/** How far to move virtual time: milliseconds, or calendar units. */
export type Advance = number | { days?: number; hours?: number; minutes?: number; seconds?: number; ms?: number };

/** Options of {@link createTestDesk}: the start of virtual time, and any desk option but the clock and scheduler. */
export interface TestDeskOptions extends Partial<Omit<DeskOptions, 'clock' | 'scheduler' | 'store' | 'notifier' | 'policy' | 'calendar'>> {
  /** Delivers the messages (default: none besides the recording `notifier`); what it accepts is recorded too. */
  notifier?: Notifier;
  /** Virtual start time: epoch ms, a `Date` or an ISO-8601 string with an offset. */
  start: InstantInput;
  policy?: Policy;
  calendar?: Calendar | CalendarSpec;
  /** Defaults to a fresh `memoryStore()`. */
  store?: ComplaintStore;
}

/** A desk on virtual time. */
export interface TestDesk {
  desk: Desk;
  clock: ManualClock;
  store: ComplaintStore;
  notifier: MemoryNotifier;
  /** Virtual now. */
  now(): number;
  /** Move time forward, firing every timer that comes due on the way, in order, and draining the outbox. */
  advance(by: Advance): Promise<void>;
  /** Move time forward to `instant` (epoch ms, `Date` or ISO string), firing and draining as `advance` does. */
  advanceTo(instant: InstantInput): Promise<void>;
  /** Every notification delivered so far (through the host's notifier, when one was given). */
  sent(): OutboundMessage[];
}

const toMs = (a: Advance): number =>
  typeof a === 'number'
    ? a
    : (a.days ?? 0) * 86_400_000 + (a.hours ?? 0) * 3_600_000 + (a.minutes ?? 0) * 60_000 + (a.seconds ?? 0) * 1000 + (a.ms ?? 0);
const toInstant = (t: InstantInput): number => parseWith(instantInputSchema, 'instant', t);

/**
 * A desk on the memory store with a virtual clock, for workflow tests in a
 * few lines. `advance` steps from one due timer to the next, so chained
 * deadlines (breach → re-granted time → next breach) all fire in order.
 *
 * @param options - start time, optional policy, calendar and store
 * @returns the test desk
 * @example
 * const t = createTestDesk({ start: '2026-11-23T09:00:00+08:00' });
 * const c = await t.desk.file(intake, { actor: agent });
 * await t.advance({ hours: 30 });
 * expect((await t.desk.get(c.id)).escalationLevel).toBe(2); // breaches: supervisor, then director
 */
export function createTestDesk(options: TestDeskOptions): TestDesk {
  const { start, store: given, notifier: custom, ...rest } = options;
  const clock = manualClock(toInstant(start));
  const store = given ?? memoryStore();
  const notifier = memoryNotifier();
  // A host's notifier delivers; the recorder keeps what it accepted (for `sent()`).
  const delivering: Notifier = custom
    ? {
        async send(m, signal) {
          await custom.send(m, signal);
          await notifier.send(m);
        },
      }
    : notifier;
  const desk = createDesk({
    retry: { sleep: async () => {} },
    ...rest,
    store,
    notifier: delivering,
    clock,
    scheduler: false,
  });

  async function advanceTo(target: number): Promise<void> {
    if (target < clock.now()) throw new RangeError('cannot move virtual time backwards');
    let last: number | undefined;
    for (;;) {
      const next = await store.nextDueAt();
      if (next === undefined || next > target) break;
      clock.set(Math.max(clock.now(), next));
      const { fired } = await desk.runDue(clock.now());
      await desk.dispatch(clock.now());
      // A store that keeps reporting a timer nobody can fire must not hang the test.
      if (fired === 0 && next === last) break;
      last = next;
    }
    clock.set(target);
    await desk.dispatch(target);
  }

  return {
    desk,
    clock,
    store,
    notifier,
    now: () => clock.now(),
    advance: (by) => advanceTo(clock.now() + toMs(by)),
    advanceTo: (t) => advanceTo(toInstant(t)),
    sent: () => [...notifier.sent],
  };
}
