// The simulation's agenda: future actions ordered by time, then by the order
// they were scheduled (so equal times replay identically).

/** Something that happens at `t`. */
export interface Scheduled {
  t: number;
  /** Tie-breaker: scheduling order. */
  seq: number;
}

/** An item before it is scheduled (distributes over unions of item kinds). */
export type Unscheduled<T> = T extends Scheduled ? Omit<T, 'seq'> : never;

/** A binary min-heap of {@link Scheduled} items by (t, seq). */
export class EventQueue<T extends Scheduled> {
  private readonly a: T[] = [];
  private seq = 0;

  get size(): number {
    return this.a.length;
  }

  /** Schedule `item` at `item.t` (its `seq` is assigned here). */
  push(item: Unscheduled<T>): void {
    const x = item as unknown as T;
    x.seq = this.seq++;
    const a = this.a;
    let i = a.length;
    a.push(x);
    while (i > 0) {
      const p = (i - 1) >> 1;
      const y = a[p]!;
      if (y.t < x.t || (y.t === x.t && y.seq < x.seq)) break;
      a[i] = y;
      i = p;
    }
    a[i] = x;
  }

  peek(): T | undefined {
    return this.a[0];
  }

  pop(): T | undefined {
    const a = this.a;
    const top = a[0];
    const last = a.pop();
    if (a.length === 0 || last === undefined) return top;
    const n = a.length;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      let c = l;
      if (r < n && (a[r]!.t < a[l]!.t || (a[r]!.t === a[l]!.t && a[r]!.seq < a[l]!.seq))) c = r;
      const y = a[c]!;
      if (last.t < y.t || (last.t === y.t && last.seq < y.seq)) break;
      a[i] = y;
      i = c;
    }
    a[i] = last;
    return top;
  }
}
