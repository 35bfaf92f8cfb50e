/**
 * The complaint routes: each one reads who is calling, turns the request
 * into the desk's input, calls one desk method and shows its result. The
 * desk does everything else — validation, authorization (a customer only on
 * their own complaint), the state machine, the clock, the atomic commit.
 */
import type { FastifyInstance } from 'fastify';
import type { Desk } from '../../src/index.js';
import { actorOf } from './actor.js';
import { etagOf, expectedVersionOf, noneMatch } from './etag.js';
import { commandFrom, idempotencyKeyOf, intakeFrom } from './input.js';
import { listQueryFrom, type RawQuery } from './list-query.js';

interface ById {
  Params: { id: string };
}

const location = (id: string) => `/complaints/${encodeURIComponent(id)}`;

export function complaintRoutes(app: FastifyInstance, desk: Desk): void {
  // File a complaint. Idempotency-Key makes a retry safe: the same key and body give the first result.
  app.post('/complaints', async (request, reply) => {
    const actor = actorOf(request.headers);
    const input = intakeFrom(request.body);
    const idempotencyKey = idempotencyKeyOf(request.headers['idempotency-key']);
    const view = await desk.file(input, { actor, ...(idempotencyKey === undefined ? {} : { idempotencyKey }) });
    return reply.code(201).header('location', location(view.id)).header('etag', etagOf(view.version)).send(view);
  });

  // Send an event. If-Match: "<version>" makes it conditional: a stale version changes nothing (412).
  app.post<ById>('/complaints/:id/events', async (request, reply) => {
    const actor = actorOf(request.headers);
    const command = commandFrom(request.body);
    const expectedVersion = expectedVersionOf(request.headers['if-match']);
    const idempotencyKey = idempotencyKeyOf(request.headers['idempotency-key']);
    const view = await desk.send(request.params.id, command, {
      actor,
      ...(expectedVersion === undefined ? {} : { expectedVersion }),
      ...(idempotencyKey === undefined ? {} : { idempotencyKey }),
    });
    return reply.header('etag', etagOf(view.version)).send(view);
  });

  // Read a complaint: details as this actor may see them (a customer: their own, without internal history).
  app.get<ById>('/complaints/:id', async (request, reply) => {
    const actor = actorOf(request.headers);
    // Authorize first, then compare: a 304 must not tell a stranger that the version is unchanged.
    const details = await desk.get(request.params.id, { as: actor });
    const tag = etagOf(details.version);
    // The body depends on who asks (the events their role may send, staff-only history).
    reply.header('etag', tag).header('vary', 'X-Actor-Id, X-Actor-Role').header('cache-control', 'private, no-cache');
    if (noneMatch(request.headers['if-none-match'], tag)) return reply.code(304).send();
    return reply.send(details);
  });

  // The audit timeline (a customer: without internal notes and escalations).
  app.get<ById>('/complaints/:id/timeline', async (request, reply) => {
    const actor = actorOf(request.headers);
    const items = await desk.timeline(request.params.id, { as: actor });
    return reply.header('cache-control', 'private, no-cache').send({ items });
  });

  // Search: filters, a sort, keyset pages (`next` → `?cursor=`). Customers get only their own.
  app.get<{ Querystring: RawQuery }>('/complaints', async (request, reply) => {
    const actor = actorOf(request.headers);
    const page = await desk.list(listQueryFrom(request.query, actor));
    return reply.header('cache-control', 'private, no-cache').send({ items: page.items, next: page.next ?? null });
  });
}
