// A small binary min-heap ordered by a numeric key, used by the memory store
// for due timers and pending outbox messages (lazy deletion by the caller).
export class MinHeap<T> {
  private readonly items: { k: number; tie: string; v: T }[] = [];

  get size(): number {
    return this.items.length;
  }

  push(k: number, tie: string, v: T): void {
    const a = this.items;
    a.push({ k, tie, v });
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(i, p)) break;
      [a[i], a[p]] = [a[p]!, a[i]!];
      i = p;
    }
  }

  peek(): { k: number; v: T } | undefined {
    return this.items[0];
  }

  pop(): { k: number; v: T } | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (a.length > 0 && last) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && this.less(l, m)) m = l;
        if (r < a.length && this.less(r, m)) m = r;
        if (m === i) break;
        [a[i], a[m]] = [a[m]!, a[i]!];
        i = m;
      }
    }
    return top;
  }

  private less(i: number, j: number): boolean {
    const a = this.items[i]!;
    const b = this.items[j]!;
    return a.k < b.k || (a.k === b.k && a.tie < b.tie);
  }
}
