// Staff of one role: a pool of slots (people × concurrent complaints each)
// working on the role's calendar, and the queue of work waiting for a slot.
import type { Actor } from '../schemas/common.js';
import type { Calendar } from '../sla/calendar.js';
import type { StaffRole } from './options.js';

/** A FIFO queue (array with a moving head; compacted as it drains). */
class Fifo<T> {
  private items: T[] = [];
  private head = 0;

  get size(): number {
    return this.items.length - this.head;
  }

  push(x: T): void {
    this.items.push(x);
  }

  shift(): T | undefined {
    if (this.head >= this.items.length) return undefined;
    const x = this.items[this.head]!;
    this.items[this.head++] = undefined as T;
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return x;
  }
}

/**
 * The people of a role. Work waits in two lanes: expedited (urgent or
 * escalated complaints) first, then everything else, each first come,
 * first served. A free slot goes to the person who has been free longest,
 * so the load spreads over the team.
 */
export class StaffPool<W> {
  readonly role: StaffRole;
  readonly calendar: Calendar;
  readonly slots: number;
  /** One actor per person (`agent-1`, `agent-2`, …). */
  readonly people: readonly Actor[];
  /** Instant of the pending wake-up at the start of the next shift, if one is scheduled. */
  wakeAt: number | undefined;
  private readonly count: number;
  private fresh = 0;
  private readonly freed = new Fifo<number>();
  private readonly lanes = [new Fifo<W>(), new Fifo<W>()] as const;
  /** Slots in use. */
  busy = 0;

  constructor(role: StaffRole, count: number, capacity: number, calendar: Calendar) {
    this.role = role;
    this.calendar = calendar;
    this.count = count;
    this.slots = count * capacity;
    this.people = Array.from({ length: count }, (_, i) => ({ id: `${role}-${i + 1}`, role }));
  }

  /** Work waiting for a slot. */
  get waiting(): number {
    return this.lanes[0].size + this.lanes[1].size;
  }

  /** Queue work; `expedite` puts it in the first lane. */
  enqueue(work: W, expedite: boolean): void {
    this.lanes[expedite ? 0 : 1].push(work);
  }

  /** The next waiting work, expedited first. */
  next(): W | undefined {
    return this.lanes[0].shift() ?? this.lanes[1].shift();
  }

  /** Take a free slot: the person's index, or -1 when everyone is at capacity. */
  take(): number {
    if (this.busy >= this.slots) return -1;
    this.busy++;
    // Slots never used yet go round the team first; then whoever freed one earliest.
    // (Free slots = never used + freed, so one of the two is there.)
    if (this.fresh < this.slots) return this.fresh++ % this.count;
    return this.freed.shift()!;
  }

  /** Give back a slot of person `p`. */
  release(p: number): void {
    this.busy--;
    this.freed.push(p);
  }
}
