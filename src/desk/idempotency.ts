// Idempotency keys: scoped to the actor (nobody can squat another's key),
// remembered with a fingerprint of the command — a hash, never a copy of it.
import { createHash } from 'node:crypto';
import { ConflictError } from '../errors.js';
import type { ComplaintStore } from '../adapters/types.js';
import type { Actor } from '../schemas/common.js';

/** Canonical JSON: object keys sorted at every depth, so the same command always hashes alike. */
export function canonicalJson(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  const keys = Object.keys(v).filter((k) => (v as Record<string, unknown>)[k] !== undefined).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson((v as Record<string, unknown>)[k])}`).join(',')}}`;
}

/** A command's identity: a SHA-256 of what was asked by whom (not when: a defaulted time differs on retry). */
export function fingerprint(kind: 'file' | 'send', actor: Actor, command: Record<string, unknown>, omit: string): string {
  const rest: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(command)) if (k !== omit && k !== 'actor') rest[k] = v;
  return createHash('sha256').update(canonicalJson([kind, actor.id, actor.role, rest])).digest('base64url');
}

/** The store key of an idempotency key: the caller's key within the actor's (and for `send`, the complaint's) scope. */
export function scopedKey(kind: 'file' | 'send', actor: Actor, key: string, complaintId?: string): string {
  return JSON.stringify(kind === 'file' ? ['file', actor.role, actor.id, key] : ['send', complaintId, actor.role, actor.id, key]);
}

/** What is stored for an idempotency key. */
export interface Remembered<V> {
  fingerprint: string;
  view: V;
}

/**
 * The first result for a scoped key, if any. The same key with a different
 * command is a caller's mistake, not a replay: ConflictError.
 */
export async function remembered<V>(store: ComplaintStore, key: string | undefined, print: string, complaintId: string): Promise<V | undefined> {
  if (key === undefined) return undefined;
  const r = await store.idempotency(key);
  if (!r) return undefined;
  const stored = r.result as Remembered<V>;
  if (stored.fingerprint !== print) {
    throw new ConflictError('this idempotency key was already used for a different command', { id: r.complaintId || complaintId });
  }
  return stored.view;
}
