// Commands and timer firings of one desk for one complaint run one at a time,
// in arrival order: they never conflict with each other, only with other desks.

/** A per-key queue: `run(key, task)` starts `task` once every earlier task of `key` has settled. */
export interface KeyedQueue {
  run<T>(key: string, task: () => Promise<T>): Promise<T>;
  /** Keys with work queued or running. */
  readonly size: number;
}

export function keyedQueue(): KeyedQueue {
  const tails = new Map<string, Promise<unknown>>();
  return {
    run<T>(key: string, task: () => Promise<T>): Promise<T> {
      const before = tails.get(key);
      const result = before ? before.then(task, task) : task();
      const tail = result.then(
        () => undefined,
        () => undefined,
      );
      tails.set(key, tail);
      void tail.then(() => {
        if (tails.get(key) === tail) tails.delete(key);
      });
      return result;
    },
    get size() {
      return tails.size;
    },
  };
}
