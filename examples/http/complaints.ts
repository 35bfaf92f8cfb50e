/**
 * The complaint routes: each one reads who is calling, turns the request
 * into the desk's input, calls one desk method and shows its result. The
 * desk does everything else — validation, authorization (a customer only on
 * their own complaint), the state machine, the clock, the atomic commit.
 * A customer is shown their own page (`desk.customerView`), never the staff
 * view.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Actor, ComplaintView, CustomerView, Desk } from '../../src/index.js';
import { actorOf } from './actor.js';
import { etagOf, expectedVersionOf, noneMatch } from './etag.js';
import { commandFrom, idempotencyKeyOf, intakeFrom } from './input.js';
import { listQueryFrom, type RawQuery } from './list-query.js';
import { localeOf } from './locale.js';

interface ById {
  Params: { id: string };
}

const location = (id: string) => `/complaints/${encodeURIComponent(id)}`;

export function complaintRoutes(app: FastifyInstance, desk: Desk): void {
  /**
   * What a command's caller sees of its result: staff the desk's view; a customer their own page
   * (desk.customerView, nothing internal — the view names departments, assignees and escalation levels).
   */
  const shown = async (request: FastifyRequest, actor: Actor, view: ComplaintView): Promise<ComplaintView | CustomerView> =>
    actor.role === 'customer' ? desk.customerView(view.id, { actor, locale: localeOf(request.headers['accept-language']) }) : view;

  // File a complaint. Idempotency-Key makes a retry safe: the same key and body give the first result.
  app.post('/complaints', async (request, reply) => {
    const actor = actorOf(request.headers);
    const input = intakeFrom(request.body);
    const idempotencyKey = idempotencyKeyOf(request.headers['idempotency-key']);
    const view = await desk.file(input, { actor, ...(idempotencyKey === undefined ? {} : { idempotencyKey }) });
    return reply.code(201).header('location', location(view.id)).header('etag', etagOf(view.version)).send(await shown(request, actor, view));
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
    return reply.header('etag', etagOf(view.version)).send(await shown(request, actor, view));
  });

  // Read a complaint. A customer gets their own page (desk.customerView): the stage in plain words, what
  // happens next and by when, the messages sent to them, what they can do now — nothing internal — in
  // the language of Accept-Language. It also says which messages were delivered, which changes without a
  // new version, so it carries no ETag; its `version` is what If-Match takes.
  app.get<ById>('/complaints/:id', async (request, reply) => {
    const actor = actorOf(request.headers);
    if (actor.role === 'customer') {
      const view = await desk.customerView(request.params.id, { actor, locale: localeOf(request.headers['accept-language']) });
      reply.header('vary', 'X-Actor-Id, X-Actor-Role, Accept-Language').header('cache-control', 'private, no-cache');
      return reply.header('content-language', view.locale).send(view);
    }
    // Staff: the details. Authorize first, then compare: a 304 must not tell a stranger that the version is unchanged.
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

  // Search: filters, a sort, keyset pages (`next` → `?cursor=`). The desk narrows a customer's list to
  // their own complaints (`{ as }`); a customer naming another customer's id is a 403.
  app.get<{ Querystring: RawQuery }>('/complaints', async (request, reply) => {
    const actor = actorOf(request.headers);
    const page = await desk.list(listQueryFrom(request.query), { as: actor });
    return reply.header('cache-control', 'private, no-cache').send({ items: page.items, next: page.next ?? null });
  });
}
