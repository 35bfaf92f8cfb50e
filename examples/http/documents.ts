/**
 * The guideline's documents as printable HTML:
 * `GET /complaints/:id/documents/registration|remedyConfirmation|followUp`
 * (登记表, 方案确认书, 回访表), in the language of `Accept-Language`.
 *
 * For staff: a document names the people who handled the complaint (a
 * customer reads their own page at `GET /complaints/:id`). Personal data is
 * masked, `renderDocument`'s default. A document the complaint has not
 * reached yet — a remedy confirmation before the customer accepted — is the
 * library's `DocumentUnavailableError`, a 409 with its `reason`.
 */
import type { FastifyInstance } from 'fastify';
import { renderDocument, type Desk, type DocumentKind } from '../../src/index.js';
import { actorOf } from './actor.js';
import { localeOf } from './locale.js';
import { HttpProblem } from './problem.js';

interface ByKind {
  Params: { id: string; kind: string };
}

export function documentRoutes(app: FastifyInstance, desk: Desk): void {
  app.get<ByKind>('/complaints/:id/documents/:kind', async (request, reply) => {
    const actor = actorOf(request.headers);
    if (actor.role === 'customer') throw new HttpProblem(403, 'FORBIDDEN', 'documents are for staff; a customer reads GET /complaints/:id');
    const { id, kind } = request.params;
    const [details, timeline] = await Promise.all([desk.get(id, { as: actor }), desk.timeline(id, { as: actor })]);
    // renderDocument validates the kind (an unknown one is a ValidationError → 400).
    const html = renderDocument(kind as DocumentKind, details, { locale: localeOf(request.headers['accept-language']), timeline, policy: desk.policy });
    return reply
      .type('text/html; charset=utf-8')
      .header('vary', 'X-Actor-Id, X-Actor-Role, Accept-Language')
      .header('cache-control', 'private, no-cache')
      .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'")
      .send(html);
  });
}
