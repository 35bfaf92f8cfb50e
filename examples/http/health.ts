/**
 * `GET /health`: the desk's own health report — 200 when it is ready (the
 * store answers and the clock gives valid time), 503 otherwise, for a
 * readiness probe; the counts (due timers, pending and parked messages) are
 * for metrics and alerts. No actor needed: expose it to the orchestrator and
 * the monitoring, not to the internet (the report names store errors).
 */
import type { FastifyInstance } from 'fastify';
import type { Desk } from '../../src/index.js';

export function healthRoute(app: FastifyInstance, desk: Desk): void {
  app.get('/health', async (_request, reply) => {
    const health = await desk.health(); // never throws
    return reply.code(health.ready ? 200 : 503).header('cache-control', 'no-store').send(health);
  });
}
