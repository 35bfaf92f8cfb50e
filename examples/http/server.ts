/**
 * The HTTP service around a desk: `createServer({ desk })` returns the
 * Fastify app with every route, error mapping included, without listening.
 * The caller owns the desk — its store, clock and scheduler — so a test can
 * hand in a desk on virtual time and drive deadlines without sleeping, and
 * `main.ts` hands in the production one.
 */
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { Desk } from '../../src/index.js';
import { complaintRoutes } from './complaints.js';
import { documentRoutes } from './documents.js';
import { errorResponse } from './errors.js';
import { healthRoute } from './health.js';
import { HttpProblem } from './problem.js';

export interface ServerOptions {
  /** The desk the routes call. */
  desk: Desk;
  /** Fastify's logger (pino): `true`, options such as `{ level: 'info' }`, or `false` (default). */
  logger?: FastifyServerOptions['logger'];
}

export function createServer({ desk, logger = false }: ServerOptions): FastifyInstance {
  const app = Fastify({
    logger,
    // Commands are small (free text is at most 10,000 characters a field).
    bodyLimit: 256 * 1024,
  });

  // JSON only: Fastify's text/plain parser goes, so any other body is a 415.
  app.removeContentTypeParser('text/plain');

  healthRoute(app, desk);
  complaintRoutes(app, desk);
  documentRoutes(app, desk);

  app.setNotFoundHandler((request, reply) => {
    const r = errorResponse(new HttpProblem(404, 'NOT_FOUND', `no route ${request.method} ${request.url.split('?')[0]}`), { conditional: false });
    return reply.code(r.status).send(r.body);
  });

  app.setErrorHandler((error, request, reply) => {
    const r = errorResponse(error, { conditional: request.headers['if-match'] !== undefined });
    if (r.status >= 500) {
      // The caller gets a code and the request id; the log gets the error itself.
      request.log.error({ err: error }, 'request failed');
      r.body.error.requestId = request.id;
    }
    return reply.code(r.status).headers(r.headers).send(r.body);
  });

  return app;
}
