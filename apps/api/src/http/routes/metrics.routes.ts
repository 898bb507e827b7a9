import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { MetricsService } from '../../modules/metrics/metrics.service.js';

export interface MetricsRoutesOptions {
  metrics: MetricsService;
}

/**
 * `GET /metrics` in Prometheus' text format, for the operator's Prometheus
 * (docs/operators.md, "Metrics"). Outside /api and out of the OpenAPI
 * document: it is not JSON, and not for members. Who may read it is its
 * access, `metrics` (route-access.ts); a refusal is the usual JSON envelope.
 */
export const metricsRoutes: FastifyPluginAsyncZod<MetricsRoutesOptions> = async (app, { metrics }) => {
  app.get('/metrics', { config: { access: 'metrics' }, schema: { hide: true } }, async (_request, reply) => {
    const text = await metrics.scrape();
    return reply.header('cache-control', 'no-store').type(metrics.contentType).send(text);
  });
};
