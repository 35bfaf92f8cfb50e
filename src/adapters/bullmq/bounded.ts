// Bounded waits on BullMQ: an enqueue that does not answer, a close that
// waits for a connection that never came.

/** Settles like `p`, or rejects after `ms` with an Error saying `what` did not answer; `p`'s later rejection is swallowed. */
export function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  p.catch(() => undefined);
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what}: no answer from Redis within ${ms} ms`)), ms);
    }),
  ]);
}

/** What a BullMQ Queue and Worker have in common for shutting down. */
export interface Closable {
  close(force?: boolean): Promise<void>;
  disconnect(): Promise<void>;
}

/**
 * Close `x`, and when that takes longer than `ms` (BullMQ's close waits for a
 * connection that may never come) cut its connections, which lets the close
 * finish. `force` is passed to a Worker's close: do not wait for running jobs
 * (the backend waits for its own first; a Worker's graceful close never ends
 * when it has not connected).
 */
export async function closeWithin(x: Closable, ms: number, force = false): Promise<void> {
  const closing = force ? x.close(true) : x.close();
  closing.catch(() => undefined);
  try {
    await within(closing, ms, 'close');
    return;
  } catch {
    // fall through: cut the connections
  }
  x.disconnect().catch(() => undefined);
  await within(closing, ms, 'close after disconnect').catch(() => undefined);
}
