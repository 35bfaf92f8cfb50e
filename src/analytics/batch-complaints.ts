// Batch complaints (企业客户批量投诉, an urgent case in the guideline):
// many distinct customers about one product (or order) within a short
// window. Read in filing order, per value: a sliding window of the
// complaints of the last `windowMs`, so memory is bounded by the busiest
// window, never by the run.

/** One batch episode as found in the stream (before the baseline check). */
export interface BatchEpisode {
  value: string;
  /** Filing time of the complaint that brought the window to `minCustomers`. */
  triggeredAt: number;
  triggerId: string;
  /** The window with the most distinct customers during the episode. */
  windowStart: number;
  windowEnd: number;
  customers: number;
  complaints: number;
  complaintIds: string[];
}

interface Entry {
  t: number;
  customer: string;
  id: string;
}

/** The sliding window of one value. */
class ValueWindow {
  readonly entries: Entry[] = [];
  head = 0;
  readonly perCustomer = new Map<string, number>();
  episode: BatchEpisode | undefined;

  push(e: Entry, windowMs: number): void {
    // The window is (t − windowMs, t]: what fell out of it leaves first.
    while (this.head < this.entries.length && this.entries[this.head]!.t <= e.t - windowMs) {
      const old = this.entries[this.head++]!;
      const n = this.perCustomer.get(old.customer)! - 1;
      if (n === 0) this.perCustomer.delete(old.customer);
      else this.perCustomer.set(old.customer, n);
    }
    if (this.head > 1024 && this.head * 2 > this.entries.length) {
      this.entries.splice(0, this.head);
      this.head = 0;
    }
    this.entries.push(e);
    this.perCustomer.set(e.customer, (this.perCustomer.get(e.customer) ?? 0) + 1);
  }

  get distinct(): number {
    return this.perCustomer.size;
  }

  get size(): number {
    return this.entries.length - this.head;
  }

  ids(): string[] {
    const out: string[] = [];
    for (let i = this.head; i < this.entries.length && out.length < MAX_IDS; i++) out.push(this.entries[i]!.id);
    return out;
  }
}

/** Complaint ids kept as evidence of a batch. */
export const MAX_IDS = 50;

/**
 * Finds batch episodes in records read in filing order. An episode starts
 * when the window ending at a complaint holds `minCustomers` distinct
 * customers, and lasts while every later complaint's window still does;
 * its evidence is its busiest window.
 */
export class BatchDetector {
  private readonly windows = new Map<string, ValueWindow>();
  private readonly done: BatchEpisode[] = [];

  constructor(
    private readonly windowMs: number,
    private readonly minCustomers: number,
  ) {}

  /**
   * Add one complaint (in filing order per value).
   * @returns false when `t` is earlier than the window allows (out of filing order)
   */
  add(value: string, t: number, customer: string, id: string): boolean {
    let w = this.windows.get(value);
    if (!w) this.windows.set(value, (w = new ValueWindow()));
    const last = w.size > 0 ? w.entries[w.entries.length - 1]!.t : -Infinity;
    if (t < last) return false;
    w.push({ t, customer, id }, this.windowMs);
    const distinct = w.distinct;
    const ep = w.episode;
    if (distinct >= this.minCustomers) {
      if (!ep) {
        w.episode = { value, triggeredAt: t, triggerId: id, windowStart: w.entries[w.head]!.t, windowEnd: t, customers: distinct, complaints: w.size, complaintIds: w.ids() };
      } else if (distinct > ep.customers) {
        ep.windowStart = w.entries[w.head]!.t;
        ep.windowEnd = t;
        ep.customers = distinct;
        ep.complaints = w.size;
        ep.complaintIds = w.ids();
      }
    } else if (ep) {
      this.done.push(ep);
      w.episode = undefined;
    }
    return true;
  }

  /** Every episode found, open ones included, by trigger time then value. */
  episodes(): BatchEpisode[] {
    const all = [...this.done];
    for (const w of this.windows.values()) if (w.episode) all.push(w.episode);
    return all.sort((a, b) => a.triggeredAt - b.triggeredAt || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
  }
}
