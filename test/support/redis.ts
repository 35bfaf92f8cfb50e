/**
 * Redis for the tests that need the real server: BullMQ connection options
 * from REDIS_URL, a reachability check that fails loudly, and names unique to
 * one run so parallel runs and leftovers never meet.
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';

/** BullMQ/ioredis connection options from a `redis://[user:password@]host:port[/db]` URL. */
export function redisConnection(url: string): { host: string; port: number; db?: number; username?: string; password?: string } {
  const u = new URL(url);
  const db = u.pathname.length > 1 ? Number(u.pathname.slice(1)) : undefined;
  return {
    host: u.hostname,
    port: u.port === '' ? 6379 : Number(u.port),
    ...(db === undefined ? {} : { db }),
    ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
  };
}

/** Resolves when the server at `url` answers PING; rejects, naming REDIS_URL, when it cannot be reached. */
export async function assertRedisReachable(url: string): Promise<void> {
  const client = new Redis({ ...redisConnection(url), lazyConnect: true, connectTimeout: 3000, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
  client.on('error', () => undefined);
  try {
    await client.connect();
    if ((await client.ping()) !== 'PONG') throw new Error('no PONG');
  } catch (e) {
    throw new Error(`REDIS_URL is set but the Redis server cannot be reached: ${(e as Error).message}`, { cause: e });
  } finally {
    client.disconnect();
  }
}

/** A queue name (and key prefix) unique to this run. */
export const uniqueName = (what: string): string => `redress-test-${what}-${process.pid}-${randomBytes(4).toString('hex')}`;

/** Polls `check` until it returns a value other than undefined, or rejects after `ms` (a bound on waiting for a real server, not a sleep). */
export async function until<T>(check: () => Promise<T | undefined> | T | undefined, ms: number, what: string): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
