/**
 * Who is calling.
 *
 * STAND-IN FOR AUTHENTICATION: this example trusts two request headers,
 * `X-Actor-Id` and `X-Actor-Role`. Anyone who can reach the port can claim to
 * be anyone. A real host derives the actor from what its authentication
 * verified (a session, a signed JWT's `sub` and a role claim, mTLS …) and
 * replaces `actorOf` — nothing else in the service changes, because every
 * route asks this one function. See docs/embedding.md, "Who is calling".
 */
import type { IncomingHttpHeaders } from 'node:http';
import { actorSchema, type Actor } from '../../src/index.js';
import { HttpProblem } from './problem.js';

/** The roles a caller may claim. `system` is the desk itself (it fires timers) and trusted automation, never an HTTP caller. */
const callerRoles = new Set<string>(['customer', 'agent', 'handler', 'supervisor', 'director', 'executive']);

const single = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? undefined : v);

/**
 * The actor named by the request's `X-Actor-Id` and `X-Actor-Role` headers.
 *
 * @param headers - the request headers (Node lower-cases their names)
 * @returns the validated actor
 * @throws HttpProblem 401 when a header is missing, repeated or invalid
 */
export function actorOf(headers: IncomingHttpHeaders): Actor {
  const id = single(headers['x-actor-id']);
  const role = single(headers['x-actor-role']);
  if (id === undefined || role === undefined) {
    throw new HttpProblem(401, 'UNAUTHENTICATED', 'send X-Actor-Id and X-Actor-Role (once each) to say who is calling');
  }
  const parsed = actorSchema.safeParse({ id, role });
  if (!parsed.success || !callerRoles.has(parsed.data.role)) {
    throw new HttpProblem(401, 'UNAUTHENTICATED', `X-Actor-Id must be an id and X-Actor-Role one of ${[...callerRoles].join(', ')}`);
  }
  return parsed.data;
}
